"""`flask send-alerts --now`: the sweep queues, the local SMTP server receives, exactly once."""

from datetime import date

from foia_tracker.extensions import db


def test_send_alerts_delivers_each_digest_once_with_both_parts_and_links(
        app, runner, smtp_server, make_user, make_request, make_agency):
    app.config.update(MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port,
                      BASE_URL="https://foia.example.org")
    user = make_user()
    user.timezone = "America/Los_Angeles"
    db.session.commit()
    request = make_request(user, make_agency(jurisdiction="CA"), sent_on=date(2026, 11, 6),
                           title="Rekognition contracts")

    for _ in range(2):
        result = runner.invoke(args=["send-alerts", "--now", "2026-11-23T16:00:00Z"])
        assert result.exit_code == 0, result.output

    [received] = smtp_server.received
    assert received.rcpt_tos == [user.email]
    message = received.message
    assert message["Subject"] == "Records deadlines for 2026-11-23: 1 overdue"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"https://foia.example.org/requests/{request.id}"
    assert link in text and f'href="{link}"' in html
    assert "Rekognition contracts" in text and "2026-11-16" in text


def test_send_alerts_refuses_a_time_without_a_zone(runner):
    result = runner.invoke(args=["send-alerts", "--now", "2026-11-23T16:00:00"])
    assert result.exit_code == 2 and "time zone" in result.output
