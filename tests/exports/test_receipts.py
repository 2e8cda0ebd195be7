"""The evidence bundle carries the receipt record of each request whose documents came by e-mail."""

import hashlib
import io
import json
import time
import zipfile

from sqlalchemy import select

from foia_tracker.campaigns.models import Campaign
from foia_tracker.campaigns.services import request_link
from foia_tracker.campaigns.sharing import evidence_share
from foia_tracker.documents.models import Document
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.mailboxes.records import authentication_sweep

from ..campaigns.conftest import coalition  # noqa: F401  (fixture)
from ..conftest import AGENCY_TODAY, csrf_token
from ..letters.conftest import letter_data
from ..mail_intake.conftest import AGENCY_ADDRESS, message, receive, release_pdf  # noqa: F401
from .test_bundle import sha256sum_check, unzip

#: The receiving server's verdict on top, and one the sender wrote himself below it.
RECEIVED = (b"Authentication-Results: mx.affiliate.example;\n"
            b" spf=pass smtp.mailfrom=sheriff.example.gov;\n"
            b" dmarc=pass header.from=sheriff.example.gov\n")
FORGED = b"Authentication-Results: mx.affiliate.example.forger; spf=pass; dmarc=pass\n"


def _piped(receive, records_request, *, subject: str, attachment: str) -> tuple[bytes, dict]:
    mail = message(to=f"records+{records_request.reference}@aclu.example.org", subject=subject,
                   date="Thu, 12 Mar 2026 10:15:00 -0700", body="Attached are the records.",
                   attachments=[(attachment, release_pdf() + subject.encode(), "application",
                                 "pdf")])
    raw = RECEIVED + bytes(mail).replace(b"\nSubject:", b"\n" + FORGED + b"Subject:", 1)
    code, printed = receive(raw, records_request.organisation.code)
    assert code == 0 and printed["status"] == "filed", printed
    return raw, printed


def _item_on(exhibit: str, description: str) -> EvidenceItem:
    document = db.session.scalar(select(Document).where(Document.exhibit_number == exhibit))
    item = EvidenceItem(organisation_id=document.organisation_id, document_id=document.id,
                        page_from=1, description=description)
    db.session.add(item)
    db.session.commit()
    return item


def _switch(client, login, user):
    """Log in as user, logging out whoever was logged in first."""
    if client.get("/login").status_code == 302:
        client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(user)


def _no_key(name, timeout=5):
    return None


def test_the_bundle_carries_each_mailed_message_with_its_headers_hash_and_verdict(
        receive, make_user, make_agency, make_request, client, login, tmp_path):
    editor = make_user()
    agency = make_agency(name="Washington County Sheriff", email=AGENCY_ADDRESS)
    records_request = make_request(editor, agency=agency, sent_on=AGENCY_TODAY)
    reference = records_request.reference
    raw, printed = _piped(receive, records_request, subject="Responsive records",
                          attachment="contracts.pdf")
    assert authentication_sweep(dnsfunc=_no_key) == 1
    _item_on(printed["documents"][1], "Purchase order 4411.")

    login(editor)
    response = client.get("/evidence/export/zip")
    assert response.status_code == 200
    folder = unzip(response.data, tmp_path / "bundle")
    checked = sha256sum_check(folder)
    assert f"receipts/{reference}.json: OK" in checked.splitlines()

    record = json.loads((folder / "receipts" / f"{reference}.json").read_text(encoding="utf-8"))
    assert record["request"] == reference and record["agency"] == "Washington County Sheriff"
    [received] = record["messages"]
    assert received["from"] == f"Records Unit <{AGENCY_ADDRESS}>"
    assert received["to"] == [f"records+{reference}@aclu.example.org"]
    assert received["subject"] == "Responsive records"
    assert received["date"] == "Thu, 12 Mar 2026 10:15:00 -0700"
    assert received["message_id"].endswith("@sheriff.example.gov>")
    assert received["received_via"] == "pipe" and received["nature"] == "Reply"
    assert received["raw_message_sha256"] == hashlib.sha256(raw).hexdigest()
    assert received["raw_message_bytes"] == len(raw)
    assert received["raw_message_exhibit"] == f"{reference}-001"
    assert received["attachment_exhibits"] == [f"{reference}-002"]
    verdict = received["authentication"]
    assert (verdict["dkim"], verdict["spf"], verdict["dmarc"], verdict["authserv_id"]) == \
        ("none", "pass", "pass", "mx.affiliate.example")
    assert "SPF pass, DMARC pass according to mx.affiliate.example." in verdict["explanation"]
    # The receiving server's header, not the one the sender wrote.
    assert [" ".join(v.split()) for v in received["authentication_results"]] == [
        "mx.affiliate.example; spf=pass smtp.mailfrom=sheriff.example.gov; "
        "dmarc=pass header.from=sheriff.example.gov"]
    names = [name for name, _ in received["headers"]]
    assert names[:2] == ["Authentication-Results", "From"]
    assert names.count("Authentication-Results") == 2 and "Message-ID" in names


def test_a_bundle_without_mailed_documents_has_no_receipt_record(evidence, client, login,
                                                                  tmp_path):
    login(evidence.user)
    folder = unzip(client.get("/evidence/export/zip").data, tmp_path / "bundle")
    assert not (folder / "receipts").exists()


def test_a_final_coalition_letter_lists_only_the_shared_message_and_stays_the_same(
        receive, coalition, make_agency, make_request, client, login, tmp_path):  # noqa: F811
    georgia = coalition.ga_editor
    agency = make_agency(name="Atlanta Police Department", jurisdiction="GA",
                         email=AGENCY_ADDRESS)
    records_request = make_request(georgia, agency=agency, sent_on=AGENCY_TODAY)
    reference = records_request.reference
    _, shared = _piped(receive, records_request, subject="Face search log",
                       attachment="log.pdf")
    _, kept = _piped(receive, records_request, subject="Internal memo", attachment="memo.pdf")
    item = _item_on(shared["documents"][1], "Atlanta police face search log.")
    _item_on(kept["documents"][1], "Not shared.")
    campaign = db.session.get(Campaign, coalition.campaign_id)
    request_link(campaign=campaign, request=records_request, actor=georgia)
    evidence_share(campaign=campaign, items=[item], actor=georgia)

    login(coalition.fl_editor)
    path = f"/campaigns/{coalition.campaign_id}/letters/new"
    letter_url = client.post(path, data=letter_data(
        client, path, body=f"Atlanta searched faces.[@E{item.id}]")).location
    _switch(client, login, coalition.fl_admin)
    assert client.post(f"{letter_url}/finalise", data={
        "csrf_token": csrf_token(client, letter_url)}).status_code == 302
    first = client.get(f"{letter_url}/export/zip").data
    # Verified after the letter was frozen: the frozen bundle does not change for it.
    assert authentication_sweep(dnsfunc=_no_key) == 2
    time.sleep(2.1)  # ZIP entries keep time to two seconds
    assert client.get(f"{letter_url}/export/zip").data == first

    folder = unzip(first, tmp_path / "letter")
    assert f"receipts/{reference}.json: OK" in sha256sum_check(folder).splitlines()
    record = json.loads((folder / "receipts" / f"{reference}.json").read_text(encoding="utf-8"))
    assert [m["subject"] for m in record["messages"]] == ["Face search log"]
    [received] = record["messages"]
    assert received["attachment_exhibits"] == [shared["documents"][1]]
    # The raw message was not shared: its hash is given, not its exhibit.
    assert received["raw_message_exhibit"] is None
    assert received["authentication"] is None

    # The live campaign export, by a member: the same one message, now with its verdict.
    _switch(client, login, coalition.ga_admin)
    live = unzip(client.get(f"/campaigns/{coalition.campaign_id}/export/zip").data,
                 tmp_path / "campaign")
    sha256sum_check(live)
    record = json.loads((live / "receipts" / f"{reference}.json").read_text(encoding="utf-8"))
    assert [m["subject"] for m in record["messages"]] == ["Face search log"]
    assert record["messages"][0]["authentication"]["spf"] == "pass"
