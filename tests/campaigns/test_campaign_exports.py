"""A campaign's shared evidence exports in every format, from the web and the command line."""

import csv
import io
import json

from foia_tracker.exports.registry import FORMATS


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_members_export_only_the_shared_items_with_their_organisation(client, coalition,
                                                                     shared_evidence, login):
    shared, kept = shared_evidence
    login(coalition.fl_editor)
    url = f"/campaigns/{coalition.campaign_id}/export"
    for name in FORMATS:
        assert client.get(f"{url}/{name}").status_code == 200, name
    rows = _csv_rows(client.get(f"{url}/csv").data)
    assert [(r["Organisation"], r["Evidence item"]) for r in rows] == [
        ("ACLU of Georgia", str(shared.id))]
    items = json.loads(client.get(f"{url}/json").data)["items"]
    assert [item["organisation"] for item in items] == ["ACLU of Georgia"]
    assert kept.description not in client.get(f"{url}/csv").text


def test_non_members_cannot_export(client, coalition, shared_evidence, login):
    login(coalition.tx_admin)
    assert client.get(f"/campaigns/{coalition.campaign_id}/export/csv").status_code == 404


def test_the_command_line_exports_a_campaign(runner, coalition, shared_evidence, tmp_path):
    shared, _ = shared_evidence
    output = tmp_path / "campaign.csv"
    result = runner.invoke(args=["export-evidence", "--campaign", str(coalition.campaign_id),
                                 "--format", "csv", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert [r["Organisation"] for r in _csv_rows(output.read_bytes())] == ["ACLU of Georgia"]
    missing = runner.invoke(args=["export-evidence", "--campaign", "999", "--format", "csv",
                                  "--output", str(output)])
    assert missing.exit_code != 0 and "there is no campaign 999" in missing.output
