"""The evidence store: open it, migrate it, and upsert documents idempotently.

Documents are found again by PMID, else DOI, else content hash. A changed record is updated in place
(its version goes up) and every distinct raw payload is kept as history. Each batch is one transaction:
an error rolls the whole batch back, so nothing is half-written. A DOI that two PMIDs claim is a recorded
conflict, not an error (``Store.upsert_batch``).

One module per job: ``engine`` (engine, URL errors, migrations and their locks), ``runs``, ``documents``
(identity and merge), ``findings`` (extraction and re-extraction, studies, what validation reads), ``review`` (the
review state machine: decisions, re-queued values, each value's status from its reasons). The store does not
validate: extraction, linking and the review import run ``pipeline.validate`` and hand it values with their
reasons. ``Store`` is their methods on one handle.
"""
from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from pipeline.settings import Settings
from pipeline.store.documents import Documents
from pipeline.store.engine import (_AT_HEAD, DB_URL_FORMS, MIGRATIONS, JSONText, display_url, make_engine,
                                   needs_upgrade, store_error, upgrade)
from pipeline.store.findings import Findings, StoredValues, finding_values
from pipeline.store.review import Review, decided, in_force, status_after_extraction
from pipeline.store.runs import Runs

__all__ = ["DB_URL_FORMS", "MIGRATIONS", "JSONText", "Store", "StoredValues", "decided", "display_url",
           "finding_values", "in_force", "make_engine", "needs_upgrade", "status_after_extraction", "store_error",
           "upgrade"]


class Store(Runs, Documents, Findings, Review):
    """A handle on one evidence store (SQLite file or PostgreSQL database)."""

    def __init__(self, url: str, *, migrate: bool = True, settings: Settings | None = None):
        self.url = url
        self.engine = make_engine(url, settings)
        try:
            if migrate and url not in _AT_HEAD and needs_upgrade(self.engine):
                upgrade(self.engine)
            if migrate:
                _AT_HEAD.add(url)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise store_error(url, exc, opening=True) from exc
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
