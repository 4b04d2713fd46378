"""A generator of results-table layouts for tests and benchmarks: the same review-table rows laid out in randomly
chosen styles by two PDF makers, fpdf2 and headless Chromium printing an HTML page.

    from tests.layouts import ROWS, random_style, render
    style = random_style(seed=7, maker="fpdf")
    render(ROWS, style, "out.pdf")               # one PDF with every table of ROWS in that style
    result = score(ROWS, rows_read_back)          # cell recall / precision / wrong-arm share, as score_tables.py

Rows are in the shape of the evaluation's ``review_tables.jsonl`` (one per table, study and arm): table, section,
author, year, ref, phase, n_total, treatment_as_written, arm_index, arm, components, orr_pct, pfs_median_months,
os_median_months, *_not_reached. ``ROWS`` are invented studies and values, made up for these tests.

Styles (``random_style``): rules (grid / horizontal rules only / header rule only / none), portrait or landscape,
font and size, wrapped cells, caption forms ("Table 1.", "TABLE 1 |", below the table), a table split over pages
with its header repeated (and "Table 1 (continued)" with fpdf2), the arms of a study as one row with "A vs B"
values or one row per arm with the study's cells spanning its arms, header spellings ("Response rate, %",
"Median PFS, mo", "Patients, n" ...), the author cell's form, section rows.
"""
from __future__ import annotations

import html
import os
import random
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

# ------------------------------------------------------------------------------------------------ rows
#: drug as printed -> component name as the extractor gives it (names from extractors/data/drug_synonyms.json)
DRUGS = {"STZ": "streptozocin", "5-FU": "fluorouracil", "DOXO": "doxorubicin", "DTIC": "dacarbazine",
         "CAP": "capecitabine", "TEM": "temozolomide", "BEVA": "bevacizumab", "cisplatin": "cisplatin",
         "etoposide": "etoposide", "oxaliplatin": "oxaliplatin", "everolimus": "everolimus",
         "sunitinib": "sunitinib", "gemcitabine": "gemcitabine"}

# (table, section, author, year, ref, phase, n, [(arm, orr, pfs, os)]); "NYR" = median not reached, None = "NR"
_STUDIES = [
    ("Table 1", "Alkylating regimens", "Varga et al", 1984, 4, "III", 96,
     [("STZ + 5-FU", 41.0, None, 22.5), ("STZ", 27.0, None, 15.1)]),
    ("Table 1", "Alkylating regimens", "Holm et al", 1991, 5, "II", 38, [("STZ + DOXO", 35.0, 13.2, 27.4)]),
    ("Table 1", "Alkylating regimens", "Quint et al", 1998, 6, "III", 120,
     [("DTIC + 5-FU", 22.0, 7.5, 19.8), ("STZ + DOXO", 30.0, 9.1, 24.6)]),
    ("Table 1", "Temozolomide-based regimens", "Baker et al", 2006, 7, "II", 29, [("CAP + TEM", 61.0, 18.2, "NYR")]),
    ("Table 1", "Temozolomide-based regimens", "Sorensen et al", 2013, 8, "II", 44,
     [("TEM + BEVA", 33.0, 14.6, 38.2)]),
    ("Table 1", "Temozolomide-based regimens", "Ibarra et al", 2019, 9, "II", 72,
     [("CAP + TEM", 40.0, 22.7, None), ("TEM", 28.0, 14.4, None)]),
    ("Table 2", None, "Lindqvist et al", 2002, 11, "Retrospective", 53, [("cisplatin + etoposide", 42.0, 5.1, 11.3)]),
    ("Table 2", None, "Okafor et al", 2010, 12, "II", 31, [("oxaliplatin + CAP", 26.0, 6.8, 17.9)]),
    ("Table 2", None, "Petrov et al", 2015, 13, "III", 140,
     [("everolimus", 8.0, 11.2, 36.5), ("sunitinib", 11.0, 10.4, 30.2)]),
    ("Table 2", None, "Dunmore et al", 2017, 14, "II", 24, [("gemcitabine + oxaliplatin", 17.0, 4.2, 9.7)]),
    ("Table 2", None, "Feld et al", 2021, 15, "Retrospective", 88,
     [("CAP + TEM", 45.0, 16.3, "NYR"), ("STZ + 5-FU", 29.0, 12.1, 41.0)]),
]
CAPTIONS = {"Table 1": "Chemotherapy in pancreatic tumours: invented trials for layout tests",
            "Table 2": "Second-line and targeted regimens: invented trials for layout tests"}
DEFAULT_CAPTION = "Results of the cited studies"


def study_rows(studies) -> list[dict]:
    """Studies as review-table rows, one per arm."""
    out = []
    for table, section, author, year, ref, phase, n, arms in studies:
        for i, (arm, orr, pfs, os_) in enumerate(arms):
            out.append({"table": table, "section": section, "author": author, "author_as_printed": author,
                        "year": year, "ref": ref, "phase": phase, "n_total": n,
                        "treatment_as_written": " vs ".join(a[0] for a in arms), "arm_index": i, "arm": arm,
                        "components": [DRUGS[d] for d in arm.split(" + ")], "orr_pct": orr,
                        "pfs_median_months": pfs if isinstance(pfs, float) else None,
                        "os_median_months": os_ if isinstance(os_, float) else None,
                        "pfs_not_reached": pfs == "NYR", "os_not_reached": os_ == "NYR"})
    return out


ROWS = study_rows(_STUDIES)

# ---------------------------------------------------------------------------------------------- styles
#: header spellings per column, as journals print them
HEADERS = {
    "author": ["Author", "Study", "Reference", "First author", "Trial"],
    "phase": ["Phase", "Design", "Study design", "Type of study"],
    "n_total": ["N", "No. of patients", "Patients, n", "n", "Number of patients", "Patients (n)"],
    "treatment": ["Treatment", "Regimen", "Therapy", "Intervention", "Treatment arms"],
    "orr_pct": ["ORR (%)", "Response rate, %", "RR (%)", "ORR, %", "Objective response rate (%)"],
    "pfs_median_months": ["mPFS (months)", "Median PFS, mo", "PFS, median (months)", "Median PFS (months)",
                          "PFS (mo)"],
    "os_median_months": ["mOS (months)", "Median OS, mo", "OS, median (months)", "Median OS (months)", "OS (mo)"],
}
COLUMNS = ("author", "phase", "n_total", "treatment", "orr_pct", "pfs_median_months", "os_median_months")
#: how the author cell is printed
AUTHOR_FORMS = ["{a} {y} [{r}]", "{a}. ({y}) [{r}]", "{s} {i}, {y}", "{a} {y}", "{a} ({y})"]
NOT_REACHED = ["Not reached", "NYR", "Not reached"]


def random_style(seed: int, maker: str) -> dict:
    """A layout chosen at random (seeded) for ``maker`` "fpdf" or "chromium"."""
    r = random.Random(f"{maker}:{seed}")
    return {
        "maker": maker, "seed": seed,
        "rules": r.choice(["grid", "hrules", "header", "none"]),
        "landscape": r.random() < 0.4,
        "font": r.choice(["Helvetica", "Times", "Courier"] if maker == "fpdf" else ["Arial", "Georgia", "Liberation Serif"]),
        "size": r.choice([7, 8, 9, 10]),
        "arms": r.choice(["vs", "rows"]),
        "span": r.choice(["top", "middle"]),
        "caption": r.choice(["Table 1.", "TABLE 1 |", "below"]),
        "headers": {c: r.choice(v) for c, v in HEADERS.items()},
        "author_form": r.choice(AUTHOR_FORMS),
        "not_reached": r.choice(NOT_REACHED),
        "decimals": r.random() < 0.5,
        "sections": r.random() < 0.5,
        "wrap": r.random() < 0.5,
        "split": r.random() < 0.5,
        "prose": r.randint(1, 6),
    }


def _author(study: dict, form: str) -> str:
    surname = study["author"].split()[0]
    initials = "".join(c for c in surname[::3].upper() if c.isalpha())[:2]
    return form.format(a=study["author"], y=study["year"], r=study["ref"], s=surname, i=initials)


def _value(v, not_reached: str, decimals: bool) -> str:
    if v == "NYR":
        return not_reached
    if v is None:
        return "NR"
    return f"{v:.1f}" if decimals or v != int(v) else f"{int(v)}"


def table_lines(rows: list[dict], style: dict) -> dict[str, list[dict]]:
    """table label -> its printed lines in order: {"section": text} or {"cells": [text per column], "first": bool,
    "arms": k} (with one row per arm, "first" marks a study's first arm and "arms" how many it has)."""
    studies: dict[str, list[list[dict]]] = defaultdict(list)
    for row in rows:
        group = studies[row["table"]]
        if row["arm_index"] == 0:
            group.append([])
        group[-1].append(row)
    out: dict[str, list[dict]] = {}
    for table, groups in studies.items():
        lines: list[dict] = []
        section = None
        for arms in groups:
            s = arms[0]
            if style["sections"] and s["section"] and s["section"] != section:
                lines.append({"section": s["section"]})
            section = s["section"]
            vals = lambda a: [_value(a["orr_pct"], "", style["decimals"]),  # noqa: E731
                              _value("NYR" if a["pfs_not_reached"] else a["pfs_median_months"], style["not_reached"], style["decimals"]),
                              _value("NYR" if a["os_not_reached"] else a["os_median_months"], style["not_reached"], style["decimals"])]
            study = [_author(s, style["author_form"]), s["phase"] or "", "NR" if s["n_total"] is None else str(s["n_total"])]
            if style["arms"] == "vs" or len(arms) == 1:
                per = [vals(a) for a in arms]
                lines.append({"cells": study + [" vs ".join(a["arm"] for a in arms)]
                              + [" vs ".join(p[i] for p in per) for i in range(3)], "first": True, "arms": 1})
            else:
                for k, a in enumerate(arms):
                    lines.append({"cells": (study if k == 0 else ["", "", ""]) + [a["arm"]] + vals(a),
                                  "first": k == 0, "arms": len(arms)})
        out[table] = lines
    return out


def table_lines_cols(rows: list[dict], style: dict) -> list[list[str]]:
    """The words of each column, header included, over every table."""
    cols: list[list[str]] = [style["headers"][c].split() for c in COLUMNS]
    for lines in table_lines(rows, style).values():
        for line in lines:
            for i, c in enumerate(line.get("cells", [])):
                cols[i].extend(c.split())
    return cols


PROSE = ("This paragraph is running text of the article, set above and below the tables so that they sit at "
         "different heights on the page. It says nothing a table would say and ends with a full stop. ")


# ---------------------------------------------------------------------------------------------- fpdf2
def _latin(text: str) -> str:
    """Text the core PDF fonts can show: dashes and signs outside Latin-1 spelt plainly."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2265", ">=").replace("\u2264", "<=")
    return text.encode("latin-1", "replace").decode("latin-1")


def render_fpdf(rows: list[dict], style: dict, out: str | os.PathLike) -> None:
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue

    pdf = FPDF(unit="pt", format="A4", orientation="L" if style["landscape"] else "P")
    pdf.set_auto_page_break(False)
    margin = 48
    width = pdf.w - 2 * margin
    bottom = pdf.h - margin
    size = style["size"]
    lead = size * 1.25
    pad = 3
    rel = [1.5, 0.9, 0.8, 1.8, 1.0, 1.0, 1.0] if not style["wrap"] else [1.1, 0.8, 0.6, 1.1, 0.8, 0.8, 0.8]
    widths = [width * w / sum(rel) for w in rel]
    if style["wrap"]:
        widths = [w * 0.8 for w in widths]
    # a column is at least as wide as its longest word: cells wrap between words, as journals set them
    pdf.set_font(style["font"], "B", size)
    for i, col in enumerate(table_lines_cols(rows, style)):
        widths[i] = max(widths[i], max(pdf.get_string_width(_latin(w)) for w in col) + 2 * (pad + pdf.c_margin) + 2)
    pdf.add_page()
    pdf.set_font(style["font"], size=size + 1)
    pdf.set_xy(margin, margin)
    pdf.multi_cell(width, lead + 1, PROSE * style["prose"])
    y = pdf.get_y() + 12

    def lines_of(text: str, w: float, bold=False) -> list[str]:
        pdf.set_font(style["font"], "B" if bold else "", size)
        return pdf.multi_cell(w - 2 * pad, lead, _latin(text), dry_run=True, output=MethodReturnValue.LINES) or [""]

    def caption(label: str, cont: bool) -> None:
        nonlocal y
        num = label.split()[1]
        if style["caption"] == "TABLE 1 |":
            text = f"TABLE {num} | " + ("(continued)" if cont else CAPTIONS.get(label, DEFAULT_CAPTION))
        else:
            text = f"Table {num}" + (" (continued)" if cont else f". {CAPTIONS.get(label, DEFAULT_CAPTION)}")
        pdf.set_font(style["font"], "B", size + 1)
        pdf.set_xy(margin, y)
        pdf.multi_cell(width, lead + 1, _latin(text))
        y = pdf.get_y() + 4

    def hrule(at: float, thick=0.5) -> None:
        pdf.set_line_width(thick)
        pdf.line(margin, at, margin + sum(widths), at)

    def draw_row(cells: list[str], bold=False, spans: list[float] | None = None) -> float:
        """Draw one row at y; its height. ``spans``: per column, the height a cell's box covers (study cells)."""
        nonlocal y
        texts = [lines_of(c, w, bold) for c, w in zip(cells, widths)]
        h = max(len(t) for t in texts) * lead + 2 * pad
        x = margin
        for i, (t, w) in enumerate(zip(texts, widths)):
            pdf.set_font(style["font"], "B" if bold else "", size)
            for k, line in enumerate(t):
                pdf.text(x + pad, y + pad + (k + 0.8) * lead, line)
            if style["rules"] == "grid" and cells[i] != "\0":
                pdf.set_line_width(0.4)
                pdf.rect(x, y, w, spans[i] if spans and spans[i] else h)
            x += w
        return h

    header = [style["headers"][c] for c in COLUMNS]
    tables = table_lines(rows, style)
    for label, lines in tables.items():
        def head(cont: bool) -> None:
            nonlocal y
            if style["caption"] != "below":
                caption(label, cont)
            if style["rules"] in ("hrules", "header"):
                hrule(y, 0.8)
            y += draw_row(header, bold=True)
            if style["rules"] in ("hrules", "header"):
                hrule(y)

        # the table's bottom on the first page: with "split", part of the rows go over to the next page
        limit = bottom if not style["split"] else min(bottom, y + 60 + 3 * lead * len(lines) / 2)
        if y + 80 > limit:
            pdf.add_page()
            y = margin
            limit = bottom
        head(False)
        i = 0
        while i < len(lines):
            line = lines[i]
            if "section" in line:
                block = [line]
            else:
                block = lines[i:i + line["arms"]] if line["first"] else [line]
            heights = [max(len(lines_of(c, w)) for c, w in zip(b.get("cells", [b.get("section", "")]), widths)) * lead
                       + 2 * pad for b in block]
            if y + sum(heights) > limit:
                if style["rules"] in ("hrules", "header"):
                    hrule(y, 0.8)
                pdf.add_page()
                y = margin
                limit = bottom
                head(True)
            if "section" in line:
                pdf.set_font(style["font"], "I", size)
                pdf.text(margin + pad, y + pad + 0.8 * lead, _latin(line["section"]))
                if style["rules"] == "grid":
                    pdf.rect(margin, y, sum(widths), lead + 2 * pad)
                y += lead + 2 * pad
                i += 1
                continue
            top = y
            for k, b in enumerate(block):
                cells = list(b["cells"])
                spans = None
                if len(block) > 1:
                    if k == 0:
                        spans = [sum(heights)] * 3 + [None] * 4
                        if style["span"] == "middle":  # the study's cells drawn in the middle of its arms' rows
                            saved, cells[:3] = cells[:3], ["", "", ""]
                    else:
                        cells[:3] = ["\0"] * 3
                draw_row([c if c != "\0" else "" for c in cells] if style["rules"] != "grid" else cells, spans=spans)
                if k == 0 and len(block) > 1 and style["span"] == "middle":
                    mid = top + sum(heights) / 2 - lead / 2 - pad
                    x = margin
                    pdf.set_font(style["font"], "", size)
                    for c, w in zip(saved, widths[:3]):
                        for j, t in enumerate(lines_of(c, w)):
                            pdf.text(x + pad, mid + pad + (j + 0.8) * lead, t)
                        x += w
                if style["rules"] == "hrules" and k == len(block) - 1:
                    hrule(y + heights[k], 0.3)
                y += heights[k]
            i += len(block)
        if style["rules"] in ("hrules", "header"):
            hrule(y, 0.8)
        y += 6
        if style["caption"] == "below":
            caption(label, False)
        pdf.set_font(style["font"], size=size)
        pdf.set_xy(margin, y + 4)
        pdf.multi_cell(width, lead, "NR, not reported. " + PROSE)
        y = pdf.get_y() + 16
    pdf.output(str(out))


# -------------------------------------------------------------------------------------------- chromium
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]
_BORDERS = {
    "grid": "td, th { border: 0.6pt solid #000; } table { border-collapse: collapse; }",
    "hrules": "table { border-collapse: collapse; border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
              " thead th { border-bottom: 0.6pt solid #000; } tr.study-end td { border-bottom: 0.4pt solid #555; }",
    "header": "table { border-collapse: collapse; border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
              " thead th { border-bottom: 0.6pt solid #000; }",
    "none": "table { border-collapse: collapse; }",
}


def html_page(rows: list[dict], style: dict) -> str:
    """The tables of ``rows`` as an HTML page styled by CSS: thead (repeated by the browser on every page it spans),
    rowspan for a study's cells over its arms."""
    size = style["size"] + 1
    css = (f"@page {{ size: A4 {'landscape' if style['landscape'] else 'portrait'}; margin: 16mm; }}"
           f" body {{ font-family: '{style['font']}'; font-size: {size}pt; }}"
           f" td, th {{ padding: 2pt 5pt; vertical-align: {'top' if style['span'] == 'top' else 'middle'};"
           f" text-align: left; }} th {{ font-weight: bold; }} table {{ margin: 8pt 0; }}"
           f" .caption {{ font-weight: bold; margin: 6pt 0 2pt; }} tr.section td {{ font-style: italic; }}"
           f" {_BORDERS[style['rules']]}"
           + (" td:nth-child(4) { max-width: 70pt; } td:first-child { max-width: 80pt; }" if style["wrap"] else "")
           + (" tr { break-inside: avoid; }"))
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>",
             f"<p>{html.escape(PROSE * style['prose'] * (4 if style['split'] else 1))}</p>"]
    header = "".join(f"<th>{html.escape(style['headers'][c])}</th>" for c in COLUMNS)
    for label, lines in table_lines(rows, style).items():
        num = label.split()[1]
        cap = (f"TABLE {num} | {CAPTIONS.get(label, DEFAULT_CAPTION)}" if style["caption"] == "TABLE 1 |"
               else f"Table {num}. {CAPTIONS.get(label, DEFAULT_CAPTION)}")
        if style["caption"] != "below":
            parts.append(f"<p class='caption'>{html.escape(cap)}</p>")
        parts.append(f"<table><thead><tr>{header}</tr></thead><tbody>")
        for i, line in enumerate(lines):
            if "section" in line:
                parts.append(f"<tr class='section'><td colspan='7'>{html.escape(line['section'])}</td></tr>")
                continue
            last = i + 1 == len(lines) or "section" in lines[i + 1] or lines[i + 1]["first"]
            cells = line["cells"]
            tds = []
            for k, c in enumerate(cells):
                if k < 3 and line["arms"] > 1:
                    if line["first"]:
                        tds.append(f"<td rowspan='{line['arms']}'>{html.escape(c)}</td>")
                    continue
                tds.append(f"<td>{html.escape(c)}</td>")
            parts.append(f"<tr{' class=study-end' if last else ''}>{''.join(tds)}</tr>")
        parts.append("</tbody></table>")
        if style["caption"] == "below":
            parts.append(f"<p class='caption'>{html.escape(cap)}</p>")
        parts.append(f"<p>NR, not reported. {html.escape(PROSE)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def render_chromium(rows: list[dict], style: dict, out: str | os.PathLike) -> None:
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed; .ci/run installs Debian's chromium package "
                           "(apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html_page(rows, style), encoding="utf-8")
        done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                               f"--print-to-pdf={out}", page.as_uri()], capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not Path(out).exists():
            raise RuntimeError(f"chromium could not print {page}: {done.stderr[-500:]}")


def render(rows: list[dict], style: dict, out: str | os.PathLike) -> None:
    """Every table of ``rows`` laid out in ``style``, one PDF written to ``out``."""
    (render_fpdf if style["maker"] == "fpdf" else render_chromium)(rows, style, out)


# ------------------------------------------------------------------------------------------------ score
_VALUES = ("n_total", "orr_pct", "pfs_median_months", "os_median_months")
_FLAGS = ("pfs_not_reached", "os_not_reached")


def _key(row: dict) -> tuple:
    words = [w for w in re.findall(r"[A-Za-z'\-]+", str(row.get("author") or "")) if w.lower() not in ("et", "al")]
    table = re.search(r"\d+", str(row.get("table") or ""))
    return (words[0].lower() if words else "", row.get("year"), table.group() if table else None)


def _cells(row: dict) -> dict:
    out = {f: float(row[f]) for f in _VALUES if isinstance(row.get(f), (int, float)) and not isinstance(row.get(f), bool)}
    out.update({f: 1.0 for f in _FLAGS if row.get(f) is True})
    comps = frozenset(str(c).lower() for c in row.get("components") or []) - {"leucovorin"}
    if comps:
        out["components"] = comps
    return out


def score(gold_rows: list[dict], pred_rows: list[dict]) -> dict:
    """Cell recall, precision and wrong-arm share as ``../shared/eval/score_tables.py`` counts them: studies found by
    table number, first author's surname and year; arms paired by components, else in order."""
    gold, pred = defaultdict(list), defaultdict(list)
    for r in gold_rows:
        gold[_key(r)].append(r)
    for r in pred_rows:
        pred[_key(r)].append(r)
    gold_n = right = wrong_arm = 0
    for key, garms in gold.items():
        free = list(pred.get(key, []))
        for g in garms:
            gc = _cells(g)
            p = next((p for p in free if _cells(p).get("components") == gc.get("components")), free[0] if free else None)
            if p is not None:
                free.remove(p)
            pc = _cells(p) if p else {}
            gold_n += len(gc)
            right += sum(1 for f, v in gc.items() if f in pc and (pc[f] == v if f == "components" else abs(pc[f] - v) < 0.051))
            for f, v in pc.items():
                others = [_cells(o).get(f) for o in garms if o is not g]
                if f != "components" and not (f in gc and abs(gc[f] - v) < 0.051) \
                        and any(o is not None and abs(o - v) < 0.051 for o in others):
                    wrong_arm += 1
    pred_n = sum(len(_cells(r)) for r in pred_rows)
    return {"gold_cells": gold_n, "predicted_cells": pred_n, "right": right,
            "cell_recall": round(right / gold_n, 3) if gold_n else 0.0,
            "cell_precision": round(right / pred_n, 3) if pred_n else 0.0,
            "wrong_arm_share": round(wrong_arm / pred_n, 3) if pred_n else 0.0}


def style_name(style: dict) -> str:
    """A short label of a style's main choices, for reports."""
    return (f"{style['maker']}#{style['seed']} {style['rules']} {'L' if style['landscape'] else 'P'} "
            f"arms={style['arms']}{'/' + style['span'] if style['arms'] == 'rows' else ''} cap={style['caption']}"
            f"{' wrap' if style['wrap'] else ''}{' split' if style['split'] else ''} {style['font']}")
