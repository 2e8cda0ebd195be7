"""Cached list parts: a repeated view is served from memory, and every change shows at once."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text, update

from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.models import RecordsRequest
from foia_tracker.records.recompute import deadlines_recompute_all
from foia_tracker.users.models import Role
from foia_tracker.web import page_cache, views
from foia_tracker.web.page_cache import PartStore, RenderedPart

from .conftest import AGENCY_TODAY as TODAY
from .conftest import PASSWORD, csrf_token


def _titles(page: str) -> list[str]:
    return re.findall(r'<a href="/requests/\d+">([^<]+)</a>', page)


def _version(organisation) -> int:
    return db.session.scalar(select(Organisation.data_version).where(Organisation.id == organisation.id))


def _log_out(client) -> None:
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")}).status_code == 302


@pytest.fixture
def me(make_user, login):
    return login(make_user())


def test_a_repeated_view_reads_nothing_but_the_user(client, me, make_request, count_queries):
    make_request(me, title="Drone contracts")
    client.get("/requests/")
    for path in ("/requests/", "/requests/?status=open&technology=drones", "/dashboard",
                 "/evidence/purchases"):
        client.get(path)
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        assert len(statements) == 1, (path, statements)
        assert 'FROM "user"' in statements[0] or "FROM user" in statements[0]


def test_a_new_request_shows_in_the_list_at_once(client, me, make_request):
    make_request(me, title="First")
    assert _titles(client.get("/requests/").text) == ["First"]
    make_request(me, title="Second")
    assert sorted(_titles(client.get("/requests/").text)) == ["First", "Second"]


def test_an_edited_title_shows_at_once(client, me, make_request):
    logged = make_request(me, title="Before")
    assert _titles(client.get("/requests/").text) == ["Before"]
    request = db.session.get(RecordsRequest, logged.id)
    request.title = "After"
    db.session.commit()
    page = client.get("/requests/").text
    assert _titles(page) == ["After"]


def test_a_logged_reply_moves_the_status_in_the_list(client, me, make_request):
    logged = make_request(me, title="Cell-site simulators", sent_on=TODAY - timedelta(days=3))
    assert "status-denied" not in client.get("/requests/").text
    request = db.session.get(RecordsRequest, logged.id)
    communication_log(request=request, actor=me, values={
        "kind": Kind.denial, "direction": Direction.received, "occurred_on": TODAY,
        "summary": "Denied in full"})
    assert "status-denied" in client.get("/requests/").text


def test_a_renamed_agency_shows_in_every_organisation(client, me, make_user, make_agency, make_request):
    agency = make_agency(name="County Sheriff")
    other = make_user()
    make_request(me, agency, title="Mine")
    make_request(other, agency, title="Theirs")
    assert "County Sheriff" in client.get("/requests/").text
    before = _version(other.organisation)
    agency.name = "County Sheriff's Office"
    db.session.commit()
    assert "County Sheriff&#39;s Office" in client.get("/requests/").text
    assert _version(other.organisation) != before


def test_another_organisations_change_keeps_my_version(me, make_user, make_agency, make_request):
    other, agency = make_user(), make_agency()
    mine = _version(me.organisation)
    make_request(other, agency, title="Theirs")
    assert _version(me.organisation) == mine
    assert _version(other.organisation) != 0


def test_a_bulk_recompute_shows_its_new_deadlines(client, me, make_request):
    logged = make_request(me, title="Plate readers", sent_on=TODAY - timedelta(days=2))
    due = db.session.get(RecordsRequest, logged.id).next_due_on
    assert due is not None
    # Blanked past the session, as a restore or a bug might: no version changes.
    db.session.connection().execute(update(RecordsRequest).values(
        deadlines={}, next_clock=None, next_due_on=None))
    db.session.commit()
    assert due.isoformat() not in client.get("/requests/").text
    assert deadlines_recompute_all(reason="rules changed") == (1, 1)
    assert due.isoformat() in client.get("/requests/").text


def test_sql_run_through_the_session_changes_every_version(me, make_user):
    other = make_user()
    versions = (_version(me.organisation), _version(other.organisation))
    db.session.execute(text("UPDATE agency SET notes = 'checked'"))
    db.session.commit()
    assert (_version(me.organisation), _version(other.organisation)) != versions
    assert _version(me.organisation) != versions[0] and _version(other.organisation) != versions[1]


def test_a_rolled_back_change_keeps_the_version(client, me, make_request):
    logged = make_request(me, title="Kept")
    version = _version(me.organisation)
    db.session.get(RecordsRequest, logged.id).title = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert _version(me.organisation) == version
    db.session.commit()
    assert _version(me.organisation) == version
    assert _titles(client.get("/requests/").text) == ["Kept"]


def test_failed_logins_change_no_version(client, me):
    version = _version(me.organisation)
    _log_out(client)
    response = client.post("/login", data={"email": me.email, "password": "wrong password"})
    assert response.status_code in (200, 400)
    assert _version(me.organisation) == version


def test_each_user_sees_their_own_dashboard(client, me, make_user, make_agency, make_request, login):
    colleague = make_user(organisation=me.organisation)
    make_request(me, title="Mine", sent_on=TODAY - timedelta(days=1))
    make_request(colleague, title="Theirs", sent_on=TODAY - timedelta(days=1))
    assert _titles(client.get("/dashboard").text) == ["Mine"]
    _log_out(client)
    login(colleague)
    assert _titles(client.get("/dashboard").text) == ["Theirs"]


def test_the_overdue_mark_follows_the_date(client, me, make_request, monkeypatch):
    logged = make_request(me, title="Body cameras", sent_on=TODAY - timedelta(days=2))
    due = db.session.get(RecordsRequest, logged.id).next_due_on
    assert "overdue" not in client.get("/requests/").text.split("<tbody>")[1]

    class Later(date):
        @classmethod
        def today(cls):
            return due + timedelta(days=1)

    monkeypatch.setattr(page_cache, "date", Later)
    monkeypatch.setattr(views, "date", Later)
    assert "· overdue" in client.get("/requests/").text


def test_invalid_filters_answer_400_every_time(client, me):
    assert client.get("/requests/?sent_from=not-a-date").status_code == 400
    assert client.get("/requests/?sent_from=not-a-date").status_code == 400
    assert client.get("/evidence/purchases?year=nineteen").status_code == 400
    assert client.get("/evidence/purchases?year=nineteen").status_code == 400


def test_a_new_organisation_gets_a_version_of_its_own(make_organisation):
    first, second = make_organisation(), make_organisation()
    assert first.data_version != 0 and second.data_version != 0
    assert first.data_version != second.data_version


def test_the_store_keeps_the_most_recently_used_parts():
    store = PartStore(max_entries=2)
    renders = []

    def render(name):
        def make():
            renders.append(name)
            return RenderedPart(name)
        return make

    for key in ("a", "b", "a", "c", "a", "b"):
        assert store.get_or_render(key, render(key)).html == key
    # "b" was the least recently used when "c" came, so it was rendered again.
    assert renders == ["a", "b", "c", "b"]
    assert len(store) == 2


def test_the_cache_can_be_turned_off(app, client, me, count_queries):
    app.config["PAGE_CACHE_ENTRIES"] = 0
    page_cache.init_app(app)
    client.get("/requests/")
    with count_queries() as statements:
        client.get("/requests/")
    assert len(statements) > 1


def _token(page: str) -> str:
    found = re.search(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">',
                      page)
    return found.group(1)


def test_a_repeated_request_page_reads_only_the_user_and_the_request(client, me, make_request,
                                                                     count_queries):
    logged = make_request(me, title="Drones", sent_on=TODAY - timedelta(days=3))
    client.get(f"/requests/{logged.id}")
    with count_queries() as statements:
        assert client.get(f"/requests/{logged.id}").status_code == 200
    assert len(statements) == 2, statements


def test_a_cached_request_page_carries_each_viewers_own_form_token(
        app, client, me, make_user, make_request, count_queries):
    logged = make_request(me, title="Drones", sent_on=TODAY - timedelta(days=3))
    other_client = app.test_client()
    colleague = make_user(organisation=me.organisation)
    response = other_client.post("/login", data={
        "email": colleague.email, "password": PASSWORD,
        "csrf_token": csrf_token(other_client, "/login")})
    assert response.status_code == 302
    mine = _token(client.get(f"/requests/{logged.id}").text)
    with count_queries() as statements:
        page = other_client.get(f"/requests/{logged.id}").text
    assert len(statements) == 2  # served from the cache that the first view filled
    theirs = _token(page)
    assert theirs != mine and "token-stand-in" not in page
    # Every form on the page carries the viewer's token, and it is accepted.
    assert set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page)) == {theirs}
    logged_reply = other_client.post(f"/requests/{logged.id}/communications/", data={
        "kind": "acknowledgment", "direction": "received", "occurred_on": TODAY.isoformat(),
        "summary": "Acknowledged by the records officer", "csrf_token": theirs})
    assert logged_reply.status_code == 302
    assert "Acknowledged by the records officer" in client.get(f"/requests/{logged.id}").text


def test_a_viewer_never_gets_the_editors_cached_request_page(client, me, make_user, make_request,
                                                             login):
    logged = make_request(me, title="Drones", sent_on=TODAY - timedelta(days=3))
    assert "Log a communication" in client.get(f"/requests/{logged.id}").text
    _log_out(client)
    login(make_user(role=Role.viewer, organisation=me.organisation))
    page = client.get(f"/requests/{logged.id}").text
    assert "Drones" in page
    assert "Log a communication" not in page and "Remove</button>" not in page
    assert "Upload documents" not in page
