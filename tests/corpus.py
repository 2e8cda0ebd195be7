"""Locate the shared corpus of real files (../shared/corpus from the project root).

Conformance tests use it when it is there and are skipped, saying so, when it is not (a fresh
clone outside the workspace); under CI (CI=true) a missing corpus is a failure, not a skip.
FOIA_TEST_CORPUS points elsewhere. Its files are never copied into the repository.
"""

import os
from pathlib import Path

import pytest

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_folder(name: str) -> Path:
    """Return the corpus sub-folder `name`, or skip (fail under CI) when it is absent."""
    folder = Path(os.environ.get("FOIA_TEST_CORPUS") or DEFAULT) / name
    if not folder.is_dir():
        message = f"the shared corpus folder {folder} is absent"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI must run the conformance tests")
        pytest.skip(f"{message} (a clone outside the workspace); conformance tests skipped")
    return folder
