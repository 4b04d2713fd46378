"""Data shapes of the PDF side: plain dataclasses and named errors.

Coordinates are PDF points in pdfplumber's convention: ``(x0, top, x1, bottom)`` measured from the
top-left corner of the page; pages are numbered from 1.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pipeline.errors import InputError

BBox = tuple[float, float, float, float]


# ----------------------------------------------------------------------------------------------- errors
class PdfError(InputError):
    """A PDF could not be read; the message names the file."""


class NotAPdfError(PdfError):
    """The bytes are not a PDF (no ``%PDF-`` header), whatever the file is called."""


class EncryptedPdfError(PdfError):
    """The PDF is password-protected and cannot be read without the password."""


class CorruptPdfError(PdfError):
    """The PDF is truncated or damaged beyond what the parser can recover."""


class EmptyPdfError(PdfError):
    """The PDF has no pages."""


class PdfTooLargeError(PdfError):
    """The PDF is larger than the configured size cap (``pdf_max_bytes``) or page cap (``pdf_max_pages``)."""


# ------------------------------------------------------------------------------------------------ shapes
@dataclass(frozen=True)
class PdfWarning:
    code: str  # truncated | no_text_layer | pages_without_text | encrypted_readable | table_* ...
    message: str
    page: int | None = None


@dataclass(frozen=True)
class FetchedPdf:
    """Raw PDF bytes and where they came from."""

    data: bytes
    source: str  # the path or URL as given
    kind: str  # "file" | "url"
    sha256: str
    size: int
    path: str | None = None
    url: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    cache_path: str | None = None
    from_cache: bool = False

    def provenance(self) -> dict:
        d = asdict(self)
        d.pop("data")
        return d


@dataclass
class Cell:
    text: str
    lines: list[str]
    page: int
    bbox: BBox | None


@dataclass
class Row:
    cells: list[Cell]
    section: str | None = None  # the section row (spanning label) the row sits under


@dataclass
class Table:
    label: str  # "Table 3"
    number: str | None  # "3"
    caption: str
    pages: list[int]
    bbox: dict[int, BBox]  # page -> table region on that page
    header: list[Cell]
    rows: list[Row]
    footnotes: list[str] = field(default_factory=list)
    strategy: str = "rules"  # "ruled" (grid lines) | "rules" (horizontal rules only) | "whitespace"
    continued: bool = False  # True when parts from later pages were joined
    header_grid: list[list[Cell]] = field(default_factory=list)  # header as grid rows (group labels over columns)


@dataclass
class Block:
    page: int
    bbox: BBox
    text: str
    kind: str  # heading | paragraph | list_item | caption
    column: int  # 0 full width / single column; 1, 2, ... columns from the left
    section: str | None = None
    char_start: int = 0
    char_end: int = 0
    font_size: float | None = None
    bold: bool = False
    continues: bool = False  # the paragraph goes on from the previous block (column or page break)


@dataclass
class Section:
    title: str
    canonical: str | None  # abstract, introduction, methods, results, discussion, conclusion, references ...
    level: int
    page: int
    char_start: int
    char_end: int


@dataclass
class PageInfo:
    number: int
    width: float
    height: float
    n_chars: int
    n_images: int
    columns: int
    removed_lines: list[str] = field(default_factory=list)  # running headers / footers / page numbers


@dataclass
class ParsedPdf:
    source: str
    sha256: str
    n_pages: int
    metadata: dict
    pages: list[PageInfo]
    blocks: list[Block]
    sections: list[Section]
    text: str
    ids: dict  # {"doi": [...], "pmid": [...], "nct": [...]}
    tables: list[Table]
    warnings: list[PdfWarning]

    def section_text(self, canonical: str) -> str | None:
        """Text of the first section with this canonical name, or None."""
        for s in self.sections:
            if s.canonical == canonical:
                return self.text[s.char_start:s.char_end]
        return None
