"""Time delivering a queue of 1,000 digests to a local SMTP server over one reused connection.

Run: .venv/bin/python bench/bench_mail.py [--messages 1000]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file.
Prints one line per measure; the target is digests_per_second 200 or more.
"""

import argparse
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.db_types import utcnow  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.mail.delivery import outbox_deliver  # noqa: E402
from foia_tracker.mail.outbox import outbox_enqueue  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402


class CountingHandler:
    """Accept every message and count them."""

    def __init__(self, received):
        self.received = received

    async def handle_DATA(self, server, session, envelope):
        with self.received.get_lock():
            self.received.value += 1
        return "250 Message accepted for delivery"


def serve(port: int, received, ready, stop) -> None:
    """Run the SMTP server until told to stop (in its own process, as a real one would be)."""
    controller = Controller(CountingHandler(received), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    port, received = _free_port(), multiprocessing.Value("i", 0)
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    # A separate process: a server sharing our interpreter would compete for its lock.
    server = multiprocessing.Process(target=serve, args=(port, received, ready, stop))
    server.start()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    try:
        ready.wait(10)
        with app.app_context():
            db.drop_all()
            db.create_all()
            _queue(args.messages)
            _measure(app.config, port, args.messages)
            print(f"digests_received {received.value}")
            db.drop_all()
            db.engine.dispose()
    finally:
        stop.set()
        server.join()


def _queue(count: int) -> None:
    organisation = Organisation(name="Bench affiliate", code="BENCH")
    db.session.add(organisation)
    db.session.flush()
    for n in range(count):
        outbox_enqueue(key=f"bench:digest:{n}", organisation_id=organisation.id, kind="digest",
                       to_address=f"reader{n}@example.org", subject=f"Your deadlines ({n})",
                       text_body="3 deadlines this week.\n" * 20,
                       html_body="<p>3 deadlines this week.</p>\n" * 20)
    db.session.commit()


def _measure(config, port: int, count: int) -> None:
    mail_config = {**config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
    started = time.perf_counter()
    report = outbox_deliver(now=utcnow(), config=mail_config, limit=count)
    elapsed = time.perf_counter() - started
    print(f"digests_sent {report.sent}")
    print(f"deliver_seconds {elapsed:.2f}")
    print(f"digests_per_second {report.sent / elapsed:.0f}")


def _free_port() -> int:
    # Controller(port=0) cannot work: it connects to its own port to check it is up.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
