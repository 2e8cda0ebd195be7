"""Fixtures for search: an editor with a request, and documents extracted as the worker would."""

import pytest

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db
from ..conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from ..files import make_pdf


@pytest.fixture
def editor(make_user):
    return make_user()


@pytest.fixture
def records_request(editor, make_request, make_agency):
    agency = make_agency(name="Washington County Sheriff's Office")
    return make_request(editor, agency=agency, title="Face recognition contracts")


@pytest.fixture
def extract(app):
    """Run the extraction worker over everything pending; return its report."""

    def run(**kwargs):
        report = extraction_run(**kwargs)
        db.session.expire_all()
        return report

    return run


@pytest.fixture
def indexed_pdf(make_document, extract):
    """Store a PDF with these pages of text on a request and extract it."""

    def make(records_request, pages: list[str], name="release.pdf", **kwargs):
        document = make_document(records_request, make_pdf(pages), name=name,
                                 page_count=len(pages), **kwargs)
        extract()
        return document

    return make
