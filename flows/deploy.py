"""Deployments with cron schedules, served by ``evidence flows serve`` (Prefect's ``serve``).

The schedules and the saved query are settings (EVIDENCE_QUERY_CRON, EVIDENCE_EXPORT_CRON,
EVIDENCE_SCHEDULED_QUERY); README "Running on a schedule" describes them. The store is not a parameter: the
serving process reads it from EVIDENCE_DB_URL, so a database password never reaches Prefect's records or UI.
"""
from __future__ import annotations

from pipeline.settings import Settings


def deployments(settings: Settings | None = None) -> list:
    """The deployments to serve: the saved query (when one is set) and the review-queue export."""
    from flows.flows import export_review_queue, ingest_query

    settings = settings or Settings.from_env()
    out = []
    if settings.scheduled_query:
        out.append(ingest_query.to_deployment(
            name="scheduled-query", cron=settings.query_cron, tags=["evidence", "batch"],
            parameters={"query": settings.scheduled_query, "new_only": True},
            description="Fetch what PubMed added for the saved query since its last run; store and extract it."))
    out.append(export_review_queue.to_deployment(
        name="review-export", cron=settings.export_cron, tags=["evidence", "review"],
        parameters={"out_dir": settings.export_dir},
        description="Write the review queue to a dated CSV file for the curators."))
    return out


def serve(settings: Settings | None = None) -> None:
    from prefect import serve as prefect_serve

    prefect_serve(*deployments(settings))
