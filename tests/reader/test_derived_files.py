"""Derived files: kept apart from the evidence, on the folder store and on S3."""

import pytest

from foia_tracker.storage import ObjectMissing, document_store

from ..stores import read_stored, stored_hashes

EVIDENCE = b"%PDF-1.4 the evidence itself"


@pytest.fixture
def evidence_sha(app):
    store = document_store()
    staged = store.stage()
    staged.write(EVIDENCE)
    return store.keep(staged)


def test_a_derived_file_is_stored_apart_and_never_touches_the_evidence(evidence_sha, tmp_path):
    store = document_store()
    image = tmp_path / "page.png"
    image.write_bytes(b"rendered page one")
    store.put_derived(evidence_sha, "page-1-w800.png", image)

    with store.open_derived(evidence_sha, "page-1-w800.png") as stream:
        assert stream.read() == b"rendered page one"
    assert store.derived_size(evidence_sha, "page-1-w800.png") == len(b"rendered page one")
    assert read_stored(evidence_sha) == EVIDENCE
    assert stored_hashes() == [evidence_sha]  # a derived file is no evidence object


def test_a_missing_derived_file_raises_object_missing(evidence_sha):
    store = document_store()
    with pytest.raises(ObjectMissing):
        store.open_derived(evidence_sha, "page-9-w800.png")
    assert not store.derived_exists(evidence_sha, "page-9-w800.png")


def test_derived_files_are_replaced_listed_and_deleted(evidence_sha, tmp_path):
    store = document_store()
    for name, data in [("a.png", b"one"), ("b.png", b"two"), ("a.png", b"three")]:
        (tmp_path / "f").write_bytes(data)
        store.put_derived(evidence_sha, name, tmp_path / "f")
    assert store.derived_names(evidence_sha) == ["a.png", "b.png"]
    with store.open_derived(evidence_sha, "a.png") as stream:
        assert stream.read() == b"three"

    assert store.delete_derived(evidence_sha, "b.png") == 1
    assert store.derived_names(evidence_sha) == ["a.png"]
    assert store.delete_derived(evidence_sha) == 1
    assert store.derived_names(evidence_sha) == []
    assert read_stored(evidence_sha) == EVIDENCE


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden", "x..y", "a" * 200])
def test_a_derived_name_is_one_plain_path_segment(evidence_sha, tmp_path, name):
    (tmp_path / "f").write_bytes(b"x")
    with pytest.raises(ValueError):
        document_store().put_derived(evidence_sha, name, tmp_path / "f")
