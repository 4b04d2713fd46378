"""Document identity and merge: upsert by PMID, else DOI, else content hash; a changed record updated in place,
every raw payload kept; deletions; finding a document again, the store's counts and documents."""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from pipeline.errors import StoreError
from pipeline.store.engine import JSONText
from schemas.db import DocumentRow, RawPayload, utcnow
from schemas.document import SOURCE_RANK, Deletion, FailedItem, ParsedRecord, document_hash


DOCS, PAYLOADS = DocumentRow.__table__, RawPayload.__table__


class Documents:
    """Store methods for documents."""

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
    for key in ("pmid", "doi", "pmcid", "body", "table_grids", "tables", "body_sections"):
        if not merged.get(key) and extra.get(key) and (key != "doi" or not linked or doi_free(extra[key])):
            merged[key], filled = extra[key], True
    if merged.get("table_grids") and merged.get("tables"):  # a PDF's grids replace the rows an older release kept
        merged["tables"], filled = [], True
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
