"""Prefect tasks: each a thin wrapper over one pipeline function, working on a batch of documents.

Tasks take a database URL (not a Store) so they can run in threads or in Dask worker processes, and the flow run's
settings (read once when the flow starts), which they pass down. A bad document is recorded in the store by the
pipeline function and never fails the task.

No task has Prefect retries. The fetch tasks' requests are already retried by the pipeline's one retry
policy (``pipeline.fetch.retry_policy``: 429, 5xx, timeouts, cut bodies, with back-off, each request
within its deadline); a task retry on top would re-run the whole batch and multiply those waits (an
unreachable network cost 4 times the policy's tries and ~155 s more). When the policy gives up, the task
fails at once with the one-line error, and nothing is lost: records fetched before are stored, and a
scheduled query's watermark only moves on success, so its next run fetches what this one missed.
"""
from __future__ import annotations

from prefect import task
from prefect.logging import get_run_logger

from pipeline.errors import TransientFetchError
from pipeline.settings import Settings


def _store(db_url: str, settings: Settings):
    from pipeline.store import Store

    return Store(db_url, settings=settings)


def _counts(result, label: str) -> dict:
    """Log a run's counts; raise a transient error (the task fails) when the whole run failed that way."""
    logger = get_run_logger()
    logger.info("%s: run %s %s %s", label, result.run_id, result.status, result.counts)
    for f in result.failures[:20]:
        logger.warning("failed: %s", f)
    if result.error and result.transient:
        raise TransientFetchError(result.error)
    if result.error:
        logger.error("%s failed: %s", label, result.error)
    return {"run_id": result.run_id, "status": result.status, **result.counts}


@task
def ingest_query_task(db_url: str, query: str, settings: Settings, mindate: str | None = None,
                      maxdate: str | None = None, max_records: int | None = None, new_only: bool = False) -> dict:
    """Search PubMed and store what it finds (only what is new since the last run with ``new_only``)."""
    from pipeline.ingest import ingest_query

    with _store(db_url, settings) as store:
        result = ingest_query(store, query, mindate=mindate, maxdate=maxdate, max_records=max_records,
                              new_only=new_only, settings=settings)
    return _counts(result, f"query {query!r}")


@task
def ingest_pmids_task(db_url: str, pmids: list[str], settings: Settings) -> dict:
    """Fetch one batch of PMIDs and store them."""
    from pipeline.ingest import ingest_pmids

    with _store(db_url, settings) as store:
        result = ingest_pmids(store, pmids, settings=settings)
    return _counts(result, f"{len(pmids)} PMIDs")


@task
def ingest_xml_task(db_url: str, paths: list[str], settings: Settings) -> dict:
    """Parse and store MEDLINE XML files."""
    from pipeline.ingest import ingest_xml

    with _store(db_url, settings) as store:
        result = ingest_xml(store, paths, settings=settings)
    return _counts(result, f"{len(paths)} XML file(s)")


@task
def ingest_text_task(db_url: str, paths: list[str], settings: Settings) -> dict:
    """Parse and store plain-text documents."""
    from pipeline.ingest import ingest_text

    with _store(db_url, settings) as store:
        result = ingest_text(store, paths, settings=settings)
    return _counts(result, f"{len(paths)} text file(s)")


@task
def ingest_pdf_task(db_url: str, sources: list[str], settings: Settings) -> dict:
    """Fetch (files, folders, URLs), parse and store a batch of PDFs; a bad PDF is recorded, not raised."""
    from pipeline.ingest import ingest_pdf

    with _store(db_url, settings) as store:
        result = ingest_pdf(store, sources, settings=settings)
    return _counts(result, f"{len(sources)} PDF source(s)")


@task
def pending_documents_task(db_url: str, settings: Settings) -> list[int]:
    """Ids of the documents the current extractor versions have not read yet."""
    from pipeline.extract import extractor_versions

    with _store(db_url, settings) as store:
        return store.pending_document_ids(extractor_versions())


@task
def extract_task(db_url: str, document_ids: list[int], settings: Settings) -> dict:
    """Extract findings for one batch of documents and store them."""
    from pipeline.extract import extract_documents

    with _store(db_url, settings) as store:  # the flow links once, after all batches
        result = extract_documents(store, doc_ids=document_ids, link=False, settings=settings)
    get_run_logger().info("extracted %d documents: %d findings, %d queued for review", result.documents,
                          result.findings, result.queued)
    for f in result.failures:  # recorded with the store's 'extract' run; the documents stay pending
        get_run_logger().warning("extraction failed: %s", f)
    return {"documents": result.documents, "findings": result.findings, "queued_for_review": result.queued}


@task
def link_studies_task(db_url: str, settings: Settings) -> dict:
    """Link the studies again (papers and the review rows citing them) and re-check their values."""
    from pipeline.link import link_studies

    with _store(db_url, settings) as store:
        counts = link_studies(store, settings=settings)
    get_run_logger().info("studies: %s", counts)
    return counts


@task
def export_review_task(db_url: str, out_path: str, fmt: str, settings: Settings) -> dict:
    """Write the review queue (values needing a curator's decision) to one file."""
    from pipeline.review import export_queue

    with _store(db_url, settings) as store:
        result = export_queue(store, out_path, fmt)
    get_run_logger().info("review queue: %d items written to %s", result.items, result.path)
    return {"path": str(result.path), "items": result.items, "format": result.format}
