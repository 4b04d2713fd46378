"""PDF ingestion: fetch (files, folders, URLs with a disk cache), parse with pdfplumber (reading order, sections,
ids, tables) and turn results tables into review-table rows.

    from pipeline.pdf import parse_pdf, table_rows
    parsed = parse_pdf("sample_docs/pdf/seed_review_003.pdf")
    rows = table_rows(parsed)
"""
from __future__ import annotations

from pipeline.pdf.fetch import cached_pdf, expand_sources, fetch_pdf, fetch_url, read_pdf_file
from pipeline.pdf.model import (
    Block, Cell, CorruptPdfError, EmptyPdfError, EncryptedPdfError, FetchedPdf, NotAPdfError, PageInfo, ParsedPdf,
    PdfError, PdfTooLargeError, PdfWarning, Row, Section, Table,
)
from pipeline.pdf.parse import parse_many, parse_pdf


def table_dict(table: Table) -> dict:
    """A Table as the plain dict that ``extractors.tables`` reads, and that a Document keeps as a
    ``schemas.document.TableGrid``."""
    from dataclasses import asdict

    return asdict(table)


def table_rows(parsed: ParsedPdf) -> list[dict]:
    """Every row of every table as review-table rows (one per row and arm), with page and cell bbox evidence."""
    from extractors.tables import rows_from_table

    out: list[dict] = []
    for t in parsed.tables:
        for row in rows_from_table(table_dict(t)):
            row["source"] = parsed.source
            out.append(row)
    return out


def table_grids(parsed: ParsedPdf) -> list[dict]:
    """Every table as a plain grid, one dict per table and page: ``{"file", "page", "bbox", "rows"}`` with ``file``
    the PDF's base name, ``bbox`` the table's region on that page and ``rows`` lists of cell texts (header rows
    first, a group label repeated over its columns; a section label is a row of its own, in the first column).
    Nothing is interpreted."""
    import os

    out: list[dict] = []
    for t in parsed.tables:
        per_page: dict[int, list[list[str]]] = {p: [] for p in t.pages}
        per_page[t.pages[0]].extend([c.text for c in row] for row in (t.header_grid or [t.header]))
        section: str | None = None
        for r in t.rows:
            page = next((c.page for c in r.cells if c.text), t.pages[0])
            grid = per_page.setdefault(page, [])
            if r.section and r.section != section:
                grid.append([r.section] + [""] * (len(r.cells) - 1))
            section = r.section
            grid.append([c.text for c in r.cells])
        for page, rows in per_page.items():
            if any(any(c for c in row) for row in rows):
                bbox = t.bbox.get(page)
                out.append({"file": os.path.basename(parsed.source), "page": page,
                            "bbox": [round(v, 2) for v in bbox] if bbox else None, "rows": rows})
    return out


__all__ = [
    "parse_pdf", "parse_many", "table_rows", "table_grids", "table_dict", "fetch_pdf", "fetch_url", "read_pdf_file", "cached_pdf",
    "expand_sources", "ParsedPdf", "Table", "Row", "Cell", "Block", "Section", "PageInfo", "PdfWarning", "FetchedPdf",
    "PdfError", "NotAPdfError", "EncryptedPdfError", "CorruptPdfError", "EmptyPdfError", "PdfTooLargeError",
]
