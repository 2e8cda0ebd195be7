"""Rule-data corrections reach stored requests: the recompute audit names them, the page names the version."""

from datetime import date

from sqlalchemy import select, update

from foia_tracker.audit.models import AuditEvent
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest


def test_recompute_audits_a_moved_texas_date_with_the_correction(runner, make_user, make_agency, make_request):
    """Name the Texas correction in the audit of a due date the recompute moves back a day."""
    user = make_user()
    request = make_request(user, make_agency(jurisdiction="TX"), sent_on=date(2026, 6, 29))
    # Tex. Gov't Code § 552.0031(e): Fri 07-03 is a business day, so the 10th is Mon 07-13.
    assert request.next_due_on == date(2026, 7, 13)
    # As stored before the correction, when the package's Friday observance was counted as closed.
    db.session.execute(update(RecordsRequest).where(RecordsRequest.id == request.id).values(
        next_due_on=date(2026, 7, 14), deadlines={**request.deadlines, "response": "2026-07-14"}))
    db.session.commit()

    result = runner.invoke(args=["recompute-deadlines"])

    assert result.exit_code == 0, result.output
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == request.id,
                                                          AuditEvent.object_type == "RecordsRequest",
                                                          AuditEvent.action == "changed",
                                                          AuditEvent.reason.like("recomputed%")))
    assert event.reason.startswith("recomputed from the command line; rule data corrected 2026-12: ")
    assert "Texas weekend holidays not moved" in event.reason
    assert event.changes["next_due_on"] == ["2026-07-14", "2026-07-13"]


def test_a_closure_recompute_keeps_its_own_reason(make_user, make_agency, make_request):
    """Leave the reason of a scoped recompute (a closure, a policy change) as its caller gave it."""
    from foia_tracker.records.recompute import deadlines_recompute_all

    request = make_request(make_user(), make_agency(jurisdiction="TX"), sent_on=date(2026, 6, 29))
    db.session.execute(update(RecordsRequest).where(RecordsRequest.id == request.id).values(
        next_due_on=date(2026, 7, 14)))
    db.session.commit()
    assert deadlines_recompute_all(reason="closure added", jurisdiction="TX") == (1, 1)
    reasons = db.session.scalars(select(AuditEvent.reason).where(AuditEvent.object_id == request.id,
                                                                 AuditEvent.reason.like("closure%")))
    assert list(reasons) == ["closure added"]


def test_the_request_page_names_the_version_that_applied(client, make_user, make_agency, make_request, login):
    """Show which version of Kentucky's law counted the request, from its receipt date."""
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="KY"), sent_on=date(2022, 3, 1))
    page = client.get(f"/requests/{request.id}").text
    assert ("Version applied: KRS 61.880(1) as amended by 2021 HB 312 (Acts ch. 160), "
            "in force from 2021-06-29 (received 2022-03-01)") in page
    # KRS 61.880(1): 5 days excepting weekends and legal holidays after Tue 2022-03-01.
    assert request.next_due_on == date(2022, 3, 8)


def test_an_older_request_shows_the_older_version(client, make_user, make_agency, make_request, login):
    """Count a request received before 2021 HB 312 with the 3-day rule and say so."""
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="KY"), sent_on=date(2021, 6, 28))
    page = client.get(f"/requests/{request.id}").text
    assert "KRS 61.880(1) (before 2021 HB 312), in force until 2021-06-28" in page
    assert request.next_due_on == date(2021, 7, 1)
