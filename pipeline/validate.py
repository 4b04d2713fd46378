"""Validation: every extracted value is checked, and each failed check is a ``Reason`` (data, not an exception).

``validate_document(facts, settings)`` looks at the values of one document together and returns the reasons
of each value, keyed by its finding key. A value with no reason is accepted; any reason sends it to the
review queue. ``validate_values`` is the same step over a document's values as the store will keep them (the
curator's value where there is one, study checks between sources): extraction, linking and the review import
call it before they hand the values to the store, which only persists them. The checks:

- ranges (``check_value``): percentages 0-100, months positive and at most ``max_months``, N a positive
  integer up to ``max_patients``, hazard ratios positive and at most ``max_hazard_ratio``, landmark times
  positive; a confidence interval that does not contain its estimate (or is inverted);
- N: a subgroup's N above its arm's N, an arm's N or the evaluable N above the number enrolled;
- a rate that disagrees with the count stated next to it ("15% (five of 34)") by more than
  ``count_tolerance_pct`` percentage points;
- values that must be ordered (``schemas.metrics``, ``at_most``): median PFS above median OS (and a landmark PFS
  rate above the OS rate at the same time), DCR below ORR, CR rate above ORR, for the same arm and subgroup;
- two values for the same arm, subgroup and metric (equal: duplicate; different: conflicting);
- extractor confidence below ``min_confidence``: the reason quotes how often values of that confidence were
  right in the calibration (``CONFIDENCE_BANDS``).

Thresholds are fields of ``pipeline.settings.Settings``.
"""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

from extractors.vocab import confidence_calibration
from pipeline.settings import Settings
from schemas.fact_key import FactKey, arm_and_subgroup
from schemas.metrics import METRICS, UNIT_SUFFIX
from schemas.metrics import metric as metric_of
from schemas.review import Reason, curated, value_in_force

# metric groups by unit and family, from the registry (``schemas.metrics``)
PERCENT_METRICS = tuple(m.name for m in METRICS.values() if m.unit == "percent")
MONTHS_METRICS = tuple(m.name for m in METRICS.values() if m.unit == "months")
COUNT_METRICS = tuple(m.name for m in METRICS.values() if m.counted)  # rates that are counts of patients over N
N_METRICS = tuple(m.name for m in METRICS.values() if m.unit == "patients")
NOT_REACHED_METRICS = tuple(m.name for m in METRICS.values() if m.not_reached_applies)
LABELS = {m.name: m.label for m in METRICS.values()}
#: How often extracted values were right, by confidence band, on documents left out of the fit:
#: ``benchmarks/calibrate_confidence.py --write`` (cross-validated by document over the development abstracts and
#: the PICO development half) stores them with the scorer's weights in ``extractors/data/confidence.json``.
#: (lowest confidence of the band, values, right); a band ends where the next begins. The reason for a low
#: confidence quotes its band.
CONFIDENCE_BANDS = tuple(tuple(b) for b in confidence_calibration().get("bands", ()))
# "five of 34", "5/15", "5 out of 20", "(n = 5/15" next to a rate
_COUNT = r"(?P<k>\d+|[a-z]+(?:-[a-z]+)?)\s*(?:/|\bof\b|\bout of\b)\s*(?:the\s+)?(?P<n>\d+|[a-z]+(?:-[a-z]+)?)\b"
_COUNT_AFTER = re.compile(r"^\s*(?:[(\[;,:]\s*)?(?:n\s*=\s*)?" + _COUNT, re.I)
_COUNT_BEFORE = re.compile(_COUNT + r"(?:\s+(?:patients|pts|cases|subjects))?\s*[(\[,:;]?\s*(?:n\s*=\s*)?$", re.I)
_COUNT_ONLY = re.compile(r"^\s*" + _COUNT + r"\s*$", re.I)


@dataclass(frozen=True)
class Fact:
    """One value as validation sees it. ``key`` is the finding key; ``span_*`` are offsets of the value's
    text inside ``evidence_text`` (its sentence)."""

    key: str
    metric: str
    value: float | None
    unit: str = ""
    not_reached: bool = False
    ci_low: float | None = None
    ci_high: float | None = None
    timepoint_months: float | None = None
    confidence: float = 1.0
    evidence_text: str = ""
    span_start: int = 0
    span_end: int = 0
    source: str = "abstract"  # abstract, body or table (a PDF table cell)

    @property
    def base_key(self) -> str:
        """The key without its ``#2``: values for the same fact share it."""
        return FactKey.decode(self.key).base.encode()

    @property
    def arm(self) -> str:
        return arm_and_subgroup(self.key)[0]

    @property
    def subgroup(self) -> str:
        return arm_and_subgroup(self.key)[1]

    @classmethod
    def of_finding(cls, key: str, f) -> "Fact":
        """From an extractor ``Finding`` not (yet) stored, as the store will see it (``Fact.of`` of its row)."""
        ev = f.evidence
        return cls(key=key, metric=f.metric, unit=f.unit, value=f.value, not_reached=f.not_reached,
                   ci_low=f.ci_low, ci_high=f.ci_high, timepoint_months=f.timepoint_months, confidence=f.confidence,
                   evidence_text=ev.text or "", span_start=max(ev.start - ev.sentence_start, 0),
                   span_end=max(ev.end - ev.sentence_start, 0), source=f.source_field)

    @classmethod
    def of(cls, key: str, row, *, value: float | None = None, not_reached: bool | None = None,
           use_extracted: bool = True) -> "Fact":
        """From a FindingRow (or anything with its attributes); ``value`` / ``not_reached`` override the
        extracted value (a curated value) when ``use_extracted`` is false."""
        start = (row.evidence_start or 0) - (row.sentence_start or 0)
        end = (row.evidence_end or 0) - (row.sentence_start or 0)
        return cls(key=key, metric=row.metric, unit=row.unit,
                   value=row.value if use_extracted else value,
                   not_reached=bool(row.not_reached if use_extracted else not_reached),
                   ci_low=row.ci_low, ci_high=row.ci_high, timepoint_months=row.timepoint_months,
                   confidence=row.confidence if use_extracted else 1.0, evidence_text=row.evidence_text or "",
                   span_start=max(start, 0), span_end=max(end, 0), source=getattr(row, "source_field", None) or "abstract")


class Planned:
    """A value as it will be stored: the attributes of ``row`` (a ``FindingRow``, or None for a new value) with
    ``changes`` over them, so validation reads what a save is about to write."""

    def __init__(self, row=None, **changes):
        self._row, self._changes = row, changes

    def __getattr__(self, name: str):
        if name in self._changes:
            return self._changes[name]
        if self._row is None:
            raise AttributeError(name)
        return getattr(self._row, name)


def validate_values(rows, checks: dict[str, list], settings: Settings | None = None) -> dict[str, list[Reason]]:
    """Reasons for one document's values as the store keeps them (``FindingRow`` or ``Planned``, in text order:
    the order the first value and duplicates are read in), by finding key. Each value is judged in force: the
    curator's value after accept / correct (confidence 1), none while rejected, else the extracted one. ``checks``
    are the study checks (``pipeline.link``) of each value, by finding key: a value another source gives alike
    has the confidence of the agreement; one another source contradicts, or a doubtful link, is a reason."""
    facts = []
    for r in rows:
        mine = curated(r)
        if mine is not None:
            facts.append(Fact.of(r.finding_key, r, value=mine[0], not_reached=mine[1], use_extracted=False))
        elif value_in_force(r) is not None:
            fact = Fact.of(r.finding_key, r)
            agreed = [c.confidence for c in checks.get(r.finding_key, []) if c.verdict == "agrees" and c.confidence]
            facts.append(dataclasses.replace(fact, confidence=max(agreed + [fact.confidence])))
    found = validate_document(facts, settings)
    return {r.finding_key: found.get(r.finding_key, []) + source_reasons(checks.get(r.finding_key, []))
            for r in rows}


def cell_text(value) -> str:
    """A value as a spreadsheet or table cell: '' for None, '12.5' not '12.50000001'-style floats."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fmt(value: float | None, not_reached: bool = False) -> str | None:
    """A value as curators read and write it: '12.5', 'not reached', or None. (Not 'NR': in tables of
    the field 'NR' as often means 'not reported'.)"""
    if not_reached:
        return "not reached"
    if value is None:
        return None
    return f"{value:g}"


def _label(metric: str) -> str:
    return LABELS.get(metric, metric)


def _unit(metric: str) -> str:
    return UNIT_SUFFIX[METRICS[metric].unit] if metric in METRICS else ""


def _show(metric: str, value: float | None, not_reached: bool = False) -> str:
    return f"{_label(metric)} {'not reached' if not_reached else (fmt(value) or '?') + _unit(metric)}"


# ---- one value --------------------------------------------------------------------------------------------
def check_value(metric: str, value: float | None, *, not_reached: bool = False, ci_low: float | None = None,
                ci_high: float | None = None, timepoint_months: float | None = None,
                settings: Settings | None = None) -> list[Reason]:
    """Range checks of a single value (also used on a curator's corrected value)."""
    st = settings or Settings()
    metric_of(metric)  # a metric the registry does not know raises here, naming it
    out: list[Reason] = []
    shown = _show(metric, value, not_reached)
    if value is None and not not_reached:
        out.append(Reason(code="value_missing", message=f"{_label(metric)} has no value"))
    if not_reached and metric not in NOT_REACHED_METRICS:
        out.append(Reason(code="not_reached_invalid", message=f"'not reached' is only for "
                          f"{' / '.join(_label(m) for m in NOT_REACHED_METRICS)}, not {_label(metric)}"))
    if value is not None:
        if metric in PERCENT_METRICS and not 0 <= value <= 100:
            out.append(Reason(code="percent_out_of_range", message=f"{shown} is outside 0-100%"))
        elif metric in MONTHS_METRICS and not 0 < value <= st.max_months:
            out.append(Reason(code="months_out_of_range",
                              message=f"{shown} is not a plausible duration (0-{st.max_months:g} months)"))
        elif metric in N_METRICS and (value != int(value) or not 1 <= value <= st.max_patients):
            out.append(Reason(code="n_not_positive_integer",
                              message=f"{shown} is not a positive whole number of patients (1-{st.max_patients})"))
        elif metric == "hr" and not 0 < value <= st.max_hazard_ratio:
            out.append(Reason(code="hr_out_of_range",
                              message=f"{shown} is outside 0-{st.max_hazard_ratio:g}"))
    if timepoint_months is not None and not 0 < timepoint_months <= st.max_months:
        out.append(Reason(code="timepoint_out_of_range",
                          message=f"landmark time {timepoint_months:g} months is outside 0-{st.max_months:g}"))
    if ci_low is not None and ci_high is not None:
        if ci_low > ci_high:
            out.append(Reason(code="ci_inverted", message=f"95% CI {ci_low:g}-{ci_high:g} has its bounds reversed"))
        elif value is not None and not not_reached and not ci_low <= value <= ci_high:
            out.append(Reason(code="ci_excludes_estimate",
                              message=f"95% CI {ci_low:g}-{ci_high:g} does not contain {shown}"))
        if metric in PERCENT_METRICS and (ci_low < 0 or ci_high > 100):
            out.append(Reason(code="ci_out_of_range", message=f"95% CI {ci_low:g}-{ci_high:g} is outside 0-100%"))
    return out


# ---- a document's values together ------------------------------------------------------------------------
def validate_document(facts: list[Fact], settings: Settings | None = None) -> dict[str, list[Reason]]:
    """Reasons for every fact of one document, by key (an empty list: nothing wrong)."""
    st = settings or Settings()
    reasons: dict[str, list[Reason]] = {f.key: [] for f in facts}
    for f in facts:
        reasons[f.key] += check_value(f.metric, f.value, not_reached=f.not_reached, ci_low=f.ci_low,
                                      ci_high=f.ci_high, timepoint_months=f.timepoint_months, settings=st)
        if f.confidence < st.min_confidence:
            reasons[f.key].append(_confidence_reason(f.confidence, st.min_confidence, f.source))
        count = _count_reason(f, st)
        if count:
            reasons[f.key].append(count)
    _duplicates(facts, reasons)
    first = _first_values(facts)
    _n_checks(first, reasons)
    _pairs(first, reasons)
    return reasons


def _first_values(facts: list[Fact]) -> dict[tuple, Fact]:
    """(arm, subgroup, metric, timepoint) -> the first fact stating it (duplicates are flagged apart)."""
    out: dict[tuple, Fact] = {}
    for f in facts:
        out.setdefault((f.arm, f.subgroup, f.metric, f.timepoint_months), f)
    return out


def _duplicates(facts: list[Fact], reasons: dict) -> None:
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        groups[f.base_key].append(f)
    for group in groups.values():
        if len(group) < 2:
            continue
        values = [(f.value, f.not_reached) for f in group]
        shown = ", ".join(fmt(v, nr) or "?" for v, nr in values)
        if len(set(values)) == 1:
            for f in group[1:]:
                reasons[f.key].append(Reason(code="duplicate_value", message=f"{_label(f.metric)} stated "
                                                                              f"{len(group)} times for the same arm: {shown}"))
        else:
            for f in group:
                reasons[f.key].append(Reason(code="conflicting_values",
                                             message=f"{len(group)} different {_label(f.metric)} values for "
                                                     f"the same arm: {shown}"))


def _n_checks(first: dict[tuple, Fact], reasons: dict) -> None:
    def get(arm, sub, metric):
        f = first.get((arm, sub, metric, None))
        return f if f is not None and f.value is not None else None

    enrolled = get("document", "", "n_enrolled")
    evaluable = get("document", "", "n_evaluable")
    if enrolled and evaluable and evaluable.value > enrolled.value:
        reasons[evaluable.key].append(Reason(code="n_evaluable_above_enrolled",
                                             message=f"evaluable N {evaluable.value:g} is above the "
                                                     f"{enrolled.value:g} enrolled"))
    for (arm, sub, metric, _), f in first.items():
        if metric != "n" or f.value is None:
            continue
        if sub:
            arm_n = get(arm, "", "n")
            if arm_n and f.value > arm_n.value:
                reasons[f.key].append(Reason(code="subgroup_n_above_arm_n",
                                             message=f"subgroup N {f.value:g} is above the arm's N {arm_n.value:g}"))
        elif enrolled and f.value > enrolled.value:
            reasons[f.key].append(Reason(code="arm_n_above_enrolled",
                                         message=f"arm N {f.value:g} is above the {enrolled.value:g} enrolled"))


def _pairs(first: dict[tuple, Fact], reasons: dict) -> None:
    """Values of one arm, subgroup and timepoint that must be ordered (the registry's ``at_most``): PFS <= OS,
    ORR <= DCR, CR rate <= ORR. A median "not reached" is above any reached one."""
    for (arm, sub, metric, tp), f in first.items():
        m = METRICS.get(metric)
        if m is None or m.at_most is None:
            continue
        hi = first.get((arm, sub, m.at_most, tp))
        if hi is None or hi.not_reached or hi.value is None:
            continue
        if f.not_reached or (f.value is not None and f.value > hi.value):
            at = f"{tp:g}-month " if tp is not None else ""
            msg = (f"{at}{_show(metric, f.value, f.not_reached)} is above {at}{_show(m.at_most, hi.value)}"
                   + (f" ({m.at_most_why})" if m.at_most_why else ""))
            for g in (f, hi):
                reasons[g.key].append(Reason(code=m.at_most_code, message=msg))


def stated_count(f: Fact) -> tuple[int, int] | None:
    """The "k of n" stated with a rate: in its own text ("zero of 19"), right after it ("15% (five of 34)")
    or right before it ("5/15 (33%)")."""
    from extractors.numwords import parse_number

    text, s, e = f.evidence_text, f.span_start, f.span_end
    if not text or e <= s or e > len(text):
        return None
    for m in (_COUNT_ONLY.match(text[s:e]), _COUNT_AFTER.match(text[e:e + 60]),
              _COUNT_BEFORE.search(text[max(0, s - 60):s])):
        if m:
            k, n = parse_number(m.group("k")), parse_number(m.group("n"))
            if k is not None and n and k <= n:
                return k, n
    return None


def _confidence_reason(confidence: float, threshold: float, source: str = "abstract") -> Reason:
    """Low confidence, with how often values of that confidence were right in the calibration (a table cell's
    confidence says how cleanly it was read: ``extractors.tables.cell_confidence``; no data calibrates it)."""
    message = f"extractor confidence {confidence:g} is below {threshold:g}"
    if source == "table":
        return Reason(code="low_confidence", message=f"table cell read with doubt: confidence {confidence:g} is "
                                                      f"below {threshold:g} (check the header, the printed value "
                                                      "and the row's study and arm against the PDF)")
    band = max((b for b in CONFIDENCE_BANDS if b[0] <= confidence), default=None)
    if band and band[1]:
        i = CONFIDENCE_BANDS.index(band)
        high = CONFIDENCE_BANDS[i + 1][0] if i + 1 < len(CONFIDENCE_BANDS) else 1.0
        low, values, right = band
        message += (f": values of confidence {low:.2f}-{high:.2f} were right {100 * right / values:.0f}% of the time "
                    f"({right} of {values}) on documents left out of the calibration")
    return Reason(code="low_confidence", message=message)


def source_reasons(checks) -> list[Reason]:
    """The check between sources (``pipeline.link``): a value another source of the same study gives
    differently (``sources_disagree``, naming both values and where each is), or a review row whose link to
    its paper is doubtful (``link_doubtful``). ``checks`` are the value's study checks, any order."""
    out = []
    for c in sorted(checks, key=lambda c: c.id or 0):
        if c.verdict == "disagrees":
            out.append(Reason(code="sources_disagree", message=c.note))
        elif c.verdict == "doubtful_link":
            out.append(Reason(code="link_doubtful", message=f"doubtful link to the cited paper: {c.note}"))
    return out


def _count_reason(f: Fact, st: Settings) -> Reason | None:
    if f.metric not in COUNT_METRICS or f.value is None:
        return None
    count = stated_count(f)
    if count is None:
        return None
    k, n = count
    pct = 100.0 * k / n
    if abs(pct - f.value) <= st.count_tolerance_pct:
        return None
    return Reason(code="percent_count_mismatch",
                  message=f"{_show(f.metric, f.value)} disagrees with the stated {k} of {n} ({pct:.1f}%)")
