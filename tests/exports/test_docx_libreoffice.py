"""The letter's .docx converts to PDF in LibreOffice with its footnotes (where soffice exists)."""

import io
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from .test_documents import docx_footnotes
from .test_tabular import letter_export

#: A cold LibreOffice start on a busy machine takes tens of seconds.
CONVERT_TIMEOUT_S = 120


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice (soffice) is not installed; on Debian: apt-get install libreoffice-writer-nogui"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run this test, not skip it", pytrace=False)
    pytest.skip(reason)


def test_libreoffice_keeps_every_footnote_of_the_letter(evidence, client, login, export_with_cli,
                                                        tmp_path):
    soffice = _soffice()
    data = letter_export("web", "docx", evidence, client, login, export_with_cli)
    notes, _ = docx_footnotes(data)
    source = tmp_path / "letter.docx"
    source.write_bytes(data)
    home = tmp_path / "home"  # LibreOffice writes its profile here, not in the real home
    home.mkdir()
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S,
                   env={**os.environ, "HOME": str(home)})
    reader = PdfReader(io.BytesIO((tmp_path / "letter.pdf").read_bytes()))
    # Compared without whitespace: the PDF wraps long exhibit numbers at their hyphens.
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    assert len(notes) == 3
    for note in notes.values():
        assert "".join(note.split()) in text, f"footnote missing from the PDF: {note}"
