"""Findings and re-extraction: pending documents, extractions saved in place by fact key (decided values kept),
the evidence of every document; studies linked across documents."""
from __future__ import annotations

from sqlalchemy import or_, select

from pipeline.settings import Settings
from pipeline.store.review import _not_extracted, _update_extracted, in_force
from pipeline.store.validation import _checked_documents, _document_findings, _validate_rows
from pipeline.validate import fmt
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
