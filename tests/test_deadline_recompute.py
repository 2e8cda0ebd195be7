"""The bulk recompute of stored deadlines stores what each request's own refresh stores."""

import gc
from datetime import date

import pytest
from sqlalchemy import func, select, update

from foia_tracker.audit.models import AuditEvent
from foia_tracker.closures.models import Closure
from foia_tracker.communications.models import Communication
from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.records import recompute
from foia_tracker.records.deadlines import EVENT_KINDS, DeadlineInputs, timeline_events
from foia_tracker.records.models import Channel, RecordsRequest
from foia_tracker.records.recompute import deadlines_recompute_all

STORED = ("deadlines", "next_clock", "next_due_on", "estimated_on")


def _log(request, user, kind: Kind, on: str, **values) -> None:
    direction = Direction.sent if kind in (Kind.our_clarification, Kind.appeal_filed) else Direction.received
    communication_log(request=request, actor=user, values={
        "kind": kind, "direction": direction, "occurred_on": date.fromisoformat(on),
        "summary": kind.value, **values})


@pytest.fixture
def requests(make_user, make_agency, make_request):
    """Requests whose timelines reach every kind of clock event, their dates stored by the app."""
    user = make_user()
    paused = make_request(user, make_agency(jurisdiction="OR"), sent_on=date(2026, 11, 2))
    _log(paused, user, Kind.acknowledgment, "2026-11-04", estimated_on=date(2026, 12, 1))
    _log(paused, user, Kind.fee_estimate, "2026-11-05")
    _log(paused, user, Kind.our_clarification, "2026-11-12")
    _log(paused, user, Kind.extension_notice, "2026-11-20", extension_days=10)
    appealed = make_request(user, make_agency(jurisdiction="CA"), sent_on=date(2026, 10, 1))
    _log(appealed, user, Kind.denial, "2026-10-15")
    _log(appealed, user, Kind.appeal_filed, "2026-10-20")
    # An estimate given in a note: the note moves no clock, the estimate is stored all the same.
    estimated = make_request(user, make_agency(jurisdiction="FL"), sent_on=date(2026, 11, 16))
    _log(estimated, user, Kind.note, "2026-11-18", estimated_on=date(2026, 12, 20))
    still_paused = make_request(user, make_agency(jurisdiction="US"), sent_on=date(2026, 11, 2),
                                received_on=date(2026, 11, 5), channel=Channel.mail)
    _log(still_paused, user, Kind.clarification_request, "2026-11-06")
    deemed = make_request(user, make_agency(jurisdiction="MI"), sent_on=date(2026, 11, 21))
    unlawful = make_request(user, make_agency(jurisdiction="CA"), sent_on=RECEIVED_CA)
    _log(unlawful, user, Kind.extension_notice, "2026-11-20", extension_days=30)
    make_request(user, make_agency(jurisdiction="OR"), title="Draft, never sent")
    return [paused, appealed, estimated, still_paused, deemed, unlawful]


RECEIVED_CA = date(2026, 11, 16)


def _stored(request: RecordsRequest) -> tuple:
    db.session.refresh(request)
    return tuple(getattr(request, column) for column in STORED)


def _audits(reason: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.reason == reason)
                                   .order_by(AuditEvent.object_id)))


def test_the_bulk_recompute_stores_what_each_requests_own_refresh_stored(requests):
    expected = {request.id: _stored(request) for request in requests}
    assert expected[requests[2].id][3] == date(2026, 12, 20)
    db.session.execute(update(RecordsRequest).values(deadlines={}, next_clock=None, next_due_on=None,
                                                     estimated_on=None))
    db.session.commit()

    assert deadlines_recompute_all(reason="bulk test") == (len(requests), len(requests))
    assert {request.id: _stored(request) for request in requests} == expected
    audits = _audits("bulk test")
    assert [event.object_id for event in audits] == sorted(expected)
    blank = ({}, None, None, None)
    for event in audits:
        assert event.changes == {
            column: [old, new.isoformat() if isinstance(new, date) else new]
            for column, old, new in zip(STORED, blank, expected[event.object_id]) if old != new}


def test_a_second_recompute_moves_nothing(requests):
    updated_at = dict(db.session.execute(select(RecordsRequest.id, RecordsRequest.updated_at)).all())
    assert deadlines_recompute_all(reason="nothing moved") == (0, len(requests))
    assert _audits("nothing moved") == []
    db.session.expire_all()
    assert dict(db.session.execute(select(RecordsRequest.id, RecordsRequest.updated_at)).all()) == updated_at


def test_only_the_moved_column_is_written_and_audited(requests):
    wrong, right = requests[0], requests[1]
    expected = _stored(wrong)
    untouched_at = db.session.scalar(select(RecordsRequest.updated_at).where(RecordsRequest.id == right.id))
    db.session.execute(update(RecordsRequest).where(RecordsRequest.id == wrong.id).values(next_clock="bogus"))
    db.session.commit()

    assert deadlines_recompute_all(reason="one column") == (1, len(requests))
    assert _stored(wrong) == expected
    [event] = _audits("one column")
    assert event.object_id == wrong.id and event.changes == {"next_clock": ["bogus", expected[1]]}
    assert event.object_label == f"{wrong.year}-{wrong.number:04d} {wrong.title}"
    assert db.session.scalar(select(RecordsRequest.updated_at).where(RecordsRequest.id == right.id)) \
        == untouched_at


def test_an_agency_closure_moves_that_agencys_requests_only(make_user, make_agency, make_request):
    user = make_user()
    closed, open_ = make_agency(jurisdiction="OR"), make_agency(jurisdiction="OR")
    moved = make_request(user, closed, sent_on=date(2026, 11, 2))
    kept = make_request(user, open_, sent_on=date(2026, 11, 2))
    assert _stored(moved) == _stored(kept)
    before = _stored(moved)
    db.session.add(Closure(agency_id=closed.id, closed_on=date(2026, 11, 4), name="Flood"))
    db.session.flush()

    assert deadlines_recompute_all(reason="flood", agency_id=closed.id) == (1, 1)
    assert deadlines_recompute_all(reason="everything") == (0, 2)
    assert _stored(moved)[2] > before[2] and _stored(kept) == before


def test_a_jurisdiction_closure_recomputes_that_jurisdiction_only(make_user, make_agency, make_request):
    user = make_user()
    oregon = make_request(user, make_agency(jurisdiction="OR"), sent_on=date(2026, 11, 2))
    california = make_request(user, make_agency(jurisdiction="CA"), sent_on=date(2026, 11, 2))
    before = _stored(oregon), _stored(california)
    for code in ("OR", "CA"):
        db.session.add(Closure(jurisdiction=code, closed_on=date(2026, 11, 4), name="Snow"))
    db.session.flush()

    assert deadlines_recompute_all(reason="snow", jurisdiction="OR") == (1, 1)
    assert _stored(oregon)[2] > before[0][2] and _stored(california) == before[1]


def test_entries_outside_the_event_kinds_leave_the_clocks_alone():
    # The recompute reads only EVENT_KINDS entries (and any carrying an estimate): any other
    # entry, wherever it falls in a timeline, must change nothing timeline_events returns.
    def entry(n: int, kind: Kind, on: str) -> Communication:
        return Communication(id=n, kind=kind, occurred_on=date.fromisoformat(on), extension_days=5,
                             summary=kind.value)

    def events(entries):
        return timeline_events(DeadlineInputs("OR", date(2026, 11, 2), date(2026, 11, 2), "email",
                                              None, 10, tuple(entries)))

    timelines = ([], [entry(1, Kind.acknowledgment, "2026-11-04")],
                 [entry(1, Kind.fee_estimate, "2026-11-04")],
                 [entry(1, Kind.denial, "2026-11-04"), entry(2, Kind.appeal_filed, "2026-11-20")])
    others = [kind for kind in Kind if kind not in EVENT_KINDS]
    assert Kind.request_sent in others and Kind.note in others
    for timeline in timelines:
        for kind in others:
            assert events([*timeline, entry(9, kind, "2026-11-10")]) == events(timeline), kind
    # And an entry of each event kind does count somewhere.
    for kind in EVENT_KINDS:
        assert any(events([*timeline, entry(9, kind, "2026-11-10")]) != events(timeline)
                   for timeline in timelines), kind


def test_the_cycle_collector_runs_again_after_a_recompute_even_one_that_fails(requests, monkeypatch):
    deadlines_recompute_all(reason="gc")
    assert gc.isenabled()

    def fail(*args, **kwargs):
        raise RuntimeError("engine failure")

    monkeypatch.setattr(recompute, "summary_of", fail)
    with pytest.raises(RuntimeError):
        deadlines_recompute_all(reason="gc")
    assert gc.isenabled()


def test_a_recompute_over_several_batches_covers_every_request(requests, monkeypatch):
    monkeypatch.setattr(recompute, "_BATCH", 2)
    db.session.execute(update(RecordsRequest).where(RecordsRequest.received_on.is_not(None))
                       .values(next_clock="bogus"))
    db.session.commit()
    assert deadlines_recompute_all(reason="batches") == (len(requests), len(requests))
    assert db.session.scalar(select(func.count()).where(RecordsRequest.next_clock == "bogus")) == 0
