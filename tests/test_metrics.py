"""The metric registry (schemas/metrics.py): one entry per metric, read by every metric-specific branch."""
from __future__ import annotations

import pytest

from schemas.findings import ArmSummary, SubgroupSummary
from schemas.metrics import HEADER_ORDER, METRICS, UnknownMetric, by_term, metric


def test_an_unknown_metric_is_named_with_what_to_do():
    with pytest.raises(UnknownMetric, match=r"unknown metric 'ttr': known are .*cr_rate.*add it to schemas/metrics.py"):
        metric("ttr")


@pytest.mark.parametrize("name, unit, field, nr", [
    ("cr_rate", "percent", "cr_pct", None), ("dor_median", "months", "dor_median_months", "dor_not_reached"),
    ("orr", "percent", "orr_pct", None), ("os_median", "months", "os_median_months", "os_not_reached"),
])
def test_entries(name, unit, field, nr):
    m = metric(name)
    assert (m.unit, m.summary_field, m.not_reached_field, m.column) == (unit, field, nr, field)
    assert field in ArmSummary.model_fields and field in SubgroupSummary.model_fields


def test_terms_map_each_kind_of_number_to_one_metric():
    assert by_term("pfs", "median").name == "pfs_median" and by_term("pfs", "landmark").name == "pfs_rate"
    assert by_term("dor", "median").name == "dor_median" and by_term("cr", "rate").name == "cr_rate"
    assert by_term("dor", "landmark") is None


def test_every_table_header_is_ordered():
    assert set(HEADER_ORDER) == {m.name for m in METRICS.values() if m.table_header}
    # a more specific header is tried first: "complete response rate" is not the ORR
    assert HEADER_ORDER.index("cr_rate") < HEADER_ORDER.index("orr")
