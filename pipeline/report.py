"""The evidence table: one row per study arm, from the stored values in force, as Markdown, CSV, XLSX or HTML.

A row is an arm of a document (the arms of its extraction summary, then any other arm a value names):
author, year, phase, N, regimen, ORR, DCR, median PFS and OS, the source (PMID / DOI with its address and
the abstract sentences the values come from) and a status. Each value is the one in force: a curator's
value after accept / correct, else the extracted one; rejected values are left out unless asked for.
The HTML page is one self-contained file (inline CSS, no scripts) showing each value's evidence sentence.
"""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import datetime, timezone
from pathlib import Path

from pipeline.validate import arm_key, cell_text, fmt, split_key
from schemas.document import Document
from schemas.findings import POOLED_LABEL
from schemas.review import STATUSES

FORMATS = ("md", "csv", "xlsx", "html")
COLUMNS = ("author", "year", "phase", "n", "regimen", "orr_pct", "dcr_pct", "pfs_median_months",
           "os_median_months", "source", "status")
VALUE_COLUMNS = ("n", "orr_pct", "dcr_pct", "pfs_median_months", "os_median_months")
HEADERS = {"author": "Author", "year": "Year", "phase": "Phase", "n": "N", "regimen": "Regimen",
           "orr_pct": "ORR %", "dcr_pct": "DCR %", "pfs_median_months": "mPFS (m)", "os_median_months": "mOS (m)",
           "source": "Source", "status": "Status", "link": "Link"}
METRIC_OF = {"n": "n", "orr_pct": "orr", "dcr_pct": "dcr", "pfs_median_months": "pfs_median",
             "os_median_months": "os_median"}
#: What ``--status`` keeps: "accepted" means trusted values, accepted as extracted or curated.
STATUS_FILTERS = {"accepted": {"accepted", "curated"}, "curated": {"curated"}, "needs_review": {"needs_review"},
                  "rejected": {"rejected"}}
DEFAULT_STATUSES = frozenset({"accepted", "curated", "needs_review"})
PHASE = re.compile(r"\bPhase\s+(I{1,3}V?|IV)\b", re.I)
#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"): = + - @, and tab / CR before them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a number as written ("-0.5", "+3", "1e-3"): a spreadsheet reads it as a number, not a formula
_NUMBER_TEXT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


# ---- spreadsheet cells -----------------------------------------------------------------------------------
def formula_like(value) -> bool:
    """Would a spreadsheet run this text as a formula? Text from the sources (a title, an author, an arm) that
    starts with = + - @ (or tab / CR) does, unless it is a plain number such as "-0.5"."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER_TEXT.match(value)


def csv_cell(value) -> str:
    """A value as a CSV cell that no spreadsheet runs: formula-like text gets a leading single quote
    ("'=HYPERLINK(...)", shown as text); numbers and other text are written as ``cell_text`` writes them.
    ``pipeline.review`` strips the quote again when it reads its own export back."""
    return "'" + value if formula_like(value) else cell_text(value)


def xlsx_append(ws, values: list) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text: openpyxl makes a formula of any
    string starting with "=" (an XLSX string cell is never run, whatever it starts with). Numbers stay numbers."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


# ---- documents ------------------------------------------------------------------------------------------
def document_ref(doc_row) -> str:
    """How a document is cited: 'PMID 123', 'doi:10.x/y' or '#store-id'."""
    if doc_row.pmid:
        return f"PMID {doc_row.pmid}"
    return f"doi:{doc_row.doi}" if doc_row.doi else f"#{doc_row.id}"


def document_link(doc_row) -> str | None:
    """The PubMed page, else the DOI address, else None."""
    if doc_row.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{doc_row.pmid}/"
    return f"https://doi.org/{doc_row.doi}" if doc_row.doi else None


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


def _sentence_numbers(doc: Document, findings) -> dict[int, int]:
    """Abstract sentence number (1-based) of each finding id."""
    from extractors.text import split_sentences

    spans = split_sentences(doc.abstract_text)
    out = {}
    for f in findings:
        for i, (s, e) in enumerate(spans, 1):
            if s <= f.evidence_start < e:
                out[f.id] = i
                break
    return out


def _ranges(numbers: list[int]) -> str:
    numbers, parts = sorted(set(numbers)), []
    for n in numbers:
        if parts and parts[-1][1] == n - 1:
            parts[-1][1] = n
        else:
            parts.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in parts)


# ---- rows -----------------------------------------------------------------------------------------------
def _cell(f, sentence_no: int | None) -> dict:
    in_force = (f.curated_value, f.curated_not_reached) if f.decision in ("accept", "correct") else (f.value, f.not_reached)
    s0 = f.sentence_start or 0
    return {"value": in_force[0], "not_reached": bool(in_force[1]), "text": fmt(*in_force), "status": f.status,
            "extracted": fmt(f.value, f.not_reached), "item_id": f.item_id, "metric": f.metric,
            "evidence": f.evidence_text, "start": max(f.evidence_start - s0, 0), "end": max(f.evidence_end - s0, 0),
            "sentence": sentence_no, "where": f.source_field or "abstract", "reasons": f.reasons or []}


def evidence_rows(evidence, *, statuses: set[str] | None = None, query: str | None = None) -> list[dict]:
    """Table rows from ``Store.evidence()``: one per arm, values in force with their status and evidence.

    ``statuses``: keep values with these statuses (default: all but rejected); rows left with no value go.
    ``query``: keep rows whose regimen (or its drugs), author, title or source contains the text (any case).
    """
    keep = set(statuses) if statuses else set(DEFAULT_STATUSES)
    rows = []
    for doc_row, ext, findings in evidence:
        doc = Document.model_validate(doc_row.data)
        numbers = _sentence_numbers(doc, findings)
        by_arm: dict[str, dict[str, list]] = {}
        labels: dict[str, str] = {}
        components: dict[str, list] = {}
        for arm in (ext.summary.get("arms") or []) if ext is not None else []:
            key = arm_key(arm.get("pooled"), arm.get("components"), arm.get("regimen"))
            by_arm.setdefault(key, {})
            labels.setdefault(key, arm.get("regimen") or key)
            components.setdefault(key, list(arm.get("components") or []))
        enrolled = []
        for f in findings:
            arm_part, subgroup = split_key(f.finding_key)
            if f.metric == "n_enrolled":
                enrolled.append(f)
            if subgroup or f.metric not in METRIC_OF.values() or arm_part == "document":
                continue
            by_arm.setdefault(arm_part, {}).setdefault(f.metric, []).append(f)
            labels.setdefault(arm_part, f.arm or (POOLED_LABEL if f.pooled else arm_part))
            components.setdefault(arm_part, list(f.arm_components or []))
        base = {"author": _author(doc), "year": doc.year, "phase": _phase(doc), "source": document_ref(doc_row),
                "link": document_link(doc_row), "document_id": doc_row.id, "title": doc.title}
        for arm_part, metrics in by_arm.items():
            if arm_part == "pooled" and "n" not in metrics and enrolled:
                metrics = {**metrics, "n": enrolled}
            cells = {}
            for col in VALUE_COLUMNS:
                candidates = [f for f in metrics.get(METRIC_OF[col], []) if f.status in keep]
                if candidates:
                    cells[col] = _cell(candidates[0], numbers.get(candidates[0].id))
            if not cells and (statuses or metrics):
                continue
            row = {**base, "regimen": labels[arm_part], "components": " + ".join(components.get(arm_part) or []),
                   "cells": cells}
            cited = next((f for fs in metrics.values() for f in fs if f.cited_study), None)
            if cited is not None:  # a review's table row: the study it reports, and where in the review
                place = (cited.location or "").split(",")[0]
                row.update(author=cited.cited_study, year=cited.cited_year, phase=cited.cited_phase,
                           source=f"{base['source']} {place}, p. {cited.page}" if cited.page else base["source"])
            for col in VALUE_COLUMNS:
                row[col] = cells[col]["value"] if col in cells else None
                if col in cells and cells[col]["not_reached"]:
                    row[col] = "not reached"
            row["status"] = next((s for s in ("needs_review", "curated", "accepted", "rejected")
                                  if any(c["status"] == s for c in cells.values())), None)
            sentences = [c["sentence"] for c in cells.values() if c["sentence"] and c["where"] == "abstract"]
            places = [f"abstract sentence{'s' if len(set(sentences)) > 1 else ''} {_ranges(sentences)}"] if sentences else []
            places += sorted({c["where"] for c in cells.values() if c["where"] != "abstract"})  # body, table
            row["where"] = ", ".join(places) or None
            rows.append(row)
    if query:
        q = query.lower()
        rows = [r for r in rows if any(q in str(r.get(k) or "").lower()
                                       for k in ("regimen", "components", "author", "title", "source"))]
    return rows


def _source_text(r: dict) -> str:
    return r["source"] + (f", {r['where']}" if r.get("where") else "")


def _flat(r: dict) -> list[str]:
    return [_source_text(r) if c == "source" else cell_text(r[c]) for c in COLUMNS]


def _typed(r: dict) -> list:
    """A row's cells for a spreadsheet: numbers (N, the values, the year) as numbers, the rest as text or None."""
    return [r[c] if c in VALUE_COLUMNS or c == "year" else _source_text(r) if c == "source" else r[c] or None
            for c in COLUMNS]


# ---- formats --------------------------------------------------------------------------------------------
def to_markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS[c] for c in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(v.replace("|", "/") for v in _flat(r)) + " |")
    return "\n".join(lines) + "\n"


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([HEADERS[c] for c in COLUMNS] + [HEADERS["link"]])
    for r in rows:
        w.writerow([csv_cell(v) for v in _typed(r)] + [csv_cell(r.get("link"))])
    return buf.getvalue()


_FILLS = {"accepted": "E6F4EA", "curated": "E3ECFA", "needs_review": "FFF4CE", "rejected": "F8D7DA"}


def to_xlsx(rows: list[dict], path: str | Path) -> None:
    """An XLSX workbook: the table, each value's cell coloured by status with its evidence as a comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "evidence"
    ws.append([HEADERS[c] for c in COLUMNS] + [HEADERS["link"]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, r in enumerate(rows, 2):
        xlsx_append(ws, _typed(r) + [r.get("link")])
        for j, c in enumerate(COLUMNS, 1):
            cell = r["cells"].get(c)
            if cell:
                target = ws.cell(row=i, column=j)
                target.fill = PatternFill("solid", fgColor=_FILLS.get(cell["status"], "FFFFFF"))
                target.comment = Comment(f"{cell['status']}: {cell['evidence']}"[:2000], "evidence")
        if r.get("link"):
            ws.cell(row=i, column=COLUMNS.index("source") + 1).hyperlink = r["link"]
    for j, width in enumerate((22, 6, 6, 6, 40, 7, 7, 9, 9, 40, 13, 40), 1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}p.meta{color:#5b6475;margin:0 0 14px}
table{border-collapse:collapse;width:100%}th,td{padding:6px 8px;vertical-align:top;text-align:left}
thead th{background:#243b53;color:#fff;position:sticky;top:0;font-weight:600}
tr.arm td{border-top:2px solid #cfd6e0}td.v{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
td.v.accepted{background:#e6f4ea}td.v.curated{background:#e3ecfa}td.v.needs_review{background:#fff4ce}
td.v.rejected{background:#f8d7da;text-decoration:line-through}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:600}
.badge.accepted{background:#c9ebd3;color:#145c2e}.badge.curated{background:#cddcf6;color:#173f7a}
.badge.needs_review{background:#ffe69c;color:#664d03}.badge.rejected{background:#f1aeb5;color:#58151c}
tr.ev td{padding:0 8px 10px 24px;color:#39414f;font-size:12.5px;border-top:0}
tr.ev ul{margin:0;padding-left:14px}tr.ev li{margin:2px 0}mark{background:#ffe08a;padding:0 1px}
.tag{display:inline-block;min-width:44px;font-weight:600;color:#243b53}small{color:#5b6475}
.legend span{margin-right:10px}a{color:#1b5fb5}
"""


def _marked(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence, escaped, with each value's span in <mark> (spans that overlap are merged)."""
    out, pos = [], 0
    for start, end, title in sorted(spans):
        if start < pos or end > len(sentence) or end <= start:
            continue
        out.append(html.escape(sentence[pos:start]))
        out.append(f'<mark title="{html.escape(title)}">{html.escape(sentence[start:end])}</mark>')
        pos = end
    out.append(html.escape(sentence[pos:]))
    return "".join(out)


def to_html(rows: list[dict], *, title: str = "Evidence table") -> str:
    """One self-contained HTML page: the table, each arm followed by the sentences its values come from."""
    e = html.escape
    counts: dict[str, int] = {}
    for r in rows:
        for c in r["cells"].values():
            counts[c["status"]] = counts.get(c["status"], 0) + 1
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    legend = " ".join(f'<span><span class="badge {s}">{s.replace("_", " ")}</span> {counts.get(s, 0)}</span>'
                      for s in STATUSES)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(title)}</h1>",
           f'<p class="meta">{len(rows)} arm(s), generated {when}. Values in force: a curator\'s value after '
           f'review, else the extracted one. <span class="legend">{legend}</span></p>',
           "<table><thead><tr>" + "".join(f"<th>{e(HEADERS[c])}</th>" for c in COLUMNS) + "</tr></thead><tbody>"]
    for r in rows:
        tds = []
        for c in COLUMNS:
            cell = r["cells"].get(c)
            if c in VALUE_COLUMNS:
                if cell:
                    tip = f"{cell['status']}; extracted {cell['extracted'] or '-'}: {cell['evidence']}"
                    tds.append(f'<td class="v {e(cell["status"])}" data-item="{e(cell["item_id"] or "")}" '
                               f'title="{e(tip)}">{e(cell_text(r[c]))}</td>')
                else:
                    tds.append('<td class="v"></td>')
            elif c == "source":
                ref = e(r["source"])
                link = f'<a href="{e(r["link"])}">{ref}</a>' if r.get("link") else ref
                tds.append(f"<td>{link}{'<br><small>' + e(r['where']) + '</small>' if r.get('where') else ''}</td>")
            elif c == "status":
                tds.append(f'<td><span class="badge {e(r["status"])}">{e(r["status"].replace("_", " "))}</span></td>'
                           if r["status"] else "<td></td>")
            else:
                tds.append(f"<td>{e(cell_text(r[c]))}</td>")
        out.append('<tr class="arm">' + "".join(tds) + "</tr>")
        sentences: dict[str, list[tuple[int, int, str, str]]] = {}
        for c in VALUE_COLUMNS:
            cell = r["cells"].get(c)
            if cell and cell["evidence"]:
                shown = cell["text"] or ""
                if cell["text"] != cell["extracted"]:
                    shown += f" (curated; extracted {cell['extracted'] or 'none'})"
                sentences.setdefault(cell["evidence"], []).append((cell["start"], cell["end"], HEADERS[c], shown))
        if sentences:
            items = []
            for sentence, spans in sentences.items():
                tags = ", ".join(f"{h} {v}" for _, _, h, v in spans)
                items.append(f'<li><span class="tag">{e(tags)}</span> &ldquo;'
                             f'{_marked(sentence, [(s, t, h) for s, t, h, _ in spans])}&rdquo;</li>')
            out.append(f'<tr class="ev"><td colspan="{len(COLUMNS)}"><ul>{"".join(items)}</ul></td></tr>')
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"


def write_table(rows: list[dict], fmt_: str, out: str | Path | None) -> str | None:
    """Render ``rows`` as ``fmt_``; write to ``out`` (required for xlsx) or return the text."""
    if fmt_ == "xlsx":
        if out is None:
            raise ValueError("xlsx needs an output file")
        to_xlsx(rows, out)
        return None
    text = {"md": to_markdown, "csv": to_csv, "html": to_html}[fmt_](rows)
    if out is not None:
        Path(out).write_text(text, encoding="utf-8")
        return None
    return text


def status_set(names) -> set[str] | None:
    """The statuses a ``--status`` list keeps (None: the default, all but rejected)."""
    if not names:
        return None
    keep: set[str] = set()
    for n in names:
        keep |= STATUS_FILTERS[n]
    return keep
