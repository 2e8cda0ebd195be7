"""Agencies: shared reference data every organisation uses."""

from sqlalchemy import func, select

from foia_tracker.agencies.models import Agency, AgencyKind, Level
from foia_tracker.extensions import db

from .conftest import csrf_token

AGENCY = {"name": "Orlando Police Department", "jurisdiction": "FL", "level": "city",
          "kind": "police", "records_officer": "Records unit", "email": "records@orlando.example",
          "portal_url": "https://orlando.example/records", "postal_address": "100 S Hughey Ave\nOrlando"}


def test_an_editor_creates_and_edits_an_agency(client, make_user, login):
    login(make_user())
    response = client.post("/agencies/new", data=AGENCY | {"csrf_token": csrf_token(client, "/agencies/new")})
    agency = db.session.scalar(select(Agency))
    assert response.location == f"/agencies/{agency.id}"
    assert (agency.level, agency.kind, agency.jurisdiction_name) == (Level.city, AgencyKind.police, "Florida")
    token = csrf_token(client, f"/agencies/{agency.id}/edit")
    client.post(f"/agencies/{agency.id}/edit", data=AGENCY | {"notes": "Slow to answer", "csrf_token": token})
    db.session.refresh(agency)
    assert agency.notes == "Slow to answer"
    assert "Slow to answer" in client.get(f"/agencies/{agency.id}").text


def test_agencies_are_shared_across_organisations_and_not_duplicated(client, make_user, make_agency, login):
    make_agency("Orlando Police Department", jurisdiction="FL")
    login(make_user())
    assert "Orlando Police Department" in client.get("/agencies/?jurisdiction=FL").text
    response = client.post("/agencies/new", data=AGENCY | {"csrf_token": csrf_token(client, "/agencies/new")})
    assert response.status_code == 400 and "is already listed" in response.text
    assert db.session.scalar(select(func.count()).select_from(Agency)) == 1


def test_a_javascript_portal_link_is_refused(client, make_user, login):
    login(make_user())
    response = client.post("/agencies/new", data=AGENCY | {
        "portal_url": "javascript:alert(1)", "csrf_token": csrf_token(client, "/agencies/new")})
    assert response.status_code == 400 and "Enter a full web address" in response.text
    assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


def test_the_agency_list_searches_by_name(client, make_user, make_agency, login):
    login(make_user())
    make_agency("Seattle Police Department", jurisdiction="WA")
    make_agency("King County Sheriff's Office", jurisdiction="WA")
    page = client.get("/agencies/?q=seattle").text
    assert "Seattle Police Department" in page and "King County" not in page
