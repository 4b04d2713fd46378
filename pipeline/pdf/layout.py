"""Words -> lines -> blocks, in reading order: pure functions over pdfplumber word dicts.

A word is pdfplumber's dict (``text, x0, x1, top, bottom, fontname, size``). Nothing here opens a file.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.pdf.vocab import FIGURE_LABEL_RE, HEADING_CANONICAL, LIGATURES

# ------------------------------------------------------------------------------------------------- lines


@dataclass
class Line:
    words: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    column: int = 0
    chunks: list[list[dict]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def clean_word(text: str) -> str:
    for lig, repl in LIGATURES.items():
        if lig in text:
            text = text.replace(lig, repl)
    return text


def _is_bold(fontname: str) -> bool:
    f = (fontname or "").lower()
    return "bold" in f or "black" in f or "heavy" in f or f.endswith((",b", "-b", ".b"))


def make_line(words: list[dict]) -> Line:
    words = sorted(words, key=lambda w: w["x0"])
    sizes = [float(w.get("size") or 0) for w in words]
    n_bold = sum(len(w["text"]) for w in words if _is_bold(w.get("fontname", "")))
    n_all = sum(len(w["text"]) for w in words) or 1
    return Line(words=words, x0=min(w["x0"] for w in words), x1=max(w["x1"] for w in words),
                top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
                size=statistics.median(sizes) if sizes else 0.0, bold=n_bold / n_all > 0.6)


def group_lines(words: list[dict], tol: float | None = None) -> list[Line]:
    """Cluster words into lines by their vertical centre; lines come out top to bottom."""
    if not words:
        return []
    ws = sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"]))
    lines: list[list[dict]] = []
    cur: list[dict] = []
    cur_mid = None
    for w in ws:
        mid = (w["top"] + w["bottom"]) / 2
        h = max(1.0, w["bottom"] - w["top"])
        t = tol if tol is not None else 0.45 * h
        if cur and abs(mid - cur_mid) <= t:
            cur.append(w)
        else:
            if cur:
                lines.append(cur)
            cur, cur_mid = [w], mid
    if cur:
        lines.append(cur)
    return [make_line(ln) for ln in lines]


def chunk_line(line: Line, gap: float) -> list[list[dict]]:
    """Split a line's words where the horizontal gap is wider than ``gap`` (table cells)."""
    chunks: list[list[dict]] = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if w["x0"] - prev["x1"] > gap:
            chunks.append([w])
        else:
            chunks[-1].append(w)
    return chunks


# ------------------------------------------------------------------------------------ headers / footers
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$|^[ivxlcdm]{1,6}$", re.IGNORECASE)


def running_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def margin_lines(lines: list[Line], height: float, band: float = 0.09) -> list[int]:
    """Indices of the lines in the top and bottom margin bands of a page."""
    return [i for i, ln in enumerate(lines) if ln.bottom < height * band or ln.top > height * (1 - band)]


def find_running_lines(pages: list[tuple[list[Line], float]]) -> list[set[int]]:
    """Per page, the indices of running headers, footers and page numbers.

    A margin line is running when its text with digits masked recurs in the margins of at least two pages and a
    quarter of all pages, or when it is a bare page number; a first-page margin line that contains a recurring
    header's text (journal line + DOI) counts too.
    """
    keys_per_page = []
    counts: Counter = Counter()
    for lines, height in pages:
        idx = margin_lines(lines, height)
        keys = {i: running_key(lines[i].text) for i in idx}
        keys_per_page.append(keys)
        counts.update(set(keys.values()))
    n = len(pages)
    need = max(2, (n + 3) // 4)
    recurring = {k for k, c in counts.items() if c >= need and len(k) > 0}
    out = []
    for keys in keys_per_page:
        found = set()
        for i, k in keys.items():
            bare = k.replace("#", "1")
            if k in recurring or _PAGE_NUMBER.match(bare.strip()):
                found.add(i)
            elif n > 1 and any(len(_core(r)) > 12 and _core(r) in k for r in recurring):
                found.add(i)
        out.append(found)
    return out


def _core(key: str) -> str:
    return key.strip(" #-|")


# ---------------------------------------------------------------------------------------------- columns
def find_gutters(lines: list[Line], width: float) -> list[float]:
    """x positions of empty vertical strips that separate text columns (none for single-column text).

    A gutter is a run of at least 6 pt, between 12 % and 88 % of the page width, that (almost) no word
    covers, with text lines on both sides; every column between two gutters must hold lines too.
    """
    if len(lines) < 6:
        return []
    words = [w for ln in lines for w in ln.words]
    xmin = min(w["x0"] for w in words)
    xmax = max(w["x1"] for w in words)
    # coverage from line pieces (split at wide gaps) that are narrower than a full-width line: a title or a
    # full-width abstract crossing the gutter does not hide it
    narrow: list[dict] = []
    n_pieces = 0
    for ln in lines:
        for piece in chunk_line(ln, max(8.0, 1.2 * ln.size)):
            if piece[-1]["x1"] - piece[0]["x0"] <= 0.6 * (xmax - xmin):
                narrow.extend(piece)
                n_pieces += 1
    lo, hi = int(width * 0.12), int(width * 0.88)
    if hi <= lo or n_pieces < 6:
        return []
    cover = [0] * (hi - lo + 1)
    for w in narrow:
        a, b = max(lo, int(w["x0"])), min(hi, int(w["x1"]) + 1)
        for x in range(a, b + 1):
            cover[x - lo] += 1
    allowed = max(1, int(n_pieces * 0.05))
    runs, start = [], None
    for i, c in enumerate(cover + [allowed + 1]):
        if c <= allowed:
            if start is None:
                start = i
        elif start is not None:
            length = i - start
            g = lo + start + length / 2
            if length >= 6 and start > 0 and i < len(cover) and xmin + 20 < g < xmax - 20:
                runs.append(g)
            start = None
    if not runs:
        g = _aligned_gutter(lines, cover, lo, width)
        if g is None:
            return []
        runs = [g]
    bounds = [float("-inf")] + runs + [float("inf")]
    tops = [set() for _ in range(len(bounds) - 1)]
    for w in words:
        for k in range(len(bounds) - 1):
            if w["x0"] >= bounds[k] - 1 and w["x1"] <= bounds[k + 1] + 1:
                tops[k].add(round(w["top"]))
                break
    keep = [g for k, g in enumerate(runs) if len(tops[k]) >= 3 and len(tops[k + 1]) >= 3
            and _crossing_share(lines, g) < 0.6]
    return keep


def _aligned_gutter(lines: list[Line], cover: list[int], lo: int, width: float) -> float | None:
    """Fallback when figures or a full-width abstract leave no empty strip: a column edge where many line
    pieces start (the right column's left margin) with little text just left of it."""
    starts: dict[int, int] = {}
    for ln in lines:
        for piece in chunk_line(ln, max(8.0, 1.2 * ln.size)):
            x = round(piece[0]["x0"])
            if width * 0.3 <= x <= width * 0.7:
                starts[x] = starts.get(x, 0) + 1
    if not starts:
        return None
    # near-equal starts (+-1 pt) pooled; try the most common left edges first
    pooled = sorted(((starts.get(x - 1, 0) + n + starts.get(x + 1, 0), x) for x, n in starts.items()), reverse=True)
    for n, x in pooled[:4]:
        if n < max(5, 0.15 * len(lines)):
            break
        g = x - 4
        i = int(g) - lo
        if 0 <= i < len(cover) and cover[i] <= 0.8 * n and _crossing_share(lines, g) < 0.6:
            return float(g)
    return None


def _crossing_share(lines: list[Line], g: float) -> float:
    """Share of lines that run across x = g as ordinary text (a word over it, or a normal word space at it)."""
    crossing = 0
    for ln in lines:
        ws = ln.words
        if any(w["x0"] < g < w["x1"] for w in ws):
            crossing += 1
            continue
        for a, b in zip(ws, ws[1:]):
            if a["x1"] <= g <= b["x0"] and b["x0"] - a["x1"] < max(8.0, 1.2 * ln.size):
                crossing += 1
                break
    return crossing / max(1, len(lines))


def split_columns(lines: list[Line], width: float) -> tuple[list[Line], int]:
    """Lines in reading order, by recursive XY-cut over the words.

    A region is cut vertically at its widest empty vertical strip (a column gutter) when there is one, and read
    left part first; otherwise horizontally at its widest empty horizontal strip of at least ``0.8`` line heights
    (a band boundary: a full-width abstract above two columns, a figure), and read top part first. A region with
    neither cut is a leaf; each leaf's lines get the leaf number as ``column`` (a new block starts at a leaf change).
    Returns the ordered lines and the number of text columns (from ``find_gutters``, for information).
    """
    words = [w for ln in lines for w in ln.words]
    if not words:
        return [], 1
    heights = sorted(w["bottom"] - w["top"] for w in words)
    line_h = heights[len(heights) // 2] or 1.0
    leaves: list[list[dict]] = []
    _xy_cut(words, line_h, leaves, 0)
    ordered: list[Line] = []
    for k, leaf in enumerate(leaves, start=1):
        for ln in group_lines(leaf):
            ln.column = k
            ordered.append(ln)
    ncols = len(find_gutters(lines, width)) + 1
    if len(leaves) == 1:
        for ln in ordered:
            ln.column = 0
    return ordered, ncols


def _xy_cut(words: list[dict], line_h: float, out: list[list[dict]], depth: int) -> None:
    if depth > 60 or len(words) < 2:
        out.append(words)
        return
    heights = sorted(w["bottom"] - w["top"] for w in words)
    line_h = max(line_h * 0.5, heights[len(heights) // 2])  # the region's own type size (a title is bigger)
    # a vertical cut (columns) first, else a horizontal one; a region neither cuts is a leaf
    for lo, hi, min_gap in (("x0", "x1", max(6.0, 0.8 * line_h)), ("top", "bottom", 0.8 * line_h)):
        cut = _widest_gap(words, lo, hi, min_gap=min_gap)
        if cut is not None:
            _xy_cut([w for w in words if w[hi] <= cut], line_h, out, depth + 1)
            _xy_cut([w for w in words if w[hi] > cut], line_h, out, depth + 1)
            return
    out.append(words)


def _widest_gap(words: list[dict], lo_key: str, hi_key: str, min_gap: float) -> float | None:
    """Middle of the widest empty strip between the words' projections on one axis, or None."""
    spans = sorted((w[lo_key], w[hi_key]) for w in words)
    best, best_gap = None, min_gap
    reach = spans[0][1]
    for lo, hi in spans[1:]:
        gap = lo - reach
        if gap >= best_gap:
            best, best_gap = (reach + lo) / 2, gap
        reach = max(reach, hi)
    return best


# ----------------------------------------------------------------------------------------------- blocks
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u2023\u2013\-\*]\s")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+){0,3})\.?\s+\S")


@dataclass
class RawBlock:
    lines: list[Line]
    page: int
    column: int
    kind: str = "paragraph"
    continues: bool = False  # continues the previous block's paragraph across a column or page break

    @property
    def bbox(self):
        return (min(ln.x0 for ln in self.lines), min(ln.top for ln in self.lines),
                max(ln.x1 for ln in self.lines), max(ln.bottom for ln in self.lines))


def blocks_from_lines(lines: list[Line], page: int, body_size: float) -> list[RawBlock]:
    """Group reading-ordered lines into blocks: a new block at a column change, a vertical gap wider than
    a normal line gap, a change of font size or weight, a bullet, or a first-line indent."""
    blocks: list[RawBlock] = []
    col_left: dict[int, float] = {}
    for ln in lines:
        col_left[ln.column] = min(col_left.get(ln.column, ln.x0), ln.x0)
    prev: Line | None = None
    for ln in lines:
        new = prev is None or ln.column != prev.column
        if not new:
            gap = ln.top - prev.bottom
            size = max(ln.size, prev.size, 1.0)
            if gap > 0.4 * size or gap < -0.5 * size:
                new = True
            elif abs(ln.size - prev.size) > 0.8 or ln.bold != prev.bold:
                new = True
            elif _BULLET.match(ln.text):
                new = True
            elif ln.x0 - col_left[ln.column] > 0.8 * size and prev.x0 - col_left[ln.column] < 0.3 * size \
                    and prev.x1 < ln.x1 - 2 * size:
                new = True  # first-line indent after a short last line
        if new:
            blocks.append(RawBlock(lines=[ln], page=page, column=ln.column))
        else:
            blocks[-1].lines.append(ln)
        prev = ln
    for b in blocks:
        b.kind = classify_block(b, body_size)
    return blocks


def classify_block(b: RawBlock, body_size: float) -> str:
    first = b.lines[0].text
    text = " ".join(ln.text for ln in b.lines)
    if _BULLET.match(first):
        return "list_item"
    if FIGURE_LABEL_RE.match(first):
        return "caption"
    short = len(b.lines) <= 3 and len(text) <= 120 and not text.rstrip().endswith(".")
    bigger = all(ln.size >= body_size + 0.9 for ln in b.lines)
    bold = all(ln.bold for ln in b.lines)
    wordy = len(re.findall(r"[A-Za-zÀ-ÿ]", text)) >= 4 and re.search(r"[A-Za-zÀ-ÿ]{3,}", text)
    if short and wordy and (bold or bigger):
        return "heading"
    if len(b.lines) == 1 and canonical_heading(text) and len(text) < 40:
        return "heading"
    return "paragraph"


def canonical_heading(title: str) -> str | None:
    t = _NUMBERED.sub(lambda m: m.group(0)[len(m.group(1)):].lstrip(". "), title.strip())
    t = re.sub(r"[^a-z ]", "", t.lower()).strip()
    t = " ".join(t.split())
    for canon, names in HEADING_CANONICAL.items():
        if t in names:
            return canon
    return None


def heading_level(title: str) -> int:
    m = _NUMBERED.match(title.strip())
    if m:
        return m.group(1).count(".") + 1
    return 1 if canonical_heading(title) else 3


# --------------------------------------------------------------------------------------- hyphenation
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ\-]*[A-Za-zÀ-ÿ]")


def vocabulary(lines: list[Line]) -> Counter:
    """Lower-cased words as printed inside lines (not at line ends), to decide hyphen repairs."""
    c: Counter = Counter()
    for ln in lines:
        for w in ln.words[:-1]:
            for tok in _TOKEN.findall(w["text"]):
                c[tok.lower()] += 1
    return c


# ------------------------------------------------------------------------------------------------- ids
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>&;,]+)", re.IGNORECASE)
PMID_RE = re.compile(r"\bPMID\s*:?\s*(\d{4,9})\b|\bPubMed\s+ID\s*:?\s*(\d{4,9})\b", re.IGNORECASE)
NCT_RE = re.compile(r"\bNCT\s?(\d{8})\b")


def find_ids(text: str) -> dict:
    """DOIs, PMIDs and ClinicalTrials.gov ids in first-seen order, without duplicates."""
    def uniq(items):
        seen, out = set(), []
        for it in items:
            k = it.lower()
            if k not in seen:
                seen.add(k)
                out.append(it)
        return out

    dois = [m.group(1).rstrip(".)]}'\u2019") for m in DOI_RE.finditer(text)]
    pmids = [m.group(1) or m.group(2) for m in PMID_RE.finditer(text)]
    ncts = ["NCT" + m.group(1) for m in NCT_RE.finditer(text)]
    return {"doi": uniq(dois), "pmid": uniq(pmids), "nct": uniq(ncts)}
