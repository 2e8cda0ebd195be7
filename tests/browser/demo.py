"""The demo installation (`flask seed-demo`) in the test database, for whole-site browser checks."""

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from foia_tracker.demo import seed_demo
from foia_tracker.extensions import db
from foia_tracker.users.models import Role, User

#: axe-core as installed by `npm ci` in tests/browser/axe (.ci/run does it).
AXE_SCRIPT = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_logins(app, make_user) -> dict[str, tuple[str, str]]:
    """Load the demo data; return the (e-mail, password) of an admin, an editor and a viewer."""
    admin_email, password = seed_demo(date.today())
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    editor = db.session.scalar(select(User).where(
        User.organisation_id == admin.organisation_id, User.role == Role.editor))
    viewer = make_user(role=Role.viewer, organisation=admin.organisation,
                       email="viewer@or.demo.example", password=password)
    return {"admin": (admin_email, password), "editor": (editor.email, password),
            "viewer": (viewer.email, password)}


@pytest.fixture
def axe_script() -> str:
    """Return axe-core's source; skip (locally) or fail (CI) when `npm ci` has not installed it."""
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT.read_text()
    reason = f"axe-core is not installed: run `npm ci` in {AXE_SCRIPT.parents[2]}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the accessibility tests", pytrace=False)
    pytest.skip(reason)
