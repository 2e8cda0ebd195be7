"""Every filter of the request and evidence lists narrows the list: none is silently ignored."""

import dataclasses

import pytest

from foia_tracker.evidence import query as evidence_query
from foia_tracker.records import query as records_query


@pytest.mark.parametrize("filters, table", [
    (records_query.RequestFilters, records_query._CONDITIONS),
    (evidence_query.EvidenceFilters, evidence_query._CONDITIONS),
])
def test_each_filter_field_has_a_condition(filters, table):
    fields = {f.name for f in dataclasses.fields(filters)} - {"sort"}
    assert set(table) == fields
