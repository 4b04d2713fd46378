"""The validation trigger: a document's stored values validated together (``pipeline.validate``), each
undecided value's status set from its reasons."""
from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session

from pipeline.settings import Settings
from pipeline.validate import Fact, source_reasons, validate_document
from schemas.db import FindingRow, StudyCheckRow
from schemas.review import DECISION_STATUS, REOPEN_CODES, curated, value_in_force


def _document_findings(s: Session, document_id: int) -> list[FindingRow]:
    """A document's values in text order: the order validation reads them in (first value, duplicates)."""
    return s.scalars(select(FindingRow).where(FindingRow.document_id == document_id)
                     .order_by(FindingRow.evidence_start, FindingRow.id)).all()


def _checked_documents(s: Session) -> list[int]:
    """Documents with a value in a study check (``save_studies``)."""
    ids = select(StudyCheckRow.review_finding_id).union(select(StudyCheckRow.paper_finding_id))
    return list(s.scalars(select(FindingRow.document_id).where(FindingRow.id.in_(ids)).distinct()))


def _study_checks(rows: list[FindingRow]) -> dict[int, list[StudyCheckRow]]:
    """The study checks (``pipeline.link``) of these values, by finding id."""
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
