"""The request page: what it shows, and that it costs the same queries for a long timeline."""

import re
from datetime import timedelta

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.records.labels import request_labels
from foia_tracker.records.models import RecordsRequest

from .conftest import AGENCY_TODAY as TODAY
from .conftest import csrf_token


def facts(page: str) -> dict[str, str]:
    """Return the request's facts list as {label: the HTML of its value}."""
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", page))


def log_section(page: str) -> str:
    """Return the form to log a communication, without its per-session CSRF token."""
    section = re.search(r'<section class="card" id="log-communication">.*?</section>', page,
                        re.S).group(0)
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", section)


def test_tags_watchers_and_tracking_numbers_appear_in_their_relationships_order(
        client, make_user, make_request, login):
    user = login(make_user())
    colleagues = [make_user(organisation=user.organisation) for _ in range(3)]
    for colleague, name in zip(colleagues, ("Zoë Quill", "adam Byrd", "Mia <Ray>")):
        colleague.name = name
    request = make_request(user, tags=["Drones", "automated plates", "Body-worn cameras"],
                           tracking_numbers=["T-9", "T-10", "A-1"],
                           watcher_ids=[c.id for c in colleagues])
    db.session.expire_all()
    request = db.session.get(RecordsRequest, request.id)

    labels = request_labels(request.id)
    assert labels.tags == tuple(t.name for t in request.tags)
    assert labels.watchers == tuple(u.name for u in request.watchers)
    assert labels.tracking_numbers == ("T-9", "T-10", "A-1")

    shown = facts(client.get(f"/requests/{request.id}").text)
    assert shown["Technologies"] == "".join(f'<span class="tag">{t.name}</span>'
                                            for t in request.tags)
    assert shown["Watchers"] == ", ".join(u.name for u in request.watchers).replace(
        "<", "&lt;").replace(">", "&gt;")
    assert shown["Tracking numbers"] == "T-9, T-10, A-1"
    assert shown["Assignee"] == user.name


def test_a_request_without_tags_watchers_or_numbers_shows_dashes(
        client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, tags=[], assignee_id=None)
    assert request_labels(request.id) == ((), (), ())
    shown = facts(client.get(f"/requests/{request.id}").text)
    assert [shown[k] for k in ("Technologies", "Watchers", "Tracking numbers", "Assignee")] == \
        ["—"] * 4


def test_an_empty_log_form_never_shows_what_a_refused_one_held(
        client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=2))
    refused = client.post(f"/requests/{request.id}/communications/", data={
        "kind": "acknowledgment", "direction": "received", "occurred_on": "",
        "summary": "Refused <summary>", "csrf_token": csrf_token(client, "/dashboard")})
    assert refused.status_code == 400
    assert "Enter the date." in refused.text and "Refused &lt;summary&gt;" in refused.text

    first, second = (client.get(f"/requests/{request.id}").text for _ in range(2))
    assert "Enter the date." not in first and "Refused" not in first
    assert log_section(first) == log_section(second)
    assert '<option selected value="acknowledgment">' not in log_section(first)
    assert re.search(r'<input name="csrf_token" type="hidden" value="[^"]+">', first)


def test_documents_show_their_timeline_entry_and_archive(
        client, make_user, make_request, login, make_document):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=5))
    release = _entry(request, Kind.final_release, TODAY - timedelta(days=1))
    archive = make_document(request, b"PK zip", name="release.zip",
                            media_type="application/zip", communication=release)
    member = make_document(request, b"%PDF member", name="invoice.pdf")
    gone = make_document(request, b"PK old zip", name="old.zip", media_type="application/zip")
    orphan = make_document(request, b"%PDF orphan", name="memo.pdf")
    member.archive_id, member.archive_path = archive.id, "release/invoice.pdf"
    orphan.archive_id, orphan.archive_path = gone.id, "memo.pdf"
    gone.deleted_at = utcnow()
    db.session.commit()

    page = client.get(f"/requests/{request.id}").text
    rows = dict(re.findall(r'<tr id="document-(\d+)">(.*?)</tr>', page, re.S))
    assert f"Final release of {release.occurred_on}" in rows[str(archive.id)]
    assert "from release.zip: release/invoice.pdf" in rows[str(member.id)]
    assert "from old.zip: memo.pdf" in rows[str(orphan.id)]
    assert str(gone.id) not in rows


def test_the_request_page_runs_a_fixed_number_of_queries(
        client, make_user, make_request, login, make_document, count_queries):
    user = login(make_user())
    colleague = make_user(organisation=user.organisation)
    short = make_request(user, sent_on=TODAY - timedelta(days=30))
    long = make_request(user, sent_on=TODAY - timedelta(days=30), tags=["Drones", "Fusion centers"],
                        tracking_numbers=["T-1", "T-2"], watcher_ids=[colleague.id],
                        assignee_id=colleague.id)
    for n in range(12):
        _entry(long, Kind.note, TODAY - timedelta(days=20 - n))
    notes = [c for c in long.communications if c.kind is Kind.note]
    archive = make_document(long, b"PK zip", name="a.zip", media_type="application/zip",
                            communication=notes[0])
    for n, note in enumerate(notes[1:5]):
        member = make_document(long, f"%PDF {n}".encode(), name=f"{n}.pdf", communication=note)
        member.archive_id, member.archive_path = archive.id, f"{n}.pdf"
    db.session.commit()

    def queries_for(request_id):
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/requests/{request_id}").status_code == 200
        return len(statements)

    assert queries_for(long.id) == queries_for(short.id)


def _entry(request, kind: Kind, occurred_on) -> Communication:
    direction = Direction.received if kind is not Kind.note else Direction.sent
    entry = Communication(request=request, kind=kind, direction=direction,
                          occurred_on=occurred_on, summary=f"{kind.value} entry")
    db.session.add(entry)
    db.session.commit()
    return entry
