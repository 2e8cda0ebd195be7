"""Fixtures for the reader: an editor, a request, and documents as uploads leave them."""

import pytest

from ..conftest import on_both_stores as pytest_generate_tests  # noqa: F401


@pytest.fixture
def editor(make_user):
    return make_user()


@pytest.fixture
def records_request(editor, make_request):
    return make_request(editor, title="Face recognition contracts")
