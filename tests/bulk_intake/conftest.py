"""Fixtures for bulk intake: a request with a release, and the command run as scripts run it."""

import json

import pytest

from ..conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from ..documents.conftest import released_request  # noqa: F401


@pytest.fixture
def add_documents(runner):
    """Run add-documents; return (exit code, the JSON lines parsed, what went to stderr)."""

    def run(reference: str, *paths, actor=None, came_with=None):
        args = ["add-documents", reference, *map(str, paths)]
        if actor is not None:
            args += ["--as", actor.email if hasattr(actor, "email") else actor]
        if came_with is not None:
            args += ["--came-with", str(came_with)]
        result = runner.invoke(args=args)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        return result.exit_code, lines, result.stderr

    return run
