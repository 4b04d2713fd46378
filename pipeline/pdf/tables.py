"""Find tables on a page and read them into rows of cells (text, lines, page, bbox).

Three layouts are read:

* ruled: a full grid of lines; pdfplumber's own lines strategy finds the cells.
* rules: horizontal rules only (most journals): a rule under the caption, one under the header, one at the end.
  Columns come from the x-extents of the cell chunks (words split at gaps wider than a space), rows from the
  vertical spacing (a row's lines sit closer together than two rows do), multi-line cells stay in their row,
  and a single chunk that crosses column boundaries is a section row ("First line").
* whitespace: no rules at all; the region runs from the caption down while lines still split into several
  aligned chunks.

Parts of one table on later pages ("Table 3 (continued)") are joined by ``join_continued``.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from extractors.text import join_lines
from pipeline.pdf.layout import Line, chunk_line, group_lines
from pipeline.pdf.model import Cell, Row, Table
from pipeline.pdf.vocab import FIGURE_LABEL_RE, LEADER_RE, TABLE_LABEL_RE, is_continued


@dataclass
class TablePart:
    label: str | None
    number: str | None
    caption: str
    page: int
    region: tuple[float, float, float, float]  # everything the table owns on the page, caption and notes included
    header: list[Cell]
    rows: list[Row]
    footnotes: list[str] = field(default_factory=list)
    strategy: str = "rules"
    header_grid: list[list[Cell]] = field(default_factory=list)  # the header as grid rows, when it has group rows
    rows_ruled: bool = True  # False: a grid of lines with no rule between its rows; the text tells rows apart better
    caption_below: bool = False  # the caption was printed under the table

    @property
    def continued(self) -> bool:
        return is_continued(self.caption)


# ----------------------------------------------------------------------------------------------- rules
def horizontal_rules(page, min_width: float = 40.0) -> list[tuple[float, float, float]]:
    """(x0, x1, y) of horizontal strokes at least ``min_width`` long. A rule drawn as touching pieces on one
    height (one piece per column, as many producers draw it) is one rule; so is a double rule (two strokes too close
    for text between them)."""
    raw = sorted(((float(e["x0"]), float(e["x1"]), float(e["top"])) for e in page.horizontal_edges),
                 key=lambda r: (round(r[2]), r[0], r[1], r[2]))
    joined: list[list[float]] = []
    for x0, x1, y in raw:
        last = joined[-1] if joined else None
        if last and abs(last[2] - y) < 1.5 and x0 <= last[1] + 2.0:
            last[1] = max(last[1], x1)
        else:
            joined.append([x0, x1, y])
    out: list[tuple[float, float, float]] = []
    for x0, x1, y in sorted((r for r in joined if r[1] - r[0] >= min_width), key=lambda r: (r[2], r[0])):
        if out and y - out[-1][2] < 4 and abs(out[-1][0] - x0) < 3 and abs(out[-1][1] - x1) < 3:
            continue
        out.append((x0, x1, y))
    return out


def _label(m: re.Match) -> str:
    """"Table 3" (or "Exhibit 3") from a TABLE_LABEL_RE match; "Table" for an unnumbered table."""
    word = "Table" if m.group("word").lower().startswith("tab") else m.group("word").capitalize()
    return f"{word} {m.group('num')}" if m.group("num") else word


def _number(label: str) -> str | None:
    return label.split(None, 1)[1] if " " in label else None


def caption_lines(lines: list[Line]) -> list[tuple[Line, str, str]]:
    """Lines that start a table caption: (line, label, caption text after the label)."""
    out = []
    for ln in lines:
        text = ln.text.strip()
        m = TABLE_LABEL_RE.match(text)
        if not m:
            continue
        rest = text[m.end():].strip(" .:|")
        if re.match(r"^(shows|summari[sz]es|lists|presents|gives|and|in|of|to|for|compares|reports)\b", rest):
            continue  # "Table 3 summarizes ..." is a sentence, not a caption
        out.append((ln, _label(m), rest))
    return out


def captions_below(parts: list[TablePart], lines: list[Line]) -> list[tuple[Line, TablePart, str, str]]:
    """Caption lines printed under their table: right under a table found without a caption above it, within two
    line heights, and not right above another table (then it is that table's caption): (caption line, its table,
    label, caption text)."""
    out = []
    tops = [min([c.bbox[1] for c in p.header if c.bbox] + [c.bbox[1] for r in p.rows for c in r.cells if c.bbox],
                default=p.region[1]) for p in parts]
    for ln, label, rest in caption_lines(lines):
        if any(ln.bottom - 1 <= t <= ln.bottom + 3.5 * ln.size for t in tops):
            continue
        for p in parts:
            x0, _, x1, bottom = p.region
            if p.label is None and -1 <= ln.top - bottom <= 2.5 * ln.size and ln.x0 >= x0 - 10 and ln.x0 < x1:
                out.append((ln, p, label, rest))
                break
    return out


def drop_leaders(words: list[dict]) -> list[dict]:
    """Words without leader dots, which only lead the eye from a row label to its values."""
    return [w for w in words if not LEADER_RE.match(w["text"])]


# ----------------------------------------------------------------------------------------------- cells
def _cell(words_by_line: list[list[dict]], page: int) -> Cell:
    lines = [" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for ws in words_by_line if ws]
    allw = [w for ws in words_by_line for w in ws]
    bbox = None
    if allw:
        bbox = (round(min(w["x0"] for w in allw), 2), round(min(w["top"] for w in allw), 2),
                round(max(w["x1"] for w in allw), 2), round(max(w["bottom"] for w in allw), 2))
    return Cell(text=join_lines(lines), lines=lines, page=page, bbox=bbox)


def column_bounds(lines: list[Line], gap: float, bounded: bool = False) -> list[tuple[float, float]]:
    """Column x-extents from the cell chunks of lines that split into two or more chunks: a column gap is a strip
    that (almost) no chunk covers. A few chunks may bridge a gap (a header spanning its columns, a long label)
    when a tenth of the lines or fewer do so; in a table ``bounded`` by its rules or caption, one line may do so
    too when there are four or more."""
    spans = []
    n = 0
    for ln in lines:
        chunks = chunk_line(ln, gap)
        if len(chunks) >= 2:
            n += 1
            spans.extend((min(w["x0"] for w in c), max(w["x1"] for w in c)) for c in chunks)
    if not spans:
        return []
    lo = int(min(a for a, _ in spans))
    hi = int(max(b for _, b in spans)) + 2
    cover = [0] * (hi - lo + 2)
    for a, b in spans:  # a chunk covers the whole points inside it
        cover[int(a) + 1 - lo] += 1
        cover[int(b) + 1 - lo] -= 1
    allowed = max(1, n // 10) if bounded and n >= 4 else n // 10
    runs: list[list[int]] = []
    depth = 0
    for i, d in enumerate(cover):
        depth += d
        if depth > allowed:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
    cols = []
    for a, b in runs:  # each run of covered points, back to the extent of the chunks that sit in it
        inside = [(x0, x1) for x0, x1 in spans if a + lo - 1 <= x0 and x1 <= b + lo + 1]
        if inside:
            cols.append((min(x0 for x0, _ in inside), max(x1 for _, x1 in inside)))
    return cols


def _col_of(x0: float, x1: float, cols: list[tuple[float, float]]) -> int:
    mid = (x0 + x1) / 2
    for i, (a, b) in enumerate(cols):
        if a - 0.5 <= x0 and x0 <= b:
            return i
    return min(range(len(cols)), key=lambda i: min(abs(mid - cols[i][0]), abs(mid - cols[i][1])))


def _spanning(line: Line, cols: list[tuple[float, float]], gap: float) -> bool:
    chunks = chunk_line(line, gap)
    if len(chunks) != 1 or len(cols) < 2:
        return False
    c = chunks[0]
    x0, x1 = min(w["x0"] for w in c), max(w["x1"] for w in c)
    crossed = sum(1 for a, b in cols[1:] if x0 < a - 1 and x1 > a + 1)
    return crossed >= 1 and _col_of(x0, x1, cols) == 0


def _indent_change(left: float | None, prev_left: float | None, filled: set[int], prev_filled: set[int]) -> bool:
    """Does a change of indent in the first column start a new row? A label alone in its row set left of the row
    above (a group label: "Race" under "Male 224,510 ..."), or the row under a label alone that starts at another
    indent (the group's first member); a hanging indent under a filled row is a wrapped label instead."""
    if left is None or prev_left is None:
        return False
    if prev_filled == {0}:
        return abs(left - prev_left) > 2
    return filled == {0} and left < prev_left - 2


def rows_from_lines(lines: list[Line], cols: list[tuple[float, float]], page: int, gap: float,
                    size: float) -> list[Row]:
    """Group table lines into rows (by vertical spacing) and each row's words into cells (by column)."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: ln.top)
    diffs = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top > 0.5]
    pitch = min(diffs) if diffs else size * 1.2
    wide = max(1.3 * pitch, pitch + 0.35 * size)
    # rows set apart by extra space (a wide gap between two lines that each fill several columns): then spacing
    # alone tells rows apart; else (every line at one pitch) content does too
    n_filled = [len({_col_of(w["x0"], w["x1"], cols) for w in ln.words}) for ln in lines]
    padded = any(b.top - a.top > wide and n_filled[i] >= 2 and n_filled[i + 1] >= 2
                 for i, (a, b) in enumerate(zip(lines, lines[1:])))
    rows: list[Row] = []
    groups: list[list[Line]] = []
    section: str | None = None
    prev: Line | None = None
    prev_full, prev_left, prev_filled = False, None, set()
    for ln in lines:
        if _spanning(ln, cols, gap):
            section = ln.text.strip()
            groups.append([])
            prev = None
            rows.append(Row(cells=[], section=section))  # placeholder, removed below
            continue
        diff = ln.top - prev.top if prev is not None else 0.0
        filled = {_col_of(w["x0"], w["x1"], cols) for w in ln.words}
        starts_left = 0 in filled
        # a new row: wider spacing than the tightest line pitch (rows padded apart), or, when every line is
        # equally spaced, a loose pitch with the first column filled (one-line rows), or a line that fills most
        # columns after a line that did too (a wrapped cell continues in a few columns, not in most of them), or
        # a change of indent around a group label (in two columns at one pitch, a line filling both is "most")
        full = len(filled) >= max(3, 0.6 * len(cols)) or (len(cols) == 2 and len(filled) == 2 and not padded)
        left = min((w["x0"] for w in ln.words if _col_of(w["x0"], w["x1"], cols) == 0), default=None)
        new = prev is None or diff > wide or (diff > 1.6 * size and starts_left) \
            or (full and prev_full and starts_left and (not padded or min(len(filled), len(prev_filled)) >= len(cols) - 1)) \
            or _indent_change(left, prev_left, filled, prev_filled)
        prev_full, prev_left, prev_filled = full, left, filled
        if new:
            groups.append([ln])
            rows.append(Row(cells=[], section=section))
        else:
            groups[-1].append(ln)
        prev = ln
    out: list[Row] = []
    for k, (grp, row) in enumerate(zip(groups, rows)):
        if not grp:
            continue
        row.cells = _cells(grp, cols, page)
        if out and k and groups[k - 1] and out[-1].section == row.section and _year_tail(row, out[-1]):
            groups[k - 1].extend(grp)  # "Okafor et al." / "(2010) [12]": the wrapped end of the row above
            out[-1].cells = _cells(groups[k - 1], cols, page)
            groups[k] = groups[k - 1]
            continue
        if len(cols) >= 3 and len(grp) == 1 and row.cells[0].text and not any(c.text for c in row.cells[1:]):
            section = row.cells[0].text  # a one-line row with only its first cell filled is a section label
            for later in rows[rows.index(row) + 1:]:
                later.section = section if later.section == row.section else later.section
            continue
        out.append(row)
    return out


#: the end of a study cell: its year (and reference), "(2010) [12]", "DM, 2017"
_YEAR_TAIL_RE = re.compile(r"^(?:[A-Z]{1,3}[.,]?\s+|(?:et\s+)?al\.?,?\s+)?\(?(?:19|20)\d{2}[a-z]?\)?[,.;]?(?:\s*\[[\d,\s\u2013-]+\])?$")


def _year_tail(row: Row, above: Row) -> bool:
    """Is a row only the wrapped end of the row above: its first cell a study's year (and reference) where the
    first cell above has none ("Okafor et al." / "(2010) [12]"), and no number in its other cells?"""
    first = row.cells[0].text if row.cells else ""
    prev = above.cells[0].text if above.cells else ""
    return bool(_YEAR_TAIL_RE.match(first.strip())) and bool(re.search(r"[A-Za-z]{2}", prev)) \
        and not re.search(r"(?:19|20)\d{2}", prev) and not any(re.search(r"\d", c.text) for c in row.cells[1:])


def header_cells(lines: list[Line], cols: list[tuple[float, float]], page: int) -> list[Cell]:
    return _cells(sorted(lines, key=lambda ln: ln.top), cols, page)


def header_rows(lines: list[Line], cols: list[tuple[float, float]], page: int, gap: float,
                rules: list[tuple[float, float, float]] = ()) -> list[list[Cell]]:
    """The header as grid rows. A line above the rest of the header holding fewer labels than half the columns,
    each label over two or more columns, labels groups of columns ("Total" over "Boys  Girls"): it is a row of its
    own, each label repeated over its columns (those under the rule beneath it, when one is drawn, else those it is
    centred on). The other header lines are one row, one cell per column; an empty header slot takes the label
    below it (a stub head set low, beside the group labels)."""
    lines = sorted(lines, key=lambda ln: ln.top)
    out: list[list[Cell]] = []
    rest: list[Line] = []
    for k, ln in enumerate(lines):
        chunks = chunk_line(ln, gap)
        group = None
        if k < len(lines) - 1 and not rest and len(cols) >= 3 and len(chunks) < len(cols) / 2:
            under = [r for r in rules if ln.bottom - 1 <= r[2] <= lines[k + 1].top + 1]
            group = _group_row(chunks, cols, page, under)
        if group is not None:
            out.append(group)
        else:
            rest.append(ln)
    if rest:
        out.append(_cells(rest, cols, page))
    for k in range(len(out) - 2, -1, -1):
        for i, c in enumerate(out[k]):
            if not c.text:
                out[k][i] = out[k + 1][i]
    return out


def _group_row(chunks: list[list[dict]], cols: list[tuple[float, float]], page: int,
               under: list[tuple[float, float, float]]) -> list[Cell] | None:
    """One cell per column, each chunk over its columns; None when a chunk covers one column only (a wrapped
    header cell, not a group label)."""
    row = [Cell(text="", lines=[], page=page, bbox=None) for _ in cols]
    edges = [(min(w["x0"] for w in c), max(w["x1"] for w in c)) for c in chunks]
    for k, (c, (x0, x1)) in enumerate(zip(chunks, edges)):
        rule = next((r for r in under if r[0] - 2 <= x1 and x0 <= r[1] + 2  # under this label and no other
                     and not any(r[0] - 2 <= b and a <= r[1] + 2 for j, (a, b) in enumerate(edges) if j != k)), None)
        if rule is not None:
            covered = [i for i, (a, b) in enumerate(cols) if rule[0] - 2 <= (a + b) / 2 <= rule[1] + 2]
        else:
            lo = (edges[k - 1][1] + x0) / 2 if k else float("-inf")
            hi = (x1 + edges[k + 1][0]) / 2 if k + 1 < len(edges) else float("inf")
            covered = _centred_columns(x0, x1, cols, lo, hi)
        if len(covered) < 2:
            return None
        cell = _cell([c], page)
        for i in covered:
            row[i] = cell
    return row


def _centred_columns(x0: float, x1: float, cols: list[tuple[float, float]], lo: float, hi: float) -> list[int]:
    """The widest run of columns within (lo, hi), including those the label overlaps, with the label's middle in
    the middle half of the run (a label centred over its columns); else the columns it overlaps. A column's slot
    reaches half-way to its neighbours, since its text may sit anywhere in its cell."""
    slots = [((cols[i - 1][1] + a) / 2 if i else a, (b + cols[i + 1][0]) / 2 if i + 1 < len(cols) else b)
             for i, (a, b) in enumerate(cols)]
    inside = [i for i, (a, b) in enumerate(cols) if a >= lo - 1 and b <= hi + 1]
    touched = [i for i in inside if slots[i][0] <= x1 and slots[i][1] >= x0]
    if not touched:
        return []
    mid = (x0 + x1) / 2
    best = (touched[0], touched[-1])
    for a in inside:
        for b in inside:
            if a <= touched[0] and b >= touched[-1] and b - a > best[1] - best[0] \
                    and all(i in inside for i in range(a, b + 1)):
                left, right = cols[a][0], cols[b][1]
                if left + (right - left) / 4 <= mid <= right - (right - left) / 4:
                    best = (a, b)
    return list(range(best[0], best[1] + 1))


def _cells(lines: list[Line], cols: list[tuple[float, float]], page: int) -> list[Cell]:
    """One cell per column from these lines: each word goes to its column, each line to a cell line."""
    per_col: list[list[list[dict]]] = [[] for _ in cols]
    for ln in lines:
        bucket: list[list[dict]] = [[] for _ in cols]
        prev, col = None, 0
        for w in ln.words:
            inside = any(a - 0.5 <= w["x0"] <= b for a, b in cols)
            h = w["bottom"] - w["top"]
            clear = col + 1 >= len(cols) or w["x1"] < cols[col + 1][0] - 0.6 * h
            if inside or prev is None or w["x0"] - prev["x1"] > 0.5 * h or not clear:
                col = _col_of(w["x0"], w["x1"], cols)
            # else: a word starting in no column, a space after the one before it and well clear of the next
            # column, runs on in that one's cell ("Patients, n" over a column of short numbers)
            bucket[col].append(w)
            prev = w
        for i, ws in enumerate(bucket):
            if ws:
                per_col[i].append(ws)
    return [_cell(per_col[i], page) for i in range(len(cols))]


# ------------------------------------------------------------------------------------------ detection
def word_inside(w: dict, x0: float, top: float, x1: float, bottom: float, slack: float = 1.5) -> bool:
    """Is the word within the box (x0, top, x1, bottom), give or take ``slack`` points?"""
    return w["x0"] >= x0 - slack and w["x1"] <= x1 + slack and w["top"] >= top - slack and w["bottom"] <= bottom + slack


def _footnotes(lines: list[Line], x0: float, x1: float, start: float, stop: float, size: float):
    notes: list[Line] = []
    last = start
    for ln in sorted(lines, key=lambda ln: ln.top):
        if ln.top < start - 0.5 or ln.top >= stop:
            continue
        if ln.x0 < x0 - 3 or ln.x1 > x1 + 3 or caption_lines([ln]):
            break  # past the table's width, or a caption (printed under its table, or the next table's)
        if ln.top - last > 1.6 * max(size, ln.size) + 2:
            break
        if ln.size > size + 1.5:
            break
        notes.append(ln)
        last = ln.bottom
    return notes


def _notes_text(notes: list[Line]) -> list[str]:
    """Footnote lines as paragraphs: a new note starts at a footnote mark (a, b, *, \u2020 ...)."""
    out: list[str] = []
    for ln in notes:
        t = ln.text.strip()
        if out and not re.match(r"^([a-z]|\*+|\u2020|\u2021|\u00a7|\d)\s", t):
            out[-1] = join_lines([out[-1], t])
        else:
            out.append(t)
    return out


def find_rule_tables(page, page_no: int, words: list[dict], lines: list[Line], body_size: float,
                     found: tuple = ()) -> list[TablePart]:
    """Tables set with horizontal rules (or with whitespace only) under a "Table N" caption, then tables between
    horizontal rules that have no caption and do not overlap the regions ``found`` already (ruled tables)."""
    rules = horizontal_rules(page)
    caps = caption_lines(lines)
    parts: list[TablePart] = []
    for k, (cap, label, rest) in enumerate(caps):
        next_cap_top = caps[k + 1][0].top if k + 1 < len(caps) else float(page.height)
        below = [r for r in rules if cap.bottom - 1 <= r[2] < next_cap_top and r[2] - cap.bottom < 60]
        if not below:
            part = _whitespace_table(page_no, cap, label, rest, lines, next_cap_top, body_size)
            if part:
                parts.append(part)
            continue
        # the table's width is its widest rule near the top (a rule over a spanning header is narrower)
        widest = max(r[1] - r[0] for r in below)
        r0 = below[0]
        X0, X1 = next((r[0], r[1]) for r in below if r[1] - r[0] >= 0.9 * widest)
        same = [r for r in rules if abs(r[0] - X0) < 6 and abs(r[1] - X1) < 6 and r0[2] <= r[2] < next_cap_top]
        # caption lines between the caption start and the top rule
        cap_lines = [ln for ln in lines if cap.top - 0.5 <= ln.top < r0[2] and ln.x0 >= X0 - 3]
        caption = join_lines([ln.text for ln in sorted(cap_lines, key=lambda ln: ln.top)])
        m = TABLE_LABEL_RE.match(caption)
        caption_rest = caption[m.end():].strip(" .:|") if m else rest
        # narrower rules inside the table below its last full-width rule, ending at its right edge, separate rows:
        # the table goes on
        subs = [r for r in rules if r not in same and r[0] >= X0 - 6 and abs(r[1] - X1) < 6
                and (same[-1][2] if same else r0[2]) < r[2] < next_cap_top]
        if len(same) >= 3:
            r1, bottom = same[1][2], same[-1][2]
        elif len(same) == 2 and (subs or _header_then_cells(words, X0, X1, same[0][2], same[1][2], next_cap_top)):
            # rows under the second rule: it is the header's rule and the table runs on (to the page's end)
            r1, bottom = same[1][2], float(page.height)
        elif len(same) == 2:
            r1, bottom = None, same[1][2]
        else:
            r1, bottom = None, float(page.height)
        part = _rules_part(page_no, words, lines, X0, X1, r0[2], r1, bottom, next_cap_top, body_size, rules)
        if part is None:
            continue
        part.label, part.number, part.caption = label, _number(label), caption_rest
        part.region = (X0, cap.top, X1, part.region[3])
        parts.append(part)
    taken = [p.region for p in parts]
    for X0, X1, top, r1, bottom in uncaptioned_rule_regions(rules, words, taken):
        if _overlaps_any((X0, top, X1, bottom), found):
            continue
        if r1 is None and _header_then_cells(words, X0, X1, top, bottom, float(page.height)):
            r1, bottom = bottom, float(page.height)  # a header between two rules, the rows run on to the page's end
        part = _rules_part(page_no, words, lines, X0, X1, top, r1, bottom, float(page.height), body_size, rules)
        if part is not None and part.rows and _dense(part):
            parts.append(part)
    taken = [p.region for p in parts] + list(found)
    for run in aligned_runs(lines, taken):
        X0, X1 = min(ln.x0 for ln in run), max(ln.x1 for ln in run)
        part = _rules_part(page_no, words, lines, X0, X1, run[0].top - 0.5, None, run[-1].bottom + 0.5,
                           run[-1].bottom + 0.5, body_size)
        if part is not None and len(part.rows) >= 3 and _dense(part):
            part.strategy = "whitespace"
            parts.append(part)
    return parts


def _header_then_cells(words: list[dict], X0: float, X1: float, r0: float, r1: float, stop: float) -> bool:
    """Between two rules, a header (words, no numbers), and under the second rule lines that read as table cells:
    a table whose bottom rule is on a later page."""
    head = [w for w in words if word_inside(w, X0, r0, X1, r1)]
    below = [w for w in words if word_inside(w, X0, r1, X1, stop) and w["top"] > r1]
    if not head or any(re.fullmatch(r"\d[\d.,%]*", w["text"]) for w in head) or not below:
        return False
    first = min(w["top"] for w in below)
    return first - r1 < 20 and _band_reads_as_cells([w for w in below if w["top"] < first + 60])


def overlaps(a, b) -> bool:
    """Whether boxes (x0, top, x1, bottom) ``a`` and ``b`` share some area."""
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _overlaps_any(box: tuple[float, float, float, float], boxes) -> bool:
    return any(overlaps(box, t) for t in boxes)


def aligned_runs(lines: list[Line], taken) -> list[list[Line]]:
    """Tables with neither caption nor rules: runs of three or more lines in a row, outside ``taken``, that each
    split into two or more chunks at wide gaps and read as table cells together (``_band_reads_as_cells``).
    Figure captions set side by side and the letters of rotated text (a chart's axis title) are not tables."""
    out: list[list[Line]] = []
    run: list[Line] = []

    def close():
        words = [w for ln in run for w in ln.words]
        letters = sum(1 for w in words if len(w["text"]) == 1 and w["text"].isalpha())
        if len(run) >= 3 and letters < 0.3 * len(words) and not any(FIGURE_LABEL_RE.match(ln.text) for ln in run) \
                and _band_reads_as_cells(words):
            out.append(list(run))
        run.clear()

    for ln in sorted(lines, key=lambda ln: ln.top):
        size = max(ln.size, 1.0)
        split = len(chunk_line(ln, max(3.0, 0.9 * size))) >= 2
        free = not _overlaps_any((ln.x0, ln.top, ln.x1, ln.bottom), taken)
        if run and (not split or not free or ln.top - run[-1].bottom > 2.5 * size):
            close()
        if split and free:
            run.append(ln)
    close()
    return out


def _rules_part(page_no: int, words: list[dict], lines: list[Line], X0: float, X1: float, top: float,
                r1: float | None, bottom: float, stop: float, body_size: float,
                rules: list[tuple[float, float, float]] = ()) -> TablePart | None:
    """The table between the rule at ``top`` and ``bottom`` (header above the rule at ``r1`` when there is one),
    with its notes below down to ``stop``; no label or caption yet."""
    tw = [w for w in words if word_inside(w, X0, top, X1, bottom)]
    if not tw:
        return None
    tlines = group_lines(tw)
    size = statistics.median([ln.size for ln in tlines]) if tlines else body_size
    gap = max(3.0, 0.55 * size)
    head_lines = [ln for ln in tlines if r1 is not None and ln.bottom <= r1 + 1]
    body_lines = [ln for ln in tlines if ln not in head_lines]
    cols = column_bounds(tlines, gap, bounded=r1 is not None)
    if len(cols) < 2:
        return None
    rows = rows_from_lines(body_lines, cols, page_no, gap, size)
    grid_head: list[list[Cell]] = []
    if head_lines:
        header = header_cells(head_lines, cols, page_no)
        grid_head = header_rows(head_lines, cols, page_no, gap, rules)
    elif rows:
        header = rows.pop(0).cells
    else:
        header = []
    notes = _footnotes([ln for ln in lines if ln.x0 >= X0 - 3], X0, X1, bottom + 0.5, stop, size)
    end = max([bottom] + [ln.bottom for ln in notes])
    return TablePart(label=None, number=None, caption="", page=page_no, region=(X0, top, X1, end), header=header,
                     rows=rows, footnotes=_notes_text(notes), strategy="rules",
                     header_grid=grid_head if len(grid_head) > 1 else [])


def uncaptioned_rule_regions(rules: list[tuple[float, float, float]], words: list[dict],
                             taken: list[tuple[float, float, float, float]]):
    """(x0, x1, top, header rule or None, bottom) of tables with no caption: runs of bands between rules of one
    width whose text reads as table cells (most lines split into short aligned chunks), outside ``taken``."""
    free = [r for r in rules if not any(t[0] - 6 <= r[0] and r[1] <= t[2] + 6 and t[1] - 1 <= r[2] <= t[3] + 1
                                        for t in taken)]
    groups: list[list[tuple[float, float, float]]] = []
    for r in free:
        g = next((g for g in groups if abs(g[0][0] - r[0]) < 6 and abs(g[0][1] - r[1]) < 6), None)
        if g is None:
            groups.append([r])
        else:
            g.append(r)
    for g in groups:
        g.sort(key=lambda r: r[2])
        X0, X1 = g[0][0], g[0][1]
        run: list[float] = []
        for a, b in zip(g, g[1:]):
            ok = _band_reads_as_cells([w for w in words if word_inside(w, X0, a[2], X1, b[2])])
            if ok and run and run[-1] == a[2]:
                run.append(b[2])
                continue
            if len(run) >= 2:
                yield X0, X1, run[0], (run[1] if len(run) >= 3 else None), run[-1]
            run = [a[2], b[2]] if ok else []
        if len(run) >= 2:
            yield X0, X1, run[0], (run[1] if len(run) >= 3 else None), run[-1]


def _dense(part: TablePart) -> bool:
    """Are at least half of a table's body cells filled? (Gridlines of a chart hold a few scattered labels.)"""
    cells = [c for r in part.rows for c in r.cells]
    return sum(1 for c in cells if c.text) >= 0.5 * len(cells)


def _band_reads_as_cells(words: list[dict]) -> bool:
    """Do the words between two rules read as table cells: most lines split into two or more chunks, and a line
    holds few words in each column it fills? (Prose set in columns splits too, but holds many words a column.)"""
    lines = group_lines(words)
    if not lines:
        return False
    size = statistics.median(ln.size for ln in lines)
    gap = max(3.0, 0.55 * size)
    split = sum(1 for ln in lines if len(chunk_line(ln, gap)) >= 2)
    cols = column_bounds(lines, gap)
    if split < 0.5 * len(lines) or len(cols) < 2:
        return False
    filled = sum(len({_col_of(w["x0"], w["x1"], cols) for w in ln.words}) for ln in lines)
    return len(words) / filled <= 4


def _whitespace_table(page_no, cap: Line, label, rest, lines: list[Line], stop: float,
                      body_size: float) -> TablePart | None:
    """A table with no rules: lines below the caption for as long as they split into aligned chunks."""
    below = sorted((ln for ln in lines if cap.bottom <= ln.top < stop and ln.x0 >= cap.x0 - 3), key=lambda ln: ln.top)
    if not below:
        return None
    size = statistics.median([ln.size for ln in below[:20]])
    gap = max(3.0, 0.9 * size)
    taken: list[Line] = []
    misses = 0
    for ln in below:
        n = len(chunk_line(ln, gap))
        if taken and ln.top - taken[-1].bottom > 2.5 * size:
            break
        if n >= 2:
            taken.append(ln)
            misses = 0
        elif taken:
            misses += 1
            if misses > 2:
                break
            taken.append(ln)
    while taken and len(chunk_line(taken[-1], gap)) < 2:
        taken.pop()
    if len(taken) < 3:
        return None
    cols = column_bounds(taken, gap)
    if len(cols) < 2:
        return None
    rows = rows_from_lines(taken, cols, page_no, gap, size)
    if len(rows) < 2:
        return None
    header = rows.pop(0).cells
    x0 = min(ln.x0 for ln in taken + [cap])
    x1 = max(ln.x1 for ln in taken + [cap])
    return TablePart(label=label, number=_number(label), caption=rest, page=page_no,
                     region=(x0, cap.top, x1, max(ln.bottom for ln in taken)), header=header, rows=rows,
                     strategy="whitespace")


def find_ruled_tables(page, page_no: int, lines: list[Line]) -> list[TablePart]:
    """Fully ruled tables (a grid of lines) through pdfplumber's lines strategy."""
    if len(page.vertical_edges) < 4:
        return []
    parts = []
    for t in page.find_tables():
        data = t.extract()
        if len(data) < 2 or max(len(r) for r in data) < 2:
            continue
        filled = [c for r in data for c in r if c and c.strip()]
        if len(filled) < 0.3 * sum(len(r) for r in data):
            continue
        # three or more cells of a body row stacking as many lines each (3+): rules between columns, none between
        # rows (header cells wrap, so the first row does not count); or most body rows of a wide grid with only
        # their first cell filled: rules between the header's columns, none in the body
        only_first = sum(1 for r in data[1:] if r[0] and not any(c and c.strip() for c in r[1:]))
        rows_ruled = not any(_stacked(r) for r in data[1:]) and not (len(data[0]) >= 4
                                                                   and only_first > len(data[1:]) / 2)
        x0, top, x1, bottom = t.bbox
        rows: list[Row] = []
        for trow, texts in zip(t.rows, data):
            cells = []
            for bbox, txt in zip(trow.cells, texts):
                lines_ = [s.strip() for s in (txt or "").split("\n") if s.strip()]
                cells.append(Cell(text=join_lines(lines_), lines=lines_, page=page_no,
                                  bbox=tuple(round(v, 2) for v in bbox) if bbox else None))
            rows.append(Row(cells=cells))
        label = number = None
        caption = ""
        first = " ".join(c.text for c in rows[0].cells if c.text)
        m = TABLE_LABEL_RE.match(first)
        if m:
            label, number = _label(m), m.group("num")
            caption = first[m.end():].strip(" .:|")
            rows.pop(0)
        else:
            above = [ln for ln in caption_lines(lines) if ln[0].bottom <= top + 1 and top - ln[0].bottom < 40
                     and ln[0].x0 >= x0 - 10]
            if above:
                ln, label, caption = above[-1]
                number = _number(label)
                top = ln.top
        if not rows:
            continue
        header = rows.pop(0).cells
        # a second header line: empty first cell, no digits anywhere (e.g. a spanning group header above it)
        while rows and not rows[0].cells[0].text and any(c.text for c in rows[0].cells) \
                and not any(re.search(r"\d", c.text) for c in rows[0].cells):
            extra = rows.pop(0).cells
            header = [Cell(text=join_lines([h.text, e.text]) if e.text else h.text, lines=h.lines + e.lines,
                           page=h.page, bbox=h.bbox or e.bbox) for h, e in zip(header, extra)]
        notes = []
        while rows and _is_note_row(rows[-1]):
            notes.insert(0, rows.pop().cells[0].text)
        parts.append(TablePart(label=label, number=number, caption=caption, page=page_no,
                               region=(x0, top, x1, bottom), header=header, rows=rows, footnotes=notes,
                               strategy="ruled", rows_ruled=rows_ruled))
    return parts


def _stacked(texts: list[str | None]) -> bool:
    counts = Counter(t.strip().count("\n") + 1 for t in texts if t and t.strip())
    return any(k >= 3 and n >= 3 for k, n in counts.items())


def _is_note_row(row: Row) -> bool:
    """A last row holding the table's notes: only the first cell filled, long or starting with a note mark."""
    first = row.cells[0].text if row.cells else ""
    if not first or any(c.text for c in row.cells[1:]):
        return False
    return len(first) > 100 or bool(re.match(r"^([*\u2020\u2021\u00a7\u00b6]|[a-z]\s|note|abbreviations)", first, re.I))


# -------------------------------------------------------------------------------------------- joining
def _same_header(a: list[Cell], b: list[Cell]) -> bool:
    return [c.text.lower() for c in a] == [c.text.lower() for c in b]


def _column_lefts(table: Table) -> list[float | None]:
    """Left edge of each column of a table, from its header and rows."""
    lefts: list[float | None] = []
    for i in range(len(table.header)):
        xs = [r.cells[i].bbox[0] for r in [Row(cells=table.header)] + table.rows
              if i < len(r.cells) and r.cells[i].bbox is not None]
        lefts.append(min(xs) if xs else None)
    return lefts


def _realign(row: Row, table: Table) -> Row:
    """A continuation row whose cells were found in different columns is re-bucketed into the table's columns
    by the cells' left edges (the continuation page keeps the column positions)."""
    n = len(table.header)
    if len(row.cells) == n or n == 0:
        return row
    lefts = _column_lefts(table)
    buckets: list[list[Cell]] = [[] for _ in range(n)]
    for c in row.cells:
        if not c.text or c.bbox is None:
            continue
        best = 0
        for i, x in enumerate(lefts):
            if x is not None and x <= c.bbox[0] + 3:
                best = i
        buckets[best].append(c)
    cells = []
    for b in buckets:
        if not b:
            cells.append(Cell(text="", lines=[], page=row.cells[0].page if row.cells else 0, bbox=None))
            continue
        lines = [ln for c in b for ln in c.lines]
        bbox = (min(c.bbox[0] for c in b), min(c.bbox[1] for c in b), max(c.bbox[2] for c in b),
                max(c.bbox[3] for c in b))
        cells.append(Cell(text=join_lines(lines), lines=lines, page=b[0].page, bbox=bbox))
    return Row(cells=cells, section=row.section)


def join_continued(parts: list[TablePart]) -> list[Table]:
    """Tables in document order; a part marked continued (or an unlabelled part right after a table on the
    previous page with as many columns) is appended to the table it continues."""
    tables: list[Table] = []
    unnamed = 0
    orphan: TablePart | None = None  # a caption at the foot of a page, its table on the next page
    ended: set[int] = set()  # tables whose caption was printed under them: they end there
    for p in parts:
        prev = tables[-1] if tables else None
        if not p.rows and not p.continued:
            # a caption with no rows (a figure box, a misread layout, a caption whose table starts overleaf, or
            # one under a table that ended at the foot of the page before)
            orphan = p if not p.header and p.label and not p.caption_below else None
            if p.caption_below and p.label and prev is not None and prev.label.startswith("Table ?") \
                    and prev.pages[-1] == p.page - 1 and id(prev) not in ended:
                unnamed -= 1
                prev.label, prev.number, prev.caption = p.label, p.number, p.caption
                ended.add(id(prev))
            continue
        if orphan is not None and p.label is None and p.page == orphan.page + 1:
            p.label, p.number, p.caption = orphan.label, orphan.number, orphan.caption
        orphan = None
        joins = prev is not None and (
            (p.continued and (p.number is None or p.number == prev.number))
            or (p.caption_below and prev.label.startswith("Table ?") and prev.pages[-1] == p.page - 1
                and len(p.header) == len(prev.header))
            or (p.label is not None and p.label == prev.label)
            or (p.label is None and prev.pages[-1] == p.page - 1 and len(p.header) == len(prev.header)
                and id(prev) not in ended))
        if joins:
            rows = [_realign(r, prev) for r in p.rows]
            if not _same_header(p.header, prev.header) and p.label is None:
                rows = [Row(cells=p.header, section=None)] + rows
            last_section = prev.rows[-1].section if prev.rows else None
            for r in rows:
                if r.section is None:
                    r.section = last_section
            prev.rows.extend(rows)
            prev.footnotes.extend(n for n in p.footnotes if n not in prev.footnotes)
            if p.page not in prev.pages:
                prev.pages.append(p.page)
            prev.bbox[p.page] = p.region
            prev.continued = True
            if p.caption_below and prev.label.startswith("Table ?"):  # the caption under the table's last part
                unnamed -= 1
                prev.label, prev.number, prev.caption = p.label, p.number, p.caption
            if p.caption_below:
                ended.add(id(prev))
            continue
        label = p.label
        if label is None:
            unnamed += 1
            label = f"Table ?{unnamed}"
        tables.append(Table(label=label, number=p.number, caption=p.caption, pages=[p.page],
                            bbox={p.page: p.region}, header=p.header, rows=p.rows, footnotes=list(p.footnotes),
                            strategy=p.strategy, header_grid=p.header_grid))
        if p.caption_below:
            ended.add(id(tables[-1]))
    return tables
