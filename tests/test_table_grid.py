"""Tables of any kind as plain grids (``table_grids``, ``evidence pdf tables --grid``), from small PDFs made here
with fpdf2 in several layouts: full grid of rules, horizontal rules only, whitespace only; with and without a
caption. Cell texts are made up for the tests."""
from __future__ import annotations

import json

from click.testing import CliRunner
from fpdf import FPDF

from pipeline.cli import main
from pipeline.pdf import parse_pdf, table_grids

GRID = [["Region", "Sites", "Staff", "Budget"],
        ["North", "12", "140", "2.4"],
        ["South", "9", "95", "1.8"],
        ["East", "15", "210", "3.1"],
        ["West", "7", "60", "1.2"]]


def _page(prose_above: bool = True) -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    if prose_above:
        pdf.set_xy(56, 56)
        pdf.multi_cell(480, 13, "A paragraph of ordinary prose above the table. It runs across the whole width "
                                "of the page and says nothing a table would say, then it ends here.")
    return pdf


def _lay_out(pdf: FPDF, grid, x0=56.0, top=120.0, widths=(140, 90, 90, 90), pitch=18.0, rules="none",
             caption: str | None = None):
    """Write ``grid`` at (x0, top): rules "grid" (every cell boxed), "horizontal" (top, under the header, bottom)
    or "none"; an optional caption line above."""
    y = top
    if caption:
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_xy(x0, y)
        pdf.cell(300, 12, caption)
        y += 20
    pdf.set_font("Helvetica", size=9)
    width = sum(widths)
    if rules == "horizontal":
        pdf.line(x0, y, x0 + width, y)
    for k, row in enumerate(grid):
        x = x0
        for w, text in zip(widths, row):
            pdf.set_xy(x + 3, y + 3)
            pdf.cell(w - 6, 12, text)
            if rules == "grid":
                pdf.rect(x, y, w, pitch)
            x += w
        y += pitch
        if rules == "horizontal" and k in (0, len(grid) - 1):
            pdf.line(x0, y, x0 + width, y)
    return y


def _pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def test_cli_writes_grids_and_goes_on_past_a_bad_file(tmp_path):
    pdf = _page()
    _lay_out(pdf, GRID, rules="grid", caption="Table 1. Sites by region")
    src = tmp_path / "ruled.pdf"
    src.write_bytes(_pdf_bytes(pdf))
    out = tmp_path / "grid.jsonl"
    result = CliRunner().invoke(main, ["pdf", "tables", str(src), str(tmp_path / "missing.pdf"), "--grid",
                                       "--output", str(out)])
    assert result.exit_code == 3, result.output
    assert "missing.pdf" in result.output
    (line,) = [json.loads(s) for s in out.read_text().splitlines()]
    assert line["file"] == "ruled.pdf" and line["page"] == 1 and len(line["bbox"]) == 4
    assert line["rows"] == GRID
