"""extractors.tables: results-table cells -> review-table rows. Cell strings here are written for the tests."""
from __future__ import annotations

import pytest

from extractors.tables import (
    components, map_header, parse_author, parse_n, parse_value, parse_value_cell, rows_from_table,
)


def cell(text, page=1, bbox=(10.0, 20.0, 60.0, 30.0)):
    lines = text.split("\n") if text else []
    return {"text": " ".join(lines), "lines": lines, "page": page, "bbox": list(bbox)}


def table(header, rows, label="Table 9", footnotes=(), sections=None):
    return {"label": label, "caption": "Made-up results", "footnotes": list(footnotes),
            "header": [cell(h) for h in header],
            "rows": [{"section": (sections or {}).get(i), "cells": [cell(c) for c in r]} for i, r in enumerate(rows)]}


HEADER = ["Study", "Design", "N (subset)", "Regimen", "ORR (%)", "mPFS (months)", "mOS (months)"]


@pytest.mark.parametrize("header,expected", [
    (HEADER, {0: "author", 1: "phase", 2: "n_total", 3: "treatment", 4: "orr_pct", 5: "pfs_median_months",
              6: "os_median_months"}),
    (["Author", "Type of study", "N", "Primary site", "Treatment", "RR", "TTP (weeks)", "Median survival"],
     {0: "author", 1: "phase", 2: "n_total", 3: "primary_site", 4: "treatment", 5: "orr_pct",
      6: "pfs_median_months", 7: "os_median_months"}),
    (["Characteristics", "Drug group (n=120)", "Placebo group (n=118)"], {}),
    (["Trial", "Arms", "DCR (%)", "Overall survival"], {0: "author", 1: "treatment", 2: "dcr_pct", 3: "os_median_months"}),
])
def test_map_header(header, expected):
    assert map_header(header) == expected


@pytest.mark.parametrize("text,author,year,ref", [
    ("Smith et al 1999 [4]", "Smith et al", 1999, "4"),
    ("Smith et al. 2001[12]", "Smith et al", 2001, "12"),
    ("Okafor, 2016 [3]", "Okafor", 2016, "3"),
    ("Jane Q. Doe et al. 2019 [7]", "Doe JQ et al", 2019, "7"),
    ("Lee KH et al. 2020 [8, 90]", "Lee KH et al", 2020, "8, 90"),
    ("Garcia-Lopez et al.2012 [1]", "Garcia-Lopez et al", 2012, "1"),
    ("Unknown group [5]", "Unknown group", None, "5"),
    ("Moertel et al. (1980) [11]", "Moertel et al", 1980, "11"),
    ("Okafor CG et al. (2016)", "Okafor CG et al", 2016, None),
    ("Okafor CG, 2016", "Okafor CG", 2016, None),
])
def test_parse_author(text, author, year, ref):
    got = parse_author(text)
    assert (got["author"], got["year"], got["ref"]) == (author, year, ref)
    assert got["author_as_printed"] == text


@pytest.mark.parametrize("text,n,sub", [
    ("120", 120, None), ("86 (41)", 86, 41), ("118 (50/17)", 118, "50/17"), ("29 (11a)", 29, "11a"),
    ("1,204", 1204, None), ("", None, None), ("n = 45", 45, None),
])
def test_parse_n(text, n, sub):
    assert parse_n(text) == (n, sub)


@pytest.mark.parametrize("text,value,reached,reported,marks", [
    ("12.5", 12.5, False, False, None),
    ("30,5", 30.5, False, False, None),
    ("4.2 b", 4.2, False, False, "b"),
    ("21.0 a/b", 21.0, False, False, "a/b"),
    ("NR", None, False, True, None),
    ("NR b", None, False, True, "b"),
    ("Not reached", None, True, False, None),
    ("not reached", None, True, False, None),
    ("45%", 45.0, False, False, None),
    ("n.r.", None, False, True, None),
    ("\u2013", None, False, True, None),
    ("-", None, False, True, None),
    ("\u2014 a", None, False, True, "a"),
])
def test_parse_value(text, value, reached, reported, marks):
    v = parse_value(text)
    assert (v["value"], v["not_reached"], v["not_reported"], v["marks"]) == (value, reached, reported, marks)


def test_nr_defined_as_not_reached():
    assert parse_value("NR", nr_means_reached=True)["not_reached"] is True


def test_value_cell_split_with_stats():
    got = parse_value_cell("12.5 vs 9.1 (HR 0.61/P = 0.02)", 2)
    assert [v["value"] for v in got["values"]] == [12.5, 9.1]
    assert got["stats"] == ["HR 0.61/P = 0.02"]


def test_value_cell_three_arms_and_footnote():
    got = parse_value_cell("40.0 vs 22.5 vs NR b ( P < 0.01)", 3)
    assert [v["value"] for v in got["values"]] == [40.0, 22.5, None]
    assert got["values"][2]["not_reported"] and got["values"][2]["marks"] == "b"
    assert got["stats"] == ["P < 0.01"]


def test_value_cell_labelled_subsets_follow_the_arms():
    got = parse_value_cell("20.0 vs 10.0 (GI: 25.0 vs. 12.0/L: 5.0 vs 0.0)", 2)
    assert [v["value"] for v in got["values"]] == [20.0, 10.0]
    assert got["subsets"] == [{"GI": "25.0", "L": "5.0"}, {"GI": "12.0", "L": "0.0"}]


@pytest.mark.parametrize("text", ["8.1 (6.2-9.9)", "8.1 (6.2 to 9.9)", "8.1 [6.2, 9.9]", "8.1 (95% CI 6.2-9.9)"])
def test_value_cell_confidence_intervals_are_kept_apart(text):
    got = parse_value_cell(text, 1)
    assert got["values"][0]["value"] == 8.1 and got["notes"] == [] and len(got["stats"]) == 1


def test_value_cell_footnoted_subset_and_note():
    got = parse_value_cell("14.0 (2.0 a)", 1)
    assert got["values"][0]["value"] == 14.0 and got["subsets"] == [{"a": "2.0"}]
    got = parse_value_cell("9.0 (in 12 responders)", 1)
    assert got["values"][0]["value"] == 9.0 and got["notes"] == ["(in 12 responders)"]


def test_value_cell_one_status_for_all_arms_but_not_one_number():
    shared = parse_value_cell("Not reached", 2)
    assert shared["shared"] and all(v["not_reached"] for v in shared["values"])
    one = parse_value_cell("12.0", 2)
    assert one["values"] == [] and "not assigned" in one["notes"][0]


@pytest.mark.parametrize("text,expected", [
    ("FOLFOX + BEVA", ["fluorouracil", "leucovorin", "oxaliplatin", "bevacizumab"]),
    ("CDDP + VP-16 (40)", ["cisplatin", "etoposide"]),
    ("TEM \u00b1 CAPE", ["temozolomide", "capecitabine"]),
    ("CAPTEM + 177Lu-Octreotate", ["capecitabine", "temozolomide", "lutetium-177 dotatate"]),
    ("Paclitaxel + CBDCA", ["paclitaxel", "carboplatin"]),
    ("CCDP + IRI", ["cisplatin", "irinotecan"]),
    ("DTIC (high dose)", ["dacarbazine"]),
    ("Various (40% TEM, others)", []),
    ("Best supportive care", []),
])
def test_components(text, expected):
    assert components(text) == expected


def test_rows_split_vs_arms_and_values():
    t = table(HEADER, [["Smith et al\n1999 [4]", "III", "200 (80)", "FOLFOX vs\nFOLFIRI", "40.0 vs 30.0",
                        "8.1 vs 7.0\n(HR 0.8/P = 0.2)", "Not reached vs 20.5"]],
              sections={0: "Fluoropyrimidine regimens"})
    rows = rows_from_table(t)
    assert [r["arm"] for r in rows] == ["FOLFOX", "FOLFIRI"]
    a, b = rows
    assert (a["author"], a["year"], a["ref"], a["phase"], a["n_total"], a["n_subset"]) == ("Smith et al", 1999, "4", "III", 200, 80)
    assert (a["orr_pct"], a["pfs_median_months"], a["os_median_months"], a["os_not_reached"]) == (40.0, 8.1, None, True)
    assert (b["orr_pct"], b["pfs_median_months"], b["os_median_months"], b["os_not_reached"]) == (30.0, 7.0, 20.5, False)
    assert a["components"] == ["fluorouracil", "leucovorin", "oxaliplatin"]
    assert a["stats"] == {"pfs_median_months": ["HR 0.8/P = 0.2"]}
    assert a["section"] == "Fluoropyrimidine regimens" and a["table"] == "Table 9"
    assert a["evidence"]["cells"]["orr_pct"] == {"page": 1, "bbox": [10.0, 20.0, 60.0, 30.0], "text": "40.0 vs 30.0"}
    assert a["treatment_as_written"] == "FOLFOX vs FOLFIRI"


def test_rows_one_regimen_per_line():
    t = table(HEADER, [["Okafor, 2016 [3]", "Retrospective", "90", "CDDP + VP-16 (60)\nCBDCA + VP-16 (30)",
                        "35.0\n25.0", "5.0\n4.5", "11.0\n9.5"]])
    rows = rows_from_table(t)
    assert [(r["arm"], r["n_arm"], r["orr_pct"], r["pfs_median_months"], r["os_median_months"]) for r in rows] == [
        ("CDDP + VP-16", 60, 35.0, 5.0, 11.0), ("CBDCA + VP-16", 30, 25.0, 4.5, 9.5)]
    assert rows[1]["components"] == ["carboplatin", "etoposide"]


def test_rows_listed_regimens_sharing_one_value_stay_pooled():
    t = table(HEADER, [["Okafor, 2016 [3]", "II", "90", "CDDP + IRI (60)\nCBDCA + IRI (30)", "40.0", "5.0", "11.0"]])
    (row,) = rows_from_table(t)
    assert row["pooled"] and row["orr_pct"] == 40.0
    assert row["components"] == ["cisplatin", "irinotecan", "carboplatin"]


def test_rows_wrapped_treatment_is_joined():
    t = table(HEADER, [["Doe et al 2010 [1]", "II", "30", "CAPTEM + 177Lu-Octreo-\ntate", "50.0", "NR", "NR"]])
    (row,) = rows_from_table(t)
    assert row["arm"] == "CAPTEM + 177Lu-Octreotate" and row["pfs_median_months"] is None
    assert row["pfs_not_reached"] is False


def test_rows_nr_defined_by_footnote_as_not_reached():
    t = table(HEADER, [["Doe et al 2010 [1]", "II", "30", "TEM", "50.0", "NR", "12.0"]],
              footnotes=["NR not reached, ORR objective response rate"])
    (row,) = rows_from_table(t)
    assert row["pfs_not_reached"] is True and row["pfs_median_months"] is None


def test_rows_weeks_converted_to_months():
    t = table(["Study", "Regimen", "RR (%)", "TTP (weeks)"], [["Doe et al 2010 [1]", "TEM", "10", "26"]])
    (row,) = rows_from_table(t)
    assert row["pfs_median_months"] == 6.0 and "converted" in row["notes"]
    assert row["os_median_months"] is None and row["os_not_reached"] is None  # no OS column


def test_arms_in_columns_table():
    t = table(["Outcome", "Drug group (n=120)", "Placebo group (n=118)"],
              [["Abstinence at 6 months", "30 (25)", "20 (17)"], ["Serious events", "3", ""]])
    rows = rows_from_table(t)
    assert [(r["row_label"], r["arm"], r["n_arm"], r["value_text"]) for r in rows] == [
        ("Abstinence at 6 months", "Drug group (n=120)", 120, "30 (25)"),
        ("Abstinence at 6 months", "Placebo group (n=118)", 118, "20 (17)"),
        ("Serious events", "Drug group (n=120)", 120, "3")]
    assert all(r["layout"] == "arms_in_columns" and r["orr_pct"] is None for r in rows)


def test_empty_table_gives_no_rows():
    assert rows_from_table({"label": "Table 1", "header": [], "rows": []}) == []


@pytest.mark.parametrize("header,field", [
    ("PFS at 12 months (%)", "pfs_rate"), ("1-year OS (%)", "os_rate"), ("6-mo PFS rate", "pfs_rate"),
    ("Median PFS (95% CI)", "pfs_median_months"), ("mOS (months)", "os_median_months"), ("HR (95% CI)", "hr"),
    ("OS rate", "os_rate"),
])
def test_landmark_rates_are_not_medians(header, field):
    assert map_header(["Study", "Regimen", header]) == {0: "author", 1: "treatment", 2: field}


def test_rate_and_ci_columns_are_kept_as_other_cells():
    t = table(["Study", "Regimen", "Median PFS (95% CI)", "PFS at 12 months (%)"],
              [["Doe et al 2010 [1]", "TEM", "8.1 [6.2, 9.9]", "35"]])
    (row,) = rows_from_table(t)
    assert row["pfs_median_months"] == 8.1 and row["stats"] == {"pfs_median_months": ["CI 6.2, 9.9"]}
    assert row["other_cells"] == {"PFS at 12 months (%)": "35"}


@pytest.mark.parametrize("header, field", [("CR (%)", "cr_pct"), ("Complete response rate (%)", "cr_pct"),
                                           ("DoR (months)", "dor_median_months"),
                                           ("Duration of response", "dor_median_months"),
                                           ("ORR (%)", "orr_pct")])
def test_new_metric_headers(header, field):
    assert map_header(["Study", "Regimen", header]) == {0: "author", 1: "treatment", 2: field}


def test_cr_and_dor_columns_give_findings():
    from extractors.tables import findings_from_rows

    t = table(["Study", "Regimen", "ORR (%)", "CR (%)", "DoR (months)"],
              [["Jones 2010", "FOLFOX vs FOLFIRI", "40 vs 30", "10 vs 5", "8.3 vs Not reached"]])
    rows = rows_from_table(t)
    assert [(r["cr_pct"], r["dor_median_months"], r.get("dor_not_reached")) for r in rows] == [(10.0, 8.3, None), (5.0, None, True)]
    got = {(f.arm, f.metric, f.value, f.not_reached, f.unit) for f in findings_from_rows(rows) if f.metric != "n"}
    assert ("FOLFOX", "cr_rate", 10.0, False, "percent") in got
    assert ("FOLFIRI", "dor_median", None, True, "months") in got
    assert ("FOLFOX", "dor_median", 8.3, False, "months") in got


def test_study_cell_spanning_its_arms_rows():
    """One row per arm, the study printed once: the arm rows below take its study cells, within its section."""
    t = table(["Study", "Phase", "N", "Regimen", "ORR (%)"],
              [["Doe et al 2010 [1]", "II", "40", "FOLFOX", "40.0"], ["", "", "38", "FOLFIRI", "30.0"],
               ["Roe et al 2012 [2]", "III", "25", "CAPTEM", "35.0"], ["", "", "", "", ""],
               ["", "", "20", "CDDP + VP-16", "50.0"]], sections={4: "Second line"})
    rows = rows_from_table(t)
    assert [(r["author"], r["year"], r["phase"], r["arm"], r["orr_pct"]) for r in rows] == [
        ("Doe et al", 2010, "II", "FOLFOX", 40.0), ("Doe et al", 2010, "II", "FOLFIRI", 30.0),
        ("Roe et al", 2012, "III", "CAPTEM", 35.0), (None, None, "", "CDDP + VP-16", 50.0)]
