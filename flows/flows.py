"""Prefect flows: scheduled query runs, one-off ingestion of given papers, pending extraction, and the
parent flow that chains fetch, parse, store and extract. Each flow reads as its list of steps; the work
is in ``pipeline`` (see flows/tasks.py). A flow run reads the settings once, when it starts, and passes them to
its tasks. The task runner is a setting: threads, or Dask for many workers (read when a flow is decorated at
import, and again by ``run``).
"""
from __future__ import annotations

from prefect import flow
from prefect.logging import get_run_logger

from flows import tasks
from pipeline.ingest import COUNT_KEYS
from pipeline.settings import Settings


PDF_BATCH = 10  # PDFs per task: each takes seconds to parse, so fewer per task than abstracts


def task_runner(settings: Settings | None = None):
    """The task runner named by ``settings.task_runner``: ``threads`` (default) or ``dask``."""
    settings = settings or Settings.from_env()
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.task_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    if settings.task_runner != "threads":
        raise ValueError(f"task_runner {settings.task_runner!r}: use 'threads' or 'dask' (EVIDENCE_TASK_RUNNER)")
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=settings.task_workers)


def batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _start(db_url: str | None) -> tuple[str, Settings]:
    """A flow run's store and settings: the settings read once from the environment, the store given or theirs."""
    settings = Settings.from_env()
    return db_url or settings.db_url, settings


def _extract(db_url: str, settings: Settings, batch_size: int | None = None) -> dict:
    """Extract every pending document, one task per batch, on the flow's task runner."""
    ids = tasks.pending_documents_task(db_url, settings)
    futures = [tasks.extract_task.submit(db_url, chunk, settings)
               for chunk in batches(ids, batch_size or settings.flow_batch_size)]
    results = [f.result() for f in futures]
    totals = {key: sum(r[key] for r in results) for key in ("documents", "findings", "queued_for_review")}
    if totals["documents"]:  # a study may have gained a source: link again, once, after every batch is stored
        totals["studies"] = tasks.link_studies_task(db_url, settings)
    return totals


def _total(counts: list[dict]) -> dict:
    return {k: sum(c.get(k, 0) for c in counts) for k in COUNT_KEYS}


def _ingest(db_url: str, settings: Settings, *, query: str | None = None, new_only: bool = True,
            pmids=None, dois=None, pdfs=None, xml_files=None, text_files=None) -> list[dict]:
    """Ingest every source given, one task per batch (per file for XML) on the flow's task runner."""
    futures = []
    if query:
        futures.append(tasks.ingest_query_task.submit(db_url, query, settings, new_only=new_only))
    if dois:
        futures.append(tasks.ingest_query_task.submit(db_url, " OR ".join(f'"{d}"[doi]' for d in dois), settings))
    futures += [tasks.ingest_pmids_task.submit(db_url, c, settings)
                for c in batches(list(pmids or []), settings.flow_batch_size)]
    futures += [tasks.ingest_pdf_task.submit(db_url, c, settings) for c in batches(list(pdfs or []), PDF_BATCH)]
    futures += [tasks.ingest_xml_task.submit(db_url, [p], settings) for p in xml_files or []]
    if text_files:
        futures.append(tasks.ingest_text_task.submit(db_url, list(text_files), settings))
    return [f.result() for f in futures]


@flow(name="extract-pending", log_prints=True, task_runner=task_runner())
def extract_pending(db_url: str | None = None, batch_size: int | None = None) -> dict:
    """Extract findings from every document the current extractor version has not read."""
    db_url, settings = _start(db_url)
    return _extract(db_url, settings, batch_size)


@flow(name="ingest-query", log_prints=True, task_runner=task_runner())
def ingest_query(query: str, db_url: str | None = None, new_only: bool = True, max_records: int | None = None,
                 extract: bool = True) -> dict:
    """Fetch what is new for a saved PubMed query (since its last successful run), store it, extract it."""
    db_url, settings = _start(db_url)
    fetched = tasks.ingest_query_task(db_url, query, settings, max_records=max_records, new_only=new_only)
    extracted = _extract(db_url, settings) if extract else {}
    return _record(db_url, settings, "flow:query", {"query": query, "new_only": new_only}, [fetched], extracted)


@flow(name="ingest-papers", log_prints=True, task_runner=task_runner())
def ingest_papers(pmids: list[str] | None = None, dois: list[str] | None = None, pdfs: list[str] | None = None,
                  xml_files: list[str] | None = None, text_files: list[str] | None = None,
                  db_url: str | None = None, extract: bool = True) -> dict:
    """Ingest the given papers now: PMIDs and DOIs from PubMed, PDF paths or URLs, MEDLINE XML and text
    files; then extract. PDFs go in batches of ``pdf_batch_size``."""
    db_url, settings = _start(db_url)
    counts = _ingest(db_url, settings, pmids=pmids, dois=dois, pdfs=pdfs, xml_files=xml_files, text_files=text_files)
    extracted = _extract(db_url, settings) if extract else {}
    request = {"pmids": len(pmids or []), "dois": list(dois or []), "pdfs": list(pdfs or []),
               "xml_files": list(xml_files or []), "text_files": list(text_files or [])}
    return _record(db_url, settings, "flow:papers", request, counts, extracted)


@flow(name="evidence-pipeline", log_prints=True, task_runner=task_runner())
def evidence_pipeline(query: str | None = None, pmids: list[str] | None = None, xml_files: list[str] | None = None,
                      text_files: list[str] | None = None, db_url: str | None = None, new_only: bool = True) -> dict:
    """The parent flow: fetch, parse and store every source given, then extract and store the findings."""
    db_url, settings = _start(db_url)
    counts = _ingest(db_url, settings, query=query, new_only=new_only, pmids=pmids, xml_files=xml_files,
                     text_files=text_files)
    extracted = _extract(db_url, settings)
    request = {"query": query, "pmids": len(pmids or []), "xml_files": list(xml_files or []),
               "text_files": list(text_files or [])}
    return _record(db_url, settings, "flow:pipeline", request, counts, extracted)


@flow(name="export-review-queue", log_prints=True, task_runner=task_runner())
def export_review_queue(db_url: str | None = None, out_dir: str | None = None, fmt: str = "csv") -> dict:
    """Write the review queue to a new time-stamped file in ``out_dir`` for the curators."""
    from datetime import datetime, timezone
    from pathlib import Path

    db_url, settings = _start(db_url)
    folder = Path(out_dir or settings.export_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return tasks.export_review_task(db_url, str(folder / f"review-queue-{stamp}.{fmt}"), fmt, settings)


def _record(db_url: str, settings: Settings, kind: str, request: dict, counts: list[dict], extracted: dict) -> dict:
    """Log the flow's totals and keep them as an ingestion run of their own."""
    from pipeline.store import Store

    total = {**_total(counts), "extracted": extracted.get("documents", 0), "findings": extracted.get("findings", 0),
             "queued_for_review": extracted.get("queued_for_review", 0)}
    get_run_logger().info("%s: %s", kind, total)
    with Store(db_url, settings=settings) as store:
        run_id = store.start_run(kind, request)
        total["status"] = store.finish_run(run_id, total)
        total["run_id"] = run_id
    return total


def run(flow_fn, *, settings: Settings | None = None, **params):
    """Run a flow on the task runner ``settings`` name (the caller's, else read now: the decorators read them at
    import)."""
    return flow_fn.with_options(task_runner=task_runner(settings))(**params)
