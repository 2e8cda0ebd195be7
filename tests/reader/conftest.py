"""Fixtures for the reader: an editor, a request, and documents as uploads leave them."""

import io

import pytest
from PIL import Image

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db

from ..conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from ..files import make_pdf


@pytest.fixture
def editor(make_user):
    return make_user()


@pytest.fixture
def records_request(editor, make_request):
    return make_request(editor, title="Face recognition contracts")


@pytest.fixture
def extracted(make_document):
    """Store a file as a document of the request and extract its text, as the worker would."""

    def make(records_request, data: bytes, **kwargs):
        document = make_document(records_request, data, **kwargs)
        extraction_run()
        db.session.expire_all()
        return document

    return make


@pytest.fixture
def pdf_document(extracted):
    def make(records_request, pages: list[str], **kwargs):
        return extracted(records_request, make_pdf(pages), page_count=len(pages), **kwargs)

    return make


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def tiff_pages(colours: list[str], size=(300, 400)) -> bytes:
    """Return a real multi-page TIFF, one solid colour per page."""
    frames = [Image.new("RGB", size, colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()
