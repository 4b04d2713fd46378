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
    tables: list[dict] = Field(default_factory=list, description="results-table rows of a PDF, one per row and arm, "
                                                                 "with page and cell boxes (pipeline.pdf.table_rows)")
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
