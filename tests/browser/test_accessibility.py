"""axe-core in Chromium on the main pages, as each role, on a laptop and a phone: no serious or
critical WCAG 2.2 A/AA violation.

The admin sees every main page at 1366 px and the pages people use on the move at 390 px; the
editor and the viewer see the pages whose controls depend on the role.
"""

from sqlalchemy import func, select

from foia_tracker.agencies.models import Agency
from foia_tracker.documents.models import Document
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp
from foia_tracker.letters.models import Letter
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.models import RecordsRequest

from .conftest import log_in
from .demo import LAPTOP, PHONE, axe_script, demo_logins  # noqa: F401 (fixtures)

#: WCAG 2.0-2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROLE_PAGES = ["/dashboard", "{request}", "{document}", "{letter}", "/profile"]
MAIN_PAGES = ROLE_PAGES + [
    "/requests/", "/requests/new", "/followups", "{followup}", "/agencies/", "{agency}",
    "/search?q=Rekognition", "/evidence", "{evidence}", "/evidence/purchases", "/letters",
    "/admin/users", "/admin/settings", "/admin/audit", "/admin/closures/", "/admin/outbox/",
    "/admin/letter-templates"]
#: (role, viewport, pages)
RUNS = [("admin", LAPTOP, MAIN_PAGES), ("admin", PHONE, ROLE_PAGES + ["/evidence/purchases"]),
        ("editor", LAPTOP, ROLE_PAGES), ("viewer", PHONE, ROLE_PAGES)]


def demo_ids(organisation_code: str = "OR") -> dict[str, str]:
    """Return the paths of the first request, document, evidence... of a demo organisation."""
    organisation_id = db.session.scalar(
        select(Organisation.id).where(Organisation.code == organisation_code))

    def first(model, owner=None):
        owner = owner if owner is not None else model.organisation_id
        return db.session.scalar(select(func.min(model.id)).where(owner == organisation_id))

    document = db.session.get(Document, first(Document))
    followup = db.session.scalar(select(func.min(FollowUp.id)).join(
        RecordsRequest, RecordsRequest.id == FollowUp.request_id).where(
        RecordsRequest.organisation_id == organisation_id))
    return {"request": f"/requests/{document.request_id}", "document": f"/documents/{document.id}",
            "agency": f"/agencies/{db.session.scalar(select(func.min(Agency.id)))}",
            "evidence": f"/evidence/{first(EvidenceItem)}", "letter": f"/letters/{first(Letter)}",
            "followup": f"/followups/{followup}"}


def violations(page, script: str) -> list[str]:
    """Run axe on the loaded page; return its serious and critical violations, described."""
    page.add_script_tag(content=script)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}).then(r => r.violations)", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(node["target"][0] for node in v["nodes"][:3])
            for v in found if v["impact"] in ("serious", "critical")]


def test_main_pages_have_no_serious_accessibility_violations(
        live_server, new_context, demo_logins, axe_script):
    ids = demo_ids()
    failures = {}
    for role, viewport, paths in RUNS:
        # The app allows no inline script (CSP); axe is injected as one, in this test only.
        page = new_context(viewport=viewport, bypass_csp=True).new_page()
        log_in(page, live_server, *demo_logins[role])
        for path in (path.format(**ids) for path in paths):
            response = page.goto(live_server + path)
            assert response.status == 200, f"{path} as {role}: {response.status}"
            if found := violations(page, axe_script):
                failures[f"{path} as {role} at {viewport['width']} px"] = found
    assert not failures, "\n".join(f"{where}: {found}" for where, found in failures.items())
