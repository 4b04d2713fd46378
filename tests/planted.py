"""Stores seeded by the test with values written in the test (not extracted): a document whose abstract the test
writes, and findings that point into it, saved through extraction's own save path (``pipeline.extract.save_findings``:
validated, then stored). Review and report tests use it, so improving the extractor does not break them."""
from pipeline.extract import keyed, save_findings
from pipeline.settings import Settings
from schemas.document import AbstractSection, Author, Document, ParsedRecord
from schemas.findings import Evidence, Finding
from schemas.metrics import METRICS


def value(abstract: str, metric: str, number: float | None, text: str, confidence: float = 0.9, *,
          arm: str | None = "CAPOX", components=("capecitabine", "oxaliplatin"), after: str = "", **kw) -> Finding:
    """A finding for the value written as ``text`` in ``abstract`` (its first occurrence, after ``after``), with
    the sentence around it as evidence."""
    start = abstract.index(text, abstract.index(after) if after else 0)
    sentence_start = abstract.rfind(". ", 0, start) + 2 if ". " in abstract[:start] else 0
    sentence_end = abstract.find(".", start + len(text)) + 1 or len(abstract)
    while sentence_end < len(abstract) and not abstract[sentence_end:].startswith(" "):  # "33.3": not an end
        sentence_end = abstract.find(".", sentence_end) + 1 or len(abstract)
    ev = Evidence(text=abstract[sentence_start:sentence_end], start=start, end=start + len(text),
                  sentence_start=sentence_start, sentence_end=sentence_end)
    return Finding(metric=metric, value=number, unit=METRICS[metric].unit, arm=arm, arm_components=components,
                   evidence=ev, extractor="planted", extractor_version="1", confidence=confidence, **kw)


def plant(store, abstract: str, findings: list[Finding], *, doi: str, pmid: str | None = None,
          title: str = "A test study", author: str = "Smith", year: int = 2021) -> int:
    """Store one text document with ``abstract`` and ``findings`` as its extraction; planting it again with other
    findings is a re-extraction (same keys: updated in place; decisions kept or sent back to the queue)."""
    doc = Document(source="text", doi=doi, pmid=pmid, title=title, year=year,
                   abstract=[AbstractSection(text=abstract)],
                   authors=[Author(last_name=author, initials="J"), Author(last_name="Jones", initials="A")])
    store.upsert_batch([ParsedRecord.of(doc, abstract)])
    doc_id = store.get(doi).id
    save_findings(store, [("planted", "1", [(doc_id, "hash", {"arms": []}, keyed(findings))])], settings=Settings())
    return doc_id
