"""The metric registry: everything the code knows about a kind of value, in one declared place.

Data only (frozen dataclasses), no I/O; imports nothing else from the project. Every metric-specific branch
reads it: extraction (``extractors.outcomes``: which outcome term takes which kind of number), attribution and the
arm summary (``extractors``), validation (``pipeline.validate``: label, unit, range, "not reached"), the evidence
table and its headers (``pipeline.report``), the review-table header vocabulary (``extractors.tables``), linking
(``pipeline.link``) and the review export / ``--metric`` (``pipeline.review``, ``pipeline.cli``).

Adding a metric is one ``Metric`` entry here plus its outcome terms (``extractors/data/outcome_terms.json``,
under the entry's ``term``); a metric the code does not know fails where it enters (``metric()``).
"""
from __future__ import annotations

from dataclasses import dataclass

#: families: how a value is read and checked
#:   count     patients (N); a positive whole number
#:   rate      a percentage of patients, also written as a count "4 of 40" (ORR, DCR, CR rate)
#:   median    a median time in months; may be "not reached"
#:   landmark  a percentage at a timepoint ("1-year OS rate")
#:   ratio     a hazard ratio
FAMILIES = ("count", "rate", "median", "landmark", "ratio")
#: unit of each family (``schemas.findings.Finding.unit``)
FAMILY_UNIT = {"count": "patients", "rate": "percent", "median": "months", "landmark": "percent", "ratio": "ratio"}
#: what the unit means when the value is shown (validation messages)
UNIT_SUFFIX = {"patients": "", "percent": "%", "months": " months", "ratio": ""}


@dataclass(frozen=True)
class Metric:
    """One metric. The value range follows the unit (``pipeline.validate.check_value``): percent 0-100, months
    above 0 and at most ``Settings.max_months``, patients a whole number 1-``max_patients``, ratio above 0 and at
    most ``max_hazard_ratio``."""

    name: str  # the finding's metric, e.g. "orr"
    label: str  # as shown in messages and the review export: "ORR", "median PFS"
    family: str  # one of FAMILIES
    term: str | None = None  # outcome-term name in outcome_terms.json that names it in text ("pfs"); None: not read from text
    summary_field: str | None = None  # arm-summary field its value fills ("orr_pct"); also the evidence-table column
    not_reached_field: str | None = None  # arm-summary flag when "not reached" is stated; None: "not reached" is invalid
    ci_field: str | None = None  # arm-summary field for a median's 95% CI
    header: str | None = None  # evidence-table column header; None: not a column of the evidence table
    table_header: str | None = None  # review-table header vocabulary (regex on the lower-case header); None: not read
    specific_header: str | None = None  # a header naming it unambiguously, when narrower than table_header
    document_level: bool = False  # a document's value, not an arm's (enrolled / evaluable N)
    in_subgroups: bool = True  # the subgroup summary has this field
    linked: bool = False  # compared between a review's table row and the paper it cites (``pipeline.link``)
    # ordering: its value is at most that of metric ``at_most`` for the same arm, subgroup and timepoint; a value
    # above it is a validation reason ``at_most_code`` (both values go to review), explained by ``at_most_why``
    at_most: str | None = None
    at_most_code: str | None = None
    at_most_why: str | None = None

    @property
    def unit(self) -> str:
        return FAMILY_UNIT[self.family]

    @property
    def timepoints(self) -> bool:
        """A landmark rate carries the time it is read at (``Finding.timepoint_months``)."""
        return self.family == "landmark"

    @property
    def not_reached_applies(self) -> bool:
        return self.not_reached_field is not None

    @property
    def counted(self) -> bool:
        """A rate of patients that may be stated as a count ("5 of 34") next to it."""
        return self.family == "rate"

    @property
    def column(self) -> str | None:
        """Its evidence-table column (the arm-summary field), when it has one."""
        return self.summary_field if self.header else None

    @property
    def table_value(self) -> bool:
        """A review-table column of this metric is read as values (landmark rates and HRs are kept as text)."""
        return self.table_header is not None and self.family in ("rate", "median")


_M = Metric
#: The registry, in evidence-table column order.
METRICS: dict[str, Metric] = {m.name: m for m in (
    _M("n_enrolled", "enrolled N", "count", summary_field="n_enrolled", document_level=True, in_subgroups=False),
    _M("n_evaluable", "evaluable N", "count", summary_field="n_evaluable", document_level=True, in_subgroups=False),
    _M("n", "N", "count", summary_field="n", header="N", linked=True),
    _M("orr", "ORR", "rate", term="orr", summary_field="orr_pct", header="ORR %", linked=True,
       at_most="dcr", at_most_code="dcr_below_orr", at_most_why="disease control includes responses",
       table_header=r"\b(orr|rr|response rate|objective response|overall response|or rate)\b"),
    _M("dcr", "DCR", "rate", term="dcr", summary_field="dcr_pct", header="DCR %", linked=True,
       table_header=r"\b(dcr|disease control)\b"),
    _M("pfs_median", "median PFS", "median", term="pfs", summary_field="pfs_median_months",
       not_reached_field="pfs_not_reached", ci_field="pfs_ci", header="mPFS (m)", linked=True,
       at_most="os_median", at_most_code="pfs_above_os",
       table_header=r"\b(m?pfs|progression[- ]free|ttp|time to (tumou?r )?progression)\b"),
    _M("os_median", "median OS", "median", term="os", summary_field="os_median_months",
       not_reached_field="os_not_reached", ci_field="os_ci", header="mOS (m)", linked=True,
       table_header=r"\b(m?os|overall survival|median survival|survival)\b",
       specific_header=r"\b(m?os|overall survival|median survival)\b"),  # "Survival" alone may be any survival
    _M("cr_rate", "CR rate", "rate", term="cr", summary_field="cr_pct", header="CR %", linked=True,
       at_most="orr", at_most_code="cr_above_orr", at_most_why="complete responses are responses",
       table_header=r"^(cr|complete response|complete remission)s?\b|\b(cr|complete response|complete remission) rate\b"),
    _M("dor_median", "median DoR", "median", term="dor", summary_field="dor_median_months",
       not_reached_field="dor_not_reached", ci_field="dor_ci", header="mDoR (m)", linked=True,
       table_header=r"\b(m?dor|duration of (objective )?response|response duration)\b"),
    _M("pfs_rate", "PFS rate", "landmark", term="pfs", summary_field="pfs_rate", in_subgroups=False,
       at_most="os_rate", at_most_code="pfs_above_os",
       table_header=r"(\b(m?pfs|progression[- ]free|ttp)\b.*(\brate\b|\b\d+\s*-?\s*(mo|months?|y|yrs?|years?)\b|^[^(]*\(%\)))"
                    r"|(\b\d+\s*-?\s*(mo|months?|y|yrs?|years?)\b.*\b(pfs|progression[- ]free)\b)"),
    _M("os_rate", "OS rate", "landmark", term="os", summary_field="os_rate", in_subgroups=False,
       table_header=r"(\b(m?os|overall survival|survival)\b.*(\brate\b|\b\d+\s*-?\s*(mo|months?|y|yrs?|years?)\b|^[^(]*\(%\)))"
                    r"|(\b\d+\s*-?\s*(mo|months?|y|yrs?|years?)\b.*\b(os|overall survival|survival)\b)"),
    _M("hr", "hazard ratio", "ratio", term="hr", table_header=r"^(hr|hazard ratio)\b"),
)}
#: Review-table headers are matched in this order, first match wins: landmark rates ("PFS at 12 months") before
#: medians, "complete response rate" and "duration of response" before "response rate".
HEADER_ORDER = ("pfs_rate", "os_rate", "hr", "cr_rate", "dor_median", "orr", "dcr", "pfs_median", "os_median")

assert all(m.family in FAMILIES for m in METRICS.values()), "unknown metric family"
assert all(m.at_most in METRICS and m.at_most_code for m in METRICS.values() if m.at_most), "at_most names a metric"
assert set(HEADER_ORDER) == {m.name for m in METRICS.values() if m.table_header}, "HEADER_ORDER must list every table_header"


class UnknownMetric(ValueError):
    """A metric name the registry does not know."""


def metric(name: str) -> Metric:
    """The registry entry of ``name``; an unknown name raises ``UnknownMetric`` naming it and what to do."""
    try:
        return METRICS[name]
    except KeyError:
        raise UnknownMetric(f"unknown metric {name!r}: known are {', '.join(METRICS)}; "
                            f"add it to schemas/metrics.py (METRICS) first") from None


def by_term(term: str, family: str) -> Metric | None:
    """The metric an outcome term takes for a kind of value ("pfs", "median" -> pfs_median), or None."""
    return next((m for m in METRICS.values() if m.term == term and m.family == family), None)


def row_field(m: Metric) -> str:
    """The review-table row field of a metric's column (``extractors.tables``): its summary field, else its name."""
    return m.summary_field or m.name


#: Outcome terms of the registry, in registry order (what outcome_terms.json must name).
TERMS = tuple(dict.fromkeys(m.term for m in METRICS.values() if m.term))
