"""The evidence store: open it, migrate it, and upsert documents idempotently.

Documents are found again by PMID, else DOI, else content hash. A changed record is updated in place
(its version goes up) and every distinct raw payload is kept as history. Each batch is one transaction:
an error rolls the whole batch back, so nothing is half-written. A DOI that two PMIDs claim is a recorded
conflict, not an error (``Store.upsert_batch``).
"""
from __future__ import annotations

import fcntl
import re
import threading
import time
from contextlib import contextmanager

import pydantic_core
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Iterable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import URL, create_engine, event, func, make_url, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError  # a --db URL that cannot be used

from pipeline.errors import DatabaseURLError, StoreError
from pipeline.settings import Settings
from pipeline.validate import Fact, fmt, source_reasons, validate_document
from schemas.db import (DocumentRow, ExtractionRow, FindingRow, IngestionFailure, IngestionRun, RawPayload,
                        ReviewAuditRow, ReviewImportRow, StudyCheckRow, StudyLinkRow, StudyRow, utcnow)
from schemas.document import SOURCE_RANK, Deletion, FailedItem, ParsedRecord, document_hash
from schemas.review import (DECISION_STATUS, REOPEN_CODES, DecisionRow, curated, decided_value, item_id_for,
                            value_in_force)

MIGRATIONS = Path(__file__).with_name("migrations")
DOCS, PAYLOADS = DocumentRow.__table__, RawPayload.__table__


def _alembic_config() -> Config:
    """Alembic's configuration: the migrations folder only. The connection is handed over by ``upgrade``, so no
    URL goes through configparser (whose interpolation breaks on a percent-encoded password)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class JSONText(str):
    """JSON already serialised (a ParsedRecord's ``json``): written as it is, not serialised again."""


def _to_json(value) -> str:
    return value if type(value) is JSONText else pydantic_core.to_json(value).decode()


DB_URL_FORMS = "sqlite:///path.db or postgresql+psycopg://user:password@host/dbname"
_URL_PASSWORD = re.compile(r"(://[^:/@]*:).*@")  # user:password@ in a URL SQLAlchemy cannot parse


def display_url(url: str | URL) -> str:
    """``url`` as it may be printed or logged: its password hidden, even when the URL cannot be parsed."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _URL_PASSWORD.sub(r"\1***@", url)
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)


def store_error(url: str, exc: BaseException, *, opening: bool = False) -> StoreError:
    """One line for a database error: the URL (password hidden), what is wrong and what to do next.

    A URL that cannot be used at all (malformed, an unknown kind of database, a driver not installed) gives a
    ``DatabaseURLError``; anything else (unreachable, timed out, read-only, a refused statement) a ``StoreError``.
    """
    where = f"database {display_url(url)}"
    if isinstance(exc, (NoSuchModuleError, ImportError)):
        return DatabaseURLError(f"{where}: no driver for this kind of database ({_first_line(exc, url)}); "
                                f"give {DB_URL_FORMS} (--db / EVIDENCE_DB_URL)")
    if isinstance(exc, ArgumentError):
        return DatabaseURLError(f"{where}: not a database URL ({_first_line(exc, url)}); "
                                f"give {DB_URL_FORMS} (--db / EVIDENCE_DB_URL)")
    reason = _first_line(getattr(exc, "orig", None) or exc, url)
    if opening:
        return StoreError(f"{where}: cannot open it ({reason}); check --db / EVIDENCE_DB_URL"
                          + (" or raise EVIDENCE_DB_CONNECT_TIMEOUT_S" if "timeout" in reason else ""))
    if isinstance(exc, OperationalError):
        return StoreError(f"{where}: {reason}; check that it is reachable and writable (--db / EVIDENCE_DB_URL), "
                          "then run the command again")
    return StoreError(f"{where}: the store refused a statement ({reason}); its transaction was rolled back: "
                      "run the command again, and report this message if it repeats")


def _first_line(exc: BaseException, url: str) -> str:
    """The first line of an error message (a driver's message goes on with SQL and hints), password hidden."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    try:
        password = make_url(url).password
    except ArgumentError:
        password = None
    return line.replace(password, "***") if password else line


def _sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (also a ``file:`` URI with ``?uri=true``); None in memory or for PostgreSQL."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = url.database.removeprefix("file:") if url.query.get("uri") == "true" else url.database
    return Path(database).expanduser()


def make_engine(url: str, settings: Settings | None = None) -> Engine:
    """An engine on ``url``; a URL that cannot be used raises ``DatabaseURLError``, a missing folder ``StoreError``."""
    settings = settings or Settings.from_env()
    try:
        engine = create_engine(url, json_serializer=_to_json)
    except (ArgumentError, ImportError) as exc:
        raise store_error(url, exc) from exc
    path = _sqlite_path(engine.url)
    if path is not None and not path.parent.exists():
        raise StoreError(f"database {display_url(url)}: folder {path.parent} does not exist; create it or pass "
                         "another --db")
    if engine.dialect.driver in ("psycopg", "psycopg2"):
        @event.listens_for(engine, "do_connect")
        def _connect_timeout(_dialect, _record, _cargs, cparams):
            # a server that accepts and never answers fails after this many seconds (a URL's own value wins)
            cparams.setdefault("connect_timeout", settings.db_connect_timeout_s)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA page_size=16384")  # a new file only: rows of 5-10 kB fit without overflow pages
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    return engine


_AT_HEAD: set[str] = set()  # database URLs this process has seen at the head revision (skips the check)
_MIGRATE_LOCK = threading.Lock()  # Alembic's context is global: one migration at a time per process
_PG_MIGRATE_LOCK_KEY = 7_250_318  # advisory lock that serialises migrations across processes


@contextmanager
def _file_lock(engine: Engine):
    """Across processes on one SQLite file: an exclusive lock file beside it."""
    path = _sqlite_path(engine.url)
    if path is None:
        yield
        return
    with open(f"{path}.migrate-lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``; safe when several workers open a new store at once."""
    cfg = _alembic_config()
    with _MIGRATE_LOCK, _file_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATE_LOCK_KEY})
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, revision)
        except CommandError as exc:  # an unknown --revision, or a store made by a newer version
            raise StoreError(f"database {display_url(engine.url)}: cannot "
                             f"migrate it to {revision} ({exc}); give a known --revision, or if a newer "
                             "evidence-pipeline made this store, use that version or another --db") from exc


def needs_upgrade(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() != head


class Store:
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

    # ---- documents --------------------------------------------------------------------------------
    def upsert_batch(self, records: list[ParsedRecord], *, run_id: int | None = None,
                     conflicts: list[FailedItem] | None = None) -> Counter:
        """Store parsed records (a document and its raw payload each) in one transaction.

        Returns counts of ``new``, ``updated``, ``unchanged``, ``linked`` (a lower-ranked source, e.g. a
        text copy of a PubMed record: its payload is kept, the record's data are not overwritten) and
        ``conflicts``. When another writer stores the same paper at the same moment (a unique-key race),
        the batch is rolled back and tried again: the second time it finds that paper and updates it.

        A DOI names one paper, so one document row holds it. When a record's DOI is already held by a
        document with another PMID (stored before, or earlier in the batch), the two PMIDs are two documents
        and one of the records has a wrong DOI: the record is still stored, under its own PMID, without
        claiming the DOI (its data keep it, so it shows and nothing is lost), and a ``FailedItem`` naming
        the record, both PMIDs and the DOI is appended to ``conflicts`` and counted under ``conflicts``.
        The run records it, and a curator decides which record is right. Re-running finds the same
        conflict again and stores nothing twice.

        A batch the database still refuses (a value too long for its column, a bug) raises StoreError
        naming the batch; nothing of it is written.
        """
        for attempt in range(1, 5):
            found: list[FailedItem] = []
            try:
                with self.sessions.begin() as s:
                    counts = self._upsert(s, records, run_id, found)
                if conflicts is not None:
                    conflicts.extend(found)
                return counts
            except IntegrityError as exc:
                if attempt == 4:
                    raise StoreError(_refused(records, exc)) from exc
                time.sleep(0.05 * attempt)
            except DataError as exc:
                raise StoreError(_refused(records, exc)) from exc
        raise AssertionError("unreachable")

    def _upsert(self, s: Session, records: list[ParsedRecord], run_id, conflicts: list[FailedItem]) -> Counter:
        """Bulk path: look the batch's keys up in a few queries, insert new rows in one statement each."""
        now = utcnow()
        prepared = [_Prepared(r) for r in records]
        known = _Known.load(s, prepared)
        counts: Counter = Counter()
        inserts: list[_Prepared] = []

        def doi_conflict(p: _Prepared, target) -> None:
            """Record it when the DOI of ``p`` (stored as ``target``) is held by another document."""
            owner = known.claim_doi(p.rec.doi, target)
            if owner is not None:
                counts["conflicts"] += 1
                conflicts.append(_doi_conflict(p.rec, owner))

        for p in prepared:
            row = known.find(p)
            if row is None:
                counts["new"] += 1
                inserts.append(p)
                known.add_pending(p)
                doi_conflict(p, p)
                continue
            if isinstance(row, _Prepared):  # the same paper twice in one batch: the later copy wins
                counts[_fold_pending(row, p)] += 1
                p.target = row
                doi_conflict(p, row)
                continue
            doi_conflict(p, row)
            status = _merge(s, row, p.doc, now, lambda doi, row=row: known.may_hold(row, doi))
            counts[status] += 1
            p.document_id = row.id
            if row.pmid:  # a PMID the row has just gained (from a record found by its DOI) is its key now
                known.by_pmid.setdefault(row.pmid, row)
        if inserts:
            # multi-row INSERT ... RETURNING; rows come back in any order, matched by their unique key
            by_key = {_key(p.pmid, p.doi if known.holds_doi(p) else None, p.hash): p for p in inserts}
            returned = s.connection().execute(DOCS.insert().returning(DOCS.c.id, DOCS.c.pmid, DOCS.c.doi,
                                                                       DOCS.c.content_hash),
                                              [_document_row(p.doc, now, known.holds_doi(p)) for p in inserts])
            for new_id, pmid, doi, chash in returned:
                by_key[_key(pmid, doi, chash)].document_id = new_id
        for p in prepared:
            if p.target is not None:
                p.document_id = p.target.document_id
        fresh = {p.document_id for p in inserts}
        seen = known.payload_hashes(s, [p.document_id for p in prepared if p.document_id not in fresh])
        payloads, queued = [], set()
        for p in prepared:
            rec = p.rec
            key = (p.document_id, rec.payload_hash)
            if key in seen or key in queued:
                continue
            queued.add(key)
            payloads.append({"document_id": p.document_id, "source": rec.source, "source_ref": rec.position_ref,
                             "content_hash": rec.payload_hash, "content": rec.payload, "fetched_at": now,
                             "run_id": run_id})
        if payloads:
            s.connection().execute(PAYLOADS.insert(), payloads)
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

    # ---- extraction -------------------------------------------------------------------------------
    def pending_document_ids(self, extractors: list[tuple[str, str]], *, doc_ids: list[int] | None = None,
                             everything: bool = False) -> list[int]:
        """Ids of the documents that one of the ``(extractor, version)`` pairs has not read at that version,
        or that changed since; all of them (or all of ``doc_ids``) with ``everything``."""
        with self.sessions() as s:
            q = select(DocumentRow.id).where(DocumentRow.deleted.is_(False)).order_by(DocumentRow.id)
            if doc_ids is not None:
                q = q.where(DocumentRow.id.in_(doc_ids))
            if not everything:
                stale = [~(select(ExtractionRow.document_id)
                           .where(ExtractionRow.extractor == name, ExtractionRow.extractor_version == version,
                                  ExtractionRow.document_id == DocumentRow.id,
                                  ExtractionRow.content_hash == DocumentRow.content_hash)).exists()
                         for name, version in extractors]
                q = q.where(or_(*stale))
            return list(s.scalars(q).all())

    def documents_to_extract(self, extractors: list[tuple[str, str]], *, doc_ids: list[int] | None = None,
                             everything: bool = False, batch_size: int = 50):
        """Yield batches of ``(id, data, content_hash)`` of the ``pending_document_ids``."""
        ids = self.pending_document_ids(extractors, doc_ids=doc_ids, everything=everything)
        for i in range(0, len(ids), batch_size):
            with self.sessions() as s:
                rows = s.execute(select(DocumentRow.id, DocumentRow.data, DocumentRow.content_hash)
                                 .where(DocumentRow.id.in_(ids[i:i + batch_size])).order_by(DocumentRow.id)).all()
            yield [tuple(r) for r in rows]

    def save_extractions(self, extractor: str, version: str, outputs, *, settings: Settings | None = None) -> None:
        """Store ``(document_id, content_hash, summary, [(finding_key, Finding)])`` in one transaction and
        validate each document's values (``pipeline.validate``): no reason -> accepted, else needs_review.

        Findings are updated in place by key, new ones added, ones no longer found removed. A value a curator
        decided on is never overwritten nor removed: its curated value stays in force, and when the new
        extraction disagrees with the decision (or no longer finds the value) it returns to the review
        queue with both values, and the audit table says so.
        """
        st = settings or Settings.from_env()
        now = utcnow()
        who = f"extractor {extractor} {version}"
        with self.sessions.begin() as s:
            for doc_id, content_hash, summary, keyed in outputs:
                existing = {f.finding_key: f for f in s.scalars(select(FindingRow).where(
                    FindingRow.document_id == doc_id, FindingRow.extractor == extractor))}
                for key, f in keyed:
                    values = _finding_values(f)
                    row = existing.pop(key, None)
                    if row is None:
                        row = FindingRow(document_id=doc_id, finding_key=key, item_id=item_id_for(doc_id, key),
                                         status="needs_review", reasons=[], revision=1, created_at=now,
                                         updated_at=now, **values)
                        s.add(row)
                    else:
                        _update_extracted(s, row, values, now, who)
                for row in existing.values():
                    if row.decision is None:
                        s.delete(row)
                    else:
                        _not_extracted(s, row, now, who)
                s.flush()
                # the document's values together, whichever extractor found them
                _validate_rows(_document_findings(s, doc_id), st, now)
                ext = s.scalar(select(ExtractionRow).where(ExtractionRow.document_id == doc_id,
                                                           ExtractionRow.extractor == extractor))
                if ext is None:
                    ext = ExtractionRow(document_id=doc_id, extractor=extractor)
                    s.add(ext)
                ext.extractor_version, ext.content_hash, ext.summary = version, content_hash, summary
                ext.findings_count, ext.extracted_at = len(keyed), now

    def findings(self, document_id: int) -> list[FindingRow]:
        with self.sessions() as s:
            return _document_findings(s, document_id)

    def evidence(self) -> list[tuple[DocumentRow, ExtractionRow | None, list[FindingRow]]]:
        """Every extracted document with its latest extraction and all its values (any status)."""
        with self.sessions() as s:
            docs = s.scalars(select(DocumentRow).where(DocumentRow.deleted.is_(False), or_(
                select(ExtractionRow.id).where(ExtractionRow.document_id == DocumentRow.id).exists(),
                select(FindingRow.id).where(FindingRow.document_id == DocumentRow.id).exists()))
                .order_by(DocumentRow.id)).all()
            exts: dict[int, ExtractionRow] = {}
            for e in s.scalars(select(ExtractionRow).order_by(ExtractionRow.extracted_at)):
                exts[e.document_id] = e
            found: dict[int, list[FindingRow]] = {}
            for f in s.scalars(select(FindingRow).order_by(FindingRow.document_id, FindingRow.evidence_start,
                                                           FindingRow.id)):
                found.setdefault(f.document_id, []).append(f)
            return [(d, exts.get(d.id), found.get(d.id, [])) for d in docs]

    # ---- studies ----------------------------------------------------------------------------------
    def save_studies(self, linking, *, settings: Settings | None = None) -> None:
        """Keep a ``pipeline.link.Linking`` in one transaction: studies by key (kept while something links to
        them), every link and check replaced, and the values of the documents whose checks changed validated
        again (agreement raises confidence, disagreement and doubtful links are reasons). Re-running it with
        the same store changes nothing."""
        from pipeline.link import agreed_confidence

        st = settings or Settings.from_env()
        now = utcnow()
        with self.sessions.begin() as s:
            touched = set(_checked_documents(s))
            s.execute(StudyCheckRow.__table__.delete())
            s.execute(StudyLinkRow.__table__.delete())
            studies = {r.key: r for r in s.scalars(select(StudyRow))}
            keys = dict(linking.labels)
            for key in set(linking.paper_study.values()) | {lk.study for lk in linking.links}:
                row = studies.get(key)
                if row is None:
                    row = studies[key] = StudyRow(key=key, label=keys.get(key), created_at=now, updated_at=now)
                    s.add(row)
                elif row.label != keys.get(key):
                    row.label, row.updated_at = keys.get(key), now
            for key in set(studies) - set(linking.paper_study.values()) - {lk.study for lk in linking.links}:
                s.delete(studies.pop(key))
            s.flush()
            for doc_id, key in sorted(linking.paper_study.items()):
                s.add(StudyLinkRow(study_id=studies[key].id, document_id=doc_id, row_key="", role="paper",
                                   method="own", confidence=1.0, status="linked", paper_document_id=doc_id,
                                   created_at=now))
            for lk in linking.links:
                link_row = StudyLinkRow(study_id=studies[lk.study].id, document_id=lk.row.document_id,
                                        row_key=lk.row.key, role="review_row", method=lk.method,
                                        confidence=lk.confidence, status=lk.status, note=lk.note, created_at=now,
                                        paper_document_id=lk.paper.document_id if lk.paper else None)
                s.add(link_row)
                s.flush()
                for c in lk.checks:
                    theirs = c.paper
                    s.add(StudyCheckRow(
                        link_id=link_row.id, metric=c.metric, level=c.level, verdict=c.verdict,
                        review_finding_id=c.value.finding.id if c.value.finding is not None else None,
                        paper_finding_id=theirs.id if theirs is not None else None,
                        review_value=fmt(c.value.value, c.value.not_reached),
                        paper_value=in_force(theirs) if theirs is not None else None,
                        confidence=agreed_confidence(c.value.confidence, theirs.confidence)
                        if c.verdict == "agrees" else None, note=c.note))
                if lk.status == "doubtful":
                    for v in lk.row.values:
                        if v.finding is not None:
                            s.add(StudyCheckRow(link_id=link_row.id, metric=v.metric, verdict="doubtful_link",
                                                review_finding_id=v.finding.id,
                                                review_value=fmt(v.value, v.not_reached), note=lk.note))
            s.flush()
            for doc_id in sorted(touched | set(_checked_documents(s))):
                _validate_rows(_document_findings(s, doc_id), st, now)

    def study_links(self) -> list[tuple[StudyLinkRow, StudyRow]]:
        """Every stored link with its study, by study."""
        with self.sessions() as s:
            return [tuple(r) for r in s.execute(select(StudyLinkRow, StudyRow).join(
                StudyRow, StudyRow.id == StudyLinkRow.study_id).order_by(StudyRow.id, StudyLinkRow.id)).all()]

    # ---- review -----------------------------------------------------------------------------------
    def status_counts(self, document_ids: Iterable[int] | None = None) -> dict[str, int]:
        """How many values have each status (accepted, needs_review ...), for these documents or all."""
        with self.sessions() as s:
            q = select(FindingRow.status, func.count()).group_by(FindingRow.status)
            if document_ids is not None:
                q = q.where(FindingRow.document_id.in_(list(document_ids)))
            return dict(s.execute(q).all())

    def review_items(self, *, statuses: Iterable[str] | None = ("needs_review",), metrics: Iterable[str] | None = None,
                     since: datetime | None = None, limit: int | None = None) -> list[tuple[FindingRow, DocumentRow]]:
        """Values to review (``statuses`` None: every status), with their documents, in document order."""
        with self.sessions() as s:
            q = (select(FindingRow, DocumentRow).join(DocumentRow, DocumentRow.id == FindingRow.document_id)
                 .where(DocumentRow.deleted.is_(False)).order_by(FindingRow.document_id, FindingRow.evidence_start,
                                                                  FindingRow.id))
            if statuses is not None:
                q = q.where(FindingRow.status.in_(list(statuses)))
            if metrics:
                q = q.where(FindingRow.metric.in_(list(metrics)))
            if since is not None:
                q = q.where(FindingRow.updated_at >= since)
            if limit is not None:
                q = q.limit(limit)
            return [tuple(r) for r in s.execute(q).all()]

    def items(self, item_ids: Iterable[str]) -> dict[str, tuple[FindingRow, DocumentRow]]:
        """Stored values by review item id (ids not in the store are left out)."""
        ids, out = sorted(set(item_ids)), {}
        with self.sessions() as s:
            for i in range(0, len(ids), 500):
                for f, d in s.execute(select(FindingRow, DocumentRow)
                                      .join(DocumentRow, DocumentRow.id == FindingRow.document_id)
                                      .where(FindingRow.item_id.in_(ids[i:i + 500]))):
                    out[f.item_id] = (f, d)
        return out

    def apply_decisions(self, decisions: list[tuple[DecisionRow, int]], *, file: str, file_sha256: str,
                        schema_version: str, counts: dict, settings: Settings | None = None) -> int:
        """Apply checked decisions, each with the revision its check saw, in one transaction; audit each one;
        re-validate the documents they touch. Returns the import id. A value changed since its check
        (a concurrent re-extraction) rolls everything back."""
        st = settings or Settings.from_env()
        now = utcnow()
        with self.sessions.begin() as s:
            imp = ReviewImportRow(file=file, file_sha256=file_sha256, schema_version=schema_version,
                                  counts=dict(counts), imported_at=now)
            s.add(imp)
            s.flush()
            ids, rows = sorted({d.item_id for d, _ in decisions}), {}
            for i in range(0, len(ids), 500):
                rows.update((r.item_id, r) for r in s.scalars(select(FindingRow).where(
                    FindingRow.item_id.in_(ids[i:i + 500]))))
            docs = set()
            for d, seen_revision in decisions:
                row = rows.get(d.item_id)
                if row is None or row.revision != seen_revision:
                    raise StoreError(f"{d.row}: item {d.item_id} changed while importing; nothing was imported, "
                                     f"run the import again")
                old_status, old_value = row.status, in_force(row)
                row.decision = d.decision
                row.curated_value, row.curated_not_reached = decided_value(
                    d.decision, (row.value, bool(row.not_reached)), (d.value, d.not_reached)) or (None, False)
                row.reviewed_value, row.reviewed_not_reached = row.value, bool(row.not_reached)
                row.reasons = [r for r in row.reasons or [] if r.get("code") not in REOPEN_CODES]
                row.status = DECISION_STATUS[d.decision]
                row.revision += 1
                row.decided_at = row.updated_at = now
                s.add(ReviewAuditRow(item_id=row.item_id, finding_id=row.id, document_id=row.document_id,
                                     metric=row.metric, action=d.decision, old_status=old_status,
                                     new_status=row.status, old_value=old_value, new_value=in_force(row),
                                     extracted_value=fmt(row.value, row.not_reached), reviewer=d.reviewer,
                                     note=d.note, import_id=imp.id, created_at=now))
                docs.add(row.document_id)
            s.flush()
            for doc_id in sorted(docs):
                _validate_rows(_document_findings(s, doc_id), st, now)
            return imp.id

    def audit(self, item_id: str | None = None) -> list[ReviewAuditRow]:
        """The audit trail, oldest first (of one item, or of all)."""
        with self.sessions() as s:
            q = select(ReviewAuditRow).order_by(ReviewAuditRow.id)
            if item_id is not None:
                q = q.where(ReviewAuditRow.item_id == item_id)
            return s.scalars(q).all()

    def review_imports(self) -> list[ReviewImportRow]:
        with self.sessions() as s:
            return s.scalars(select(ReviewImportRow).order_by(ReviewImportRow.id)).all()

    # ---- reading ----------------------------------------------------------------------------------
    def get(self, ident: str) -> DocumentRow | None:
        """Find a document by PMID, DOI, PMCID, store id (``#12``) or registry id."""
        ident = ident.strip()
        with self.sessions() as s:
            if ident.startswith("#") and ident[1:].isdigit():
                row = s.get(DocumentRow, int(ident[1:]))
            else:
                key = ident.lower().removeprefix("pmid:").removeprefix("doi:").removeprefix("https://doi.org/")
                row = s.scalar(select(DocumentRow).where(or_(DocumentRow.pmid == key, DocumentRow.doi == key,
                                                             func.lower(DocumentRow.pmcid) == key)))
                if row is None and ident.isdigit():
                    row = s.get(DocumentRow, int(ident))
            if row is not None:
                row.payloads  # load history while the session is open
            return row

    def stats(self) -> dict:
        """Counts of what the store holds (ingestion history is in ``runs``)."""
        with self.sessions() as s:
            by_source = dict(s.execute(select(DocumentRow.source, func.count()).group_by(DocumentRow.source)).all())
            return {
                "documents": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                "documents_by_source": dict(sorted(by_source.items())),
                "with_pmid": s.scalar(select(func.count()).where(DocumentRow.pmid.is_not(None))) or 0,
                "with_doi": s.scalar(select(func.count()).where(DocumentRow.doi.is_not(None))) or 0,
                "deleted": s.scalar(select(func.count()).where(DocumentRow.deleted.is_(True))) or 0,
                "raw_payloads": s.scalar(select(func.count()).select_from(RawPayload)) or 0,
            }

    def documents(self, limit: int | None = None) -> list[DocumentRow]:
        with self.sessions() as s:
            return s.scalars(select(DocumentRow).order_by(DocumentRow.id).limit(limit)).all()

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


def _document_findings(s: Session, document_id: int) -> list[FindingRow]:
    """A document's values in text order: the order validation reads them in (first value, duplicates)."""
    return s.scalars(select(FindingRow).where(FindingRow.document_id == document_id)
                     .order_by(FindingRow.evidence_start, FindingRow.id)).all()


def _finding_values(f) -> dict:
    """The columns of a FindingRow from an extractor Finding."""
    ev = f.evidence
    return {"metric": f.metric, "value": f.value, "unit": f.unit, "arm": f.arm, "arm_components": list(f.arm_components),
            "pooled": f.pooled, "subgroup": f.subgroup, "endpoint": f.endpoint, "timepoint_months": f.timepoint_months,
            "ci_low": f.ci_low, "ci_high": f.ci_high, "p_value": f.p_value, "not_reached": f.not_reached,
            "computed": f.computed, "source_field": f.source_field, "evidence_text": ev.text,
            "evidence_start": ev.start, "evidence_end": ev.end, "sentence_start": ev.sentence_start,
            "sentence_end": ev.sentence_end, "page": ev.page, "bbox": list(ev.bbox) if ev.bbox else None,
            "location": ev.location, "cited_study": f.cited_study, "cited_year": f.cited_year,
            "cited_phase": f.cited_phase, "extractor": f.extractor, "extractor_version": f.extractor_version,
            "confidence": f.confidence}


#: Columns whose change alters what a curator decides on: they raise the value's revision.
_VALUE_FIELDS = frozenset({"value", "not_reached", "ci_low", "ci_high", "unit", "timepoint_months"})


def in_force(row: FindingRow) -> str | None:
    """The value in force, as curators write it: the curated value after accept / correct, none after reject,
    else the extracted one."""
    value = value_in_force(row)
    return fmt(*value) if value is not None else None


def _agrees(row: FindingRow) -> bool:
    """Does a decided value's (new) extraction agree with the decision?"""
    new = (row.value, bool(row.not_reached))
    seen = (row.reviewed_value, bool(row.reviewed_not_reached))
    return new in (seen, curated(row))  # after reject: the value seen then (no curated value)


def _reopen(s: Session, row: FindingRow, code: str, message: str, now: datetime, who: str) -> None:
    """Send a decided value back to the review queue with a reason naming both values; audit it."""
    old_status, old_value = row.status, in_force(row)
    row.reasons = [r for r in row.reasons or [] if r.get("code") != code] + [{"code": code, "message": message}]
    row.status, row.updated_at = "needs_review", now
    s.add(ReviewAuditRow(item_id=row.item_id, finding_id=row.id, document_id=row.document_id, metric=row.metric,
                         action="reopen", old_status=old_status, new_status="needs_review", old_value=old_value,
                         new_value=in_force(row), extracted_value=fmt(row.value, row.not_reached), reviewer=who,
                         note=message, created_at=now))


def _update_extracted(s: Session, row: FindingRow, values: dict, now: datetime, who: str) -> None:
    """A re-extracted value: extraction columns updated; a decided value is kept and re-queued if they disagree."""
    changed = {k for k, v in values.items() if getattr(row, k) != v}
    reasons = row.reasons or []
    if any(r.get("code") == "no_longer_extracted" for r in reasons):  # found again
        row.reasons = reasons = [r for r in reasons if r.get("code") != "no_longer_extracted"]
        if row.decision and not any(r.get("code") in REOPEN_CODES for r in reasons):
            row.status = DECISION_STATUS[row.decision]
    if not changed:
        return
    for k in changed:
        setattr(row, k, values[k])
    row.updated_at = now
    if not changed & _VALUE_FIELDS:
        return
    row.revision = (row.revision or 1) + 1
    if row.decision is None or _agrees(row):
        return
    extracted = fmt(row.value, row.not_reached) or "no value"
    if row.decision == "reject":
        message = (f"re-extraction reads {extracted}; the value rejected before was "
                   f"{fmt(row.reviewed_value, row.reviewed_not_reached) or 'no value'}")
    else:
        message = f"re-extraction reads {extracted}; the curated value {in_force(row) or 'no value'} is kept"
    _reopen(s, row, "reextracted_disagrees", message, now, who)


def _not_extracted(s: Session, row: FindingRow, now: datetime, who: str) -> None:
    """A decided value the extractor no longer finds: kept; an accepted / curated one returns to the queue."""
    if row.decision == "reject" or any(r.get("code") == "no_longer_extracted" for r in row.reasons or []):
        return
    _reopen(s, row, "no_longer_extracted",
            f"re-extraction no longer finds this value; the curated value {in_force(row) or 'no value'} is kept",
            now, who)


def _checked_documents(s: Session) -> list[int]:
    """Documents with a value in a study check (``save_studies``)."""
    ids = select(StudyCheckRow.review_finding_id).union(select(StudyCheckRow.paper_finding_id))
    return list(s.scalars(select(FindingRow.document_id).where(FindingRow.id.in_(ids)).distinct()))


def _study_checks(rows: list[FindingRow]) -> dict[int, list[StudyCheckRow]]:
    """The study checks (``pipeline.link``) of these values, by finding id."""
    from sqlalchemy.orm import object_session

    s = object_session(rows[0]) if rows else None
    if s is None:
        return {}
    ids, out = [r.id for r in rows], {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for c in s.scalars(select(StudyCheckRow).where(or_(StudyCheckRow.review_finding_id.in_(chunk),
                                                          StudyCheckRow.paper_finding_id.in_(chunk)))):
            for fid in {c.review_finding_id, c.paper_finding_id} - {None}:
                out.setdefault(fid, []).append(c)
    return out


def _validate_rows(rows: list[FindingRow], st: Settings, now: datetime) -> None:
    """Validate one document's values together (values in force; rejected ones left out) and set each
    undecided value's status from its reasons. Decided values keep their status unless re-queued.
    A value another source gives alike has the confidence of the agreement; one another source contradicts
    carries that as a reason (``pipeline.link``, ``validate.source_reasons``)."""
    import dataclasses

    checks = _study_checks(rows)
    facts = []
    for r in rows:
        if (mine := curated(r)) is not None:
            facts.append(Fact.of(r.finding_key, r, value=mine[0], not_reached=mine[1], use_extracted=False))
        elif value_in_force(r) is not None:
            fact = Fact.of(r.finding_key, r)
            agreed = [c.confidence for c in checks.get(r.id, []) if c.verdict == "agrees" and c.confidence]
            facts.append(dataclasses.replace(fact, confidence=max(agreed + [fact.confidence])))
    found = validate_document(facts, st)
    for r in rows:
        sticky = [x for x in r.reasons or [] if x.get("code") in REOPEN_CODES]
        reasons = sticky + [x.model_dump() for x in found.get(r.finding_key, [])]
        reasons += [x.model_dump() for x in source_reasons(checks.get(r.id, []))]
        if r.decision is None:
            status = "needs_review" if reasons else "accepted"
        else:
            status = "needs_review" if sticky else DECISION_STATUS[r.decision]
        if reasons != (r.reasons or []):
            r.reasons = reasons
        if status != r.status:
            r.status, r.updated_at = status, now


def _key(pmid, doi, chash) -> tuple:
    return ("pmid", pmid) if pmid else ("doi", doi) if doi else ("hash", chash)


class _Prepared:
    """One incoming record in a batch: ``rec`` gives the payload, ``doc`` the document (a later copy of the
    same paper in the batch replaces it); the stored id once known."""

    __slots__ = ("rec", "doc", "document_id", "target")

    def __init__(self, rec: ParsedRecord):
        self.rec, self.doc, self.document_id, self.target = rec, rec, None, None

    @property
    def pmid(self):
        return self.doc.pmid

    @property
    def doi(self):
        return self.doc.doi

    @property
    def hash(self):
        return self.doc.hash

    @property
    def key(self) -> tuple:
        return _key(self.doc.pmid, self.doc.doi, self.doc.hash)


def _document_row(doc: ParsedRecord, now: datetime, holds_doi: bool = True) -> dict:
    """A new document's columns; ``holds_doi`` False leaves its DOI column empty (another document holds it)."""
    return {**doc.columns(), **({} if holds_doi else {"doi": None}), "content_hash": doc.hash,
            "data": JSONText(doc.json), "version": 1, "deleted": False, "created_at": now, "updated_at": now}


def _describe(holder) -> str:
    """A stored document or a pending record, as a conflict message names it."""
    if isinstance(holder, _Prepared):
        where = holder.rec.position_ref
        return f"PMID {holder.pmid} ({where}, this batch)" if holder.pmid else f"{where} (this batch)"
    return f"PMID {holder.pmid} (#{holder.id})" if holder.pmid else f"#{holder.id}"


def _doi_conflict(rec: ParsedRecord, holder) -> FailedItem:
    """The recorded conflict of a record whose DOI another document holds."""
    return FailedItem(source=rec.source_ref or rec.source, position=rec.position,
                      reason=f"DOI conflict: DOI {rec.doi} belongs to {_describe(holder)}, and this record (PMID "
                             f"{rec.pmid}) gives it too; PMID {rec.pmid} is stored without claiming the DOI (its data "
                             f"keep it). Check which record's DOI is wrong ('evidence show {rec.doi}')")


def _refused(records: list[ParsedRecord], exc: Exception) -> str:
    """One line naming a batch the database refused, and why."""
    why = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    where = records[0].position_ref if len(records) == 1 else (f"{len(records)} records, "
                                                                f"{records[0].position_ref} to {records[-1].position_ref}")
    return f"the store refused {where}: {type(exc).__name__}: {why}"


class _Known:
    """The stored documents a batch refers to, found by PMID, DOI or content hash in three queries."""

    CHUNK = 500

    def __init__(self):
        self.by_pmid: dict = {}
        self.by_doi: dict = {}
        self.by_hash: dict = {}
        self.dois: set = set()  # the DOIs looked up: only these are known to be free or held

    @classmethod
    def load(cls, s: Session, prepared: list[_Prepared]) -> "_Known":
        k = cls()
        for attr, index in (("pmid", k.by_pmid), ("doi", k.by_doi)):
            keys = sorted({getattr(p, attr) for p in prepared if getattr(p, attr)})
            if attr == "doi":
                k.dois.update(keys)
            column = getattr(DocumentRow, attr)
            for i in range(0, len(keys), cls.CHUNK):
                for row in s.scalars(select(DocumentRow).where(column.in_(keys[i:i + cls.CHUNK]))):
                    index[getattr(row, attr)] = row
        hashes = sorted({p.hash for p in prepared if not p.pmid and not p.doi})
        for i in range(0, len(hashes), cls.CHUNK):
            for row in s.scalars(select(DocumentRow).where(DocumentRow.content_hash.in_(hashes[i:i + cls.CHUNK]))):
                k.by_hash.setdefault(row.content_hash, row)
        return k

    def find(self, p: _Prepared):
        if p.pmid and p.pmid in self.by_pmid:
            return self.by_pmid[p.pmid]
        if p.doi and p.doi in self.by_doi:
            row = self.by_doi[p.doi]
            if row.pmid is None or p.pmid is None or row.pmid == p.pmid:
                return row
        if not p.pmid and not p.doi:
            return self.by_hash.get(p.hash)
        return None

    def add_pending(self, p: _Prepared) -> None:
        if p.pmid:
            self.by_pmid[p.pmid] = p
        if not p.pmid and not p.doi:
            self.by_hash[p.hash] = p

    def claim_doi(self, doi: str | None, holder):
        """Give ``doi`` to ``holder`` (a stored row or a pending record) unless another holds it: then
        return that other one (a conflict); None when ``holder`` holds it (or there is no DOI)."""
        if not doi:
            return None
        other = self.by_doi.setdefault(doi, holder)
        return None if other is holder else other

    def may_hold(self, row: DocumentRow, doi: str) -> bool:
        """May the stored ``row`` carry ``doi`` in its DOI column: its own, or one looked up that no other holds?"""
        return doi == row.doi or (doi in self.dois and self.claim_doi(doi, row) is None)

    def holds_doi(self, p: _Prepared) -> bool:
        """Does the pending record ``p`` hold its document's DOI (so its row may carry it)?"""
        return not p.doi or self.by_doi.get(p.doi) is p

    def payload_hashes(self, s: Session, document_ids: list) -> set:
        ids, seen = sorted({i for i in document_ids if i is not None}), set()
        for i in range(0, len(ids), self.CHUNK):
            seen.update(s.execute(select(RawPayload.document_id, RawPayload.content_hash)
                                  .where(RawPayload.document_id.in_(ids[i:i + self.CHUNK]))).all())
        return seen


def _fold_pending(first: _Prepared, later: _Prepared) -> str:
    """A second copy of a not-yet-inserted document in the same batch."""
    if later.doc.rank < first.doc.rank:
        return "linked"
    if later.hash == first.hash:
        return "unchanged"
    first.doc = later.doc
    return "updated"


def _merge(s: Session, row: DocumentRow, p: ParsedRecord, now: datetime, doi_free=lambda doi: True) -> str:
    """Fold an incoming document into its stored row; returns updated / unchanged / linked.

    A weaker source (text < PDF < PubMed record) for a paper already stored is *linked*: it only fills
    what the row lacks (ids, the full-text body). A source as strong or stronger replaces the data but
    keeps ids and the body it does not carry itself. ``doi_free(doi)`` says whether the row may hold a DOI
    (no other document does): a weaker source does not fill in a DOI it may not hold, and the DOI column
    stays empty while another document holds the DOI in the data.
    """
    stored = row.data or {}
    linked = p.rank < SOURCE_RANK.get(row.source, 0)
    base, extra = (stored, p.data) if linked else (p.data, stored)
    merged, filled = dict(base), False
    for key in ("pmid", "doi", "pmcid", "body", "tables", "body_sections"):
        if not merged.get(key) and extra.get(key) and (key != "doi" or not linked or doi_free(extra[key])):
            merged[key], filled = extra[key], True
    chash = document_hash(merged) if filled else (row.content_hash if linked else p.hash)
    doi = merged.get("doi")
    if chash == row.content_hash and merged.get("source") == row.source:
        if row.doi is None and doi and doi_free(doi):  # a DOI another document held before is free now
            row.doi = doi
        return "linked" if linked else "unchanged"
    row.pmid, row.doi, row.pmcid = merged.get("pmid"), doi if doi and doi_free(doi) else None, merged.get("pmcid")
    row.title, row.journal, row.year = merged.get("title"), merged.get("journal"), merged.get("year")
    row.source, row.content_hash, row.data = merged["source"], chash, merged
    row.version, row.updated_at, row.deleted = (row.version or 1) + 1, now, False
    return "linked" if linked else "updated"
