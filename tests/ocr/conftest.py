"""Fixtures for OCR: an editor's request, and the extraction and OCR workers run to the end."""

import shutil

import pytest

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db
from foia_tracker.ocr.worker import ocr_run

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not __import__("os").environ.get("CI"),
    reason="Tesseract is not installed (apt-get install tesseract-ocr); CI installs it")


@pytest.fixture
def editor(make_user):
    return make_user()


@pytest.fixture
def records_request(editor, make_request):
    return make_request(editor, title="Surveillance contracts")


@pytest.fixture
def process(app):
    """Run text extraction, then OCR, over everything waiting; return the OCR report."""

    def run(**kwargs):
        extraction_run()
        report = ocr_run(**kwargs)
        db.session.expire_all()
        return report

    return run
