"""Abstract extraction: regimens, arms, sample sizes and the outcomes of ``schemas.metrics`` (ORR, DCR, median
PFS / OS, landmark rates, CR rate, median DoR, HRs) with evidence.

Public API (pure functions; "nothing found" is ``[]``, never an exception):

- ``extract(text) -> list[Finding]``
- ``summarize(title, abstract) -> dict``: the arm-summary object of ``shared/eval/arm_summary.md`` without "id"
- ``analyze(title, abstract, mesh_terms=None) -> (list[Finding], dict)``: both from one pass over the text
- ``about_cancer(text, mesh_terms=None) -> bool``: whether a record is about a cancer or its treatment (a record
  that is not gives no arms)
- ``EXTRACTOR_NAME``, ``EXTRACTOR_VERSION``: stored with every finding; the version changes whenever
  behaviour changes, so the store knows what to re-extract.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from schemas.findings import ArmSummary, DocumentSummary, Evidence, Finding, SubgroupSummary
from schemas.metrics import metric as metric_of

from . import confidence
from .grammar import pattern
from .text import normalize, split_sentences

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract", "summarize", "analyze", "about_cancer", "gives_arms"]

EXTRACTOR_NAME = "evidence.abstract_rules"
EXTRACTOR_VERSION = "0.13.0"

#: Above this many characters spaCy is skipped (abbreviations and dictionary drugs are not used);
#: regular expressions still run. Abstracts are a few thousand characters.
MAX_NLP_CHARS = 100_000
#: Texts longer than this are not abstracts; only their beginning is read.
MAX_CHARS = 400_000
#: Findings below this confidence are kept (for review) but not written into the arm summary. The summary flags
#: what is doubtful (``needs_review``); only values wrong about three times in four are left out.
SUMMARY_MIN_CONFIDENCE = 0.25

log = logging.getLogger(__name__)
#: A methods section heading; numbers in the background before it belong to other studies.
_METHODS_HEADING = re.compile(r"(?:^|\n|\.\s)\s*(?:Patients? and [Mm]ethods|Materials? and [Mm]ethods|Methods?|METHODS?|Methodology|Experimental [Dd]esign|Patients|PATIENTS)\s*[:.\n]")
_OWN_STUDY = re.compile(r"\b(?:we|our|this|present|current)\b", re.IGNORECASE)
_PAREN_SHORT = re.compile(r"\(\s*[A-Za-z0-9\u03b1][^()\s]{0,12}\s*[);,]")
#: A text with no number (a digit, found fast; else a number word) has no value and no sample size.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)\b", re.I)
#: A regimen named after these words is not the study's treatment ("mostly platinum-based regimens").
_HEDGE = re.compile(r"\b(?:mostly|mainly|predominantly|primarily|various|e\.g\.|such as)\s+(?:\w+\s+)?$", re.IGNORECASE)


def about_cancer(text: str, mesh_terms: list[str] | None = None) -> bool:
    """Whether a record is about a cancer or its treatment, as the record says: its MeSH headings when it has
    any (extractors.grammar "neoplasm_mesh"), else its title and abstract: a cancer named ("cancer_term"), or a
    drug of the project's anticancer vocabulary (data/drug_synonyms.json "names")."""
    from .vocab import drug_synonyms, drug_name_re

    if mesh_terms:
        return any(pattern("neoplasm_mesh").search(m) for m in mesh_terms)
    if pattern("cancer_term").search(text):
        return True
    names = drug_synonyms()["names"]
    return any(m.group().lower() in names for m in drug_name_re().finditer(text))


def extract(text: str) -> list[Finding]:
    """Findings of one text (an abstract); offsets are into ``text``."""
    return analyze(None, text)[0]


def summarize(title: str | None, abstract: str) -> dict:
    """The arm summary (n_enrolled, n_evaluable, arms, hazard_ratios) of one abstract."""
    return analyze(title, abstract)[1]


def gives_arms(title: str, text: str, mesh_terms: list[str] | None = None) -> bool:
    """Whether a record's treatments are read as arms: an untitled text is read as it is (it may be one section of
    a known paper); a record with a title or MeSH headings only when it is about a cancer (``about_cancer``).
    ``text``: the record's title and abstract."""
    return not (title.strip() or mesh_terms) or about_cancer(text, mesh_terms)


def analyze(title: str | None, abstract: str, mesh_terms: list[str] | None = None) -> tuple[list[Finding], dict]:
    """Findings (offsets into ``abstract``) and the arm summary, from one pass over the text.

    ``mesh_terms``: the record's MeSH headings, if it has any. A record (a title, or MeSH headings, with the
    abstract) that is not about a cancer or its treatment (``about_cancer``) gives its sample size only: no arms
    and no outcome values. An untitled text is read as it is (it may be one section of a known paper).
    """
    return _analyze(title or "", abstract or "", mesh_terms)


# ------------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    text: str  # normalised title + abstract
    raw: str  # original title + abstract
    prefix: int  # length of the title part (offsets of findings subtract it)
    sentences: list[tuple[int, int]]


def _analyze(title: str, abstract: str, mesh_terms: list[str] | None = None) -> tuple[list[Finding], dict]:
    if not isinstance(abstract, str) or not abstract.strip():
        return [], DocumentSummary().model_dump()
    abstract = abstract[:MAX_CHARS]
    title = title[:2000] if isinstance(title, str) else ""
    sep = "\n\n" if title.strip() else ""
    raw = (title + sep if sep else "") + abstract
    prefix = len(raw) - len(abstract)
    if not _DIGIT.search(abstract) and not _NUMBER_WORD.search(abstract):
        return [], DocumentSummary().model_dump()
    text = normalize(raw)
    all_sentences = split_sentences(text)
    sentences = [(s, e) for s, e in all_sentences if e > prefix]
    ctx = _Ctx(text, raw, prefix, sentences)
    if not gives_arms(title, text, mesh_terms):
        # a thyroid hormone or smoking-cessation trial: its drugs are no arms, its values no outcomes of ours
        from .sample_size import sample_sizes

        ss = sample_sizes(abstract)
        findings = confidence.scored(_sample_size_findings(ctx, ss, [], False), abstract, 0)
        return findings, _summary(ss, [], findings)

    from .arms import detect_arms, main_regimen
    from .drugs import find_drug_mentions, group_regimens
    from .outcomes import find_hrs, sentence_values

    # spaCy (tokenizer + AbbreviationDetector) reads only the sentences that can define an
    # abbreviation ("... (CAPTEM)"): the detector's output is a short form -> long form map
    doc = None
    defs = "\n\n".join(text[s:e] for s, e in all_sentences if _PAREN_SHORT.search(text, s, e))
    if defs and len(defs) <= MAX_NLP_CHARS:
        from .nlp import parse

        doc = parse(defs)
    regs_all = [r for r in group_regimens(text, find_drug_mentions(text, doc))
                if not _HEDGE.search(text[max(0, r.start - 25):r.start])]
    from .arms import label_mentions

    regs_all = label_mentions(text, all_sentences, regs_all)  # "arm A", "the 20-mg arm", "HDX" defined in the text
    title_regs = [r for r in regs_all if r.end <= prefix]
    regs = [r for r in regs_all if r.start >= prefix]

    values = []  # (sentence index, RawValue)
    hrs = []
    methods = _METHODS_HEADING.search(text, prefix)
    for i, (s, e) in enumerate(sentences):
        if s < prefix:
            continue
        if methods and e <= methods.start() + 2 and not _OWN_STUDY.search(text, s, e):
            continue  # background before the methods: values there are other studies
        sent = text[s:e]
        spans = [(r.start, r.end) for r in regs_all if s <= r.start < e]
        for v in sentence_values(sent, s, spans):
            values.append((i, v))
        for h in find_hrs(sent, s):
            hrs.append((i, h))

    # the title takes part: "A versus B" or "A or B" there names the arms
    title_sentences = [(s, min(e, prefix)) for s, e in all_sentences if s < prefix]
    arms = detect_arms(text, title_sentences + sentences, regs_all,
                       _value_pairs(text, regs, values) + _value_lists(text, sentences, regs, values),
                       [sentences[i] for i in sorted({i for i, _ in values})])
    multi = len(arms) >= 2
    main = main_regimen(title_regs, regs, {i for i, _ in values}, sentences)
    if not multi and main is not None and (not arms or main.key != arms[0].key and arms[0].signals <= {"contrast"}):
        # single-arm study: the regimen the title (or the abstract, most often) names
        from .arms import Arm

        arms = [Arm(main.key, _label_for(regs_all, main), main.components, main.start)]
    from .sample_size import arm_counts, sample_sizes, vet_arm_sizes

    counts = arm_counts(text, sentences)  # arms' sizes listed side by side
    vet_arm_sizes(counts, arms, regs_all)  # an event count, or another arm's size, is no arm's n
    ss = sample_sizes(abstract)
    # the study's size: a group counted smaller than it is a subgroup ("Among 42 patients with pNET, ...")
    total = max([n for n in (ss.n_enrolled, *(a.n for a in arms)) if n] or [0]) or None
    findings = _resolve(ctx, arms, multi, main, regs, regs_all, values, hrs, total)
    findings.extend(_sample_size_findings(ctx, ss, arms, multi, regs_all, counts, findings))
    # each finding's confidence: the fitted scorer over what is known of it now (extractors.confidence)
    findings = confidence.scored(findings, abstract, sum(not a.pooled for a in arms),
                                 {c for r in title_regs for c in r.components})
    summary = _summary(ss, arms, findings)
    return findings, summary


#: A value's target naming an earlier treatment, not the arm it was given in ("in those with prior everolimus").
_PRIOR = re.compile(r"(?i)\b(?:prior|previous|previously|pretreated|pre-treated|after|following|failure|refractory|resistant)\b")


def _value_pairs(text: str, regs, values) -> list:
    """Regimens one sentence gives values of one measure for, side by side: '9.8 months with A and 5.2 months
    with B', '40 weeks in the A group and 31 weeks in the B group'. Two or more distinct regimens -> arms."""
    by_sent: dict = {}
    for i, v in values:
        if v.target is None or v.target_kind not in ("after", "before", "paren", "label"):
            continue
        t0, t1 = v.target
        if _PRIOR.search(text, t0, t1):
            continue
        hit = [r for r in regs if r.start < t1 and r.end > t0]
        if len(hit) == 1:
            by_sent.setdefault((i, v.metric, v.timepoint), []).append(hit[0])
    out = []
    for hits in by_sent.values():
        keys = {frozenset(r.components) if r.components else r.text.lower() for r in hits}
        if len(keys) >= 2:
            out.extend(_whole_regimen(r, hits, regs) for r in hits)
    return out


#: After a drug's name: a class of regimens, not one arm ("cisplatin-based regimens", "cisplatin first-line regimens").
_CLASS_AFTER = re.compile(r"(?i)\s*-?\s*(?:based|containing)\b|\s+(?:[\w-]+\s+)?regimens\b")


def _redefined(text: str, r, regs) -> bool:
    """An acronym the text defines for other drugs than the ones it was read as: "paclitaxel plus carboplatin (TC)"
    where TC was read as docetaxel + cyclophosphamide. Such a mention lines up no list."""
    if not re.fullmatch(r"[A-Z][A-Za-z0-9-]{0,7}", r.text) or not r.text[1:2].isupper():
        return False
    defined = re.compile(r"\(\s*" + re.escape(r.text) + r"\s*$")
    for m in re.finditer(r"\(\s*" + re.escape(r.text) + r"\s*[),;]", text):
        x = next((x for x in reversed(regs) if x.components and x.start < m.start() and (
            0 <= m.start() - x.end <= 3 or x.end >= m.start() + 1 and defined.search(x.text))), None)
        if x is not None and x.key != r.key:
            return True
    return False


def _value_lists(text: str, sentences, regs, values) -> list:
    """Regimens a list of values lines up with, in order of mention: 'Median PFS was 2.8 and 2.6 months in the A and
    B arms, respectively', 'A and B gave a response rate of 40% versus 20%'. The sentence names as many distinct
    regimens as the list has values, and says it is a list ('respectively') or a comparison ('versus'); each is an arm."""
    from .arms import arm_key
    from .attribution import coordinated_parts

    by_list: dict = {}
    for i, v in values:
        if v.list_len and v.list_len >= 2 and v.target is None:
            by_list.setdefault((i, v.metric, v.timepoint, v.list_len), []).append(v)
    out = []
    for (i, _, _, k), vs in by_list.items():
        s, e = sentences[i]
        if len(vs) != k or not (any(v.compared for v in vs) or pattern("respectively").search(text, s, e)):
            continue
        named = []
        for r in regs:
            if s <= r.start < e and not _PRIOR.search(text, max(s, r.start - 25), r.start) and not _CLASS_AFTER.match(
                    text, r.end) and not _redefined(text, r, regs):
                if all(arm_key(x) != arm_key(r) for x in named):
                    named.append(r)
        if len(named) < k:  # "in the A and B arms", read as one regimen 'A + B': one arm per drug
            split = [p for r in named for p in (coordinated_parts(text, r) or [r])]
            named = split if len({arm_key(p) for p in split}) == len(split) else named
        if len(named) == k:
            out.extend(named)
    return out


def _whole_regimen(r, pair, regs):
    """'in the cisplatin arm' of a trial of capecitabine plus cisplatin or capecitabine plus paclitaxel: the arm is
    the first regimen the text names that contains the drug and none of the other side's."""
    if not r.components:
        return r
    others = [x for x in pair if x.key != r.key]
    if any(o.label is not None and not o.components for o in others):
        return r  # the other arm is known by a label ("in the XY group"): its drugs tell nothing
    for x in regs:
        if r.key < x.key and not any(o.key and o.key <= x.key for o in others):
            return x
    return r


def _sample_size_findings(ctx, ss, arms, multi, regs=(), counts=(), found=()) -> list[Finding]:
    """Document-level n (from extractors.sample_size), the n of arms whose sizes one sentence lists side by side
    (``counts``, from extractors.sample_size.arm_counts), the n of a single-arm study or pooled pseudo-arm, and the
    n of subgroups that the findings ``found`` give values of but no size (extractors.sample_size.subgroup_counts)."""
    from .attribution import fixed_confidence
    from .sample_size import SUBGROUP_COUNT_CONFIDENCE, attach_arm_counts, has_arm_split, subgroup_counts

    out = []
    sized_subgroups = {(f.arm, f.subgroup) for f in found if f.subgroup and f.metric == "n"}
    unsized = {}  # subgroup name -> its arm, for subgroups of one arm only
    for f in found:
        if f.subgroup and (f.arm, f.subgroup) not in sized_subgroups:
            unsized.setdefault(f.subgroup, set()).add(f.arm)
    by_label = {a.label: a for a in arms}
    body = ctx.text[ctx.prefix:]
    for name, (value, start, end) in subgroup_counts(body, [k for k, v in unsized.items() if len(v) == 1],
                                                     ss.n_enrolled).items():
        arm = by_label.get(next(iter(unsized[name])))
        i = next((j for j, (s, e) in enumerate(ctx.sentences) if s <= start + ctx.prefix < e), None)
        if arm is not None and i is not None:
            out.append(_n_finding(ctx, arm, value, (start + ctx.prefix, end + ctx.prefix), i, SUBGROUP_COUNT_CONFIDENCE,
                                  subgroup=name, route="subgroup_count"))
    sized = set()
    for a, c in attach_arm_counts(counts, arms, regs, ss.n_enrolled):
        i = next((j for j, (s, e) in enumerate(ctx.sentences) if s <= c.start < e), None)
        if i is not None:
            sized.add(id(a))
            out.append(_n_finding(ctx, a, c.value, (c.start, c.end), i, c.confidence, route=f"sample_size.{c.rule}"))
    split = has_arm_split(counts, regs)  # sizes of two arms listed: the study's total is no one arm's n
    for kind, value in (("enrolled", ss.n_enrolled), ("evaluable", ss.n_evaluable)):
        if value is None:
            continue
        ms = [m for m in ss.evidence if m.value == value]
        if not ms:
            continue
        m = max(ms, key=lambda x: (x.kind == kind, x.confidence))
        start, end = m.start + ctx.prefix, m.end + ctx.prefix
        i = next((j for j, (s, e) in enumerate(ctx.sentences) if s <= start < e), None)
        if i is None:
            continue
        out.append(Finding(metric=f"n_{kind}", value=float(value), unit="patients", evidence=_evidence(ctx, start, end, i),
                           rule=f"sample_size.{m.rule}|n", extractor=EXTRACTOR_NAME,
                           extractor_version=EXTRACTOR_VERSION, confidence=round(float(m.confidence), 3)))
        if kind == "enrolled" or ss.n_enrolled is None and m.rule == "evaluated_for":
            # a randomised trial's total belongs to all its arms, not to the one arm we could name; with no
            # enrolment written, patients told as all assessed are the study's ("All 51 patients were assessed for
            # efficacy"), unlike a count of those who qualified ("84 patients were assessable")
            randomised = pattern("randomised").search(ctx.text, ctx.prefix) is not None
            for a in arms:
                if a.n is None and id(a) not in sized and (a.pooled or not multi and not randomised and not split):
                    out.append(_n_finding(ctx, a, value, (start, end), i, fixed_confidence("arm_n_enrolled"),
                                          route="arm_n_enrolled"))
    return out


def _label_for(regs, main) -> str:
    from .arms import _label

    return _label(regs, main.key)


# ------------------------------------------------------------------------------------------------
# resolution of values to arms / subgroups
# ------------------------------------------------------------------------------------------------


def _resolve(ctx: _Ctx, arms, multi, main, regs, regs_all, values, hrs, total=None) -> list[Finding]:
    """Findings of the values (placed by extractors.attribution), the HRs and the arms' n. ``total``: the study's
    size, if known (the largest of its n enrolled and its arms' n)."""
    from .attribution import Scene, attribute, fixed_confidence, penalty, route_defaults

    out = attribute(Scene(ctx, arms, multi, main, regs, regs_all, values, total))

    # one sentence giving two different values for one (arm, subgroup, metric, timepoint): ambiguous, drop both
    groups: dict = {}
    for d in out:
        v = d["v"]
        groups.setdefault((d["sent"], id(d["arm"]), d["subgroup"], v.metric, v.timepoint, v.not_reached), set()).add(v.value)
    out = [d for d in out if len(groups[(d["sent"], id(d["arm"]), d["subgroup"], d["v"].metric, d["v"].timepoint,
                                         d["v"].not_reached)]) == 1]
    # conflicts across sentences: one (arm, subgroup, metric, timepoint) with different values -> keep the first
    seen: dict = {}
    sub_n: set = set()
    findings: list[Finding] = []
    for d in out:
        v = d["v"]
        k = (id(d["arm"]), d["subgroup"], v.metric, v.timepoint)
        if k in seen:
            prev = seen[k]
            if prev.not_reached == v.not_reached and (prev.value == v.value):
                continue
            d["conf"] -= penalty("conflict")
            d["route"] = "conflict"
        else:
            seen[k] = v
        findings.append(_finding(ctx, d["arm"], d["subgroup"], v, d["conf"], d["sent"], d["route"]))
        if d["subgroup"] and (v.n or v.group_n) and (d["subgroup"], id(d["arm"])) not in sub_n:
            sub_n.add((d["subgroup"], id(d["arm"])))
            conf = round(min(route_defaults()["subgroup_n_max"], d["conf"]), 3)
            findings.append(_n_finding(ctx, d["arm"], v.n or v.group_n, (v.start, v.end), d["sent"], conf,
                                       subgroup=d["subgroup"], route="subgroup"))
    if not any(f.metric == "orr" for f in findings):
        findings.extend(_orr_from_counts(ctx, arms, multi))
    for i, h in hrs:
        if h.endpoint is None:
            continue
        findings.append(_hr_finding(ctx, h, i))
    # arm n
    for a in arms:
        if a.n is not None and a.n_span is not None:
            i = next((j for j, (s, e) in enumerate(ctx.sentences) if s <= a.n_span[0] < e), None)
            if i is not None:
                route = "arm_n_" + ("cohort" if a.signals & {"cohort_n", "paren_n", "alloc_n"} else "other")
                findings.append(_n_finding(ctx, a, a.n, a.n_span, i, fixed_confidence(route), route=route))
    return findings


_PR_COUNT = re.compile(
    r"\b(?:of|among|in)\s+(?:the\s+)?(?P<n>\d+)\s+(?:evaluable|assessable|analy[sz]able|measurable)?\s*(?:patients|cases)[^.;]{0,20}?,?\s*"
    r"(?P<x>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)\s+"
    r"(?:patients?\s+)?(?:(?:had|obtained|achieved|showed|experienced)\s+(?:an?\s+)?)?partial responses?",
    re.IGNORECASE,
)


def _orr_from_counts(ctx, arms, multi) -> list[Finding]:
    """'Of the 12 evaluable patients, 5 obtained a partial response' (no complete response): ORR = 5/12."""
    from .attribution import fixed_confidence
    from .outcomes import RawValue, number_word

    if multi or len(arms) != 1 or re.search(r"(?i)complete respon", ctx.text[ctx.prefix:]):
        return []
    for i, (s, e) in enumerate(ctx.sentences):
        m = _PR_COUNT.search(ctx.text, s, e)
        if m:
            n, x = int(m.group("n")), number_word(m.group("x"))
            if x is None or not n or x > n:
                continue
            v = RawValue("orr", round(100.0 * x / n, 1), m.start(), m.end(), computed=True, n=n,
                         confidence=fixed_confidence("pr_count"))
            return [_finding(ctx, arms[0], None, v, v.confidence, i, "pr_count")]
    return []


def _evidence(ctx: _Ctx, start: int, end: int, i: int) -> Evidence:
    s, e = ctx.sentences[i]
    p = ctx.prefix
    return Evidence(text=ctx.raw[s:e], start=max(0, start - p), end=max(0, end - p),
                    sentence_start=max(0, s - p), sentence_end=max(0, e - p))


def _arm_fields(arm) -> dict:
    if arm is None:
        return dict(arm=None, arm_components=(), pooled=False)
    return dict(arm=arm.label, arm_components=tuple(arm.components), pooled=arm.pooled)


#: registry family -> the family a finding's rule names (route|family; a feature of extractors.confidence)
_CONFIDENCE_FAMILY = {"count": "n", "rate": "response", "median": "median", "landmark": "rate", "ratio": "hr"}


def _family(metric: str, computed: bool = False, not_reached: bool = False) -> str:
    fam = _CONFIDENCE_FAMILY[metric_of(metric).family]
    if fam == "n":
        return "n"
    if not_reached:
        return "not_reached"
    if computed:
        return "computed"
    return fam


def _finding(ctx, arm, subgroup, v, conf, i, route="single") -> Finding:
    from .attribution import penalty

    metric = v.metric
    unit = metric_of(metric).unit  # an unknown metric raises here, naming it
    if v.computed:
        conf -= penalty("computed")
    family = _family(metric, v.computed, v.not_reached)
    return Finding(rule=f"{route}|{family}",
        metric=metric, value=v.value, unit=unit, subgroup=subgroup, timepoint_months=v.timepoint,
        ci_low=v.ci[0] if v.ci else None, ci_high=v.ci[1] if v.ci else None, p_value=v.p,
        not_reached=v.not_reached, computed=v.computed, evidence=_evidence(ctx, v.start, v.end, i),
        extractor=EXTRACTOR_NAME, extractor_version=EXTRACTOR_VERSION,
        confidence=round(min(0.99, max(0.05, conf)), 3), **_arm_fields(arm),
    )


def _hr_finding(ctx, h, i) -> Finding:
    from .attribution import fixed_confidence

    route = "hr_ci" if h.ci else "hr"
    return Finding(
        metric="hr", value=h.value, unit="ratio", endpoint=h.endpoint,
        ci_low=h.ci[0] if h.ci else None, ci_high=h.ci[1] if h.ci else None, p_value=h.p,
        evidence=_evidence(ctx, h.start, h.end, i), extractor=EXTRACTOR_NAME, extractor_version=EXTRACTOR_VERSION,
        confidence=fixed_confidence(route), rule=route + "|hr",
    )


def _n_finding(ctx, arm, n, span, i, conf, subgroup=None, route="arm_n") -> Finding:
    return Finding(rule=f"{route}|n",
        metric="n", value=float(n), unit="patients", subgroup=subgroup, evidence=_evidence(ctx, span[0], span[1], i),
        extractor=EXTRACTOR_NAME, extractor_version=EXTRACTOR_VERSION, confidence=conf, **_arm_fields(arm),
    )


# ------------------------------------------------------------------------------------------------
# the arm summary
# ------------------------------------------------------------------------------------------------


def _summary(ss, arms, findings) -> dict:
    hazard_ratios = []
    by_arm: dict[str, dict] = {}
    order = []
    for a in sorted(arms, key=lambda a: a.first):
        d = ArmSummary(regimen=a.label, components=list(a.components), pooled=a.pooled, n=a.n).model_dump()
        by_arm[a.label] = d
        order.append(a.label)
    for f in findings:
        m = metric_of(f.metric)
        if m.document_level:
            continue
        if m.family == "ratio":
            if f.confidence >= SUMMARY_MIN_CONFIDENCE and f.value is not None:
                hazard_ratios.append(dict(endpoint=f.endpoint, hr=f.value,
                                              ci=[f.ci_low, f.ci_high] if f.ci_low is not None else None, p=f.p_value))
            continue
        if f.arm not in by_arm or f.confidence < SUMMARY_MIN_CONFIDENCE:
            continue
        d = by_arm[f.arm]
        if f.subgroup:
            sg = next((x for x in d["subgroups"] if x["name"] == f.subgroup), None)
            if sg is None:
                sg = SubgroupSummary(name=f.subgroup).model_dump()
                d["subgroups"].append(sg)
            _put(sg, f, subgroup=True)
        else:
            _put(d, f)
    doc = DocumentSummary(n_enrolled=ss.n_enrolled, n_evaluable=ss.n_evaluable,
                          arms=[by_arm[k] for k in order], hazard_ratios=hazard_ratios)
    return doc.model_dump()


def _put(d: dict, f: Finding, subgroup: bool = False) -> None:
    """Fill the summary field of finding ``f`` (``schemas.metrics``) in arm or subgroup ``d``, first value wins."""
    m = metric_of(f.metric)
    if m.family == "count":
        if d.get(m.summary_field) is None:
            d[m.summary_field] = int(f.value)
    elif m.family == "rate":
        if d.get(m.summary_field) is None:
            d[m.summary_field] = f.value
    elif m.family == "median":
        if f.not_reached:
            d[m.not_reached_field] = True
        elif d.get(m.summary_field) is None:
            d[m.summary_field] = f.value
            if not subgroup and f.ci_low is not None:
                d[m.ci_field] = [f.ci_low, f.ci_high]
    elif m.family == "landmark" and not subgroup:
        lst = d[m.summary_field]
        if not any(r["months"] == f.timepoint_months for r in lst):
            lst.append(dict(months=f.timepoint_months, pct=f.value))
