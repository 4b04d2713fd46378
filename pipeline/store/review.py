"""The review state of stored values: the value in force, decisions imported with their audit rows, a decided
value sent back to the queue when re-extraction disagrees with it or no longer finds it, and each value's status
from the reasons its validation gave (``settle``; the validation itself is ``pipeline.validate``, run by the caller
before it hands the values over)."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.errors import StoreError
from pipeline.validate import fmt
from schemas.db import DocumentRow, FindingRow, ReviewAuditRow, ReviewImportRow, utcnow
from schemas.review import (DECISION_STATUS, REOPEN_CODES, DecisionRow, Reason, curated, decided_value,
                            value_in_force)


class Review:
    """Store methods for the review queue."""

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
                        schema_version: str, counts: dict, reasons: dict[int, dict[str, list[Reason]]]) -> int:
        """Apply checked decisions, each with the revision its check saw, in one transaction; audit each one;
        keep the validation of the documents they touch with the decisions applied (``reasons`` by document and
        finding key, from ``pipeline.review.import_decisions``). Returns the import id. A value changed since its
        check (a concurrent re-extraction) rolls everything back."""
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
                for column, value in decided(row, d).items():
                    setattr(row, column, value)
                row.reviewed_value, row.reviewed_not_reached = row.value, bool(row.not_reached)
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
                for row in s.scalars(select(FindingRow).where(FindingRow.document_id == doc_id)):
                    if row.finding_key in reasons.get(doc_id, {}):
                        settle(row, reasons[doc_id][row.finding_key], now)
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


#: Columns whose change alters what a curator decides on: they raise the value's revision.
_VALUE_FIELDS = frozenset({"value", "not_reached", "ci_low", "ci_high", "unit", "timepoint_months"})


def in_force(row: FindingRow) -> str | None:
    """The value in force, as curators write it: the curated value after accept / correct, none after reject,
    else the extracted one."""
    value = value_in_force(row)
    return fmt(*value) if value is not None else None


def decided(row: FindingRow, d: DecisionRow) -> dict:
    """The review columns a curator's decision sets on a value: the decision, the curated value, its status, and
    its reasons without those of re-extraction (the decision answers them)."""
    value, not_reached = decided_value(d.decision, (row.value, bool(row.not_reached)),
                                       (d.value, d.not_reached)) or (None, False)
    return {"decision": d.decision, "curated_value": value, "curated_not_reached": not_reached,
            "status": DECISION_STATUS[d.decision],
            "reasons": [r for r in row.reasons or [] if r.get("code") not in REOPEN_CODES]}


def settle(row: FindingRow, reasons: list[Reason], now: datetime) -> None:
    """A value's validation reasons kept, and its status from them: undecided, accepted with no reason, else
    needs_review; decided, the decision's status unless re-extraction sent it back (its reasons stay until a
    curator decides again)."""
    sticky = [x for x in row.reasons or [] if x.get("code") in REOPEN_CODES]
    found = sticky + [x.model_dump() for x in reasons]
    if row.decision is None:
        status = "needs_review" if found else "accepted"
    else:
        status = "needs_review" if sticky else DECISION_STATUS[row.decision]
    if found != (row.reasons or []):
        row.reasons = found
    if status != row.status:
        row.status, row.updated_at = status, now


def agrees(row: FindingRow, value: float | None, not_reached: bool) -> bool:
    """Does a new extraction of a decided value agree with the decision?"""
    seen = (row.reviewed_value, bool(row.reviewed_not_reached))
    return (value, bool(not_reached)) in (seen, curated(row))  # after reject: the value seen then (no curated value)


def status_after_extraction(row: FindingRow, values: dict) -> str:
    """The review status a stored value has once re-extracted with ``values`` (``_update_extracted``), before
    validation: what decides whether a rejected value is in force again."""
    reasons = [r for r in row.reasons or [] if r.get("code") != "no_longer_extracted"]
    if row.decision is None:
        return row.status
    changed = any(getattr(row, k) != values[k] for k in _VALUE_FIELDS)
    if any(r.get("code") in REOPEN_CODES for r in reasons) or (
            changed and not agrees(row, values["value"], values["not_reached"])):
        return "needs_review"
    return DECISION_STATUS[row.decision]


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
    if row.decision is None or agrees(row, row.value, row.not_reached):
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
