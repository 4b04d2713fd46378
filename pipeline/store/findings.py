"""Findings and re-extraction: pending documents, extractions saved in place by fact key (decided values kept)
with the validation the caller ran (``pipeline.validate``), what validation reads from the store, the evidence of
every document; studies linked across documents."""
from __future__ import annotations

from typing import Iterable, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pipeline.store.review import _not_extracted, _update_extracted, settle
from schemas.db import DocumentRow, ExtractionRow, FindingRow, StudyCheckRow, StudyLinkRow, StudyRow, utcnow
from schemas.review import item_id_for


class Findings:
    """Store methods for extracted findings and linked studies."""

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

    def save_extractions(self, extractions, reasons: dict[int, dict[str, list]]) -> None:
        """Store what the extractors found with its validation, in one transaction. ``extractions`` are
        ``(extractor, version, [(document_id, content_hash, summary, [(finding_key, Finding)])])``; ``reasons`` are
        each document's validation (``pipeline.extract.validated``): the reasons of every value the document
        will have, by finding key. Each value's status follows from its reasons and its review state
        (``settle``): the store does not validate.

        Findings are updated in place by key, new ones added, ones no longer found removed. A value a curator
        decided on is never overwritten nor removed: its curated value stays in force, and when the new
        extraction disagrees with the decision (or no longer finds the value) it returns to the review
        queue with both values, and the audit table says so.
        """
        now = utcnow()
        documents: dict[int, None] = {}
        with self.sessions.begin() as s:
            for extractor, version, outputs in extractions:
                who = f"extractor {extractor} {version}"
                for doc_id, content_hash, summary, keyed in outputs:
                    documents[doc_id] = None
                    existing = {f.finding_key: f for f in s.scalars(select(FindingRow).where(
                        FindingRow.document_id == doc_id, FindingRow.extractor == extractor))}
                    for key, f in keyed:
                        values = finding_values(f)
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
                    ext = s.scalar(select(ExtractionRow).where(ExtractionRow.document_id == doc_id,
                                                               ExtractionRow.extractor == extractor))
                    if ext is None:
                        ext = ExtractionRow(document_id=doc_id, extractor=extractor)
                        s.add(ext)
                    ext.extractor_version, ext.content_hash, ext.summary = version, content_hash, summary
                    ext.findings_count, ext.extracted_at = len(keyed), now
            s.flush()
            for doc_id in documents:  # the document's values together, whichever extractor found them
                _settle_document(s, doc_id, reasons.get(doc_id, {}), now)

    def stored_values(self, document_ids: Iterable[int]) -> dict[int, StoredValues]:
        """What validation reads from the store about these documents (``pipeline.validate.validate_values``):
        each one's values in text order, with their review state, and each value's study checks by key."""
        with self.sessions() as s:
            return {doc_id: _stored_values(s, doc_id) for doc_id in document_ids}

    def checked_document_ids(self) -> list[int]:
        """Documents with a value in a study check (``save_studies`` replaces the checks)."""
        with self.sessions() as s:
            return _checked_documents(s)

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
    def save_studies(self, linking, reasons: dict[int, dict[str, list]]) -> None:
        """Keep a ``pipeline.link.Linking`` in one transaction: studies by key (kept while something links to
        them), every link and check (``pipeline.link.study_checks``) replaced, and the values of the documents
        whose checks changed with their new validation (``reasons``, by document and finding key, from
        ``pipeline.link.link_studies``). Re-running it with the same store changes nothing."""
        from pipeline.link import study_checks

        now = utcnow()
        with self.sessions.begin() as s:
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
                for c in study_checks(lk):
                    s.add(StudyCheckRow(link_id=link_row.id, metric=c.metric, level=c.level, verdict=c.verdict,
                                        review_finding_id=c.review_finding_id, paper_finding_id=c.paper_finding_id,
                                        review_value=c.review_value, paper_value=c.paper_value,
                                        confidence=c.confidence, note=c.note))
            s.flush()
            for doc_id, found in sorted(reasons.items()):
                _settle_document(s, doc_id, found, now)

    def study_links(self) -> list[tuple[StudyLinkRow, StudyRow]]:
        """Every stored link with its study, by study."""
        with self.sessions() as s:
            return [tuple(r) for r in s.execute(select(StudyLinkRow, StudyRow).join(
                StudyRow, StudyRow.id == StudyLinkRow.study_id).order_by(StudyRow.id, StudyLinkRow.id)).all()]


class StoredValues(NamedTuple):
    """One document's values as stored (``FindingRow``, in text order) and their study checks by finding key."""

    rows: list[FindingRow]
    checks: dict[str, list[StudyCheckRow]]


def _document_findings(s: Session, document_id: int) -> list[FindingRow]:
    """A document's values in text order: the order validation reads them in (first value, duplicates)."""
    return s.scalars(select(FindingRow).where(FindingRow.document_id == document_id)
                     .order_by(FindingRow.evidence_start, FindingRow.id)).all()


def _checked_documents(s: Session) -> list[int]:
    """Documents with a value in a study check (``save_studies``)."""
    ids = select(StudyCheckRow.review_finding_id).union(select(StudyCheckRow.paper_finding_id))
    return list(s.scalars(select(FindingRow.document_id).where(FindingRow.id.in_(ids)).distinct()))


def _stored_values(s: Session, document_id: int) -> StoredValues:
    """A document's values and the study checks (``pipeline.link``) of each, by finding key."""
    rows = _document_findings(s, document_id)
    keys, checks = {r.id: r.finding_key for r in rows}, {}
    ids = list(keys)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        mine = set(chunk)
        for c in s.scalars(select(StudyCheckRow).where(or_(StudyCheckRow.review_finding_id.in_(chunk),
                                                          StudyCheckRow.paper_finding_id.in_(chunk)))
                           .order_by(StudyCheckRow.id)):
            for fid in {c.review_finding_id, c.paper_finding_id} & mine:
                checks.setdefault(keys[fid], []).append(c)
    return StoredValues(rows, checks)


def _settle_document(s: Session, document_id: int, reasons: dict[str, list], now) -> None:
    """Each value of a document with its validation (``reasons`` by finding key) and the status they give; a value
    the validation did not see (none: it saw every value) is left as it is."""
    for row in _document_findings(s, document_id):
        if row.finding_key in reasons:
            settle(row, reasons[row.finding_key], now)


def finding_values(f) -> dict:
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
