"""The table reader on layouts it was not written for: the invented rows of ``tests/layouts.py`` laid out by fpdf2
and by headless Chromium printing an HTML page, read back with ``parse_pdf`` + ``table_rows`` and scored as
``score_tables.py`` scores the review (cell recall, precision, wrong-arm share). Each layout names the rule it checks."""
from __future__ import annotations

import os

import pytest

from pipeline.pdf import parse_pdf, table_rows
from tests.layouts import CHROMIUM, ROWS, random_style, render, score

RECALL, PRECISION, WRONG_ARM = 0.90, 0.95, 0.02


def _style(maker: str, **choices) -> dict:
    return {**random_style(0, maker), **choices}


def _read(style: dict, tmp_path) -> tuple[dict, list]:
    pdf = tmp_path / f"{style['maker']}.pdf"
    render(ROWS, style, pdf)
    parsed = parse_pdf(str(pdf))
    return score(ROWS, table_rows(parsed)), parsed.tables


def _assert_read(result: dict) -> None:
    assert result["cell_recall"] >= RECALL and result["cell_precision"] >= PRECISION \
        and result["wrong_arm_share"] <= WRONG_ARM, result


def test_the_scorer_counts_missing_and_wrong_cells():
    wrong = [dict(r, orr_pct=99.0) if r["author"] == "Holm et al" else r for r in ROWS]
    result = score(ROWS, wrong[1:])
    assert result["right"] < result["gold_cells"] and result["cell_precision"] < 1.0


FPDF_LAYOUTS = {
    # a caption printed under each table labels that table, not the one below it
    "grid, captions below": dict(rules="grid", caption="below", arms="vs", split=False, landscape=True),
    # header rules only, the table split over pages under "Table 1 (continued)" with its header repeated
    "header rules, continued": dict(rules="header", caption="Table 1.", arms="vs", split=True, wrap=True,
                                    font="Helvetica"),
    # horizontal rules, one row per arm with the study's cells in the middle of its arms' rows, "TABLE 1 |"
    "rows per arm, spans": dict(rules="hrules", caption="TABLE 1 |", arms="rows", span="middle", split=False,
                                font="Times", wrap=False),
    # no rules, landscape, "Patients, n" / "Response rate, %" / "Median PFS, mo" headers, wrapped cells
    "no rules, journal headers": dict(rules="none", caption="Table 1.", arms="vs", landscape=True, wrap=True,
                                      font="Helvetica", headers={"author": "Study", "phase": "Design",
                                                                 "n_total": "Patients, n", "treatment": "Regimen",
                                                                 "orr_pct": "Response rate, %",
                                                                 "pfs_median_months": "Median PFS, mo",
                                                                 "os_median_months": "Median OS, mo"}),
}


@pytest.mark.parametrize("name", list(FPDF_LAYOUTS))
def test_fpdf_layouts_are_read(name, tmp_path):
    result, tables = _read(_style("fpdf", **FPDF_LAYOUTS[name]), tmp_path)
    assert [t.label for t in tables] == ["Table 1", "Table 2"]
    _assert_read(result)


def test_a_wrapped_header_word_stays_in_its_column(tmp_path):
    style = _style("fpdf", rules="hrules", caption="TABLE 1 |", arms="vs", wrap=True, split=False, font="Helvetica",
                   headers={**random_style(0, "fpdf")["headers"], "n_total": "Patients, n"})
    _, tables = _read(style, tmp_path)
    assert [c.text for c in tables[0].header][2:4] == ["Patients, n", style["headers"]["treatment"]]


CHROMIUM_LAYOUTS = {
    # the browser repeats the header on the next page: Table 1 runs over pages 1-2
    "header rules, split": (dict(rules="header", caption="Table 1.", arms="vs", split=True, prose=7, font="Georgia"),
                            [[1, 2], [2]]),
    # a grid, split over pages, captions below
    "grid, captions below, split": (dict(rules="grid", caption="below", arms="vs", split=True, prose=7, font="Arial"),
                                    [[1, 2], [2]]),
    # header rules, no caption above: Table 1's first part (a header between two rules, rows down to the page's
    # end) is found without one, and takes the caption printed under its last part on page 2
    "header rules, captions below, split": (dict(rules="header", caption="below", arms="vs", split=True, prose=7,
                                                 wrap=False, font="Arial"), [[1, 2], [2]]),
    # Table 2 ends at the foot of page 1 and its caption (printed below it) is pushed to the head of page 2
    "grid, caption below overleaf": (dict(rules="grid", caption="below", arms="vs", split=True, prose=3,
                                          font="Arial"), [[1], [1]]),
    # one row per arm with the study's cells spanning them (rowspan), the study cell wrapping over its arms' rows
    # ("Petrov PR," / "2015") and a rule under each study
    "rows per arm, wrapped study cells": (dict(rules="hrules", caption="below", arms="rows", span="top", split=False,
                                               prose=2, wrap=False, font="Arial"), [[1], [1]]),
    # the study's cells centred on its arms' rows, a grid
    "rows per arm, centred spans": (dict(rules="grid", caption="Table 1.", arms="rows", span="middle", split=False,
                                         prose=2, wrap=False, font="Arial"), [[1], [1]]),
}


def _chromium() -> None:
    if CHROMIUM is None:  # as tests/test_report.py: CI must have it; elsewhere say what to install
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium): the browser-printed layouts are not made")


@pytest.mark.parametrize("name", list(CHROMIUM_LAYOUTS))
def test_browser_printed_layouts_are_read(name, tmp_path):
    _chromium()
    choices, pages = CHROMIUM_LAYOUTS[name]
    result, tables = _read(_style("chromium", **choices), tmp_path)
    assert [(t.label, t.pages) for t in tables] == [("Table 1", pages[0]), ("Table 2", pages[1])]
    _assert_read(result)
