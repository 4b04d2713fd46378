"""The evidence store: open it, migrate it, and upsert documents idempotently.

Documents are found again by PMID, else DOI, else content hash. A changed record is updated in place
(its version goes up) and every distinct raw payload is kept as history. Each batch is one transaction:
an error rolls the whole batch back, so nothing is half-written.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import StoreError
from schemas.db import DocumentRow, IngestionFailure, IngestionRun, RawPayload, utcnow
from schemas.document import Deletion, Document, FailedItem

MIGRATIONS = Path(__file__).with_name("migrations")


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        parent = Path(url[len("sqlite:///"):]).expanduser().parent
        if not parent.exists():
            raise StoreError(f"database {url}: folder {parent} does not exist; create it or pass another --db")
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``."""
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def needs_upgrade(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() != head


class Store:
    """A handle on one evidence store (SQLite file or PostgreSQL database)."""

    def __init__(self, url: str, *, migrate: bool = True):
        self.url = url
        self.engine = make_engine(url)
        try:
            if migrate and needs_upgrade(self.engine):
                upgrade(self.engine)
        except OperationalError as exc:
            raise StoreError(f"database {self.engine.url.render_as_string()}: cannot open it "
                             f"({str(exc.orig).strip().splitlines()[0]}); check --db / EVIDENCE_DB_URL") from exc
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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
        status = "failed" if error else ("partial" if counts.get("failed") else "succeeded")
        with self.sessions.begin() as s:
            run = s.get(IngestionRun, run_id)
            run.counts, run.status, run.error, run.finished_at = dict(counts), status, error, utcnow()
        return status

    # ---- documents --------------------------------------------------------------------------------
    def upsert_batch(self, items: list[tuple[Document, str, str | None]], *, run_id: int | None = None,
                     source_ref: str | None = None) -> Counter:
        """Store ``(document, raw payload, source_ref)`` triples in one transaction.

        Returns counts of ``new``, ``updated``, ``unchanged`` and ``linked`` (a lower-ranked source,
        e.g. a text copy of a PubMed record: its payload is kept, the record's data are not overwritten).
        On a unique-key race with another writer the batch is retried once.
        """
        for attempt in (1, 2):
            try:
                with self.sessions.begin() as s:
                    return self._upsert(s, items, run_id, source_ref)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _upsert(self, s: Session, items, run_id, default_ref) -> Counter:
        counts: Counter = Counter()
        now = utcnow()
        for doc, payload, ref in items:
            doc = _normalise_ids(doc)
            chash = doc.content_hash()
            row = _find(s, doc, chash)
            if row is None:
                row = DocumentRow(pmid=doc.pmid, doi=doc.doi, pmcid=doc.pmcid, title=doc.title, journal=doc.journal,
                                  year=doc.year, source=doc.source, content_hash=chash,
                                  data=doc.model_dump(mode="json"), version=1, created_at=now, updated_at=now)
                s.add(row)
                s.flush()
                status = "new"
            else:
                status = _merge(row, doc, chash, now)
            counts[status] += 1
            phash = sha256(payload)
            seen = s.scalar(select(RawPayload.id).where(RawPayload.document_id == row.id,
                                                        RawPayload.content_hash == phash))
            if seen is None:
                s.add(RawPayload(document_id=row.id, source=doc.source, source_ref=ref or default_ref,
                                 content_hash=phash, content=payload, fetched_at=now, run_id=run_id))
            s.flush()
        return counts

    def apply_deletions(self, deletions: Iterable[Deletion]) -> int:
        """Mark documents withdrawn by PubMed DeleteCitation entries; returns how many changed."""
        pmids = [p for d in deletions for p in d.pmids]
        if not pmids:
            return 0
        with self.sessions.begin() as s:
            rows = s.scalars(select(DocumentRow).where(DocumentRow.pmid.in_(pmids),
                                                       DocumentRow.deleted.is_(False))).all()
            for row in rows:
                row.deleted, row.updated_at = True, utcnow()
            return len(rows)

    # ---- reading ----------------------------------------------------------------------------------
    def get(self, ident: str) -> DocumentRow | None:
        """Find a document by PMID, DOI, PMCID, store id (``#12``) or registry id."""
        ident = ident.strip()
        with self.sessions() as s:
            if ident.startswith("#") and ident[1:].isdigit():
                return s.get(DocumentRow, int(ident[1:]))
            key = ident.lower().removeprefix("pmid:").removeprefix("doi:").removeprefix("https://doi.org/")
            row = s.scalar(select(DocumentRow).where(or_(DocumentRow.pmid == key, DocumentRow.doi == key,
                                                         func.lower(DocumentRow.pmcid) == key)))
            if row is None and ident.isdigit():
                row = s.get(DocumentRow, int(ident))
            if row is not None:
                row.payloads  # load history while the session is open
            return row

    def stats(self) -> dict:
        with self.sessions() as s:
            by_source = dict(s.execute(select(DocumentRow.source, func.count()).group_by(DocumentRow.source)).all())
            last = s.scalar(select(IngestionRun).order_by(IngestionRun.id.desc()).limit(1))
            return {
                "documents": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                "documents_by_source": by_source,
                "with_pmid": s.scalar(select(func.count()).where(DocumentRow.pmid.is_not(None))) or 0,
                "deleted": s.scalar(select(func.count()).where(DocumentRow.deleted.is_(True))) or 0,
                "raw_payloads": s.scalar(select(func.count()).select_from(RawPayload)) or 0,
                "ingestion_runs": s.scalar(select(func.count()).select_from(IngestionRun)) or 0,
                "ingestion_failures": s.scalar(select(func.count()).select_from(IngestionFailure)) or 0,
                "last_run": None if last is None else {"id": last.id, "kind": last.kind, "status": last.status,
                                                       "counts": last.counts},
            }


def _normalise_ids(doc: Document) -> Document:
    changes = {}
    if doc.doi and doc.doi != doc.doi.strip().lower():
        changes["doi"] = doc.doi.strip().lower()
    if doc.pmcid and not doc.pmcid.upper().startswith("PMC"):
        changes["pmcid"] = "PMC" + doc.pmcid
    return doc.model_copy(update=changes) if changes else doc


def _find(s: Session, doc: Document, chash: str) -> DocumentRow | None:
    if doc.pmid:
        row = s.scalar(select(DocumentRow).where(DocumentRow.pmid == doc.pmid))
        if row is not None:
            return row
    if doc.doi:
        row = s.scalar(select(DocumentRow).where(DocumentRow.doi == doc.doi))
        if row is not None and (row.pmid is None or doc.pmid is None or row.pmid == doc.pmid):
            return row
    if not doc.pmid and not doc.doi:
        return s.scalar(select(DocumentRow).where(DocumentRow.content_hash == chash).limit(1))
    return None


def _merge(row: DocumentRow, doc: Document, chash: str, now: datetime) -> str:
    """Fold ``doc`` into the stored ``row``; returns new / updated / unchanged / linked."""
    current_rank = Document.model_validate(row.data).rank if row.data else 0
    if doc.rank < current_rank:
        # a weaker source for a paper we know better: fill ids we lack, keep the data
        filled = False
        for attr in ("pmid", "doi", "pmcid"):
            if getattr(row, attr) is None and getattr(doc, attr):
                setattr(row, attr, getattr(doc, attr))
                filled = True
        if filled:
            row.updated_at = now
        return "linked"
    if row.content_hash == chash and row.source == doc.source:
        return "unchanged"
    keep = {a: getattr(row, a) for a in ("pmid", "doi", "pmcid")}
    row.pmid, row.doi, row.pmcid = doc.pmid or keep["pmid"], doc.doi or keep["doi"], doc.pmcid or keep["pmcid"]
    row.title, row.journal, row.year, row.source = doc.title, doc.journal, doc.year, doc.source
    row.content_hash, row.data = chash, doc.model_dump(mode="json")
    row.version, row.updated_at, row.deleted = (row.version or 1) + 1, now, False
    return "updated"
