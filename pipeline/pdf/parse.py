"""Open a PDF with pdfplumber and build a ParsedPdf: pages, blocks in reading order, sections, text, ids, tables.

Bad input is reported, never silently dropped: unreadable files raise a named PdfError whose message names the
file; readable-but-doubtful files (truncated, image-only pages, opened despite encryption) carry warnings.
"""
from __future__ import annotations

import io
import os
import re
import statistics
from collections import Counter
from collections.abc import Iterable

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import EvidenceError
from extractors.text import join_lines
from pipeline.pdf.fetch import check_magic, fetch_pdf, sha256_hex
from pipeline.pdf.layout import (
    Line, blocks_from_lines, canonical_heading, clean_word, find_ids, find_running_lines, group_lines,
    heading_level, split_columns, vocabulary,
)
from pipeline.pdf.model import (
    Block, CorruptPdfError, EmptyPdfError, EncryptedPdfError, PageInfo, ParsedPdf, PdfError, PdfTooLargeError,
    PdfWarning, Section, Table,
)
from pipeline.pdf.tables import (
    TablePart, _number, caption_lines, captions_below, drop_leaders, find_rule_tables, find_ruled_tables, join_continued,
    overlaps, word_inside,
)
from pipeline.settings import Settings

WORD_OPTS = dict(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, use_text_flow=False,
                 extra_attrs=["fontname", "size"])


_CID = re.compile(r"\(cid:\d+\)")


def _words(page, counts: Counter | None = None) -> list[dict]:
    """pdfplumber words with ligatures expanded; glyphs without a Unicode mapping ("(cid:129)") dropped and
    counted in ``counts["cid"]``."""
    out = []
    for w in page.extract_words(**WORD_OPTS):
        t = clean_word(w["text"])
        if "(cid:" in t:
            n = len(_CID.findall(t))
            t = _CID.sub("", t)
            if counts is not None:
                counts["cid"] += n
        if t.strip():
            w["text"] = t
            out.append(w)
    return out


def _unwrap(err: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exceptions in PdfminerException(original)."""
    seen = 0
    while isinstance(err, PdfminerException) and seen < 5:
        inner = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err.__cause__
        if inner is None:
            break
        err, seen = inner, seen + 1
    return err


def _classify(err: BaseException, data: bytes, name: str, when: str) -> PdfError:
    """The named PdfError for an exception raised while opening or reading a PDF."""
    inner = _unwrap(err)
    text = f"{type(inner).__name__}: {inner}".strip(": ")
    if isinstance(inner, PDFPasswordIncorrect):
        return EncryptedPdfError(f"{name}: encrypted PDF; a password is needed to read it")
    if isinstance(inner, PDFEncryptionError) or "encrypt" in text.lower() or "password" in text.lower():
        return EncryptedPdfError(f"{name}: encrypted PDF that cannot be decrypted ({text})")
    hint = "truncated" if b"%%EOF" not in data[-2048:] else "damaged"
    return CorruptPdfError(f"{name}: {hint} PDF, {when} ({text})")


def _open(data: bytes, name: str, password: str | None, pages=None):
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "", pages=list(pages) if pages else None)
        n = len(pdf.pages)
    except Exception as err:  # pdfminer raises many kinds of exception on broken input
        raise _classify(err, data, name, "cannot be opened") from err
    return pdf, n


def _metadata(pdf) -> dict:
    out = {}
    for k, v in (pdf.metadata or {}).items():
        if isinstance(v, bytes):
            v = v.decode("latin-1", "replace")
        if isinstance(v, (str, int, float)):
            out[str(k)] = v
    return out


def _source_bytes(path_or_bytes, settings: Settings, source: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = source or "<bytes>"
        if len(data) > settings.pdf_max_bytes:
            raise PdfTooLargeError(f"{name}: {len(data)} bytes is over the PDF size cap of {settings.pdf_max_bytes}")
        check_magic(data, name)
        return data, name
    fetched = fetch_pdf(path_or_bytes, settings=settings)
    return fetched.data, str(path_or_bytes)


def parse_pdf(path_or_bytes: str | os.PathLike | bytes, *, settings: Settings | None = None,
              source: str | None = None, password: str | None = None, tables: bool = True,
              pages: Iterable[int] | None = None) -> ParsedPdf:
    """Parse one PDF (a path, an http(s) URL or the bytes) into a ParsedPdf.

    Raises NotAPdfError, EncryptedPdfError, CorruptPdfError, EmptyPdfError or PdfTooLargeError (all PdfError,
    an InputError) with the file named in the message. ``tables=False`` skips table detection (text only);
    ``pages`` (1-based numbers) reads only those pages.
    """
    settings = settings or Settings.from_env()
    data, name = _source_bytes(path_or_bytes, settings, source)
    name = source or name
    warnings: list[PdfWarning] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append(PdfWarning("truncated", f"{name}: no %%EOF marker at the end; the file may be truncated"))
    pdf, n_pages = _open(data, name, password, pages)
    try:
        if n_pages == 0:
            raise EmptyPdfError(f"{name}: the PDF has no pages")
        if n_pages > settings.pdf_max_pages:
            raise PdfTooLargeError(f"{name}: {n_pages} pages is over the page cap of {settings.pdf_max_pages}")
        if getattr(pdf.doc, "encryption", None):
            warnings.append(PdfWarning("encrypted_readable", f"{name}: encrypted PDF opened without a user password"))
        return _parse_open(pdf, data, name, warnings, tables)
    except PdfError:
        raise
    except Exception as err:
        raise _classify(err, data, name, "failed while reading its pages") from err
    finally:
        pdf.close()


def _parse_open(pdf, data: bytes, name: str, warnings: list[PdfWarning], want_tables: bool) -> ParsedPdf:
    page_infos: list[PageInfo] = []
    page_lines: list[tuple[list[Line], float]] = []
    parts: list[TablePart] = []
    raw_text_parts: list[str] = []
    sizes: Counter = Counter()
    no_text_pages = []
    unmapped: Counter = Counter()
    for page in pdf.pages:
        i = page.page_number
        words = _words(page, unmapped)
        n_chars = len(page.chars)
        n_images = len(page.images)
        if not words:
            no_text_pages.append(i)
        for w in words:
            sizes[round(float(w.get("size") or 0), 1)] += len(w["text"])
        lines = group_lines(words)
        raw_text_parts.append("\n".join(ln.text for ln in lines))
        body_guess = sizes.most_common(1)[0][0] if sizes else 10.0
        page_parts: list[TablePart] = []
        if want_tables and words:
            t_words = drop_leaders(words)
            t_lines = lines if len(t_words) == len(words) else group_lines(t_words)
            page_parts = _page_tables(page, i, lines, t_words, t_lines, body_guess)
        parts.extend(page_parts)
        if page_parts:
            words = [w for w in words if not any(word_inside(w, *p.region) for p in page_parts)]
            lines = group_lines(words)
        page_lines.append((lines, float(page.height)))
        page_infos.append(PageInfo(number=i, width=float(page.width), height=float(page.height),
                                   n_chars=n_chars, n_images=n_images, columns=1))
        page.flush_cache()
    n = len(page_infos)
    if len(no_text_pages) == n:
        has_images = any(p.n_images for p in page_infos)
        warnings.append(PdfWarning("no_text_layer", f"{name}: no text layer on any of its {n} page(s)"
                                   + (" (image-only scan; OCR is not supported)" if has_images else "")))
    elif no_text_pages:
        shown = ", ".join(map(str, no_text_pages[:10])) + (" ..." if len(no_text_pages) > 10 else "")
        warnings.append(PdfWarning("pages_without_text", f"{name}: {len(no_text_pages)} page(s) without text: {shown}"))

    if unmapped["cid"]:
        warnings.append(PdfWarning("unmapped_glyphs", f"{name}: {unmapped['cid']} glyph(s) without a Unicode "
                                   "mapping were dropped (often bullets or symbols)"))
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    running = find_running_lines(page_lines)
    all_lines = [ln for lines, _ in page_lines for ln in lines]
    vocab = vocabulary(all_lines)
    raw_blocks = []
    for (lines, height), drop, info in zip(page_lines, running, page_infos):
        info.removed_lines = [lines[i].text for i in sorted(drop)]
        body = [ln for i, ln in enumerate(lines) if i not in drop]
        ordered, ncols = split_columns(body, info.width)
        info.columns = ncols
        raw_blocks.extend(blocks_from_lines(ordered, info.number, body_size))
    raw_blocks = _mark_continuations(raw_blocks)

    blocks: list[Block] = []
    pieces: list[str] = []
    pos = 0
    for rb in raw_blocks:
        text = join_lines([ln.text for ln in rb.lines], vocab)
        if not text:
            continue
        if pieces and rb.continues and blocks:
            prev = blocks[-1]
            if re.search(r"[a-zà-ÿ]-$", prev.text) and text[:1].islower():
                prev.text = prev.text[:-1]  # a word hyphenated across the break
                pieces[-1] = pieces[-1][:-1]
                prev.char_end -= 1
                pos -= 1
            elif not prev.text.endswith("-"):
                pieces.append(" ")
                pos += 1
        elif pieces:
            pieces.append("\n\n")
            pos += 2
        start = pos
        pieces.append(text)
        pos += len(text)
        bb = rb.bbox
        blocks.append(Block(page=rb.page, bbox=tuple(round(v, 2) for v in bb), text=text, kind=rb.kind,
                            column=rb.column, char_start=start, char_end=pos,
                            font_size=round(statistics.median([ln.size for ln in rb.lines]), 2),
                            bold=all(ln.bold for ln in rb.lines), continues=rb.continues))
    full_text = "".join(pieces)
    sections = _sections(blocks, len(full_text))
    tables: list[Table] = join_continued(parts)
    meta = _metadata(pdf)
    id_text = "\n".join(raw_text_parts + [str(v) for v in meta.values()])
    return ParsedPdf(source=name, sha256=sha256_hex(data), n_pages=n, metadata=meta, pages=page_infos,
                     blocks=blocks, sections=sections, text=full_text, ids=find_ids(id_text), tables=tables,
                     warnings=warnings)


def _page_tables(page, i: int, lines: list[Line], t_words: list[dict], t_lines: list[Line],
                 body_guess: float) -> list[TablePart]:
    """The tables of one page. A caption printed under a table found without one above it is that table's caption:
    the page is read again without it (so it does not caption the table below it) and it labels the table above."""
    below: list = []
    for _ in range(4):
        lines_ = [ln for ln in lines if not any(_same_line(ln, c[0]) for c in below)]
        t_lines_ = [ln for ln in t_lines if not any(_same_line(ln, c[0]) for c in below)]
        page_parts = find_ruled_tables(page, i, lines_)
        for p in find_rule_tables(page, i, t_words, t_lines_, body_guess, tuple(q.region for q in page_parts)):
            over = [q for q in page_parts if overlaps(p.region, q.region)]
            if over and all(not q.rows_ruled for q in over):
                page_parts = [q for q in page_parts if q not in over]
                over = []
            if not over:
                page_parts.append(p)
        new = captions_below(page_parts, t_lines_)
        if not new:
            break
        below.extend(new)
    for ln, _, label, rest in below:
        part = next((p for p in page_parts if p.label is None and -1 <= ln.top - p.region[3] <= 2.5 * ln.size
                     and ln.x0 >= p.region[0] - 10 and ln.x0 < p.region[2]), None)
        if part is not None:
            part.label, part.number, part.caption, part.caption_below = label, _number(label), rest, True
            part.region = (*part.region[:3], ln.bottom)
    # a caption at the foot of the page with no table under it: its table starts on the next page; at the head of
    # the page, above any table: the caption of the table that ended at the foot of the page before
    height = float(page.height)
    for ln, label, rest in caption_lines(t_lines):
        if any(p.region[1] - 2 <= ln.top <= p.region[3] + 2 for p in page_parts):
            continue
        foot = ln.top >= 0.6 * height and not any(p.region[1] > ln.top for p in page_parts) \
            and len([x for x in t_lines if x.top > ln.bottom and x.top < 0.91 * height]) <= 3
        head = ln.top < 0.25 * height and not any(p.region[1] < ln.top for p in page_parts) \
            and not any(ln.bottom - 1 <= p.region[1] <= ln.bottom + 3.5 * ln.size for p in page_parts) \
            and not [x for x in t_lines if x.bottom < ln.top and x.top > 0.09 * height]
        if foot or head:
            page_parts.append(TablePart(label=label, number=_number(label), caption=rest, page=i,
                                        region=(ln.x0, ln.top, ln.x1, ln.bottom), header=[], rows=[],
                                        caption_below=head))
    # top to bottom: a table's part continued at the top of the page comes before the next table's caption
    return sorted(page_parts, key=lambda p: p.region[1])


def _same_line(a: Line, b: Line) -> bool:
    return abs(a.top - b.top) < 1 and abs(a.x0 - b.x0) < 1


def _mark_continuations(blocks):
    """Flag a paragraph block that continues the previous one across a column or page break: the previous one
    does not end a sentence and this one starts in lower case, with a digit or a bracket."""
    for prev, b in zip(blocks, blocks[1:]):
        if b.kind == "paragraph" and prev.kind in ("paragraph", "list_item"):
            prev_text = prev.lines[-1].text.rstrip()
            first = b.lines[0].text.lstrip()
            if prev_text and prev_text[-1] not in ".:!?" and first and (first[0].islower() or first[0] in "[(0123456789"):
                b.continues = True
    return blocks


def _sections(blocks: list[Block], end: int) -> list[Section]:
    heads = [b for b in blocks if b.kind == "heading"]
    out: list[Section] = []
    for k, h in enumerate(heads):
        level = heading_level(h.text)
        stop = end
        for h2 in heads[k + 1:]:
            if heading_level(h2.text) <= level:
                stop = h2.char_start
                break
        out.append(Section(title=h.text, canonical=canonical_heading(h.text), level=level, page=h.page,
                           char_start=h.char_start, char_end=stop))
    # each block gets the title of the innermost section it falls in
    for b in blocks:
        inner = None
        for s in out:
            if s.char_start <= b.char_start < s.char_end and (inner is None or s.level >= inner.level):
                inner = s
        b.section = inner.title if inner else None
    return out


# ------------------------------------------------------------------------------------------------ batch
def parse_many(sources: Iterable[str | os.PathLike], *, settings: Settings | None = None,
               tables: bool = True) -> list[dict]:
    """Parse every PDF (files, folders, URLs); a bad file is recorded and the batch goes on.

    One dict per source: ``{"source", "ok": True, "parsed": ParsedPdf, "warnings": [...]}`` or
    ``{"source", "ok": False, "error": "<ExceptionName>", "message": "...", "transient": bool}``.
    """
    from pipeline.pdf.fetch import expand_sources

    settings = settings or Settings.from_env()
    out = []
    for src in expand_sources(sources):
        try:
            parsed = parse_pdf(src, settings=settings, tables=tables)
        except EvidenceError as err:
            out.append({"source": src, "ok": False, "error": type(err).__name__, "message": str(err),
                        "transient": bool(err.transient)})
            continue
        out.append({"source": src, "ok": True, "parsed": parsed,
                    "warnings": [w.message for w in parsed.warnings]})
    return out


__all__ = ["parse_pdf", "parse_many"]
