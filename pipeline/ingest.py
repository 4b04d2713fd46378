"""Ingestion: sources -> parse -> store, recorded as an ingestion run with counts and failures.

Each function takes a ``Store``, stores what it can, records what it cannot, and returns a ``RunResult``.
A bad record or file never stops the rest of the batch, and a run never stays ``running``: an unexpected
error ends it ``failed`` with the error recorded.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.errors import EvidenceError, StoreError, WorkerError
from pipeline.ids import normalise_pmids
from pipeline.parallel import in_subprocess
from pipeline.parse import ParsedRecord, iter_medline, parse_text
from pipeline.settings import Settings
from pipeline.store import Store
from schemas.document import Deletion, FailedItem

log = logging.getLogger(__name__)
# conflicts: records stored with a recorded conflict (a DOI another PMID holds; Store.upsert_batch)
COUNT_KEYS = ("seen", "new", "updated", "unchanged", "linked", "deleted", "failed", "conflicts")
Progress = Callable[[int], None]


@dataclass
class RunResult:
    run_id: int
    status: str
    counts: dict
    failures: list[FailedItem] = field(default_factory=list)
    error: str | None = None
    transient: bool = False  # the run failed in a way that may succeed if tried again


def _consume(store: Store, run_id: int, items: Iterable, counts: Counter, failures: list[FailedItem],
             batch_size: int, progress: Progress | None) -> None:
    batch: list = []
    deletions: list[Deletion] = []

    def flush():
        if batch:
            _store_batch(store, run_id, batch, counts, failures)
            if progress:
                progress(len(batch))
            batch.clear()
        if deletions:
            counts["deleted"] += store.apply_deletions(deletions)
            deletions.clear()

    try:
        for item in items:
            if isinstance(item, ParsedRecord):
                counts["seen"] += 1
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
            elif isinstance(item, Deletion):
                deletions.append(item)
            elif isinstance(item, FailedItem):
                counts["failed"] += 1
                failures.append(item)
    finally:  # a source failing half-way (a fetch giving up) keeps what was read before it
        flush()


def _store_batch(store: Store, run_id: int, batch: list[ParsedRecord], counts: Counter,
                 failures: list[FailedItem]) -> None:
    """Store a batch in one transaction; if the database refuses it, store its records one by one, so
    only the records it refuses are lost (each recorded as failed, with the reason) and the rest are stored."""
    try:
        counts.update(store.upsert_batch(batch, run_id=run_id, conflicts=failures))
        return
    except StoreError as exc:
        refused = {0: exc} if len(batch) == 1 else {}
        if not refused:
            log.warning("%s; storing its records one by one", exc)
    for i, rec in enumerate(batch):
        if i not in refused:
            try:
                counts.update(store.upsert_batch([rec], run_id=run_id, conflicts=failures))
                continue
            except StoreError as exc:
                refused[i] = exc
        counts["seen"] -= 1  # counted as failed instead, as a record that could not be parsed is
        counts["failed"] += 1
        failures.append(FailedItem(source=rec.source_ref or rec.source, position=rec.position,
                                   reason=f"{refused[i]}; fix the record and ingest it again"))


def _one_line(exc: BaseException) -> str:
    """An unexpected exception as one line: its type and the first line of its message."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _run(store: Store, kind: str, request: dict, produce: Callable[[], Iterator], settings: Settings,
         progress: Progress | None = None) -> RunResult:
    run_id = store.start_run(kind, request)
    counts: Counter = Counter({k: 0 for k in COUNT_KEYS})
    failures: list[FailedItem] = []
    error, transient, interrupted = None, False, None
    try:
        _consume(store, run_id, produce(), counts, failures, settings.store_batch_size, progress)
    except EvidenceError as exc:
        error, transient = str(exc), exc.transient
    except Exception as exc:  # a bug, or the database gone: the run ends failed with the error, not "running"
        log.debug("run %s failed", run_id, exc_info=True)
        error = f"unexpected error while ingesting: {_one_line(exc)}; what was stored before it is kept"
    except BaseException as exc:  # interrupted (Ctrl-C): recorded as such, then the interruption goes on
        interrupted, error = exc, f"interrupted ({_one_line(exc)}); what was stored before it is kept"
    store.record_failures(run_id, failures)
    if error is None and counts["failed"] and not counts["seen"] and not counts["deleted"]:
        error = failures[0].__str__() if len(failures) == 1 else f"all {len(failures)} inputs failed"
    status = store.finish_run(run_id, counts, error=error)
    if interrupted is not None:
        raise interrupted
    return RunResult(run_id, status, dict(counts), failures, error, transient)


def ingest_xml(store: Store, paths: Iterable[str | Path], *, settings: Settings | None = None,
               progress: Progress | None = None) -> RunResult:
    """Ingest MEDLINE / PubmedArticleSet files (.xml or .xml.gz)."""
    paths = [str(p) for p in paths]
    settings = settings or Settings.from_env()

    def produce():
        for path in paths:
            try:
                big = 0 < settings.parse_subprocess_min_bytes <= os.path.getsize(path)
            except OSError:
                big = False
            cap = settings.xml_max_decompressed_bytes
            if not big:
                yield from iter_medline(path, max_decompressed=cap)
                continue
            try:
                yield from in_subprocess(iter_medline, path, max_decompressed=cap)
            except WorkerError as exc:  # the records it sent before are stored; the next file goes on
                yield FailedItem(source=path, reason=f"{exc}; the records before were stored: ingest the file "
                                                     "again to store the rest")

    return _run(store, "xml", {"files": paths}, produce, settings, progress)


def ingest_text(store: Store, paths: Iterable[str | Path], *, settings: Settings | None = None,
                progress: Progress | None = None) -> RunResult:
    """Ingest plain-text documents (one document per file), with whatever ids the text carries."""
    paths = [str(p) for p in paths]
    settings = settings or Settings.from_env()

    def produce():
        for path in paths:
            try:
                raw = Path(path).read_bytes()
            except OSError as exc:
                yield FailedItem(source=path, reason=f"cannot read file: {exc.strerror or exc}")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield FailedItem(source=path, reason=f"not UTF-8 text (byte {exc.start}); convert it to UTF-8")
                continue
            if "\x00" in text[:4096]:
                yield FailedItem(source=path, reason="binary file, not text")
                continue
            try:
                doc = parse_text(text, name=path)
            except ValueError as exc:
                yield FailedItem(source=path, reason=str(exc))
                continue
            yield ParsedRecord.of(doc, text, "document 1", path)

    return _run(store, "text", {"files": paths}, produce, settings, progress)


def ingest_pdf(store: Store, sources: Iterable[str | Path], *, settings: Settings | None = None,
               progress: Progress | None = None) -> RunResult:
    """Ingest PDFs (files, folders or http(s) URLs): text in reading order, sections, ids; linked to the
    paper's PubMed record when its DOI or PMID is found. A bad PDF is recorded and the batch goes on."""
    from pipeline.parse import document_from_pdf
    from pipeline.pdf import expand_sources, fetch_pdf, parse_pdf

    settings = settings or Settings.from_env()
    sources = [str(s) for s in sources]

    def produce():
        try:
            expanded = expand_sources(sources)
        except EvidenceError as exc:
            yield FailedItem(source=", ".join(sources), reason=str(exc))
            return
        for src in expanded:
            try:
                fetched = fetch_pdf(src, settings=settings)
                parsed = parse_pdf(fetched.data, source=src, settings=settings)
            except EvidenceError as exc:
                yield FailedItem(source=src, reason=str(exc).removeprefix(f"{src}: "))
                continue
            for w in parsed.warnings:
                log.warning("%s", w.message if src in w.message else f"{src}: {w.message}")
            doc = document_from_pdf(parsed)
            if not doc.body:
                yield FailedItem(source=src, reason="no text layer (a scanned image?); run OCR first")
                continue
            yield ParsedRecord.of(doc, doc.body, f"pdf sha256:{fetched.sha256}", src)

    return _run(store, "pdf", {"sources": sources}, produce, settings, progress)


def ingest_batches(store: Store, kind: str, request: dict, batches: Iterable, *, settings: Settings,
                   progress: Progress | None = None) -> RunResult:
    """Ingest fetched PubmedArticleSet payloads (``pipeline.fetch.FetchedBatch``).

    PMIDs asked for by id that PubMed did not return are recorded as failures.
    """

    def produce():
        for batch in batches:
            yield from iter_medline(batch.payload, name=batch.source_ref)
            for pmid in batch.missing:
                yield FailedItem(source=batch.source_ref, position=f"PMID {pmid}",
                                 reason="not returned by PubMed (deleted, or no such PMID)")

    return _run(store, kind, request, produce, settings, progress)


def ingest_query(store: Store, query: str, *, mindate: str | None = None, maxdate: str | None = None,
                 max_records: int | None = None, new_only: bool = False, settings: Settings | None = None,
                 progress: Progress | None = None) -> RunResult:
    """Search PubMed and ingest every record found (split by date past 10,000 hits).

    ``new_only``: fetch what PubMed added since the last successful run of the same query (its watermark,
    kept with the runs in the store), up to today; the first run takes everything up to today.
    """
    from pipeline import fetch

    settings = settings or Settings.from_env()
    datetype = "pdat"
    if new_only:
        datetype = "edat"
        mindate = store.query_watermark(query) or mindate
        maxdate = date.today().strftime("%Y/%m/%d")
    batches = fetch.fetch_query(query, mindate=mindate, maxdate=maxdate, max_records=max_records,
                                datetype=datetype, settings=settings)
    request = {"query": query, "mindate": mindate, "maxdate": maxdate, "max": max_records, "datetype": datetype,
               "new_only": new_only}
    return ingest_batches(store, "query", request, batches, settings=settings, progress=progress)


def ingest_pmids(store: Store, pmids: Iterable[str], *, settings: Settings | None = None,
                 progress: Progress | None = None) -> RunResult:
    """Fetch the given PMIDs from PubMed and ingest them."""
    from pipeline import fetch

    settings = settings or Settings.from_env()
    pmids = list(normalise_pmids(pmids))
    batches = fetch.fetch_pmids(pmids, settings=settings)
    return ingest_batches(store, "pmids", {"pmids": pmids}, batches, settings=settings, progress=progress)


def parse_pmids(text: str) -> list[str]:
    """PMIDs from a comma / whitespace separated list (``normalise_pmids``); InputError names the first bad one."""
    return list(normalise_pmids(text.replace(",", " ").split()))
