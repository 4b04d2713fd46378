"""Results tables -> review-table rows: pure functions, no I/O.

Input is a parsed table as a plain dict (``pipeline.pdf.table_dict``)::

    {"label": "Table 1", "caption": "...", "header": [cell, ...], "rows": [{"section": str|None, "cells": [cell, ...]}],
     "footnotes": [str, ...]}          cell = {"text": str, "lines": [str, ...], "page": int, "bbox": [x0, top, x1, bottom]}

Output is one dict per table row and treatment arm, in the shape of the evaluation's ``review_tables.jsonl``
(table, author, year, phase, n_total, arm, components, orr_pct, pfs_median_months, os_median_months,
*_not_reached ...; None where the table has no such column) plus ``evidence`` (page and bbox of every cell used).

* The header row is mapped to fields with ``HEADER_FIELDS`` (data, first match wins).
* "A vs B" treatment cells are split into arms and every value cell is split the same way; a treatment cell that
  lists one regimen per line with one value per line in the value cells is split line by line.
* "NR" (not reported, unless the table's footnotes define it as not reached) -> None; "Not reached" -> the
  ``*_not_reached`` flag; footnote marks (a, b, *, \u2020), "(P = ...)", "(HR ...)", CIs and labelled sub-values
  ("(GI: 36.4/L: 28.6)") are kept apart from the value in ``marks`` / ``stats`` / ``subset_values`` / ``notes``.
* Landmark-rate columns ("PFS at 12 months (%)"), HR columns and columns the header vocabulary does not know are
  never read as medians; their printed text is kept per row in ``other_cells``.
* Tables without treatment and outcome columns (arms as columns, e.g. "Control group (n=393)") give one row per
  table row and arm column with the cell text (``layout: "arms_in_columns"``).
"""
from __future__ import annotations

import re
from typing import Any

from extractors import vocab
from extractors.text import join_lines
from schemas.metrics import HEADER_ORDER, METRICS, row_field

# --------------------------------------------------------------------------------------------------- data
#: header text (lower case, whitespace collapsed) -> field; first match wins
HEADER_FIELDS: list[tuple[str, str]] = [
    ("author", r"^(first )?(author|authors|study|studies|reference|trial|source|publication)\b"),
    ("year", r"^(year|publication year)\b"),
    ("phase", r"^(phase|type of study|study type|study design|design)\b"),
    ("primary_site", r"\b(primary site|primary|site|tumou?r site|tumou?r type|origin)\b"),
    ("treatment", r"^(treatment|treatments|regimen|regimens|therapy|intervention|arms?|drugs?|chemotherapy)\b(?!\s+group)"),
    ("n_total", r"^(n|n total|no\.? of patients|no\.?|number of patients|patients|pts|sample size|n patients)\b"),
    # outcome columns: the registry's header vocabulary (``schemas.metrics``), in its HEADER_ORDER; landmark rates
    # ("PFS at 12 months", "1-year OS (%)", "PFS rate") and HRs are not values: kept as other cells
    *((row_field(METRICS[name]), METRICS[name].table_header) for name in HEADER_ORDER),
]
#: outcome columns read as values, and the flag of a median column's "not reached"
OUTCOME_FIELDS = tuple(m.summary_field for m in METRICS.values() if m.table_value)
NOT_REACHED_FIELD = {m.summary_field: m.not_reached_field for m in METRICS.values() if m.table_value and m.not_reached_field}
#: outcome columns kept as text (landmark rates, HRs)
TEXT_FIELDS = tuple(row_field(m) for m in METRICS.values() if m.table_header and not m.table_value)

NOT_REACHED_RE = re.compile(r"^(not\s+reached|n\.?\s*r\.?\s*ch|nyr|not\s+yet\s+reached|not\s+achieved)$", re.I)
NR_DEFINED_AS_REACHED_RE = re.compile(r"\bNR\b[\s,:=\-\u2013]*not\s+(yet\s+)?reached", re.I)
VS_RE = re.compile(r"\s+vs\.?\s+|\s+versus\s+", re.I)
STATS_RE = re.compile(r"\b(p\s*[=<>\u2264\u2265]|hr\b|or\b|rr\b|95\s*%|ci\b|log[- ]rank)", re.I)
MARKS = r"(?:[a-h](?:/[a-h])*|\*{1,3}|[\u2020\u2021\u00a7\u00b6#]+)"
NUMBER_RE = re.compile(rf"^(?P<cmp>[<>\u2264\u2265~\u2248]?)\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|mo|months?|m)?\s*(?P<marks>{MARKS})?$")
#: a cell saying there is no number: "Not reached", "NR", "n.r." (as "NR"), "NA", "NE", or a dash alone ("–", "—", "-")
STATUS_RE = re.compile(rf"^(?P<status>not\s+reached|not\s+yet\s+reached|not\s+reported|nyr|nr|n\.\s?r\.?|n/?a|ne"
                       rf"|[-\u2013\u2014])\s*(?P<marks>{MARKS})?$", re.I)
UNSPECIFIED_TREATMENT_RE = re.compile(r"^\s*(various|other|others|mixed|miscellaneous|several)\b", re.I)


# --------------------------------------------------------------------------------------------- header
def map_header(header: list[str]) -> dict[int, str]:
    """Column index -> field for the header cells that name one; a field is taken by its first column only."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for i, h in enumerate(header):
        t = " ".join(str(h or "").lower().split())
        if not t:
            continue
        for fld, pat in HEADER_FIELDS:
            if fld not in taken and re.search(pat, t):
                out[i] = fld
                taken.add(fld)
                break
    return out


def header_unit(text: str) -> str | None:
    t = (text or "").lower()
    if "week" in t or re.search(r"\bwks?\b", t):
        return "weeks"
    if "day" in t:
        return "days"
    if "year" in t or re.search(r"\byrs?\b", t):
        return "years"
    if "month" in t or re.search(r"\bmo\b", t):
        return "months"
    return None


# ------------------------------------------------------------------------------------------- authors
_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,3}$|^[A-Z]\.(?:[A-Z]\.?)*$")
AUTHOR_RE = re.compile(r"^(?P<author>.*?)[\s,.;(]*(?P<year>(?:19|20)\d{2})[a-z]?\)?\s*(?:\[(?P<ref>[^\]]+)\])?\s*[.,]?\s*$")


def parse_author(text: str) -> dict:
    """'Moertel et al 1980 [11]' -> author 'Moertel et al', year 1980, ref '11'; given-name-first authors are put
    surname first ('Pamela L. Kunz et al.' -> 'Kunz PL et al')."""
    raw = " ".join((text or "").split())
    out = {"author": None, "author_as_printed": raw or None, "year": None, "ref": None}
    if not raw:
        return out
    m = AUTHOR_RE.match(raw)
    if m:
        author, out["year"], out["ref"] = m.group("author"), int(m.group("year")), m.group("ref")
    else:
        rm = re.search(r"\[(?P<ref>[^\]]+)\]\s*$", raw)
        author = raw[:rm.start()] if rm else raw
        out["ref"] = rm.group("ref") if rm else None
    if out["ref"]:
        out["ref"] = " ".join(out["ref"].split())
    out["author"] = normalise_author(author) or None
    return out


def normalise_author(author: str) -> str:
    a = " ".join(author.replace("et al.", "et al").split()).strip(" ,.;")
    etal = ""
    m = re.search(r"\s*,?\s*et\s+al\.?$", a)
    if m:
        etal, a = " et al", a[:m.start()].strip(" ,.")
    toks = a.split()
    if len(toks) >= 3 and not _INITIALS.match(toks[0]) and toks[0][:1].isupper() and not _INITIALS.match(toks[-1]) \
            and all(_INITIALS.match(t) for t in toks[1:-1]):
        initials = toks[0][0] + "".join(c for t in toks[1:-1] for c in t if c.isalpha())
        a = f"{toks[-1]} {initials}"
    return (a + etal).strip()


def parse_n(text: str) -> tuple[int | None, int | str | None]:
    """'86 (41)' -> (86, 41); '118 (50/17)' -> (118, '50/17'); '152' -> (152, None)."""
    t = " ".join((text or "").split())
    m = re.match(r"^[Nn]?\s*=?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*(?:\((?P<sub>[^)]*)\))?", t)
    if not m:
        return None, None
    n = int(m.group(1).replace(",", ""))
    sub = m.group("sub")
    if sub is None:
        return n, None
    sub = sub.strip()
    return n, int(sub) if sub.isdigit() else sub


# ------------------------------------------------------------------------------------------ components
def components(text: str) -> list[str]:
    """Drug components named in a treatment text, in order of appearance, canonical lower-case names."""
    if not text or UNSPECIFIED_TREATMENT_RE.match(text):
        return []
    syn = vocab.drug_synonyms()
    regs = vocab.regimens()["regimens"]
    found: list[tuple[int, int, list[str]]] = []
    for m in vocab.radiolabelled_re().finditer(text):
        found.append((m.start(), m.end(), [vocab.radiolabelled_name(m)]))
    for m in vocab.regimen_re().finditer(text):
        found.append((m.start(), m.end(), list(regs[m.group("acr")])))
    for m in vocab.drug_acronym_re().finditer(text):
        found.append((m.start(), m.end(), [syn["acronyms"][m.group(0)]]))
    for m in vocab.drug_name_re().finditer(text):
        key = m.group(0).lower()
        comp = syn["names"].get(key) or syn["classes"].get(key)
        if comp:
            found.append((m.start(), m.end(), [comp]))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[str] = []
    end = -1
    for s, e, comps in found:
        if s < end:
            continue
        end = e
        for c in comps:
            if c not in out:
                out.append(c)
    return out


# ------------------------------------------------------------------------------------------ value cells
def _paren_groups(text: str) -> tuple[str, list[str]]:
    """Top-level parenthesised groups out of a string: (rest, [group contents])."""
    rest, groups, depth, cur = [], [], 0, []
    for ch in text:
        if ch in "([":
            if depth == 0:
                cur = []
            else:
                cur.append(ch)
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append("".join(cur).strip())
            else:
                cur.append(ch)
        elif depth > 0:
            cur.append(ch)
        else:
            rest.append(ch)
    if depth > 0:  # unbalanced: keep as text
        rest.append("(" + "".join(cur))
    return " ".join("".join(rest).split()), groups


def parse_number(s: str) -> float | None:
    s = s.strip()
    if re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(",", ".")
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def parse_value(part: str, nr_means_reached: bool = False) -> dict:
    """One printed value: {'value', 'not_reached', 'not_reported', 'marks', 'cmp', 'raw'}."""
    p = " ".join(part.split()).strip(" ;,")
    out = {"value": None, "not_reached": False, "not_reported": False, "marks": None, "cmp": None, "raw": p,
           "ok": True}
    if not p:
        out["ok"] = False
        return out
    m = NUMBER_RE.match(p)
    if m:
        out["value"] = parse_number(m.group("num"))
        out["marks"] = m.group("marks")
        out["cmp"] = m.group("cmp") or None
        return out
    m = STATUS_RE.match(p)
    if m:
        status = m.group("status").lower()
        status = "nr" if re.fullmatch(r"n\.\s?r\.?", status) else status
        out["marks"] = m.group("marks")
        if NOT_REACHED_RE.match(status) or (status == "nr" and nr_means_reached):
            out["not_reached"] = True
        else:
            out["not_reported"] = True
        return out
    out["ok"] = False
    return out


def _subset(group: str) -> dict | None:
    """'GI: 36.4 vs. 37.5/L: 28.6 vs 0.0' -> {'GI': ['36.4', '37.5'], 'L': ['28.6', '0.0']};
    '7.3 a' -> {'a': ['7.3']}; None when the group is not a labelled sub-value."""
    pairs = re.findall(r"([A-Za-z][\w\- ]{0,20}?)\s*:\s*([^/:]+?)(?=\s*/\s*[A-Za-z][\w\- ]{0,20}?\s*:|$)", group)
    if pairs:
        return {label.strip(): [v.strip() for v in VS_RE.split(val.strip())] for label, val in pairs}
    m = re.fullmatch(rf"(\d+(?:[.,]\d+)?|NR|Not reached)\s*(?P<mark>[a-h]|\*+|[\u2020\u2021])", group.strip())
    if m:
        return {m.group("mark"): [m.group(1)]}
    return None


def parse_value_cell(text: str, n_arms: int, nr_means_reached: bool = False) -> dict:
    """Split a value cell over ``n_arms`` arms.

    Returns {'values': [parse_value ...] (one per arm, or [] when the cell cannot be split), 'stats': [...],
    'subsets': [{label: value} per arm], 'notes': [...], 'shared': bool}.
    """
    main, groups = _paren_groups(text or "")
    stats, notes, subsets = [], [], [dict() for _ in range(max(1, n_arms))]
    for g in groups:
        if STATS_RE.search(g):
            stats.append(g)
            continue
        sub = _subset(g)
        if sub:
            for label, vals in sub.items():
                if len(vals) == n_arms:
                    for i, v in enumerate(vals):
                        subsets[i][label] = v
                elif len(vals) == 1 and n_arms == 1:
                    subsets[0][label] = vals[0]
                else:
                    notes.append(f"sub-value ({g}) not split over {n_arms} arms")
            continue
        if re.fullmatch(r"[<>]?\s*\d+(?:[.,]\d+)?\s*(?:[-\u2013\u2014,;]|to)\s*\d+(?:[.,]\d+)?", g) \
                or re.match(r"(?i)^95", g):
            stats.append("CI " + g)
            continue
        notes.append(f"({g})")
    parts = [p for p in VS_RE.split(main) if p.strip()] if main.strip() else []
    shared = False
    if not parts:
        values: list[dict] = []
    elif len(parts) == n_arms:
        values = [parse_value(p, nr_means_reached) for p in parts]
    elif len(parts) == 1 and n_arms > 1:
        v = parse_value(parts[0], nr_means_reached)
        if v["ok"] and v["value"] is None:  # one "Not reached" / "NR" for all arms
            values, shared = [dict(v) for _ in range(n_arms)], True
        else:
            values = []
            notes.append(f"one value {parts[0]!r} for {n_arms} arms: not assigned")
    else:
        values = []
        notes.append(f"{len(parts)} values for {n_arms} arms: not assigned ({main!r})")
    for v in values:
        if not v["ok"]:
            notes.append(f"unreadable value {v['raw']!r}")
    return {"values": values, "stats": stats, "subsets": subsets, "notes": notes, "shared": shared}


# ------------------------------------------------------------------------------------------------- arms
_WRAP_END = re.compile(r"(\+|-|\u2013|/|,|\bvs\.?|\bversus|\band|\bor|\bwith|\u00b1)\s*$", re.I)
_ARM_N = re.compile(r"\s*\((\d+)\)\s*$|\s*\(n\s*=\s*(\d+)\)\s*$", re.I)


def _value_lines(cell: dict) -> list[str]:
    """The lines of a value cell that carry values (not a parenthesised note or statistic on its own line)."""
    lines = [ln.strip() for ln in cell.get("lines") or [] if ln.strip()]
    return [ln for ln in lines if not (ln.startswith("(") or ln.endswith(")") and "(" not in ln)]


def arms_of(treatment: dict, value_cells: list[dict]) -> tuple[str, list[dict]]:
    lines = [ln.strip() for ln in treatment.get("lines") or [] if ln.strip()]
    if not lines and treatment.get("text"):
        lines = [treatment["text"]]
    k = len(lines)
    filled = [c for c in value_cells if (c.get("text") or "").strip()]
    if k > 1 and filled and all(len(_value_lines(c)) == k for c in filled) \
            and not any(_WRAP_END.search(ln) for ln in lines[:-1]):
        arms = []
        for ln in lines:
            m = _ARM_N.search(ln)
            n_arm = int(m.group(1) or m.group(2)) if m else None
            arms.append({"arm": _ARM_N.sub("", ln).strip() if m else ln, "n_arm": n_arm})
        return "lines", arms
    listed = k > 1 and not any(_WRAP_END.search(ln) for ln in lines[:-1]) \
        and not any(ln[:1].islower() for ln in lines[1:]) and not any(VS_RE.search(ln) for ln in lines)
    if listed:
        return "pooled", [{"arm": " / ".join(lines), "n_arm": None}]
    text = join_lines(lines)
    parts = [p.strip() for p in VS_RE.split(text) if p.strip()]
    if len(parts) > 1:
        return "vs", [{"arm": p, "n_arm": None} for p in parts]
    return "single", [{"arm": text, "n_arm": None}] if text else []


# -------------------------------------------------------------------------------------------------- rows
def _cell_ev(cell: dict | None) -> dict | None:
    if not cell:
        return None
    return {"page": cell.get("page"), "bbox": list(cell["bbox"]) if cell.get("bbox") else None, "text": cell.get("text")}


def _convert(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    if value is None or unit in (None, "months"):
        return value, None
    factor = {"weeks": 1 / 4.345, "days": 1 / 30.44, "years": 12.0}[unit]
    return round(value * factor, 1), f"converted from {value} {unit}"


#: the study's own cells, which a study spanning its arms' rows prints once, in its first row (or in their middle)
STUDY_FIELDS = ("author", "year", "phase", "n_total")


def _filled(cell: dict | None) -> bool:
    return bool(cell and (cell.get("text") or "").strip())


def _middle_spans(rows: list[dict], col: dict[str, int]) -> list[dict]:
    """Study cells set in the middle of their arms' rows (a browser's rowspan with vertical-align: middle): when a
    section opens with an arm row that has no study cell, or a study cell sits lower than its row's first line over
    arm rows without one, the spans are centred, and each run of such rows between
    two study rows is split where the two study cells sit best in the middle of their rows (by the cells' boxes);
    each row takes its study's cells. Top-aligned spans are left to ``_spanned_study``."""
    i = col.get("author")
    if i is None:
        return rows

    def study(r):
        cells = r.get("cells") or []
        return i < len(cells) and _filled(cells[i])

    def box(r, only=None):
        bbs = [c["bbox"] for k, c in enumerate(r.get("cells") or []) if c.get("bbox") and _filled(c)
               and (only is None or k == only)]
        return (min(b[1] for b in bbs), max(b[3] for b in bbs)) if bbs else None

    centred = False
    for k, r in enumerate(rows):
        first = k == 0 or rows[k - 1].get("section") != r.get("section")
        if first and not study(r) and any(_filled(c) for c in r.get("cells") or []) and box(r) \
                and any(study(q) and box(q, i) for q in rows[k + 1:k + 4] if q.get("section") == r.get("section")):
            centred = True  # a section opens with an arm whose study cell is further down
        own, row_box = box(r, i), box(r)
        if study(r) and own and row_box and own[0] > row_box[0] + 2 and k + 1 < len(rows) and not study(rows[k + 1]):
            centred = True  # a study cell set lower than its row's first line, over arms below it
    if not centred:
        return rows
    rows = [dict(r, cells=list(r.get("cells") or [])) for r in rows]
    owner: list[int | None] = [k if study(r) else None for k, r in enumerate(rows)]
    studies = [k for k in range(len(rows)) if owner[k] is not None]

    def misfit(s: int, group: list[int]) -> float:
        sb = box(rows[s], i)
        spans = [box(rows[k]) for k in group]
        spans = [b for b in spans if b]
        if not sb or not spans or rows[group[0]].get("section") != rows[s].get("section"):
            return 1e9 if any(rows[k].get("section") != rows[s].get("section") for k in group) else 0.0
        return abs((sb[0] + sb[1]) / 2 - (min(b[0] for b in spans) + max(b[1] for b in spans)) / 2)

    bounds = [-1] + studies + [len(rows)]
    before: list[int] = []  # the rows above study a that are its arms
    for a, b in zip(bounds, bounds[1:]):
        run = list(range(a + 1, b))
        if not run:
            before = []
            continue
        best, best_cost = 0, float("inf")
        for j in range(len(run) + 1):  # rows run[:j] go to the study above (a), run[j:] to the one below (b)
            up, down = run[:j], run[j:]
            cost = (misfit(a, before + [a] + up) if a >= 0 else (1e9 if up else 0.0)) \
                + (misfit(b, down + [b]) if b < len(rows) else (1e9 if down else 0.0))
            if cost < best_cost:
                best, best_cost = j, cost
        for k in run[:best]:
            owner[k] = a
        for k in run[best:]:
            owner[k] = b if b < len(rows) else None
        before = run[best:]
    for k, s in enumerate(owner):
        if s is None or s == k or rows[s].get("section") != rows[k].get("section"):
            continue
        for f in STUDY_FIELDS:
            c = col.get(f)
            if c is not None and c < len(rows[k]["cells"]) and c < len(rows[s]["cells"]) \
                    and not _filled(rows[k]["cells"][c]):
                rows[k]["cells"][c] = rows[s]["cells"][c]
    return rows


def _spanned_study(cells: list[dict], col: dict[str, int], section: str | None,
                   above: dict | None) -> tuple[list[dict], dict | None]:
    """A row with an empty study cell under a row of the same section that has one is another arm of that study
    (its study cell spans the arms' rows): it takes that row's study cells. Returns the cells and what the next row
    inherits."""
    i = col.get("author")
    if i is None or i >= len(cells):
        return cells, None
    if (cells[i].get("text") or "").strip():
        return cells, {"section": section, "cells": {f: cells[col[f]] for f in STUDY_FIELDS
                                                    if f in col and col[f] < len(cells)}}
    if above is None or above["section"] != section or not any((c.get("text") or "").strip() for c in cells):
        return cells, above
    cells = list(cells)
    for f, c in above["cells"].items():
        if not (cells[col[f]].get("text") or "").strip():
            cells[col[f]] = c
    return cells, above


_YEAR_ONLY_RE = re.compile(r"^(?:(?:et\s+)?al\.?,?\s+)?\(?(?:19|20)\d{2}[a-z]?\)?[,.;]?(?:\s*\[[^\]]+\])?$")


def _wrapped_study_cells(rows: list[dict], col: dict[str, int]) -> list[dict]:
    """A study cell wrapped over its arms' rows ("Petrov et al." over "(2015) [13]", each beside an arm): a row
    whose study cell is only a year (and reference), under a study cell with none, is another arm of that study;
    the year joins the study cell above. A row holding only the end of a regimen wrapped after "+" joins the row
    above."""
    i = col.get("author")
    if i is None:
        return rows
    t = col.get("treatment")
    out: list[dict] = []
    for r in rows:
        cells = r.get("cells") or []
        filled = [k for k, c in enumerate(cells) if _filled(c)]
        if out and t is not None and filled == [t] and t < len(out[-1]["cells"]) \
                and re.search(r"(\+|/|,|\bor|\band|\bvs\.?|\bwith)\s*$", out[-1]["cells"][t].get("text") or "") \
                and out[-1].get("section") == r.get("section"):
            # "177Lu-Octreotate +" / "CAPTEM": a regimen wrapped onto a row of its own
            above = out[-1]["cells"][t]
            out[-1]["cells"][t] = dict(above, text=f"{above.get('text')} {cells[t].get('text')}",
                                       lines=(above.get("lines") or [])[:-1]
                                       + [f"{(above.get('lines') or [''])[-1]} {cells[t].get('text')}"])
            continue
        if out and i < len(cells) and _YEAR_ONLY_RE.match((cells[i].get("text") or "").strip()):
            above = out[-1]["cells"]
            prev = (above[i].get("text") or "") if i < len(above) else ""
            if above and re.search(r"[A-Za-z]{2}", prev) and not re.search(r"(?:19|20)\d{2}", prev) \
                    and out[-1].get("section") == r.get("section"):
                above[i] = dict(above[i], text=f"{prev} {cells[i]['text']}".strip())
                cells = list(cells)
                cells[i] = dict(cells[i], text="")
                r = dict(r, cells=cells)
                out.append(r)
                continue
        out.append(dict(r, cells=list(cells)))
    return out


def rows_from_table(table: dict) -> list[dict]:
    """Review-table rows for one parsed table (see the module docstring)."""
    header = [c.get("text") or "" for c in table.get("header") or []]
    fields = map_header(header)
    has_outcome = any(f in OUTCOME_FIELDS for f in fields.values())
    if not (has_outcome and ("treatment" in fields.values() or "author" in fields.values())):
        return arms_in_columns_rows(table)
    col = {f: i for i, f in fields.items()}
    units = {f: header_unit(header[i]) for f, i in col.items()}
    nr_reached = any(NR_DEFINED_AS_REACHED_RE.search(n or "") for n in table.get("footnotes") or [])
    out: list[dict] = []
    above: dict | None = None  # the previous row with a study cell, and its section
    for r_index, row in enumerate(_middle_spans(_wrapped_study_cells(table.get("rows") or [], col), col)):
        cells = list(row.get("cells") or [])
        cells, above = _spanned_study(cells, col, row.get("section"), above)

        def cell(fld):
            i = col.get(fld)
            return cells[i] if i is not None and i < len(cells) else None

        def text(fld):
            c = cell(fld)
            return " ".join((c.get("text") or "").split()) if c else None

        if not any((c.get("text") or "").strip() for c in cells):
            continue
        author = parse_author(text("author") or "") if "author" in col else {
            "author": None, "author_as_printed": None, "year": None, "ref": None}
        if "year" in col and author["year"] is None:
            ym = re.search(r"(19|20)\d{2}", text("year") or "")
            author["year"] = int(ym.group(0)) if ym else None
        n_total, n_subset = parse_n(text("n_total") or "") if "n_total" in col else (None, None)
        treat_cell = cell("treatment") or {"text": "", "lines": []}
        value_fields = [f for f in OUTCOME_FIELDS if f in col]
        mode, arms = arms_of(treat_cell, [cell(f) for f in value_fields])
        if not arms:
            arms = [{"arm": None, "n_arm": None}]
        k = len(arms)
        notes: list[str] = []
        per_field: dict[str, dict] = {}
        for f in value_fields:
            c = cell(f)
            if mode == "lines":
                vlines = _value_lines(c)
                parsed = [parse_value_cell(v, 1, nr_reached) for v in vlines]
                per_field[f] = {"values": [p["values"][0] if p["values"] else None for p in parsed],
                                "stats": [s for p in parsed for s in p["stats"]],
                                "subsets": [p["subsets"][0] for p in parsed],
                                "notes": [n for p in parsed for n in p["notes"]], "shared": False}
            else:
                per_field[f] = parse_value_cell(c.get("text") or "", k, nr_reached)
            for n in per_field[f]["notes"]:
                notes.append(f"{f}: {n}")
            if per_field[f]["shared"]:
                notes.append(f"{f}: one cell {c.get('text')!r} applied to all {k} arms")
        treatment_text = join_lines([ln for ln in treat_cell.get("lines") or []]) or (treat_cell.get("text") or None)
        for a_index, arm in enumerate(arms):
            rec: dict[str, Any] = {
                "table": table.get("label"), "caption": table.get("caption"), "section": row.get("section"),
                "layout": "study_rows", "row_index": r_index,
                "author": author["author"], "author_as_printed": author["author_as_printed"],
                "year": author["year"], "ref": author["ref"],
                "phase": text("phase") if "phase" in col else None,
                "n_total": n_total, "n_subset": n_subset,
                "primary_site": text("primary_site") if "primary_site" in col else None,
                "treatment_as_written": treatment_text, "arm_index": a_index, "arm": arm["arm"],
                "n_arm": arm["n_arm"], "components": components(arm["arm"] or ""),
                "pooled": mode == "pooled",
                "orr_pct": None, "dcr_pct": None, "pfs_median_months": None, "os_median_months": None,
                "pfs_not_reached": False if "pfs_median_months" in col else None,
                "os_not_reached": False if "os_median_months" in col else None,
                "subset_values": None, "marks": None, "stats": None, "notes": None,
            }
            subset_values: dict[str, dict] = {}
            marks: dict[str, str] = {}
            stats: dict[str, list[str]] = {}
            arm_notes = list(notes)
            for f in value_fields:
                pf = per_field[f]
                v = pf["values"][a_index] if a_index < len(pf["values"]) else None
                if v:
                    value, conv = _convert(v["value"], units.get(f)) if f in NOT_REACHED_FIELD else (v["value"], None)
                    rec[f] = value
                    if conv:
                        arm_notes.append(f"{f}: {conv}")
                    if v["cmp"]:
                        arm_notes.append(f"{f}: printed {v['raw']!r}")
                    if v["not_reached"] and f in NOT_REACHED_FIELD:
                        rec[NOT_REACHED_FIELD[f]] = True
                    if v["marks"]:
                        marks[f] = v["marks"]
                if pf["stats"]:
                    stats[f] = pf["stats"]
                sub = pf["subsets"][a_index] if a_index < len(pf["subsets"]) else None
                if sub:
                    conv_sub = {}
                    for label, raw in sub.items():
                        pv = parse_value(raw, nr_reached)
                        conv_sub[label] = pv["value"]
                    subset_values[f] = conv_sub
            other = {header[i] or f"column {i + 1}": " ".join((cells[i].get("text") or "").split())
                     for i in range(min(len(header), len(cells)))
                     if fields.get(i) in (None,) + TEXT_FIELDS and (cells[i].get("text") or "").strip()}
            rec["other_cells"] = other or None
            rec["subset_values"] = subset_values or None
            rec["marks"] = marks or None
            rec["stats"] = stats or None
            rec["notes"] = "; ".join(arm_notes) or None
            used = {f: _cell_ev(cell(f)) for f in ["author", "phase", "n_total", "primary_site", "treatment"]
                    + value_fields if f in col}
            pages = sorted({c.get("page") for c in cells if c.get("page") is not None})
            rec["page"] = pages[0] if pages else None
            # the header each value was read under: what ``cell_doubts`` checks
            rec["evidence"] = {"pages": pages, "cells": used,
                               "headers": {f: " ".join(header[col[f]].split()) for f in value_fields}}
            out.append(rec)
    return out


def arms_in_columns_rows(table: dict) -> list[dict]:
    """Rows of a table whose header names the arms (e.g. 'Physical activity group (n=391)'): one dict per table
    row and arm column with the printed cell text; review fields are None (values stay for review)."""
    header = [c.get("text") or "" for c in table.get("header") or []]
    out: list[dict] = []
    for r_index, row in enumerate(table.get("rows") or []):
        cells = row.get("cells") or []
        if not cells or not any((c.get("text") or "").strip() for c in cells):
            continue
        label = (cells[0].get("text") or "").strip() or None
        value_cells = [(i, c) for i, c in enumerate(cells[1:], start=1) if (c.get("text") or "").strip()]
        if not value_cells:
            out.append(_plain_row(table, row, r_index, label, None, None, None))
            continue
        for a_index, (i, c) in enumerate(value_cells):
            arm = header[i].strip() if i < len(header) and header[i].strip() else f"column {i + 1}"
            m = re.search(r"\(?\bn\s*=\s*(\d[\d,]*)\)?", arm, re.I)
            n_arm = int(m.group(1).replace(",", "")) if m else None
            out.append(_plain_row(table, row, r_index, label, arm, n_arm, c, a_index))
    return out


def _plain_row(table, row, r_index, label, arm, n_arm, c, a_index=0) -> dict:
    return {
        "table": table.get("label"), "caption": table.get("caption"), "section": row.get("section"),
        "layout": "arms_in_columns", "row_index": r_index, "row_label": label,
        "author": None, "author_as_printed": None, "year": None, "ref": None, "phase": None,
        "n_total": None, "n_subset": None, "primary_site": None, "treatment_as_written": None,
        "arm_index": a_index, "arm": arm, "n_arm": n_arm, "components": components(arm or "") if arm else [],
        "pooled": False, "orr_pct": None, "dcr_pct": None, "pfs_median_months": None, "os_median_months": None,
        "pfs_not_reached": None, "os_not_reached": None, "subset_values": None, "marks": None, "stats": None,
        "value_text": c.get("text") if c else None, "other_cells": None, "notes": None,
        "page": (c or (row.get("cells") or [{}])[0]).get("page"),
        "evidence": {"cells": {"row_label": _cell_ev((row.get("cells") or [None])[0]), "value": _cell_ev(c)}},
    }


# ---- findings from table rows ----------------------------------------------------------------------------
TABLE_EXTRACTOR = "evidence.pdf_tables"
TABLE_EXTRACTOR_VERSION = "1.4.0"
#: row field -> (metric, unit, not-reached flag field)
TABLE_METRICS = {m.summary_field: (m.name, m.unit, m.not_reached_field) for m in METRICS.values() if m.table_value}
EVIDENCE_FIELDS = ("author", "phase", "n_total", "treatment") + OUTCOME_FIELDS


#: How cleanly a table value was read. No held-out table data calibrates these numbers: a value read cleanly gets
#: CLEAN_CELL_CONFIDENCE (at or above the review threshold, so it is accepted unless a check fails); each doubt
#: below takes it down to DOUBTFUL_CELL_CONFIDENCE (queued for review).
CLEAN_CELL_CONFIDENCE = 0.97
DOUBTFUL_CELL_CONFIDENCE = 0.6
#: outcome field -> a header naming that metric unambiguously ("Survival" alone may be any survival measure)
SPECIFIC_HEADER = {m.summary_field: m.specific_header or m.table_header for m in METRICS.values() if m.table_value}


def cell_doubts(r: dict, field: str) -> list[str]:
    """Why the value of ``field`` in review-table row ``r`` may be misread ([] for a clean reading):

    - its column header does not name the metric unambiguously (``SPECIFIC_HEADER``);
    - the printed value is not a clean number: a comparator ("<5"), a footnote mark, a note on the column (a cell
      shared by several arms, an unreadable part, values not split over the arms);
    - the row has no identified study (a study column left empty) or no identified arm (no drug, no treatment);
    - for N: a second number printed beside it ("86 (41)"), so which one is the arm's is unclear.
    """
    cells = (r.get("evidence") or {}).get("cells") or {}
    doubts = []
    header = ((r.get("evidence") or {}).get("headers") or {}).get(field)
    if field in SPECIFIC_HEADER and header is not None and not re.search(SPECIFIC_HEADER[field], header.lower()):
        doubts.append(f"header {header!r}")
    notes = (r.get("notes") or "").lower()
    marks = r.get("marks") if isinstance(r.get("marks"), dict) else {}
    if field in OUTCOME_FIELDS:
        if marks.get(field):
            doubts.append("footnote mark")
        if f"{field}: printed" in notes:
            doubts.append("comparator")
        if any(n.strip().startswith(field + ":") and "converted from" not in n for n in notes.split(";")
               if f"{field}: printed" not in n):
            doubts.append("note on the cell")
    if "author" in cells and not r.get("author"):
        doubts.append("no study")
    if not r.get("components") and not (r.get("arm") or r.get("treatment_as_written")):
        doubts.append("no arm")
    if field == "n_total" and r.get("n_subset") is not None:
        doubts.append("two numbers")
    return doubts


def cell_confidence(r: dict, field: str) -> float:
    """CLEAN_CELL_CONFIDENCE for a clean reading, else DOUBTFUL_CELL_CONFIDENCE (``cell_doubts``)."""
    return DOUBTFUL_CELL_CONFIDENCE if cell_doubts(r, field) else CLEAN_CELL_CONFIDENCE


def findings_from_rows(rows: list[dict]):
    """Findings (N, ORR, DCR, median PFS / OS) from review-table rows (``rows_from_table``), each with the
    table row as its evidence text and the cell's page and box. A review's row reports another study: the
    study is kept as ``cited_study``. The confidence says how cleanly the cell was read (``cell_confidence``)."""
    from schemas.findings import Evidence, Finding

    per_row: dict[tuple, int] = {}
    for r in rows:
        per_row[(r.get("table"), r.get("row_index"))] = per_row.get((r.get("table"), r.get("row_index")), 0) + 1
    out = []
    for r in rows:
        cells = (r.get("evidence") or {}).get("cells") or {}
        parts, spans, pos = [], {}, 0
        for name in EVIDENCE_FIELDS:
            text = (cells.get(name) or {}).get("text")
            if text:
                text = " ".join(text.split())
                spans[name] = (pos, pos + len(text))
                parts.append(text)
                pos += len(text) + 3
        row_text = " | ".join(parts)
        if not row_text:
            continue
        single_arm = per_row[(r.get("table"), r.get("row_index"))] == 1
        common = dict(arm=r.get("arm") or r.get("treatment_as_written"), arm_components=tuple(r.get("components") or ()),
                      pooled=bool(r.get("pooled")), source_field="table", cited_study=r.get("author_as_printed") or r.get("author"),
                      cited_year=r.get("year"), cited_phase=r.get("phase"), extractor=TABLE_EXTRACTOR,
                      extractor_version=TABLE_EXTRACTOR_VERSION)

        def evidence(field: str) -> Evidence:
            cell = cells.get(field) or {}
            start, end = spans.get(field, (0, 0))
            bbox = cell.get("bbox")
            return Evidence(text=row_text, start=start, end=end, sentence_start=0, sentence_end=len(row_text),
                            page=cell.get("page") or r.get("page"), bbox=tuple(bbox) if bbox else None,
                            location=f"{r.get('table')}, row {int(r.get('row_index') or 0) + 1}, {field}")

        n = r.get("n_arm") if r.get("n_arm") is not None else (r.get("n_total") if single_arm else None)
        if n:
            field = "n_total" if r.get("n_arm") is None else "treatment"
            out.append(Finding(metric="n", value=float(n), unit="patients", evidence=evidence(field),
                               confidence=cell_confidence(r, field), rule=f"table|{field}", **common))
        for field, (metric, unit, nr_field) in TABLE_METRICS.items():
            value, reached = r.get(field), not (nr_field and r.get(nr_field))
            if value is None and reached:
                continue
            out.append(Finding(metric=metric, value=value, unit=unit, not_reached=not reached,
                               evidence=evidence(field), confidence=cell_confidence(r, field), rule=f"table|{field}",
                               **common))
    return out
