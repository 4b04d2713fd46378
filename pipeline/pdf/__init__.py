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
    """A Table as the plain dict that ``extractors.tables`` reads."""
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


__all__ = [
    "parse_pdf", "parse_many", "table_rows", "table_dict", "fetch_pdf", "fetch_url", "read_pdf_file", "cached_pdf",
    "expand_sources", "ParsedPdf", "Table", "Row", "Cell", "Block", "Section", "PageInfo", "PdfWarning", "FetchedPdf",
    "PdfError", "NotAPdfError", "EncryptedPdfError", "CorruptPdfError", "EmptyPdfError", "PdfTooLargeError",
]
