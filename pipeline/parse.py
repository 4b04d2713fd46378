"""Parse sources into documents: MEDLINE / PubmedArticleSet XML (streamed) and plain-text records.

``iter_medline`` yields ``ParsedRecord``, ``Deletion`` or ``FailedItem`` objects one at a time, clearing
each element after use so a baseline-sized file parses in bounded memory. A malformed record becomes a
``FailedItem`` with its position and reason, and the rest of the file goes on, even past an XML syntax
error (the remaining records are then recovered one by one from the raw bytes).
"""
from __future__ import annotations

import gzip
import io
import mmap
import re
import zlib
from pathlib import Path
from typing import IO, Iterator

from lxml import etree

from pipeline.ids import PMCID, PMID, find_doi, find_registry_ids, normalise_pmid
from schemas.document import (
    AbstractSection, Author, Deletion, Document, FailedItem, MeshTerm, ParsedRecord, TableGrid,
)

RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_RECORD_BLOCK = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[\s>].*?</\1\s*>|"
                           rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[\s>]", re.S)
_WS = re.compile(r"\s+")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# ---- one small function per field -------------------------------------------------------------------
def _text(el) -> str | None:
    """All text of an element with inline markup (<i>, <sup>, <b> ...) flattened; None when empty."""
    if el is None:
        return None
    value = "".join(el.itertext()) if len(el) else el.text
    if not value:
        return None
    if "  " in value or "\n" in value or "\t" in value or "\r" in value:
        value = _WS.sub(" ", value)
    return value.strip() or None


def _leaf(el) -> str | None:
    """Text of an element that never holds markup (names, ids, dates): cheaper than _text."""
    value = el.text
    if value is None and len(el):
        return _text(el)
    value = value.strip() if value else None
    return value or None


AUTHOR_FIELDS = {"LastName": "last_name", "ForeName": "fore_name", "Initials": "initials",
                 "CollectiveName": "collective_name"}


def _author(el) -> dict | None:
    author = {"last_name": None, "fore_name": None, "initials": None, "collective_name": None}
    for c in el:
        key = AUTHOR_FIELDS.get(c.tag)
        if key:
            author[key] = _leaf(c)
    return author if author["last_name"] or author["collective_name"] else None


def _mesh_heading(el) -> dict | None:
    name, major, quals = None, False, []
    for c in el:
        if c.tag == "DescriptorName":
            name, major = _leaf(c), major or c.get("MajorTopicYN") == "Y"
        elif c.tag == "QualifierName":
            q = _leaf(c)
            if q:
                quals.append(q)
            major = major or c.get("MajorTopicYN") == "Y"
    return {"descriptor": name, "major": major, "qualifiers": quals} if name else None


def _first(el, tag: str):
    """The first child of ``el`` with this tag, or None (lxml matches the tag in C, no object per child)."""
    for c in el.iterchildren(tag):
        return c
    return None


def _child_text(el, tag: str) -> str | None:
    c = _first(el, tag)
    return None if c is None else _leaf(c)


def _year(value: str | None) -> int | None:
    m = YEAR.search(value or "")
    return int(m.group(1)) if m else None


def _journal(el, out: dict) -> None:
    for c in el:
        if c.tag == "Title":
            out["journal"] = _leaf(c)
        elif c.tag == "ISOAbbreviation":
            out["iso"] = _leaf(c)
        elif c.tag == "JournalIssue":
            date = _first(c, "PubDate")
            if date is not None:
                out["year"] = _year(_child_text(date, "Year")) or _year(_child_text(date, "MedlineDate"))


def _article(art, out: dict) -> None:
    """One pass over <Article>'s children; one small branch per field."""
    for c in art:
        tag = c.tag
        if tag == "Journal":
            _journal(c, out)
        elif tag == "ArticleTitle":
            out["title"] = _text(c)
        elif tag == "VernacularTitle":
            out["vernacular"] = _text(c)
        elif tag == "ELocationID":
            if c.get("EIdType") == "doi":
                out["eloc_doi"] = _leaf(c)
        elif tag == "Abstract":
            for a in c:
                if a.tag == "AbstractText":
                    text = _text(a)
                    if text:
                        out["abstract"].append({"label": a.get("Label") or None,
                                                "category": a.get("NlmCategory") or None, "text": text})
        elif tag == "AuthorList":
            out["authors"] = [a for a in map(_author, c) if a]
        elif tag == "Language":
            if _leaf(c):
                out["languages"].append(_leaf(c))
        elif tag == "DataBankList":
            out["accessions"] += [t for t in map(_leaf, c.iter("AccessionNumber")) if t]
        elif tag == "PublicationTypeList":
            out["publication_types"] = [t for t in map(_leaf, c) if t]
        elif tag == "ArticleDate":
            out["article_year"] = _year(_child_text(c, "Year"))


def document_data(rec) -> dict:
    """One <PubmedArticle> element to a Document's JSON form, keys in the model's order (so hashes agree).

    Built from plain values the parser controls; ``Document.model_validate`` of it round-trips unchanged
    (a test checks this on every sample file). Raises ValueError naming what is wrong.
    """
    cit = _first(rec, "MedlineCitation")
    if cit is None:
        raise ValueError("no MedlineCitation element")
    out = {"abstract": [], "authors": [], "languages": [], "accessions": [], "publication_types": [],
           "mesh": [], "keywords": [], "pmid": None, "article": False}
    for c in cit:
        tag = c.tag
        if tag == "PMID":
            out["pmid"] = _leaf(c) or ""
        elif tag == "Article":
            out["article"] = True
            _article(c, out)
        elif tag == "MeshHeadingList":
            out["mesh"] = [h for h in map(_mesh_heading, c) if h]
        elif tag == "KeywordList":
            out["keywords"] += [k for k in map(_text, c) if k]
    if not out["pmid"]:
        raise ValueError("record has no PMID")
    pmid = normalise_pmid(out["pmid"])  # "0030275226" is PMID 30275226: one paper, one key
    if not out["article"]:
        raise ValueError(f"PMID {pmid}: no Article element")
    ids = {}
    for data in rec.iterchildren("PubmedData"):
        for id_list in data.iterchildren("ArticleIdList"):
            for a in id_list.iterchildren("ArticleId"):
                ids[a.get("IdType")] = _leaf(a)
    doi = ids.get("doi") or out.get("eloc_doi")  # lower case and the PMC prefix: ParsedRecord's normalise_ids
    title = out.get("title") or out.get("vernacular")
    text = " ".join([title or ""] + [s["text"] for s in out["abstract"]])
    return {
        "source": "medline", "pmid": pmid, "doi": doi, "pmcid": ids.get("pmc"),
        "registry_ids": list(dict.fromkeys(out["accessions"] + find_registry_ids(text))), "title": title,
        "journal": out.get("journal") or out.get("iso"), "year": out.get("year") or out.get("article_year"),
        "authors": out["authors"], "abstract": out["abstract"], "mesh_terms": out["mesh"],
        "publication_types": out["publication_types"], "keywords": out["keywords"], "languages": out["languages"],
        "body": None, "tables": [], "body_sections": [],
    }


def _texts(el, path: str) -> list[str]:
    return [t for t in (_text(x) for x in el.iterfind(path)) if t]


def _pmid_or_none(value: str | None) -> str | None:
    """``normalise_pmid`` of a PMID found in text or a PDF; None when it is no PMID."""
    try:
        return normalise_pmid(value) if value else None
    except ValueError:
        return None


def _payload(xml: str) -> str:
    """A record's raw XML as kept in its payload history: up to its closing tag, then one newline.

    What follows a record in the file (a newline, an indent, nothing before ``</PubmedArticleSet>``)
    depends on where it sits, so it is left out; the newline keeps the hash of payloads stored when
    the usual single newline after the record was kept with it."""
    return xml.rstrip() + "\n"


def _record(el, position: str, source: str):
    """Turn one record element into a ParsedRecord (its ``source_ref`` is ``source``), Deletion or FailedItem."""
    tag = el.tag
    if tag == "DeleteCitation":
        return Deletion(pmids=[_pmid_or_none(p) or p for p in _texts(el, "PMID")])
    payload = _payload(etree.tostring(el, encoding="unicode", with_tail=False))
    if tag == "PubmedBookArticle":
        return FailedItem(source=source, position=position, reason="PubmedBookArticle records are not supported",
                          excerpt=payload[:500])
    try:
        return ParsedRecord(document_data(el), payload, position, source)
    except ValueError as exc:
        return FailedItem(source=source, position=position, reason=str(exc), excerpt=payload[:500])


# ---- streaming ------------------------------------------------------------------------------------------
# what a damaged compressed stream raises while it is read: a cut (EOFError), bad data (zlib.error), a bad header
_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


class _TooBig(Exception):
    """A compressed file expanded past its cap."""


class _Capped:
    """A gzip reader that raises _TooBig once more than ``cap`` bytes have come out of it (0: no cap).

    A compression bomb (megabytes that expand to gigabytes) is stopped while it streams, before it fills
    memory; the records read before the cap are kept."""

    def __init__(self, fh: IO[bytes], cap: int):
        self.fh, self.cap, self.done = fh, cap, 0

    def read(self, n: int = -1) -> bytes:
        if self.cap:
            left = self.cap - self.done + 1  # one byte past the cap is enough to know
            n = left if n is None or n < 0 else min(n, left)
        # read1: what one step of decompression gives, so the data before a cut reaches the parser
        # (a buffered read of n bytes drops it when the stream ends early)
        data = self.fh.read1(n) if n > 0 else self.fh.read(n)
        self.done += len(data)
        if self.cap and self.done > self.cap:
            raise _TooBig()
        return data

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> "_Capped":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open(path: str | Path, max_decompressed: int = 0) -> IO[bytes]:
    path = Path(path)
    fh = open(path, "rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        return _Capped(gzip.open(path, "rb"), max_decompressed)
    fh.seek(0)
    return fh


def _too_big(count: int, cap: int) -> str:
    return (f"the file expands past {cap:,} bytes, the cap EVIDENCE_XML_MAX_DECOMPRESSED_BYTES sets (a damaged file "
            f"or a compression bomb?); the {count} record(s) before were kept. If the file is genuine, raise the "
            "setting and ingest it again")


def _cut(count: int, exc: Exception) -> str:
    return (f"compressed file ends early or is damaged ({type(exc).__name__}: {exc}); the {count} record(s) before "
            "were kept. Get a complete copy of the file and ingest it again")


def iter_medline(source: str | Path | bytes, *, name: str | None = None, max_decompressed: int = 0) -> Iterator:
    """Stream records from a MEDLINE XML file (.xml or .xml.gz) or from XML bytes.

    Yields ParsedRecord (``source_ref``: the file, or ``name``) / Deletion / FailedItem. Never raises for
    bad content: an unreadable file, a file that is not XML, a syntax error, a compressed file that ends
    early or is damaged, or one that expands past ``max_decompressed`` bytes (0: no cap) becomes a
    FailedItem naming the file, where and why; the records before it are yielded.
    """
    is_bytes = isinstance(source, (bytes, bytearray))
    name = name or ("<bytes>" if is_bytes else str(source))
    try:
        fh = io.BytesIO(source) if is_bytes else _open(source, max_decompressed)
    except OSError as exc:
        yield FailedItem(source=name, reason=f"cannot read file: {exc.strerror or exc}")
        return
    count = 0
    with fh:
        context = etree.iterparse(fh, events=("end",), tag=RECORD_TAGS, load_dtd=False, no_network=True,
                                  resolve_entities=False, huge_tree=True)
        try:
            for _event, el in context:
                count += 1
                yield _record(el, f"record {count} (line {el.sourceline})", name)
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or "?"
            if count == 0 and _looks_like_no_xml(source, is_bytes):
                yield FailedItem(source=name, reason=f"not an XML file ({exc.msg})")
                return
            yield FailedItem(source=name, position=f"line {line}",
                             reason=f"XML syntax error: {exc.msg}; recovering the records after it")
            yield from _recover(source, is_bytes, name, skip=count, max_decompressed=max_decompressed)
            return
        except _TooBig:
            yield FailedItem(source=name, position=f"after record {count}", reason=_too_big(count, max_decompressed))
            return
        except _GZIP_ERRORS as exc:
            yield FailedItem(source=name, position=f"after record {count}", reason=_cut(count, exc))
            return
        except OSError as exc:
            yield FailedItem(source=name, position=f"after record {count}", reason=f"cannot read file: {exc}")
            return
    if count == 0:
        yield FailedItem(source=name, reason="no PubmedArticle records found (is this a PubmedArticleSet file?)")


def _looks_like_no_xml(source, is_bytes: bool) -> bool:
    if is_bytes:
        head = bytes(source[:512])
    else:
        try:
            with _open(source) as fh:
                head = fh.read(512)
        except (OSError, *_GZIP_ERRORS):
            return False
    return b"<" not in head.lstrip()[:1] and b"<?xml" not in head


def _recover(source, is_bytes: bool, name: str, skip: int, max_decompressed: int = 0) -> Iterator:
    """After a syntax error: find the remaining record blocks in the raw bytes and parse each on its own
    (of a compressed file that ends early, the part that could be read, then the cut)."""
    cut = None
    if is_bytes:
        data = bytes(source)
    else:
        with _open(source, max_decompressed) as fh:
            if isinstance(fh, _Capped):
                buf = bytearray()
                try:
                    while chunk := fh.read(1 << 20):
                        buf += chunk
                except _TooBig:
                    yield FailedItem(source=name, reason=_too_big(skip, max_decompressed))
                    return
                except (OSError, *_GZIP_ERRORS) as exc:
                    cut = exc
                data = buf  # read in place, as the mmap below: no second copy of a file up to the cap
            else:
                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if Path(source).stat().st_size else b""
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False, huge_tree=True)
    index, line, last, kept = 0, 1, 0, skip
    for m in _RECORD_BLOCK.finditer(data):
        index += 1
        if index <= skip:
            continue
        line, last = line + data[last:m.start()].count(b"\n"), m.start()
        position = f"record {index} (line {line})"
        if m.group(2):  # an opening tag with no closing tag before the end of the file
            yield FailedItem(source=name, position=position, reason="record is truncated (no closing tag)",
                             excerpt=bytes(data[m.start():m.start() + 500]).decode("utf-8", "replace"))
            continue
        block = bytes(m.group(0))
        try:
            el = etree.fromstring(block, parser)
        except etree.XMLSyntaxError as exc:
            yield FailedItem(source=name, position=position, reason=f"malformed record: {exc.msg}",
                             excerpt=block[:500].decode("utf-8", "replace"))
            continue
        kept += 1
        yield _record(el, position, name)
    if cut is not None:
        yield FailedItem(source=name, position=f"after record {index}", reason=_cut(kept, cut))


# ---- plain text --------------------------------------------------------------------------------------------
STOP_HEADINGS = re.compile(r"^\s*(keywords?|key words|publication types|mesh terms|substances|grants and funding|"
                           r"related information|linkout|copyright|original language|conflict of interest|"
                           r"abbreviations|references|cite this|similar articles|comment in|erratum in)", re.I)
SKIP_LINE = re.compile(r"^\s*(abstract|research output\b.*|©.*|epub .*)\s*$", re.I)
CITATION = re.compile(r"^(?P<journal>[A-Z][^\n]{1,120}?)\.\s+(?P<year>(?:19|20)\d\d)\b[^\n]*$")
LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z ,&/-]{1,40}?)\s*:\s+(?P<text>\S.*)$", re.S)
BULLET = re.compile(r"^\s*[•*\-]\s+(.+?)\s*$")
AUTHOR_LINE = re.compile(r"^(?:[A-Z][\w'’.-]*\.?(?: [A-Z][\w'’.-]*\.?){1,4})(?:, (?:[A-Z][\w'’.-]*\.?(?: [A-Z][\w'’.-]*\.?){1,4}))+$")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _bullets_after(lines: list[str], heading: re.Pattern) -> list[str]:
    items, inside = [], False
    for line in lines:
        if heading.match(line):
            inside = True
            continue
        if inside:
            m = BULLET.match(line)
            if m:
                items.append(m.group(1).strip())
            elif line.strip() or items:
                break
    return items


def parse_text(text: str, *, name: str = "<text>") -> Document:
    """A plain-text record (a PubMed page saved as text, an abstract page, an article's text) to a Document.

    Takes whatever the text carries: a title line, a citation line (journal, year), DOI / PMID / PMCID /
    trial registry ids, the abstract paragraphs (``Label: text`` kept as sections), MeSH terms, publication
    types and keywords. Text beyond the abstract is kept as ``body`` when the document is longer than a
    record page. Raises ValueError when the text is empty.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError("text is empty")
    paras = _paragraphs(text)
    lines = text.split("\n")
    title = journal = year = None
    authors: list[Author] = []
    i = 0
    # header: title, citation line, author line, repository boilerplate
    while i < len(paras) and i < 6:
        p = paras[i]
        one_line = "\n" not in p
        if SKIP_LINE.match(p):
            i += 1
            continue
        if one_line and (m := CITATION.match(p)) and journal is None:
            journal, year = m.group("journal").strip(), int(m.group("year"))
        elif one_line and AUTHOR_LINE.match(p) and not authors:
            authors = [Author(last_name=n.split()[-1], fore_name=" ".join(n.split()[:-1]) or None)
                       for n in p.split(", ")]
        elif one_line and title is None and len(p) < 300 and not LABEL.match(p) and i == 0:
            title = p
        else:
            break
        i += 1
    abstract: list[AbstractSection] = []
    for p in paras[i:]:
        if STOP_HEADINGS.match(p):
            break
        if len(p) < 40 and not abstract and not LABEL.match(_WS.sub(" ", p)):
            continue
        flat = _WS.sub(" ", p)
        m = LABEL.match(flat)
        abstract.append(AbstractSection(label=m.group("label"), text=m.group("text")) if m
                        else AbstractSection(text=flat))
        if len(abstract) >= 12:
            break
    abstract_chars = sum(len(s.text) for s in abstract)
    if year is None:
        m = re.search(r"\((?:19|20)\d\d\)", text[:5000]) or re.search(r"\b(?:19|20)\d\d\b", text[:600])
        year = int(m.group(0).strip("()")) if m else None
    kw = next((p for p in paras if re.match(r"^\s*key ?words?\s*:", p, re.I)), None)
    keywords = [k.strip(" .") for k in re.split(r"[;,]", kw.split(":", 1)[1])] if kw else []
    pmid = _pmid_or_none(found.group(1)) if (found := PMID.search(text)) else None
    pmcid = PMCID.search(text)
    return Document(
        source="text", title=title, journal=journal, year=year, authors=authors, abstract=abstract,
        pmid=pmid, pmcid=pmcid.group(1) if pmcid else None, doi=find_doi(text),
        registry_ids=find_registry_ids(text), keywords=[k for k in keywords if k],
        mesh_terms=[MeshTerm(descriptor=t.split(" / ")[0].rstrip("*"), major=t.endswith("*"),
                             qualifiers=[q.rstrip("*") for q in t.split(" / ")[1:]])
                    for t in _bullets_after(lines, re.compile(r"^\s*MeSH terms\s*$", re.I))],
        publication_types=_bullets_after(lines, re.compile(r"^\s*Publication types\s*$", re.I)),
        body=text if len(text) > 5000 and len(text) > 3 * abstract_chars else None,
    )


# ---- PDF -------------------------------------------------------------------------------------------------
def document_from_pdf(parsed) -> Document:
    """A parsed PDF (``pipeline.pdf.ParsedPdf``) to a Document: ids found in it, title, year, the abstract
    section as the abstract, the whole text in reading order as ``body`` and its tables as ``table_grids``."""
    meta = parsed.metadata or {}
    ids = parsed.ids or {}
    title = (meta.get("Title") or "").strip() or None
    if title is not None and len(re.findall(r"[A-Za-z]{3,}", title)) < 3:  # "6489122611071476 1..10" is no title
        title = None
    if title is None:  # the largest type on the first page that reads like words
        candidates = [b for b in parsed.blocks if b.page == 1 and b.font_size
                      and len(re.findall(r"[A-Za-z]{4,}", b.text)) >= 3 and len(b.text) < 300]
        title = _WS.sub(" ", max(candidates, key=lambda b: b.font_size).text).strip() if candidates else None
    abstract = []
    section = next((s for s in parsed.sections if s.canonical == "abstract"), None)
    if section is not None:
        text = _WS.sub(" ", parsed.text[section.char_start:section.char_end]).strip()
        text = re.sub(r"^abstract\b[:.]?\s*", "", text, flags=re.I)
        if text:
            abstract = [AbstractSection(text=text)]
    year = None
    # a journal citation "(2021) 22:595-614" or "2015;350:h2145" near the start, else the file's creation date
    m = (re.search(r"\((?:19|20)\d\d\)\s*\d+\s*:", parsed.text[:5000])
         or re.search(r"\b(?:19|20)\d\d;\s*\d+\s*[:(]", parsed.text[:5000])
         or re.search(r"D:((?:19|20)\d\d)", meta.get("CreationDate", "")))
    if m:
        year = int(re.search(r"(?:19|20)\d\d", m.group(0)).group(0))
    doi = (meta.get("doi") or (ids.get("doi") or [None])[0] or find_doi(meta.get("Subject", "")) or None)
    from pipeline.pdf import table_dict

    # the tables as grids of cells; which cells are studies, arms and values is read at extraction
    grids = [TableGrid.model_validate(table_dict(t)) for t in parsed.tables]
    sections = [{"title": s.title, "canonical": s.canonical, "start": s.char_start, "end": s.char_end}
                for s in parsed.sections]
    return Document(source="pdf", pmid=_pmid_or_none((ids.get("pmid") or [None])[0]), doi=doi.lower() if doi else None,
                    registry_ids=list(ids.get("nct") or []), title=title, year=year, abstract=abstract,
                    body=parsed.text or None, table_grids=grids, body_sections=sections)
