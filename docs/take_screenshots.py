"""Take the README's screenshots from the demo data: `.venv/bin/python docs/take_screenshots.py`.

Loads the demo (`flask seed-demo`) into a throw-away SQLite database, serves it on a free port
of 127.0.0.1 (its BASE_URL) and photographs the dashboard, a request, a document and a letter at 1366 x 900
and the request at 390 x 844 with the system's Chromium (as the browser tests find it), into
docs/screenshots/. Run it again after a visible change; nothing else is touched.
"""

import shutil
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.demo import seed_demo  # noqa: E402
from foia_tracker.documents.models import Document  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.letters.models import Letter  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def demo_app(folder: Path):
    """Return an app on a fresh SQLite database in `folder`, loaded with the demo data."""
    # A mail server is named (nothing is sent: no scheduler runs) so that the admin's
    # "mail is not configured" banner stays out of the pictures.
    app = create_app({"SECRET_KEY": "screenshots", "MAIL_SERVER": "mail.example.org",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
                      "DOCUMENTS_PATH": str(folder / "documents"),
                      "DOCUMENTS_STAGING_PATH": str(folder / "staging")})
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
        login = seed_demo(date.today())
        document = db.session.get(Document, db.session.scalar(select(func.min(Document.id))))
        pages = {"dashboard": "/dashboard", "request": f"/requests/{document.request_id}",
                 "document": f"/documents/{document.id}",
                 "letter": f"/letters/{db.session.scalar(select(func.min(Letter.id)))}"}
    return app, login, pages


def photograph(base_url: str, login: tuple[str, str], pages: dict[str, str]) -> None:
    executable = next(found for name in CHROMIUM_NAMES if (found := shutil.which(name)))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for suffix, viewport, names in (("", LAPTOP, pages), ("-phone", PHONE, ["request"])):
            page = browser.new_context(viewport=viewport, device_scale_factor=1).new_page()
            page.goto(f"{base_url}/login")
            page.get_by_label("E-mail", exact=True).fill(login[0])
            page.get_by_label("Password", exact=True).fill(login[1])
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/dashboard")
            for name in names:
                page.goto(base_url + pages[name])
                page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                print(OUT / f"{name}{suffix}.png")
        browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app, login, pages = demo_app(Path(folder))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            photograph(f"http://127.0.0.1:{server.server_port}", login, pages)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
