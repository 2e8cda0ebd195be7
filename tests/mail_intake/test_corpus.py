"""Conformance over the shared corpus of real mail (../shared/corpus/mail, see its INDEX.tsv).

Every message ends stored in some state; bounces and out-of-office replies are recognised as
the index says; every attachment of a reply (uuencoded, in winmail.dat, in attached e-mails)
becomes a document. Skipped, saying so, without the corpus; a failure under CI=true.
"""

import csv
import hashlib
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage
from foia_tracker.mail_intake.parse import read_message
from foia_tracker.storage import document_store

from ..corpus import DEFAULT, corpus_folder

#: Parts the index lists that are not documents: signatures and delivery reports.
_NOT_DOCUMENTS = ("application/x-pkcs7-signature", "message/delivery-status")


def _rows() -> list[dict]:
    index = Path(os.environ.get("FOIA_TEST_CORPUS") or DEFAULT) / "mail" / "INDEX.tsv"
    if not index.is_file():
        return [{"file": "(corpus absent)"}]
    with open(index, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def expected_names(listing: str) -> list[str]:
    """Return the file names the index lists, with those inside TNEF and attached e-mails."""
    names = []
    for item in _top_level(listing):
        inner = re.search(r"\{(?:TNEF )?contains: (.*)\}", item)
        if inner:
            names += [re.sub(r"\s*\[[^\]]*\]$", "", n).strip() for n in inner.group(1).split(", ")]
        head = re.sub(r"\s*\{.*\}", "", item)
        kind = re.search(r"\[([^\]]*)\]$", head)
        name = re.sub(r"\s*\[[^\]]*\]$", "", head).strip()
        if kind and kind.group(1) in _NOT_DOCUMENTS or name == "(unnamed)":
            continue
        subject = re.match(r'\(attached e-mail, subject "(.*)"\)$', name)
        names.append(f"{subject.group(1)}.eml" if subject else name)
    return names


def _top_level(listing: str) -> list[str]:
    items, depth, current = [], 0, ""
    for char in listing:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == ";" and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [item for item in [*items, current.strip()] if item]


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["file"])
def test_corpus_message_is_stored_and_understood(row, receive, make_user, make_request):
    folder = corpus_folder("mail")
    raw = (folder / row["file"]).read_bytes()
    editor = make_user()
    request = make_request(editor)
    code, printed = receive(raw, editor.organisation.code,
                            "--recipient", f"records+{request.reference}@aclu.example.org")

    assert code == 0, printed
    stored = db.session.scalar(select(IntakeMessage))
    with document_store().open(stored.raw_sha256) as kept:
        assert kept.read() == raw
    automatic = row["auto_reply"]
    if automatic.startswith("bounce"):
        assert (printed["status"], stored.nature) == ("ignored", "bounce"), printed
    elif automatic.startswith("out-of-office"):
        assert (printed["status"], stored.nature) == ("ignored", "auto_reply"), printed
    else:
        assert printed["status"] == "filed", printed
        documents = db.session.scalars(select(Document).where(
            Document.exhibit_number.in_(printed["documents"]))).all()
        assert documents[0].original_name.endswith(".eml")
        missing = [name for name in expected_names(row["attachments"])
                   if name not in stored.attachment_names]
        assert not missing, f"attachments not found: {missing} ({stored.attachment_names})"
        # Each attachment's bytes are a document of the filing (equal bytes: one document).
        assert _attachment_hashes(raw) <= {d.sha256 for d in documents}


def _attachment_hashes(raw: bytes) -> set[str]:
    hashes = set()
    for attachment in read_message(raw).attachments:
        digest = hashlib.sha256()
        attachment.write_to(digest.update)
        hashes.add(digest.hexdigest())
    return hashes - {hashlib.sha256(b"").hexdigest()}


def test_two_attachments_with_one_name_are_both_kept(receive, make_user, make_request):
    raw = (corpus_folder("mail") / "incoming-request-two-same-name.eml").read_bytes()
    editor = make_user()
    request = make_request(editor)
    receive(raw, editor.organisation.code, "--recipient",
            f"records+{request.reference}@aclu.example.org")
    same = db.session.scalars(select(Document.sha256).where(
        Document.original_name == "hello-world.txt")).all()
    assert len(set(same)) == 2


def test_the_index_listing_is_read_as_the_corpus_means_it():
    listing = ('(unnamed) [application/ms-tnef] {TNEF contains: A.doc, B.doc}; '
               '(attached e-mail, subject "Hi") {contains: x.gif [image/gif], y.xls [a/b]} '
               '[message/rfc822]; smime.p7s [application/x-pkcs7-signature]; Happy.txt '
               '[uuencoded inside text body]')
    assert expected_names(listing) == ["A.doc", "B.doc", "x.gif", "y.xls", "Hi.eml", "Happy.txt"]
