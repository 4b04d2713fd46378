"""Tables of any kind as plain grids (``table_grids``, ``evidence pdf tables --grid``), from small PDFs made here
with fpdf2 in several layouts: a full grid of rules, horizontal rules only (whole or drawn in pieces), rules between
columns only, no caption; evenly spaced one-line rows, group labels, leader dots, spanning headers. Cell texts are
made up for the tests."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from pipeline.cli import main
from pipeline.pdf import parse_pdf, table_grids
from pipeline.pdf.vocab import TABLE_LABEL_RE

GRID = [["Region", "Sites", "Staff", "Budget"],
        ["North", "12", "140", "2.4"],
        ["South", "9", "95", "1.8"],
        ["East", "15", "210", "3.1"],
        ["West", "7", "60", "1.2"]]
WIDTHS = (140, 90, 90, 90)
PROSE = ("A paragraph of ordinary prose above the table. It runs across the whole width of the page and says "
         "nothing a table would say, then it ends here.")


def _page() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(56, 56)
    pdf.multi_cell(480, 13, PROSE)
    return pdf


def _rule(pdf: FPDF, x0: float, y: float, widths, pieces: bool) -> None:
    """A horizontal rule across the columns: one stroke, or one touching piece per column."""
    if not pieces:
        pdf.line(x0, y, x0 + sum(widths), y)
        return
    x = x0
    for w in widths:
        pdf.line(x, y, x + w, y)
        x += w


def _lay_out(pdf: FPDF, grid, x0=56.0, top=120.0, widths=WIDTHS, pitch=18.0, rules="none", caption=None,
             pieces=False, leaders=False, indent=None, head=1):
    """Write ``grid`` at (x0, top). rules: "grid" (every cell boxed), "horizontal" (top, under the header,
    bottom), "columns" (top, bottom and between columns only) or "none". ``leaders`` fills the first column
    with leader dots; ``indent`` maps a row number to an extra indent of its first cell; the first ``head`` rows
    are the header. Returns the bottom."""
    y = top
    if caption:
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_xy(x0, y)
        pdf.cell(300, 12, caption)
        y += 20
    pdf.set_font("Helvetica", size=9)
    table_top = y
    if rules in ("horizontal", "columns"):
        _rule(pdf, x0, y, widths, pieces)
    for k, row in enumerate(grid):
        x = x0
        for i, (w, text) in enumerate(zip(widths, row)):
            shift = (indent or {}).get(k, 0) if i == 0 else 0
            if leaders and i == 0 and k > 0 and text:
                text = text + " " + " ".join("." * 1 for _ in range(int((w - 12 - 5 * len(text)) / 5)))
            pdf.set_xy(x + 3 + shift, y + (pitch - 9) / 2 - 1.5)
            pdf.cell(w - 6, 12, text)
            if rules == "grid":
                pdf.rect(x, y, w, pitch)
            x += w
        y += pitch
        if rules == "horizontal" and k in (head - 1, len(grid) - 1):
            _rule(pdf, x0, y, widths, pieces)
    if rules == "columns":
        _rule(pdf, x0, y, widths, pieces)
        x = x0
        for w in widths[:-1]:
            x += w
            pdf.line(x, table_top, x, y)
    return y


def _grids(pdf: FPDF, tmp_path=None) -> list[dict]:
    return table_grids(parse_pdf(bytes(pdf.output()), source="made.pdf"))


# ------------------------------------------------------------------------------------------------- the command
def test_cli_writes_grids_and_goes_on_past_a_bad_file(tmp_path):
    pdf = _page()
    _lay_out(pdf, GRID, rules="grid", caption="Table 1. Sites by region")
    src = tmp_path / "ruled.pdf"
    src.write_bytes(bytes(pdf.output()))
    out = tmp_path / "grid.jsonl"
    result = CliRunner().invoke(main, ["pdf", "tables", str(src), str(tmp_path / "missing.pdf"), "--grid",
                                       "--output", str(out)])
    assert result.exit_code == 3, result.output
    assert "missing.pdf" in result.output
    (line,) = [json.loads(s) for s in out.read_text().splitlines()]
    assert line["file"] == "ruled.pdf" and line["page"] == 1 and len(line["bbox"]) == 4
    assert line["rows"] == GRID


# ---------------------------------------------------------------------------------------------- finding tables
@pytest.mark.parametrize("rules,pieces", [("grid", False), ("horizontal", False), ("horizontal", True),
                                          ("columns", False)])
@pytest.mark.parametrize("caption", ["Table 2. Sites by region", "TABLE A-1 | Sites by region", None])
def test_every_rule_layout_gives_the_same_grid(rules, pieces, caption):
    pdf = _page()
    _lay_out(pdf, GRID, rules=rules, caption=caption, pieces=pieces)
    (g,) = _grids(pdf)
    assert g["rows"] == GRID


def test_rules_drawn_in_pieces_are_one_rule_and_mark_the_header():
    pdf = _page()
    grid = [["Region", "Sites", "Staff", "Budget"], ["(name)", "(count)", "(people)", "(millions)"]] + GRID[1:]
    _lay_out(pdf, grid, rules="horizontal", pieces=True, caption="Table 3. Sites by region", head=2)
    (t,) = parse_pdf(bytes(pdf.output()), source="made.pdf").tables
    # the rule under the header is found, so both header lines are the header, not a row
    assert [c.text for c in t.header] == ["Region (name)", "Sites (count)", "Staff (people)", "Budget (millions)"]
    assert [r.cells[0].text for r in t.rows] == ["North", "South", "East", "West"]


def test_prose_between_rules_is_not_a_table():
    """Three columns of prose split into aligned chunks too, but long ones."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.line(56, 100, 536, 100)
    for x in (56, 222, 388):
        pdf.set_xy(x, 110)
        pdf.multi_cell(148, 11, PROSE + " " + PROSE)
    pdf.line(56, 300, 536, 300)
    assert _grids(pdf) == []


def test_chart_gridlines_are_not_a_table():
    """Gridlines of one width with a tick label and a bar label in each band: scattered labels, not rows of
    cells."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    for k in range(6):
        y = 120 + 30 * k
        pdf.line(80, y, 500, y)
        pdf.set_xy(84, y + 10)  # the axis tick label
        pdf.cell(20, 10, str(100 - 20 * k))
        pdf.set_xy(100 + 70 * k, y + 10)  # a bar's value label, at another place in every band
        pdf.cell(30, 10, f"{k * 7}")
    assert _grids(pdf) == []


@pytest.mark.parametrize("text,label", [
    ("Table 3. Response by arm", "3"), ("TABLE 2 | Outcomes", "2"), ("Table A-1. Coverage", "A-1"),
    ("Table SA3. Cases", "SA3"), ("Table 4.2 Rates", "4.2"), ("Table 3a Subgroups", "3a"), ("Table III", "III"),
    ("TABLE. Inequality in income", None), ("Exhibit 2a. Impacts by year", "2a"),
])
def test_caption_labels(text, label):
    m = TABLE_LABEL_RE.match(text)
    assert m and m.group("num") == label


def test_a_sentence_about_a_table_is_not_a_caption():
    assert TABLE_LABEL_RE.match("Tables are useful") is None
    assert TABLE_LABEL_RE.match("Tablet dose was 5 mg") is None


# ------------------------------------------------------------------------------------------- rebuilding grids
def test_evenly_spaced_one_line_rows_are_rows():
    """No extra space between rows: every line that fills the columns is a row of its own."""
    pdf = _page()
    _lay_out(pdf, GRID, rules="horizontal", pitch=11.0, caption="Table 4. Sites by region")
    (g,) = _grids(pdf)
    assert g["rows"] == GRID


@pytest.mark.parametrize("total_apart", [False, True])
def test_group_labels_set_left_of_their_rows_are_rows_of_their_own(total_apart):
    """Evenly spaced rows, or with a total row set apart by extra space (then spacing also tells rows apart)."""
    grid = [["Group", "Cases", "Rate", "Share"], ["Sex", "", "", ""], ["Female", "200", "10.3", "48"],
            ["Male", "224", "17.6", "52"], ["Age", "", "", ""], ["Under 40", "80", "5.1", "19"],
            ["40 and over", "344", "21.0", "81"], ["Total", "424", "14.0", "100"]]
    pdf = _page()
    bottom = _lay_out(pdf, grid[:1], pitch=11.0, caption="Table 5. Cases by group")
    pdf.line(56, 140, 56 + sum(WIDTHS), 140)
    pdf.line(56, bottom, 56 + sum(WIDTHS), bottom)
    bottom = _lay_out(pdf, grid[1:-1], top=bottom, pitch=11.0, indent={1: 8, 2: 8, 4: 8, 5: 8})
    bottom = _lay_out(pdf, grid[-1:], top=bottom + (8 if total_apart else 0), pitch=11.0)
    pdf.line(56, bottom, 56 + sum(WIDTHS), bottom)
    (g,) = _grids(pdf)
    assert g["rows"] == grid


def test_a_header_spanning_its_columns_does_not_merge_them():
    grid = [["", "Total", "", "Public", ""], ["Year", "Boys", "Girls", "Boys", "Girls"]] + [
        [str(2000 + k), f"{51 + k},544", f"{37 + k},481", f"{45 + k},611", f"{32 + k},762"] for k in range(12)]
    pdf = _page()
    widths = (80, 70, 70, 70, 70)
    y = 120.0
    pdf.set_font("Helvetica", size=9)
    pdf.line(56, y, 56 + sum(widths), y)
    pdf.set_xy(56 + 80 + 40, y + 3)  # "Total" centred over columns 1-2, "Public" over 3-4
    pdf.cell(60, 12, "Total")
    pdf.set_xy(56 + 220 + 40, y + 3)
    pdf.cell(60, 12, "Public")
    pdf.line(56 + 84, y + 16, 56 + 216, y + 16)
    pdf.line(56 + 224, y + 16, 56 + 356, y + 16)
    bottom = _lay_out(pdf, grid[1:2], top=y + 18, widths=widths, pitch=11.0, rules="none")
    pdf.line(56, bottom + 1, 56 + sum(widths), bottom + 1)  # the rule under the header
    bottom = _lay_out(pdf, grid[2:], top=bottom + 2, widths=widths, pitch=11.0, rules="none")
    pdf.line(56, bottom + 1, 56 + sum(widths), bottom + 1)
    (g,) = _grids(pdf)
    assert g["rows"] == [["Year", "Total", "Total", "Public", "Public"]] + grid[1:]  # five columns, each value in
    # its own; the group labels over their columns, the stub head beside them


@pytest.mark.parametrize("underlined", [True, False])
def test_group_labels_over_their_columns(underlined):
    """Group labels are repeated over the columns under their rule, or else over the columns they are centred
    on; a wrapped header cell is not a group label."""
    widths = (90, 60, 60, 60, 60, 60, 60)
    grid = [["Area", "Cases", "Rate", "Share", "Cases", "Rate", "Share"]] + [
        [name, str(100 + k), f"{10 + k}.5", f"{20 + k}", str(50 + k), f"{5 + k}.1", f"{30 + k}"]
        for k, name in enumerate(["North", "South", "East", "West", "Centre"])]
    pdf = _page()
    pdf.set_font("Helvetica", size=9)
    top = 120.0
    pdf.line(56, top, 56 + sum(widths), top)
    for text, first in (("Women", 1), ("Men", 4)):
        x0 = 56 + sum(widths[:first])
        pdf.set_xy(x0 + 90 - pdf.get_string_width(text) / 2, top + 3)
        pdf.cell(pdf.get_string_width(text) + 1, 12, text)
        if underlined:
            pdf.line(x0 + 4, top + 15, x0 + 176, top + 15)
    bottom = _lay_out(pdf, grid[:1], top=top + 17, widths=widths, pitch=12.0, rules="none")
    pdf.line(56, bottom, 56 + sum(widths), bottom)  # the rule under the header
    bottom = _lay_out(pdf, grid[1:], top=bottom + 1, widths=widths, pitch=12.0, rules="none")
    pdf.line(56, bottom, 56 + sum(widths), bottom)
    (t,) = parse_pdf(bytes(pdf.output()), source="made.pdf").tables
    assert [c.text for c in t.header_grid[0]] == ["Area"] + ["Women"] * 3 + ["Men"] * 3
    (g,) = _grids(pdf)
    assert g["rows"][1:] == grid


def test_leader_dots_are_not_cells():
    pdf = _page()
    _lay_out(pdf, GRID, rules="horizontal", leaders=True, caption="Table 6. Sites by region")
    (g,) = _grids(pdf)
    assert g["rows"] == GRID


def test_rules_between_columns_only_still_give_one_row_per_line():
    """pdfplumber's lines strategy sees one tall cell per column; the rows are read from the text instead."""
    grid = GRID + [["Centre", "4", "30", "0.6"], ["Islands", "3", "12", "0.2"]]
    pdf = _page()
    _lay_out(pdf, grid, rules="columns", pitch=12.0, caption="Table 7. Sites by region")
    (t,) = parse_pdf(bytes(pdf.output()), source="made.pdf").tables
    assert t.strategy == "rules"
    assert [r.cells[0].text for r in t.rows] == ["North", "South", "East", "West", "Centre", "Islands"]


@pytest.mark.parametrize("n_rows", [8, 3])
def test_a_label_bridging_a_column_gap_does_not_widen_the_columns(n_rows):
    """A header label over several columns whose words straddle the gaps between them: the columns stay as
    the body lines set them, in a long table or a short one."""
    widths = (70, 36, 36, 36, 36, 36)
    grid = [["Share", "1.0", "1.1", "1.2", "1.3", "1.4"]] + [
        [f"0.{99 - 5 * k}"] + [f"{1800 - 100 * k + 10 * i:,}" for i in range(5)] for k in range(n_rows)]
    pdf = _page()
    pdf.set_font("Helvetica", size=9)
    top = 120.0
    pdf.line(56, top, 56 + sum(widths), top)
    for word, col in (("Treatment", 2), ("assignment", 4)):  # each from inside a column into the next
        x = 56 + sum(widths[:col]) + 4
        pdf.set_xy(x, top + 3)
        pdf.cell(pdf.get_string_width(word) + 1, 12, word)
    bottom = _lay_out(pdf, grid[:1], top=top + 16, widths=widths, pitch=12.0, rules="none")
    pdf.line(56, bottom, 56 + sum(widths), bottom)
    bottom = _lay_out(pdf, grid[1:], top=bottom + 1, widths=widths, pitch=12.0, rules="none")
    pdf.line(56, bottom, 56 + sum(widths), bottom)
    (g,) = _grids(pdf)
    assert g["rows"][-n_rows:] == grid[1:]
    assert [c.split()[-1] for c in g["rows"][-n_rows - 1]] == grid[0]  # the label sits in the header


def test_a_grid_ruled_in_its_header_only_reads_its_body_rows_from_the_text():
    """Rules box every header cell, but body rows have only rules between them and round the table: pdfplumber's
    lines strategy sees one wide cell a body row; the rows are read from the text instead."""
    pdf = _page()
    x0, top, pitch = 56.0, 140.0, 18.0
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(x0, 120)
    pdf.cell(300, 12, "Table 8. Sites by region")
    pdf.set_font("Helvetica", size=9)
    for k, row in enumerate(GRID):
        y = top + k * pitch
        x = x0
        for w, text in zip(WIDTHS, row):
            pdf.set_xy(x + 3, y + 3)
            pdf.cell(w - 6, 12, text)
            if k == 0:
                pdf.rect(x, y, w, pitch)
            x += w
        pdf.line(x0, y + pitch, x0 + sum(WIDTHS), y + pitch)
    bottom = top + len(GRID) * pitch
    pdf.line(x0, top, x0, bottom)
    pdf.line(x0 + sum(WIDTHS), top, x0 + sum(WIDTHS), bottom)
    (g,) = _grids(pdf)
    assert g["rows"] == GRID


def test_double_rules_are_one_rule():
    """A double rule over the table and under its header: the header is what lies between them."""
    pdf = _page()
    grid = [["Region", "Sites", "Staff", "Budget"], ["(name)", "(count)", "(people)", "(millions)"]] + GRID[1:]
    bottom = _lay_out(pdf, grid[:2], caption="Table 9. Sites by region")
    for y in (140, bottom):
        pdf.line(56, y, 56 + sum(WIDTHS), y)
        pdf.line(56, y + 2, 56 + sum(WIDTHS), y + 2)
    bottom = _lay_out(pdf, grid[2:], top=bottom + 2)
    pdf.line(56, bottom, 56 + sum(WIDTHS), bottom)
    (t,) = parse_pdf(bytes(pdf.output()), source="made.pdf").tables
    assert [c.text for c in t.header] == ["Region (name)", "Sites (count)", "Staff (people)", "Budget (millions)"]
    assert [r.cells[0].text for r in t.rows] == ["North", "South", "East", "West"]


def test_two_column_rows_at_one_pitch_are_rows():
    grid = [["Term", "Meaning"], ["Site", "A place where staff work"], ["Staff", "People paid to work there"],
            ["Budget", "Money set aside for a year"], ["Region", "A group of nearby sites"]]
    pdf = _page()
    _lay_out(pdf, grid, widths=(120, 290), rules="horizontal", pitch=11.0, caption="Table 10. Terms")
    (g,) = _grids(pdf)
    assert g["rows"] == grid


def test_a_table_with_neither_caption_nor_rules_between_paragraphs():
    grid = [["Age group", "Share"], ["20-29", "0.2650"], ["30-39", "0.2046"], ["40-49", "0.1477"],
            ["50-59", "0.1514"]]
    pdf = _page()
    bottom = _lay_out(pdf, grid, widths=(120, 80), pitch=13.0)
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(56, bottom + 20)
    pdf.multi_cell(480, 13, PROSE)
    (t,) = parse_pdf(bytes(pdf.output()), source="made.pdf").tables
    assert t.strategy == "whitespace" and t.label == "Table ?1"
    (g,) = _grids(pdf)
    assert g["rows"] == grid


def test_figure_captions_side_by_side_are_not_a_table():
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for x, text in ((56, "FIGURE 2. Mean rate by year, all sites and all staff groups, 2001 to 2010"),
                    (306, "FIGURE 3. Share of budget by region and by year, 2001 to 2010")):
        pdf.set_xy(x, 120)
        pdf.multi_cell(70, 11, text, align="L")
    assert _grids(pdf) == []


def test_rotated_axis_titles_are_not_a_table():
    """Text set at 90 degrees comes out letter by letter, one letter a line: two axis titles side by side."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for x, text in ((80, "Number of sites"), (300, "Number of staff")):
        with pdf.rotation(90, x, 300):
            pdf.text(x, 300, text)
    assert _grids(pdf) == []
