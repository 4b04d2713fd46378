"""Ingestion runs: start, failed items, finish, the query watermark; the list of runs."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from schemas.db import IngestionFailure, IngestionRun, utcnow
from schemas.document import FailedItem


class Runs:
    """Store methods for ingestion runs."""

    # ---- runs -------------------------------------------------------------------------------------
    def start_run(self, kind: str, request: dict) -> int:
        with self.sessions.begin() as s:
            run = IngestionRun(kind=kind, request=request, status="running", counts={})
            s.add(run)
            s.flush()
            return run.id

    def record_failures(self, run_id: int, failures: Iterable[FailedItem]) -> int:
        n = 0
        with self.sessions.begin() as s:
            for f in failures:
                s.add(IngestionFailure(run_id=run_id, source=f.source, position=f.position, reason=f.reason,
                                       excerpt=(f.excerpt or None) and f.excerpt[:2000]))
                n += 1
        return n

    def finish_run(self, run_id: int, counts: dict, *, error: str | None = None) -> str:
        status = "failed" if error else ("partial" if counts.get("failed") or counts.get("conflicts") else "succeeded")
        with self.sessions.begin() as s:
            run = s.get(IngestionRun, run_id)
            run.counts, run.status, run.error, run.finished_at = dict(counts), status, error, utcnow()
        return status

    def query_watermark(self, query: str) -> str | None:
        """The date (YYYY/MM/DD) up to which the last successful ``new_only`` run of ``query`` fetched."""
        with self.sessions() as s:
            runs = s.scalars(select(IngestionRun).where(IngestionRun.kind == "query",
                                                        IngestionRun.status.in_(("succeeded", "partial")))
                             .order_by(IngestionRun.id.desc())).all()
            for run in runs:
                req = run.request or {}
                if req.get("query") == query and req.get("new_only") and req.get("maxdate"):
                    return req["maxdate"]
        return None

    def runs(self, limit: int = 20, run_id: int | None = None) -> list[IngestionRun]:
        """Recent ingestion runs, newest first, with their failures loaded."""
        with self.sessions() as s:
            q = select(IngestionRun).order_by(IngestionRun.id.desc()).limit(limit)
            if run_id is not None:
                q = select(IngestionRun).where(IngestionRun.id == run_id)
            rows = s.scalars(q).all()
            for r in rows:
                r.failures  # load while the session is open
            return rows
