"""Validation results and the review queue: data shapes only (pydantic v2), no I/O.

A stored value has a ``Status``. Validation gives every value its ``Reason`` list: no reason means
``accepted``, any reason ``needs_review``. A curator's ``Decision`` makes it ``accepted`` (as extracted),
``curated`` (corrected) or ``rejected``. ``ReviewItem`` is one row of a review-queue export
(``EXPORT_SCHEMA_VERSION``); ``DecisionRow`` is what an imported row asks for.
"""
from __future__ import annotations

import hashlib
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

#: Written into every exported row; an import refuses files of another version.
EXPORT_SCHEMA_VERSION = "evidence-review/1"

Status = Literal["accepted", "needs_review", "rejected", "curated"]
STATUSES: tuple[str, ...] = get_args(Status)
Decision = Literal["accept", "correct", "reject"]
#: The status a decision gives a value.
DECISION_STATUS: dict[str, str] = {"accept": "accepted", "correct": "curated", "reject": "rejected"}

Value = tuple[float | None, bool]  # (value, not reached)


def curated(row) -> Value | None:
    """A curator's value (after accept / correct): (value, not reached); None before a decision or after reject.
    ``row`` is a stored value (``FindingRow`` or anything with its decision and curated columns)."""
    if row.decision in ("accept", "correct"):
        return row.curated_value, bool(row.curated_not_reached)
    return None


def value_in_force(row) -> Value | None:
    """The one rule for the value in force: the curator's after accept / correct, none after reject (while
    rejected), else the extracted one."""
    if (mine := curated(row)) is not None:
        return mine
    if row.decision == "reject" and row.status == "rejected":
        return None
    return row.value, bool(row.not_reached)


def decided_value(decision: str, extracted: Value, corrected: Value) -> Value | None:
    """The curated value a decision sets: accept keeps the extracted value, correct sets the corrected one,
    reject sets none."""
    return {"accept": extracted, "correct": corrected}.get(decision)


#: Reasons that come from re-extraction of a decided value, not from validation; they stay until decided.
REOPEN_CODES = frozenset({"reextracted_disagrees", "no_longer_extracted"})


def item_id_for(document_id: int, finding_key: str) -> str:
    """The stable review id of a value: "F" and 12 hex digits (a letter first, so spreadsheets keep it text)."""
    return "F" + hashlib.sha1(f"{document_id}|{finding_key}".encode()).hexdigest()[:12].upper()


class Reason(BaseModel):
    """Why a value needs review: a stable code (what failed) and a sentence for the curator."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str


class ReviewItem(BaseModel):
    """One value in a review-queue export. The last five fields are for the curator to fill."""

    schema_version: str = EXPORT_SCHEMA_VERSION
    item_id: str = Field(description="stable id of the value (document + arm + subgroup + metric + timepoint)")
    revision: int = Field(description="the value's revision at export; a later change makes the row stale")
    document: str = Field(description="PMID 123, doi:10.x/y or #store-id")
    link: str | None = Field(default=None, description="PubMed or DOI address")
    title: str | None = None
    year: int | None = None
    arm: str | None = None
    subgroup: str | None = None
    metric: str
    endpoint: str | None = None
    timepoint_months: float | None = None
    unit: str
    extracted_value: str | None = Field(description="as extracted: a number, 'NR' (not reached) or empty")
    ci_low: float | None = None
    ci_high: float | None = None
    curated_value: str | None = Field(default=None, description="the value a curator set before, if any")
    status: Status
    reasons: str | None = Field(default=None, description="why it is in the queue, '; ' separated")
    confidence: float | None = None
    evidence: str | None = Field(default=None, description="the sentence the value was read from")
    decision: str | None = Field(default=None, description="accept, correct or reject")
    corrected_value: str | None = Field(default=None, description="with decision 'correct': the right value")
    reviewer: str | None = None
    note: str | None = None


#: Column order of CSV / XLSX exports.
EXPORT_COLUMNS: tuple[str, ...] = tuple(ReviewItem.model_fields)
#: Columns the curator fills in.
CURATOR_COLUMNS: tuple[str, ...] = ("decision", "corrected_value", "reviewer", "note")
#: Columns an import needs.
REQUIRED_COLUMNS: tuple[str, ...] = ("schema_version", "item_id", "revision", "decision", "corrected_value")


class DecisionRow(BaseModel):
    """One decided row of an imported file, parsed and checked."""

    model_config = ConfigDict(frozen=True)

    row: str = Field(description="where it is in the file: 'row 5' (CSV / XLSX, header is row 1) or 'item 3'")
    item_id: str
    revision: int
    decision: Decision
    value: float | None = None
    not_reached: bool = False
    reviewer: str
    note: str | None = None


class Problem(BaseModel):
    """Why one row of an imported file cannot be applied."""

    row: str
    item_id: str | None = None
    message: str

    def __str__(self) -> str:
        return f"{self.row}{f' ({self.item_id})' if self.item_id else ''}: {self.message}"


class Change(BaseModel):
    """What applying one decision does to a stored value."""

    item_id: str
    row: str
    document: str
    metric: str
    arm: str | None = None
    decision: Decision
    old_status: str
    new_status: str
    old_value: str | None
    new_value: str | None
    reviewer: str
    note: str | None = None

    def __str__(self) -> str:
        where = f"{self.document} {self.arm or 'document'} {self.metric}"
        return (f"{self.item_id} {where}: {self.decision} ({self.old_status} -> {self.new_status}; "
                f"{self.old_value if self.old_value is not None else '-'} -> "
                f"{self.new_value if self.new_value is not None else '-'}) by {self.reviewer}")
