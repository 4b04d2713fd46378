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


def test_every_arm_level_metric_has_its_summary_fields():
    for m in METRICS.values():
        if m.document_level or m.family == "ratio":
            continue
        fields = [f for f in (m.summary_field, m.ci_field, m.not_reached_field) if f]
        assert set(fields) <= set(ArmSummary.model_fields), m.name
        if m.in_subgroups:
            assert set(fields) - {m.ci_field} <= set(SubgroupSummary.model_fields), m.name


def test_a_new_registry_entry_is_a_new_summary_field_by_itself(monkeypatch):
    import schemas.findings as findings
    from schemas.metrics import Metric

    monkeypatch.setitem(METRICS, "ttr_median", Metric(
        "ttr_median", "median TTR", "median", summary_field="ttr_median_months", not_reached_field="ttr_not_reached",
        ci_field="ttr_ci"))
    arm, sub = findings._metric_fields(subgroup=False), findings._metric_fields(subgroup=True)
    assert {"ttr_median_months", "ttr_ci", "ttr_not_reached"} <= set(arm)
    assert {"ttr_median_months", "ttr_not_reached"} <= set(sub) and "ttr_ci" not in sub
    assert list(arm)[-3:] == ["ttr_median_months", "ttr_ci", "ttr_not_reached"]  # registry order
