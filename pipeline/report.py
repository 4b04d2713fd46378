"""The evidence table: one row per study arm, from the stored extractions (Markdown or CSV)."""
from __future__ import annotations

import csv
import io
import re

from schemas.document import Document

COLUMNS = ("author", "year", "phase", "n", "regimen", "orr_pct", "dcr_pct", "pfs_median_months",
           "os_median_months", "source")
HEADERS = {"author": "Author", "year": "Year", "phase": "Phase", "n": "N", "regimen": "Regimen",
           "orr_pct": "ORR %", "dcr_pct": "DCR %", "pfs_median_months": "mPFS (m)", "os_median_months": "mOS (m)",
           "source": "Source"}
PHASE = re.compile(r"\bPhase\s+(I{1,3}V?|IV)\b", re.I)


def _author(doc: Document) -> str | None:
    if not doc.authors:
        return None
    first = doc.authors[0]
    name = first.collective_name or " ".join(p for p in (first.last_name, first.initials) if p)
    return name + (" et al" if len(doc.authors) > 1 else "")


def _phase(doc: Document) -> str | None:
    for text in doc.publication_types + [doc.title or ""]:
        m = PHASE.search(text)
        if m:
            return m.group(1).upper()
    return None


def _median(arm: dict, end: str):
    if arm.get(f"{end}_not_reached"):
        return "NR"
    return arm.get(f"{end}_median_months")


def arm_rows(pairs) -> list[dict]:
    """``pairs`` of (DocumentRow, ExtractionRow) -> table rows, one per arm."""
    rows = []
    for doc_row, ext in pairs:
        doc = Document.model_validate(doc_row.data)
        source = f"PMID {doc_row.pmid}" if doc_row.pmid else (f"doi:{doc_row.doi}" if doc_row.doi else f"#{doc_row.id}")
        for arm in ext.summary.get("arms") or []:
            rows.append({"author": _author(doc), "year": doc.year, "phase": _phase(doc),
                         "n": arm.get("n") if arm.get("n") is not None else (ext.summary.get("n_enrolled") if arm.get("pooled") else None),
                         "regimen": arm.get("regimen"), "orr_pct": arm.get("orr_pct"), "dcr_pct": arm.get("dcr_pct"),
                         "pfs_median_months": _median(arm, "pfs"), "os_median_months": _median(arm, "os"),
                         "source": source, "document_id": doc_row.id, "title": doc.title})
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS[c] for c in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(_cell(r[c]).replace("|", "/") for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([HEADERS[c] for c in COLUMNS])
    for r in rows:
        w.writerow([_cell(r[c]) for c in COLUMNS])
    return buf.getvalue()
