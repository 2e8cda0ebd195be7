"""Who changes a shared agency directly, and whose change waits for an operator."""

import pytest
from sqlalchemy import func, select

from foia_tracker.agencies.models import Agency
from foia_tracker.agencies.services import agency_plain_values
from foia_tracker.extensions import db
from foia_tracker.stewardship.models import AgencyChangeSuggestion, SuggestionStatus

from ..conftest import csrf_token
from .conftest import ROLES, SENT_ON

SUGGESTED = ("Your change was sent to the installation&#39;s operators for review, because other "
             "organisations use this agency.")
ATTACKER = "records@attacker.example"
OLD = "records@county.example"


def _edit(client, agency, **changes):
    path = f"/agencies/{agency.id}/edit"
    return client.post(path, data=agency_plain_values(agency) | changes | {
        "csrf_token": csrf_token(client, path)})


def _agency(coalition, make_agency, make_request, *, creator: str, use: str) -> Agency:
    organisation = {"own": coalition.own, "other": coalition.other, "installation": None}[creator]
    agency = make_agency(email=OLD, created_by_organisation_id=organisation and organisation.id)
    if use == "own":
        make_request(coalition.user("editor"), agency, sent_on=SENT_ON)
    elif use == "other":
        make_request(coalition.other_editor, agency, sent_on=SENT_ON)
    return agency


def _expected(role: str, creator: str, use: str) -> str:
    if role == "viewer":
        return "refused"
    if role == "operator" or (creator != "other" and use != "other"):
        return "saved"
    return "suggested"


CASES = [pytest.param(role, creator, use, _expected(role, creator, use),
                      id=f"{role}-created_by_{creator}-used_by_{use}")
         for role in ROLES for creator in ("own", "other", "installation")
         for use in ("own", "other", "unused")]


@pytest.mark.parametrize("role, creator, use, expected", CASES)
def test_who_changes_an_agency_directly(client, login, coalition, make_agency, make_request,
                                        role, creator, use, expected):
    agency = _agency(coalition, make_agency, make_request, creator=creator, use=use)
    login(coalition.user(role))
    if expected == "refused":
        assert client.get(f"/agencies/{agency.id}/edit").status_code == 403
        path = f"/agencies/{agency.id}/edit"
        response = client.post(path, data=agency_plain_values(agency) | {
            "email": ATTACKER, "csrf_token": csrf_token(client, f"/agencies/{agency.id}")})
        assert response.status_code == 403
    else:
        response = _edit(client, agency, email=ATTACKER)
        assert response.status_code == 302
    db.session.expire_all()
    suggestions = db.session.scalars(select(AgencyChangeSuggestion)).all()
    if expected == "saved":
        assert agency.email == ATTACKER and suggestions == []
    elif expected == "suggested":
        assert agency.email == OLD
        [suggestion] = suggestions
        assert suggestion.old_values == {"email": OLD}
        assert suggestion.new_values == {"email": ATTACKER}
        assert suggestion.status is SuggestionStatus.pending
        assert suggestion.organisation_id == coalition.own.id
        assert suggestion.suggested_by_id == coalition.user(role).id
        assert SUGGESTED in client.get(response.location).text
    else:
        assert agency.email == OLD and suggestions == []


def test_another_organisations_editor_changing_a_used_agency_only_suggests(
        client, login, coalition, make_agency, make_request):
    agency = make_agency(email=OLD)
    make_request(coalition.other_editor, agency, sent_on=SENT_ON)
    login(coalition.user("editor"))
    assert "will be sent to the installation" in client.get(f"/agencies/{agency.id}/edit").text
    response = _edit(client, agency, email=ATTACKER, portal_url="https://evil.example")
    page = client.get(response.location).text
    assert SUGGESTED in page and OLD in page and ATTACKER not in page.split("History")[0]
    db.session.expire_all()
    assert (agency.email, agency.portal_url) == (OLD, "")


def test_an_editor_creates_an_agency_for_their_organisation(client, login, coalition):
    login(coalition.user("editor"))
    path = "/agencies/new"
    client.post(path, data={"name": "Bend Police Department", "jurisdiction": "OR", "level": "city",
                            "kind": "police", "csrf_token": csrf_token(client, path)})
    agency = db.session.scalar(select(Agency))
    assert agency.created_by_organisation_id == coalition.own.id


def test_an_unchanged_form_suggests_nothing(client, login, coalition, make_agency, make_request):
    agency = make_agency(email=OLD)
    make_request(coalition.other_editor, agency, sent_on=SENT_ON)
    login(coalition.user("editor"))
    assert "Nothing was changed" in client.get(_edit(client, agency).location).text
    assert db.session.scalar(select(func.count()).select_from(AgencyChangeSuggestion)) == 0


def test_a_suggested_name_of_another_agency_is_refused_at_once(
        client, login, coalition, make_agency, make_request):
    make_agency("Portland Police Bureau")
    agency = make_agency(email=OLD)
    make_request(coalition.other_editor, agency, sent_on=SENT_ON)
    login(coalition.user("editor"))
    response = _edit(client, agency, name="Portland Police Bureau")
    assert response.status_code == 400 and "is already listed" in response.text
    assert db.session.scalar(select(func.count()).select_from(AgencyChangeSuggestion)) == 0
