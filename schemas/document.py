"""The parsed document: what every source (MEDLINE XML, plain text, PDF) is turned into."""
from __future__ import annotations

import hashlib

import pydantic_core

from pydantic import BaseModel, ConfigDict, Field

# Which source wins when two describe the same paper: a PubMed record beats a PDF beats loose text.
SOURCE_RANK = {"text": 1, "pdf": 2, "medline": 3}


class Author(BaseModel):
    model_config = ConfigDict(frozen=True)

    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    collective_name: str | None = None

    @property
    def display(self) -> str:
        if self.collective_name:
            return self.collective_name
        return " ".join(p for p in (self.last_name, self.initials or self.fore_name) if p)


class AbstractSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str | None = None  # as printed: "RESULTS", "Patients and methods"
    category: str | None = None  # NLM category: BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS
    text: str


class MeshTerm(BaseModel):
    model_config = ConfigDict(frozen=True)

    descriptor: str
    major: bool = False
    qualifiers: list[str] = Field(default_factory=list)


BBox = tuple[float, float, float, float]  # PDF points (x0, top, x1, bottom) from the page's top-left corner


class GridCell(BaseModel):
    """One cell of a PDF table as printed: its text (lines joined), its lines, its page and box (``None`` for a
    cell left empty)."""
    model_config = ConfigDict(frozen=True)

    text: str
    lines: list[str] = Field(default_factory=list)
    page: int
    bbox: BBox | None = None


class GridRow(BaseModel):
    """One row of a PDF table's body, its cells in column order."""
    model_config = ConfigDict(frozen=True)

    cells: list[GridCell]
    section: str | None = None  # the section label (a row spanning the table) the row sits under


class TableGrid(BaseModel):
    """A table of a PDF as its grid of cells, nothing interpreted (``pipeline.pdf.table_dict`` of a parsed table).

    Which cells are studies, arms and values is decided at extraction (``extractors.tables.rows_from_table``), so a
    change to the table extractor reaches stored documents without their PDF being read again.
    """
    model_config = ConfigDict(frozen=True)

    label: str  # "Table 3"
    number: str | None = None  # "3"
    caption: str = ""
    pages: list[int]
    bbox: dict[int, BBox] = Field(default_factory=dict)  # page -> the table's region on that page
    header: list[GridCell] = Field(default_factory=list)  # the header row (group labels joined over their columns)
    header_grid: list[list[GridCell]] = Field(default_factory=list)  # the header as printed, row by row
    rows: list[GridRow] = Field(default_factory=list)
    footnotes: list[str] = Field(default_factory=list)
    strategy: str = "rules"  # how it was found: "ruled" (grid lines) | "rules" (horizontal rules) | "whitespace"
    continued: bool = False  # parts from later pages were joined


class Document(BaseModel):
    """A bibliographic record with its abstract; ``None`` is unknown, ``[]`` is none found."""

    source: str = Field(description="kind of source: medline, text or pdf")
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    registry_ids: list[str] = Field(default_factory=list, description="trial registry ids, e.g. NCT01010126")
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    authors: list[Author] = Field(default_factory=list)
    abstract: list[AbstractSection] = Field(default_factory=list)
    mesh_terms: list[MeshTerm] = Field(default_factory=list)
    publication_types: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    body: str | None = Field(default=None, description="full text beyond the abstract, when the source has it")
    # left out of the JSON form when empty: a document without PDF tables keeps the content hash (and the JSON) it
    # had before this field was added
    table_grids: list[TableGrid] = Field(default_factory=list, exclude_if=lambda grids: not grids,
                                         description="the tables of a PDF as grids of cells with page and box, "
                                                     "nothing interpreted (read at extraction)")
    tables: list[dict] = Field(default_factory=list, description="legacy, read for one release: the results-table "
                               "rows that releases before table_grids stored at ingest; ingesting the PDF again "
                               "replaces them with table_grids")
    body_sections: list[dict] = Field(default_factory=list, description="sections of ``body``: title, canonical "
                                                                        "name (results, methods ...), start, end")

    def section_text(self, canonical: str) -> list[tuple[int, str]]:
        """(offset in ``body``, text) of each body section with this canonical name."""
        return [(s["start"], (self.body or "")[s["start"]:s["end"]]) for s in self.body_sections
                if s.get("canonical") == canonical and self.body]

    @property
    def abstract_text(self) -> str:
        """The abstract as one text, section labels kept as 'Label: text' paragraphs."""
        return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in self.abstract)

    @property
    def rank(self) -> int:
        return SOURCE_RANK.get(self.source, 0)

    def content_hash(self) -> str:
        """SHA-256 of the document's content (stable across runs; independent of where it came from)."""
        return document_hash(self.model_dump(mode="json"))


def document_hash(data: dict) -> str:
    """Content hash of a Document's JSON form (``Document.model_dump(mode="json")``), its source left out."""
    body = pydantic_core.to_json({k: v for k, v in data.items() if k != "source"})
    return hashlib.sha256(body).hexdigest()


def json_document_hash(text: str) -> str:
    """``document_hash`` of a Document's JSON text, without decoding it when ``source`` is its first member
    (as ``model_dump`` and the MEDLINE parser give it): the rest of the text is what ``document_hash`` hashes."""
    head = '{"source":"'
    end = text.find('"', len(head)) if text.startswith(head) else -1
    if end > 0 and text[end + 1:end + 2] == "," and "\\" not in text[len(head):end]:
        return hashlib.sha256(("{" + text[end + 2:]).encode()).hexdigest()
    return document_hash(pydantic_core.from_json(text))


def normalise_ids(data: dict) -> dict:
    """DOIs in lower case, PMCIDs with their PMC prefix (a copy only when something changes)."""
    doi, pmcid = data.get("doi"), data.get("pmcid")
    if doi and doi != doi.strip().lower():
        data = {**data, "doi": doi.strip().lower()}
    if pmcid and not pmcid.upper().startswith("PMC"):
        data = {**data, "pmcid": "PMC" + pmcid}
    return data


class ParsedRecord:
    """One incoming document in the form the store writes, computed once where it is parsed.

    ``data`` is its Document's JSON form; ``json`` and ``hash`` are that form as text and its content hash;
    ``payload`` is the record as received (the XML of one PubmedArticle, a text, a PDF's text) with its
    SHA-256. A record pickles as text, without the dict, so records cross from a parser process cheaply;
    ``data`` is read back from ``json`` when it is needed.
    """

    KEYS = ("source", "pmid", "doi", "pmcid", "title", "journal", "year")  # the store's columns
    __slots__ = ("keys", "json", "payload", "position", "source_ref", "_data", "_hash", "_payload_hash")

    def __init__(self, data: dict, payload: str, position: str, source_ref: str | None = None):
        data = normalise_ids(data)
        self.keys = tuple(map(data.get, self.KEYS))
        self.json = pydantic_core.to_json(data).decode()
        self.payload, self.position, self.source_ref = payload, position, source_ref
        # computed when first needed (in the storing process, when records come from a parser process);
        # the dict is read back from the JSON text, so a batch of records holds no dicts
        self._data = self._hash = self._payload_hash = None

    @classmethod
    def of(cls, document: Document, payload: str, position: str = "document 1",
           source_ref: str | None = None) -> "ParsedRecord":
        return cls(document.model_dump(mode="json"), payload, position, source_ref)

    def __reduce__(self):
        return _restore_record, (self.keys, self.json, self.payload, self.position, self.source_ref)

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = pydantic_core.from_json(self.json)
        return self._data

    @property
    def hash(self) -> str:
        if self._hash is None:
            self._hash = json_document_hash(self.json)
        return self._hash

    @property
    def payload_hash(self) -> str:
        if self._payload_hash is None:
            self._payload_hash = hashlib.sha256(self.payload.encode()).hexdigest()
        return self._payload_hash

    @property
    def document(self) -> Document:
        return Document.model_validate(self.data)

    source = property(lambda self: self.keys[0])
    pmid = property(lambda self: self.keys[1])
    doi = property(lambda self: self.keys[2])

    @property
    def rank(self) -> int:
        return SOURCE_RANK.get(self.keys[0], 0)

    @property
    def position_ref(self) -> str:
        return f"{self.source_ref}#{self.position}" if self.source_ref else self.position

    def columns(self) -> dict:
        return dict(zip(self.KEYS, self.keys))


def _restore_record(keys, json_text, payload, position, source_ref) -> ParsedRecord:
    r = ParsedRecord.__new__(ParsedRecord)
    r.keys, r.json, r.payload, r.position, r.source_ref = keys, json_text, payload, position, source_ref
    r._data = r._hash = r._payload_hash = None
    return r


class Deletion(BaseModel):
    """A DeleteCitation entry: PubMed withdrew these PMIDs."""

    pmids: list[str]


class FailedItem(BaseModel):
    """An input item that could not be turned into a document, with where and why."""

    source: str  # file path, URL or batch description
    position: str | None = None  # "record 12", "line 40"
    reason: str
    excerpt: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}, {self.position}" if self.position else self.source
        return f"{where}: {self.reason}"
