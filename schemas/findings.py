"""Findings: one extracted value with the text span it came from, and the per-arm summary.

Data shapes only (pydantic v2), no I/O; imports nothing else from the project.
``Finding`` is what the extractors return and the store saves; ``ArmSummary`` / ``DocumentSummary``
are the flat per-arm view of ``shared/eval/arm_summary.md`` (``DocumentSummary.model_dump()`` minus ``id``).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from schemas.metrics import METRICS, UNIT_SUFFIX

#: Metrics a finding can carry: the names of the metric registry (``schemas.metrics.METRICS``); any other name
#: is refused when a Finding is made.
Metric = Literal[tuple(METRICS)]  # type: ignore[valid-type]

POOLED_LABEL = "ALL (pooled)"


class Evidence(BaseModel):
    """Where a value came from: the sentence and the character offsets into the input text."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="the sentence the value was read from")
    start: int = Field(ge=0, description="start offset of the value span in the input text")
    end: int = Field(ge=0, description="end offset (exclusive) of the value span in the input text")
    sentence_start: int = Field(ge=0, description="start offset of the sentence in the input text")
    sentence_end: int = Field(ge=0, description="end offset of the sentence in the input text")
    # for values read from a PDF table: where the cell is (``text`` is then the table row, cells joined by " | ")
    page: int | None = Field(default=None, description="1-based PDF page of the value's table cell")
    bbox: tuple[float, float, float, float] | None = Field(default=None, description="cell box: x0, top, x1, bottom")
    location: str | None = Field(default=None, description="e.g. 'Table 1, row 4, ORR'")


class Finding(BaseModel):
    """One extracted fact: a value of a metric for an arm (or subgroup of an arm, or the document)."""

    model_config = ConfigDict(frozen=True)

    metric: Metric
    value: float | None = Field(default=None, description="None when only 'not reached' is stated")
    unit: Literal[tuple(UNIT_SUFFIX)]  # type: ignore[valid-type]
    arm: str | None = Field(default=None, description="arm label; None for document-level facts")
    arm_components: tuple[str, ...] = Field(default=(), description="lower-case generic drug names of the arm")
    pooled: bool = Field(default=False, description="value reported across all arms / patients")
    subgroup: str | None = Field(default=None, description="named subset of the arm's patients, as written")
    endpoint: str | None = Field(default=None, description="for hazard ratios: PFS, OS, TTF ...")
    timepoint_months: float | None = Field(default=None, description="for landmark rates")
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: str | None = Field(default=None, description="as written, e.g. '<0.001', '= .55'")
    not_reached: bool = False
    computed: bool = Field(default=False, description="computed from counts or converted from days/weeks/years")
    rule: str | None = Field(default=None, description="which rule placed the value (route|family), for audit and calibration")
    source_field: Literal["abstract", "body", "table"] = Field(default="abstract", description="where in the document")
    cited_study: str | None = Field(default=None, description="for a review's tables: the study a row reports, as printed")
    cited_year: int | None = None
    cited_phase: str | None = None
    evidence: Evidence
    extractor: str
    extractor_version: str
    confidence: float = Field(ge=0.0, le=1.0)


class RateAt(BaseModel):
    months: float
    pct: float


def _metric_fields(subgroup: bool) -> dict:
    """The summary fields of every arm-level metric of the registry, in registry order: its value, its 95% CI
    (medians, arms only) and its "not reached" flag. Counts are whole numbers, landmark rates lists of
    ``RateAt`` (arms only), rates and medians numbers; unknown is None."""
    out: dict = {}
    for m in METRICS.values():
        if m.document_level or m.family == "ratio" or (subgroup and not m.in_subgroups):
            continue
        if m.family == "count":
            out[m.summary_field] = (int | None, None)
        elif m.family == "landmark":
            out[m.summary_field] = (list[RateAt], Field(default_factory=list))
        else:
            out[m.summary_field] = (float | None, None)
        if m.ci_field and not subgroup:
            out[m.ci_field] = (list[float] | None, None)
        if m.not_reached_field:
            out[m.not_reached_field] = (bool, False)
    return out


#: A named subset of an arm's patients (by site, grade, line ...) and its values: ``name`` plus the registry's
#: arm-level metrics that apply to subgroups (``Metric.in_subgroups``).
SubgroupSummary = create_model("SubgroupSummary", name=(str, ...), **_metric_fields(subgroup=True))

#: One arm of the arm summary: its regimen, components, whether it pools all patients, then one field per
#: registry metric (``schemas.metrics``: a new metric is a new field here by itself), then its subgroups.
ArmSummary = create_model(
    "ArmSummary", regimen=(str, ...), components=(list[str], Field(default_factory=list)), pooled=(bool, False),
    **_metric_fields(subgroup=False), subgroups=(list[SubgroupSummary], Field(default_factory=list)))


class HazardRatioSummary(BaseModel):
    endpoint: str
    hr: float
    ci: list[float] | None = None
    p: str | None = None


#: The arm-summary object of ``arm_summary.md`` without ``id``: the document-level metrics of the registry
#: (enrolled / evaluable N), the arms and the hazard ratios.
DocumentSummary = create_model(
    "DocumentSummary",
    **{m.summary_field: (int | None, None) for m in METRICS.values() if m.document_level},
    arms=(list[ArmSummary], Field(default_factory=list)),
    hazard_ratios=(list[HazardRatioSummary], Field(default_factory=list)))


