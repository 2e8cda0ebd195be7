"""`flask verify-documents`: re-hash every stored file; name the exhibits of a damaged one."""

from ..files import make_pdf
from ..stores import overwrite_stored, read_stored, remove_stored


def verify(runner):
    return runner.invoke(args=["verify-documents"])


def test_intact_files_pass(evidence, runner):
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert "Checked 3 stored files: 0 missing, 0 changed; all intact." in result.output


def test_a_changed_file_fails_naming_its_exhibit_and_organisation(evidence, runner):
    forged = bytearray(read_stored(evidence.contract.sha256))
    forged[200] ^= 0x01  # one bit of one byte
    overwrite_stored(evidence.contract.sha256, bytes(forged))
    result = verify(runner)
    assert result.exit_code == 1
    assert (f"CHANGED {evidence.contract.sha256}: exhibit "
            f"{evidence.contract.exhibit_number} (ACLU of Oregon)") in result.output
    assert evidence.invoice.exhibit_number not in result.output
    assert "0 missing, 1 changed; EVIDENCE FILES DAMAGED." in result.output


def test_a_missing_file_fails_naming_every_exhibit_with_those_bytes(
        evidence, make_user, make_request, make_document, runner):
    # The store keeps one copy of identical bytes, whichever organisation uploaded them.
    stranger = make_user()
    same_bytes = read_stored(evidence.invoice.sha256)
    theirs = make_document(make_request(stranger), same_bytes, name="copy.pdf")
    remove_stored(evidence.invoice.sha256)
    result = verify(runner)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.startswith("MISSING"))
    assert evidence.invoice.exhibit_number in line and theirs.exhibit_number in line
    assert "(ACLU of Oregon)" in line and f"({stranger.organisation.name})" in line
    assert "Checked 3 stored files: 1 missing, 0 changed" in result.output


def test_each_distinct_file_is_checked_once(evidence, make_document, runner):
    make_document(evidence.contract.request, make_pdf(["A fourth document."]), name="d.pdf")
    result = verify(runner)
    assert result.exit_code == 0
    assert "Checked 4 stored files" in result.output
