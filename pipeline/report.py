"""The evidence table: one row per study arm, from the stored values in force, as Markdown, CSV, XLSX or HTML.

A row is an arm of a document (the arms of its extraction summary, then any other arm a value names):
author, year, phase, N, regimen, ORR, DCR, median PFS and OS, the source (PMID / DOI with its address and
the abstract sentences the values come from) and a status. Each value is the one in force: a curator's
value after accept / correct, else the extracted one; rejected values are left out unless asked for.
The HTML page is one self-contained file (inline CSS, no scripts) showing each value's evidence sentence.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone
from pathlib import Path

from pipeline.validate import cell_text, fmt
from schemas.document import Document
from schemas.fact_key import arm_and_subgroup, arm_key
from schemas.findings import POOLED_LABEL
from schemas.metrics import METRICS
from schemas.review import STATUSES, curated

FORMATS = ("md", "csv", "xlsx", "html")
#: value columns: every registry metric with an evidence-table column (``schemas.metrics``), in registry order
METRIC_OF = {m.column: m.name for m in METRICS.values() if m.column}
VALUE_COLUMNS = tuple(METRIC_OF)
COLUMNS = ("author", "year", "phase", "n", "regimen") + tuple(c for c in VALUE_COLUMNS if c != "n") + ("source", "status")
HEADERS = {"author": "Author", "year": "Year", "phase": "Phase", "regimen": "Regimen",
           **{m.column: m.header for m in METRICS.values() if m.column},
           "source": "Source", "status": "Status", "link": "Link", "disagreements": "Sources disagree"}
COLUMN_OF = {metric: col for col, metric in METRIC_OF.items()}
#: CSV and XLSX add a column naming the values whose sources disagree, with both values and where each is.
SHEET_COLUMNS = COLUMNS + ("disagreements",)
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
    in_force = curated(f) or (f.value, bool(f.not_reached))  # a rejected value (shown when asked for): as extracted
    s0 = f.sentence_start or 0
    return {"value": in_force[0], "not_reached": bool(in_force[1]), "text": fmt(*in_force), "status": f.status,
            "extracted": fmt(f.value, f.not_reached), "item_id": f.item_id, "metric": f.metric,
            "evidence": f.evidence_text, "start": max(f.evidence_start - s0, 0), "end": max(f.evidence_end - s0, 0),
            "sentence": sentence_no, "where": f.source_field or "abstract", "reasons": f.reasons or []}


def _place(cell: dict) -> str:
    """Where in its document a value is: 'abstract sentence 4', 'body', 'Table 1, row 13, p. 6'."""
    if cell.get("table_place"):
        return cell["table_place"]
    if cell["where"] == "abstract" and cell["sentence"]:
        return f"abstract sentence {cell['sentence']}"
    return cell["where"]


def _places(cells: list[dict]) -> str | None:
    """The places of one document's values in a row: 'abstract sentences 2, 6-7, body'."""
    sentences = [c["sentence"] for c in cells
                 if c["sentence"] and c["where"] == "abstract" and not c.get("table_place")]
    places = [f"abstract sentence{'s' if len(set(sentences)) > 1 else ''} {_ranges(sentences)}"] if sentences else []
    places += sorted({c["where"] for c in cells if c["where"] not in ("abstract", "table")})  # body
    places += list(dict.fromkeys(c["table_place"] for c in cells if c.get("table_place")))
    places += ["table"] if any(c["where"] == "table" and not c.get("table_place") for c in cells) else []
    return ", ".join(places) or None


def _document_entries(doc_row, ext, findings, linking) -> list[tuple[tuple, str, dict, dict]]:
    """A document's values as (row key, column, cell, row facts): the row key is (study, arm, subgroup);
    a review's table row goes to its study's arm, at the level of the paper its value agrees with."""
    paper = linking.papers.get(doc_row.id)
    doc = paper.doc if paper is not None else Document.model_validate(doc_row.data)  # read once, by plan()
    numbers = _sentence_numbers(doc, findings)
    study = linking.paper_study.get(doc_row.id, f"document:{doc_row.id}")
    ref = document_ref(doc_row)
    facts = {"author": _author(doc), "year": doc.year, "phase": _phase(doc), "ref": ref, "link": document_link(doc_row),
             "document_id": doc_row.id, "title": doc.title, "paper": True}
    out = []
    for arm in (ext.summary.get("arms") or []) if ext is not None else []:  # the summary's order and labels
        key = arm_key(arm.get("pooled"), arm.get("components"), arm.get("regimen"))
        out.append(((study, key, ""), None, None, {**facts, "regimen": arm.get("regimen") or key,
                                                   "components": list(arm.get("components") or [])}))
    enrolled = [f for f in findings if f.metric == "n_enrolled"]
    has_n = {arm_and_subgroup(f.finding_key) for f in findings if f.metric == "n"}
    for f in findings:
        arm_part, subgroup = arm_and_subgroup(f.finding_key)
        metric = f.metric if f.metric in METRIC_OF.values() else None
        if arm_part == "pooled" and f.metric != "n" and ("pooled", "") not in has_n and enrolled and not subgroup:
            has_n.add(("pooled", ""))  # a pooled row without its own N shows the number enrolled
            out.append(((study, "pooled", ""), "n", _cell(enrolled[0], numbers.get(enrolled[0].id)), {
                **facts, "regimen": POOLED_LABEL, "components": []}))
        if metric is None or arm_part == "document":
            continue
        cell = _cell(f, numbers.get(f.id))
        col = COLUMN_OF[metric]
        label = f.arm or (POOLED_LABEL if f.pooled else arm_part)
        row_facts = {**facts, "regimen": label, "components": list(f.arm_components or [])}
        if not f.cited_study:
            label_sub = " ".join((f.subgroup or "").split()) if subgroup else ""
            out.append(((study, arm_part, subgroup), col, cell, {**row_facts, "subgroup": label_sub or None}))
            continue
        # a review's table row: the study it reports, and where in the review
        place = ",".join((f.location or "").split(",")[:2])
        cell["table_place"] = f"{place}, p. {f.page}" if f.page else place
        row_facts.update(author=f.cited_study, year=f.cited_year, phase=f.cited_phase, paper=False)
        lk = linking.link_of(doc_row.id, arm_part)
        if lk is None or lk.paper is None:  # no paper: rows of the review printing the same values are one
            level = "values:" + (_signature(lk) if lk else arm_part)
            out.append(((lk.study if lk else study, arm_key(False, f.arm_components, f.arm), level), col, cell,
                        {**row_facts, "table": place.split(",")[0]}))
            continue
        check = next((c for c in lk.checks if c.value.finding is not None and c.value.finding.id == f.id), None)
        target_arm = lk.arm or arm_key(False, f.arm_components, f.arm)
        if check is not None and check.verdict == "agrees":
            out.append(((lk.study, target_arm, check.level or ""), col, cell, row_facts))
        else:
            if check is not None and check.verdict == "disagrees":
                cell["disagrees"] = check.note
            out.append(((lk.study, target_arm, ""), col, cell, row_facts))
        if f.metric == "n":  # the values the row prints in parentheses, once per row: sources of their subgroup
            for c in lk.checks:
                if c.value.subset and c.level:
                    v = c.value
                    extra = {**cell, "value": v.value, "not_reached": v.not_reached, "text": fmt(v.value, v.not_reached),
                             "extracted": fmt(v.value, v.not_reached), "item_id": None, "metric": v.metric,
                             "start": 0, "end": 0, "status": None, "subset": True,
                             "table_place": cell["table_place"]}
                    if c.verdict == "disagrees":
                        extra["disagrees"] = c.note
                    out.append(((lk.study, target_arm, c.level), COLUMN_OF[v.metric], extra, row_facts))
    return out


def _signature(lk) -> str:
    """The values a review row prints, as text: rows of one study printing the same values are one row."""
    return ";".join(sorted(f"{v.metric}={fmt(v.value, v.not_reached)}" for v in lk.row.values if not v.subset))


def evidence_rows(evidence, *, statuses: set[str] | None = None, query: str | None = None) -> list[dict]:
    """Table rows from ``Store.evidence()``: one per study arm (and subgroup), values in force with their
    status, every source of each value, and the sources that disagree.

    A study is a paper with the review table rows linked to it (``pipeline.link``); a review row whose paper
    is not in the store is a study of its own, so the same trial in two tables of a review is one row.
    Each value shows the paper's reading when there is one, else the review's; the others are its sources
    (``cell["sources"]``), and those with another value are ``cell["disagree"]``.
    ``statuses``: keep values with these statuses (default: all but rejected); rows left with no value go.
    ``query``: keep rows whose regimen (or its drugs), author, title or source contains the text (any case).
    """
    from pipeline.link import plan

    evidence = list(evidence)
    linking = plan(evidence)
    keep = set(statuses) if statuses else set(DEFAULT_STATUSES)
    grouped: dict[tuple, dict] = {}
    for doc_row, ext, findings in evidence:
        for key, col, cell, facts in _document_entries(doc_row, ext, findings, linking):
            g = grouped.setdefault(key, {"facts": [], "cols": {}})
            if facts["paper"] and not any(x["paper"] for x in g["facts"]):
                g["facts"].insert(0, facts)  # the paper describes the study better than a review citing it
            else:
                g["facts"].append(facts)
            if col is not None:
                cell.update(ref=facts["ref"], paper=facts["paper"], link=facts["link"])
                g["cols"].setdefault(col, []).append(cell)
    levels: dict[tuple, int] = {}  # (study, arm) -> how many value sets the review rows of a paperless study print
    for study, arm_part, subgroup in grouped:
        if subgroup.startswith("values:"):
            levels[(study, arm_part)] = levels.get((study, arm_part), 0) + 1
    rows = []
    first_of = {}  # the rows of one study together, in the order the studies first appear
    for study, _, _ in grouped:
        first_of.setdefault(study, len(first_of))
    for (study, arm_part, subgroup), g in sorted(grouped.items(), key=lambda kv: first_of[kv[0][0]]):
        if subgroup.startswith("values:"):  # a trial the review reports differently in several tables
            tables = list(dict.fromkeys(f["table"] for f in g["facts"] if f.get("table")))
            subgroup = f"as in {', '.join(tables)}" if levels[(study, arm_part)] > 1 else ""
        cells = {}
        for col, sources in g["cols"].items():
            sources.sort(key=lambda c: (not c["paper"], c.get("subset", False)))  # the paper's own reading first
            shown = [c for c in sources if c["status"] in keep]
            if not shown:
                continue
            main = dict(shown[0])
            main["sources"] = [c for c in sources if c["status"] is None or c["status"] in keep]
            main["disagree"] = [c for c in main["sources"][1:] if (c["value"], c["not_reached"])
                                != (main["value"], main["not_reached"]) or c.get("disagrees")]
            main["notes"] = list(dict.fromkeys(c["disagrees"] for c in main["sources"] if c.get("disagrees")))
            cells[col] = main
        if not cells and (statuses or g["cols"]):
            continue
        facts = g["facts"][0]
        sub = next((f.get("subgroup") for f in g["facts"] if f.get("subgroup")), None) or (subgroup or None)
        regimen = facts["regimen"] + (f" ({sub})" if sub else "")
        row = {"author": facts["author"] or next((f["author"] for f in g["facts"] if f["author"]), None),
               "year": facts["year"],
               "phase": facts["phase"] or next((f["phase"] for f in g["facts"] if f["phase"]), None),
               "regimen": regimen, "subgroup": sub, "components": " + ".join(facts["components"] or []),
               "study": study, "title": facts["title"], "link": facts["link"], "document_id": facts["document_id"],
               "cells": cells}
        for col in VALUE_COLUMNS:
            row[col] = cells[col]["value"] if col in cells else None
            if col in cells and cells[col]["not_reached"]:
                row[col] = "not reached"
        row["status"] = next((s for s in ("needs_review", "curated", "accepted", "rejected")
                              if any(c["status"] == s for c in cells.values())), None)
        by_ref: dict[str, list] = {}
        for c in cells.values():
            for src in c["sources"]:
                by_ref.setdefault(src["ref"], []).append(src)
        refs = list(by_ref) or [facts["ref"]]
        row["source"], row["where"] = refs[0], _places(by_ref.get(refs[0], []))
        row["also"] = [r + (f", {_places(by_ref[r])}" if _places(by_ref[r]) else "") for r in refs[1:]]
        row["disagreements"] = "; ".join(n for c in cells.values() for n in c["notes"]) or None
        rows.append(row)
    if query:
        q = query.lower()
        rows = [r for r in rows if any(q in str(r.get(k) or "").lower()
                                       for k in ("regimen", "components", "author", "title", "source"))]
    return rows


def _source_text(r: dict) -> str:
    first = r["source"] + (f", {r['where']}" if r.get("where") else "")
    return "; ".join([first] + r.get("also", []))


def _flat(r: dict) -> list[str]:
    return [_source_text(r) if c == "source" else cell_text(r[c]) for c in COLUMNS]


def _typed(r: dict) -> list:
    """A row's cells for a spreadsheet: numbers (N, the values, the year) as numbers, the rest as text or None."""
    return [r[c] if c in VALUE_COLUMNS or c == "year" else _source_text(r) if c == "source" else r.get(c) or None
            for c in SHEET_COLUMNS]


# ---- formats --------------------------------------------------------------------------------------------
def to_markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADERS[c] for c in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(v.replace("|", "/") for v in _flat(r)) + " |")
    return "\n".join(lines) + "\n"


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([HEADERS[c] for c in SHEET_COLUMNS] + [HEADERS["link"]])
    for r in rows:
        w.writerow([csv_cell(v) for v in _typed(r)] + [csv_cell(r.get("link"))])
    return buf.getvalue()


_FILLS = {"accepted": "E6F4EA", "curated": "E3ECFA", "needs_review": "FFF4CE", "rejected": "F8D7DA", "disagree": "F5B7B1"}


#: XLSX column widths by column (a value column not named here: 9), so a metric added to the registry moves none
_WIDTHS = {"author": 22, "year": 6, "phase": 6, "n": 6, "regimen": 40, "orr_pct": 7, "dcr_pct": 7, "cr_pct": 7,
           "source": 40, "status": 13, "disagreements": 60, "link": 40}


def _source_label(src: dict) -> str:
    """A value's source as the table names it: 'PMID 22778320, abstract sentence 8', 'doi:... Table 1, row 13, p. 6'."""
    return f"{src['ref']}, {_place(src)}"


def to_xlsx(rows: list[dict], path: str | Path) -> None:
    """An XLSX workbook: the table, each value's cell coloured by status with its evidence as a comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "evidence"
    ws.append([HEADERS[c] for c in SHEET_COLUMNS] + [HEADERS["link"]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, r in enumerate(rows, 2):
        xlsx_append(ws, _typed(r) + [r.get("link")])
        for j, c in enumerate(COLUMNS, 1):
            cell = r["cells"].get(c)
            if cell:
                target = ws.cell(row=i, column=j)
                target.fill = PatternFill("solid", fgColor=_FILLS.get(cell["status"], "FFFFFF"))
                target.comment = Comment("\n".join(f"{_source_label(src)} ({src['status'] or 'in the review'}): "
                                                   f"{src['text'] or '-'}: {src['evidence']}"
                                                   for src in cell["sources"])[:2000], "evidence")
                if cell["disagree"]:
                    target.fill = PatternFill("solid", fgColor=_FILLS["disagree"])
        if r.get("link"):
            ws.cell(row=i, column=COLUMNS.index("source") + 1).hyperlink = r["link"]
    for j, c in enumerate(SHEET_COLUMNS + ("link",), 1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = _WIDTHS.get(c, 9)
    ws.freeze_panes = "A2"
    wb.save(path)




def _marked(sentence: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """The sentence as pieces ``(text, mark title or None)``: each value's span marked (overlapping spans merged)."""
    out, pos = [], 0
    for start, end, title in sorted(spans):
        if start < pos or end > len(sentence) or end <= start:
            continue
        out += [(sentence[pos:start], None), (sentence[start:end], title)]
        pos = end
    out.append((sentence[pos:], None))
    return out


def _html_cells(r: dict) -> list[dict]:
    """The cells of one arm's table row, as the template shows them."""
    tds = []
    for c in COLUMNS:
        cell = r["cells"].get(c)
        if c in VALUE_COLUMNS:
            if not cell:
                tds.append({"kind": "value", "classes": "v", "text": ""})
                continue
            tip = f"{cell['status']}; extracted {cell['extracted'] or '-'}: {cell['evidence']}"
            td = {"kind": "value", "classes": f"v {cell['status']}" + (" disagree" if cell["disagree"] else ""),
                  "item": cell["item_id"] or "", "text": cell_text(r[c])}
            if cell["disagree"]:
                td["other"] = " / ".join(dict.fromkeys(src["text"] or "-" for src in cell["disagree"]))
                tip += "; sources disagree: " + "; ".join(cell["notes"])
            else:
                agreeing = len({src["ref"] + _place(src) for src in cell["sources"]})
                td["sources"] = agreeing if agreeing > 1 else None
            tds.append({**td, "tip": tip})
        elif c == "source":
            tds.append({"kind": "source", "ref": r["source"], "link": r.get("link"), "where": r.get("where"),
                        "also": r.get("also", [])})
        elif c == "status":
            tds.append({"kind": "status", "status": r["status"]})
        else:
            tds.append({"kind": "text", "text": cell_text(r[c])})
    return tds


def _html_evidence(r: dict) -> list[dict]:
    """The lines under one arm's row: disagreements, then each sentence or table row with its values marked."""
    sentences: dict[tuple[str, str], list[tuple[int, int, str, str]]] = {}
    notes = []
    for c in VALUE_COLUMNS:
        cell = r["cells"].get(c)
        for src in (cell["sources"] if cell else []):
            if not src["evidence"]:
                continue
            shown = src["text"] or ""
            if src["text"] != src["extracted"]:
                shown += f" (curated; extracted {src['extracted'] or 'none'})"
            label = "" if src["ref"] == r["source"] and not src.get("table_place") else _source_label(src)
            label += ", in parentheses" if src.get("subset") else ""
            sentences.setdefault((label, src["evidence"]), []).append((src["start"], src["end"], HEADERS[c], shown))
        notes += [(HEADERS[c], n) for n in (cell["notes"] if cell else [])]
    items = [{"disagree": True, "tag": h, "note": n} for h, n in notes]
    for (label, sentence), spans in sentences.items():
        items.append({"disagree": False, "label": label, "tag": ", ".join(f"{h} {v}" for _, _, h, v in spans),
                      "pieces": _marked(sentence, [(s, t, h) for s, t, h, _ in spans])})
    return items


def to_html(rows: list[dict], *, title: str = "Evidence table") -> str:
    """One self-contained HTML page (pipeline/templates/evidence_table.html, autoescaped): the table, each arm
    followed by the sentences its values come from."""
    counts: dict[str, int] = {}
    for r in rows:
        for c in r["cells"].values():
            counts[c["status"]] = counts.get(c["status"], 0) + 1
    arms = [{"cells": _html_cells(r), "evidence": _html_evidence(r)} for r in rows]
    return _templates().get_template("evidence_table.html").render(
        title=title, arms=arms, headers=[HEADERS[c] for c in COLUMNS], width=len(COLUMNS),
        when=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        legend=[(st, st.replace("_", " "), counts.get(st, 0)) for st in STATUSES])


def _templates():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


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
