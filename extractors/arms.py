"""Treatment arms of a study: which regimens are compared or reported as cohorts, and their n.

Pure functions over the normalised text and its regimen mentions. Signals, in order of trust:
- a cohort count right after a regimen: "CAPTEM (n = 20)", "PRRT; n = 10)";
- a list of regimens with counts 'respectively': "A and B were given to 38 and 100 patients, respectively",
  "... for four, two and five patients, respectively";
- "94 (A) patients and 153 (B) patients"; "214 were allocated to A and 213 to B";
- a contrast: "randomized to A or B", "A versus B", "compared A with B", "treated with A or B".
Arms known by a label instead of a drug list ("arm A", "the 20-mg arm", "the control group", "HDX" defined in the
abstract) come in as label mentions (``label_mentions``) and take the same signals, plus "label_alloc" and
"label_values" (two labels named in one allocation sentence, or in one sentence giving values).
With fewer than two arms the study is single-arm and its regimen is the one the title names, or the one
the abstract names most.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .drugs import DOSE, RegimenMention, list_of_alternatives_end
from .grammar import ARM_ROLES, LABEL_ACRONYM_STOP, LABEL_NOT_ARM, LABEL_STOPWORDS, pattern
from .outcomes import number_word

from .numwords import WORD_NUMBER_PATTERN

NUMBER = rf"(?:\d+|{WORD_NUMBER_PATTERN})"


@dataclass
class Arm:
    key: frozenset
    label: str
    components: tuple[str, ...]
    first: int
    n: int | None = None
    n_span: tuple[int, int] | None = None
    pooled: bool = False
    signals: set = field(default_factory=set)
    aliases: set = field(default_factory=set)  # "experimental" for "X (experimental arm; n = 258)"


def _word_number(s: str) -> int | None:
    v = number_word(s)
    return int(v) if v is not None else None


_COHORT_N = re.compile(
    rf"\s*\)?\s*(?:(?:alone|monotherapy)\s*)?(?:{DOSE}\s*)?(?:(?:[A-Z]{{1,4}}|arm|group|regimen|therapy|treatment|chemotherapy|cohort)\s*)?(?:\(\s*|[;,]\s*)(?:[A-Za-z0-9\-]{{1,12}}(?:\s+[A-Za-z0-9\-]{{1,12}}){{0,2}}\s*[;,]\s*)?(?:n\s*=\s*(?P<n>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)|(?P<n2>\d+)\s+(?:patients|pts|cases)\s*[;,)])",
    re.IGNORECASE,
)
#: A sentence about outcomes: its counts are events, not arm sizes.
_OUTCOME_WORDS = re.compile(r"(?i)surviv|died|death|respon|toxicit|adverse|grade|progress")
_RESP_NUM = re.compile(rf"(?<![\w.])(?P<v>{NUMBER})(?!\s*(?:%|\.\d|mg|months?|years?|weeks?|days?|cycles?|-year))(?![\w.])", re.IGNORECASE)
_ALLOC = re.compile(
    rf"(?P<a>{NUMBER})\s+(?:patients\s+)?(?:were|was)?\s*(?:randomly\s+)?(?:(?:allocated|assigned|randomi[sz]ed)\s+to|received|(?:were\s+)?treated with|were given)\s+(?P<r1>[^,;]{{2,60}}?)\s+and\s+(?P<b>{NUMBER})\s+(?:(?:patients|women|men|subjects)\s+)?(?:(?:were|was)\s+)?(?:(?:randomly\s+)?(?:allocated|assigned|randomi[sz]ed)\s+to|received|treated with|given|with|to)\s+(?P<r2>[^,;.]{{2,60}})",
    re.IGNORECASE,
)
_ALIAS = re.compile(r"\s*\)?\s*\((?:the\s+)?(?P<alias>[A-Za-z]+(?:-[A-Za-z]+)?)\s+(?:group|arm)\b", re.IGNORECASE)
#: A sentence that compares "A with or without B" as arms (not an arm's own description).
_OPTIONAL_CUE = re.compile(r"(?i)randomi[sz]|randomly|assigned|allocated|compar|versus|\bvs\b|\barms?\b|trial\b")
_ALLOC_CUE = re.compile(r"allocated|assigned|randomi[sz]ed|received|treated with|given")
_TREATED_N = re.compile(rf"\bof\s+(?:the\s+)?(?P<a>\d+)\s+patients\s+(?:treated|given|receiving|who received)\s+(?:with\s+)?", re.IGNORECASE)
_NUM_PAREN_REG = re.compile(rf"(?P<a>{NUMBER})\s*\((?P<r>[^()]{{2,30}})\)\s*(?:patients|pts|cases)", re.IGNORECASE)
_CONTRAST_GAP = re.compile(
    r"^\s*\)?\s*(?:alone\s*|monotherapy\s*)?(?:" + DOSE + r"(?:\s+(?:daily|weekly|orally|once daily|twice daily|every \d+ (?:days|weeks)))?\s*)?(?:\([^()]{0,30}\)\s*)?(?:,?\s*or(?: with)?|vs\.?|versus|v\.?|compared (?:with|to)|to|with)\s*(?:either\s+)?(?:the\s+)?"
    r"(?:(?:surgery|resection|radiotherapy|radiation)\s+(?:plus|and|with|followed by)\s+(?:adjuvant\s+|maintenance\s+)?)?$",
    re.IGNORECASE,
)
#: (A leading (?=[...]) in these cues: the letters their words start with, a cheap first check at each position.)
_CONTRAST_CUE = re.compile(r"(?=[rcvtae])(?:randomi[sz]|randomly|compar|versus|\bvs\b|treated with|received|receiving|administered|either|allocated|assigned)", re.IGNORECASE)


#: A regimen written as one token: "TEM-CAP", "STZ/5-FU", "EPI-TAM".
_ONE_TOKEN_REGIMEN = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[-/+][A-Z0-9][A-Za-z0-9]*)+")


def _mention_label(r: RegimenMention) -> tuple[str, bool]:
    """'FOLFIRI + bevacizumab' for '5-FU and irinotecan (FOLFIRI) bevacizumab'; (label, uses an acronym)."""
    if _ONE_TOKEN_REGIMEN.fullmatch(r.text):
        return r.text, True  # written as one token: "TEM-CAP", "STZ/5-FU", "EPI-TAM"
    acr = [d for d in r.drugs if (d.kind in ("regimen", "doc_abbrev") or d.text.isupper() and len(d.text) >= 3)
           and len(d.components) >= 1]
    covered: set = set()
    parts: list[str] = []
    for d in sorted(acr, key=lambda d: -len(d.components)):
        if set(d.components) - covered:
            parts.append(d.text)
            covered.update(d.components)
    for c in r.components:
        if c not in covered:
            parts.append(c)
            covered.add(c)
    return " + ".join(parts), bool(acr)


def _label(regs: list[RegimenMention], key: frozenset) -> str:
    """How the text names the regimen: its acronym(s) plus any other drug, else the drug names."""
    cands = [r for r in regs if r.key == key and r.components]
    if not cands:
        return " + ".join(sorted(key))
    labels = [_mention_label(r) for r in cands]
    with_acr = [lab for lab, a in labels if a]
    return min(with_acr, key=len) if with_acr else labels[0][0]


#: The key of the placebo arm (extractors.arms.arm_key of a "placebo" mention).
PLACEBO_KEY = frozenset(["regimen:placebo"])


def nodrug_label(r: RegimenMention) -> str:
    t = r.text.strip()
    if re.search(r"(?i)best supportive care|\bBSC\b", t):
        return "BSC"
    if re.search(r"(?i)placebo", t):
        return "placebo"
    return re.sub(r"(?i)^no (?:further |adjuvant |maintenance )?", "no ", re.sub(r"(?i)\s+(?:alone|only)$", "", t)).lower()


def arm_key(r: RegimenMention) -> frozenset:
    if r.arm_id is not None:
        return r.arm_id  # a label mention: the arm its label names
    return r.key if r.components else frozenset(["regimen:" + nodrug_label(r).lower()])


def _add(arms: dict, regs, r: RegimenMention, signal: str, n=None, span=None):
    if not r.components and not r.text:
        return
    key = arm_key(r)
    arm = arms.get(key)
    if arm is None:
        lettered = r.label is not None and r.label.lower().startswith(("arm ", "group ", "cohort "))
        name = r.label if r.label and not (r.components and lettered) else \
            _label(regs, key) if r.components else nodrug_label(r)
        arm = Arm(key, name, r.components or r.stands_for, r.start)
        if _placebo_combination(r):  # "placebo plus C": the placebo arm, C its partner
            arm.label = "placebo + " + name
            arm.aliases.add("placebo")
        arms[key] = arm
    elif not arm.components and r.stands_for and r.arm_id == key:  # "the 20-mg arm" first, "A 20 mg (n = 55)" later
        arm.components, arm.label = r.stands_for, r.label or arm.label
    arm.signals.add(signal)
    if n is not None and arm.n is None:
        arm.n, arm.n_span = n, span


def _count_list(arms: dict, regs, text: str, s: int, in_s: list[RegimenMention]) -> None:
    """Cohorts counted by treatment in one list, from its first item that says how they were treated: "Of 120
    patients, 50 received A, 40 received B and 30 received C", "50 were treated with A, 40 with B and 30 with C"
    (grammar "cohort_count_before"). Each is an arm with its n when the list names two or more arms."""
    items, started = [], False
    for r in in_s:
        m = pattern("cohort_count_before").search(text[s:r.start])
        if m is None:
            continue
        started = started or m.group("verb") is not None
        n = _word_number(m.group("a"))
        if started and n:
            items.append((r, n, (s + m.start("a"), s + m.end("a"))))
    if len({arm_key(r) for r, _, _ in items}) >= 2:
        for r, n, span in items:
            _add(arms, regs, r, "alloc_n", n, span)


def _letter_regimens(text: str, regs: list[RegimenMention]) -> dict:
    """Letter or number -> the regimen it names: "gemcitabine (arm A) or gemcitabine plus erlotinib (arm B)",
    "Arm A received X; arm B received Y"."""
    letters: dict = {}
    for r in regs:
        if r.label is not None:
            continue  # a label mention defines no letter
        m = pattern("arm_letter_after").match(text, r.end)
        if m and any(r.end < x.start < m.start("word") for x in regs):
            m = None  # the letter names a later regimen
        m = m or pattern("arm_letter_def").search(text, max(0, r.start - 25), r.start)
        if m and (r.components or r.text):
            letters.setdefault(m.group("id").upper(), r)
    return letters


def detect_arms(text: str, sentences: list[tuple[int, int]], regs: list[RegimenMention],
                value_pairs: list[RegimenMention] = (), value_spans: list[tuple[int, int]] = ()) -> list[Arm]:
    """Arms with a multi-arm signal, in order of first mention (empty when none).

    ``value_pairs``: regimens that one sentence gives values of one measure for, side by side
    ("9.8 months with A and 5.2 months with B"); each is an arm. ``value_spans``: the sentences that give outcome
    values; one naming two or more label arms ("45% in arm A and 41% in arm B", label_mentions) makes them arms.
    """
    arms: dict = {}
    aliases: dict = {}
    partners: set = set()  # drug sets given with or without ("A with or without B"): B alone is no arm
    for r in value_pairs:
        _add(arms, regs, r, "value_pair")
    labelled = [r for r in regs if r.label is not None]
    alloc = [(s, e) for s, e in sentences if _ALLOC_SENTENCE.search(text, s, e)] if labelled else []
    for spans, signal in ((value_spans, "label_values"), (alloc, "label_alloc")) if labelled else ():
        for s, e in spans:  # "RR was higher in the 20-mg arm than in the 50-mg arm", "randomized to CX (...) or HX (...)"
            named = [r for r in labelled if s <= r.start < e]
            if len({arm_key(r) for r in named}) >= 2:
                for r in named:
                    _add(arms, regs, r, signal)
    options = {id(x) for _, opts in _choice_arms(text, regs) for x in opts}
    letters = _letter_regimens(text, regs)
    if len({arm_key(r) for r in letters.values()}) >= 2:
        for letter, r in letters.items():
            _add(arms, regs, r, "letter")
            aliases.setdefault(arm_key(r), set()).add("letter:" + letter.lower())
    for r in regs:
        am = _ALIAS.match(text, r.end)
        if am:
            aliases.setdefault(arm_key(r), set()).add(am.group("alias").lower())
        m = _COHORT_N.match(text, r.end)
        if m and m.group("n2"):
            se = next(((a, b) for a, b in sentences if a <= r.start < b), (r.start, r.end))
            if _OUTCOME_WORDS.search(text, se[0], se[1]):
                m = None
        if m:
            n = int((m.group("n") or m.group("n2")).replace(",", ""))  # "n = 1,026"
            g = "n" if m.group("n") else "n2"
            _add(arms, regs, r, "cohort_n", n, (m.start(g), m.end(g)))
    starts = [r.start for r in regs]
    for s, e in sentences:
        sent = text[s:e]
        in_s = regs[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
        named = [m for m in pattern("named_group_n").finditer(sent)] if _ALLOC_CUE.search(sent.lower()) else []
        if len(named) >= 2:  # "randomly assigned to the deodorant group (n = 43) or the no-deodorant group (n = 47)"
            for m in named:
                r = next((r for r in in_s if s + m.start("name") <= r.start < s + m.end("name")), None)
                n = int(m.group("n").replace(",", ""))
                if r is not None:
                    _add(arms, regs, r, "alloc_n", n, (s + m.start("n"), s + m.end("n")))
                    continue
                name = re.sub(r"(?i)^the\s+", "", m.group("name").strip())
                if name.lower() in ARM_ROLES or name.lower() in ("one", "each", "either", "both"):
                    continue
                g = RegimenMention(s + m.start("name"), s + m.end("name"), name, ())
                _add(arms, regs, g, "alloc_n", n, (s + m.start("n"), s + m.end("n")))
                aliases.setdefault(arm_key(g), set()).add(name.lower())
        if not in_s:
            continue
        resp = pattern("respectively").search(sent)
        if resp and len(in_s) >= 2:
            before = [r for r in in_s if r.start < s + resp.start()]
            keys = []
            for r in before:
                if arm_key(r) not in [arm_key(k) for k in keys]:
                    keys.append(r)
            if len(keys) >= 2:
                lo = max(r.end for r in keys)
                nums = [(m, _word_number(m.group("v"))) for m in _RESP_NUM.finditer(text, lo, s + resp.start())]
                nums = [(m, v) for m, v in nums if v is not None and v > 0
                        and re.match(r"\s*(?:\([^)]*\)\s*)?(?:,|and|patients|pts|cases|subjects)", text[m.end():m.end() + 20])]
                if len(nums) == len(keys) and re.search(r"patients|pts|cases|subjects", text[nums[-1][0].end():nums[-1][0].end() + 25]):
                    for r, (m, v) in zip(keys, nums):
                        _add(arms, regs, r, "respectively_n", v, (m.start(), m.end()))
        low = sent.lower()
        has_patients = "patient" in low or "pts" in low or "cases" in low
        for m in (_NUM_PAREN_REG.finditer(sent) if has_patients and "(" in sent else ()):
            r = next((r for r in in_s if s + m.start("r") <= r.start < s + m.end("r")), None)
            v = _word_number(m.group("a"))
            if r is not None and v:
                _add(arms, regs, r, "paren_n", v, (s + m.start("a"), s + m.end("a")))
        counts = []  # "(503 in the fenretinide arm and 498 in the observation arm)"
        for m in pattern("count_in_arm").finditer(sent):
            r = next((r for r in in_s if s + m.start("r") <= r.start < s + m.end("r")), None)
            if r is not None:
                counts.append((r, m))
        if len({arm_key(r) for r, _ in counts}) >= 2 and not _OUTCOME_WORDS.search(sent):
            for r, m in counts:
                _add(arms, regs, r, "alloc_n", int(m.group("n")), (s + m.start("n"), s + m.end("n")))
        for label in ("alloc_count_pair", "alloc_count_paren") if _ALLOC_SENTENCE.search(sent) else ():
            for m in pattern(label).finditer(sent):  # "100 to A and 101 to B arms", "(47 AB, 48 CD)"
                r1 = next((r for r in in_s if s + m.start("r1") <= r.start < s + m.end("r1")), None)
                r2 = next((r for r in in_s if s + m.start("r2") <= r.start < s + m.end("r2")), None)
                if r1 is not None and r2 is not None and arm_key(r1) != arm_key(r2):
                    _add(arms, regs, r1, "alloc_n", int(m.group("n1")), (s + m.start("n1"), s + m.end("n1")))
                    _add(arms, regs, r2, "alloc_n", int(m.group("n2")), (s + m.start("n2"), s + m.end("n2")))
        for m in (_TREATED_N.finditer(sent) if has_patients else ()):
            r = next((r for r in in_s if s + m.end() <= r.start <= s + m.end() + 2), None)
            v = _word_number(m.group("a"))
            if r is not None and v:
                _add(arms, regs, r, "treated_n", v, (s + m.start("a"), s + m.end("a")))
        for m in (_ALLOC.finditer(sent) if _ALLOC_CUE.search(low) else ()):
            r1 = next((r for r in in_s if s + m.start("r1") <= r.start < s + m.end("r1")), None)
            r2 = next((r for r in in_s if s + m.start("r2") <= r.start < s + m.end("r2")), None)
            if r1 is not None and r2 is not None:
                _add(arms, regs, r1, "alloc_n", _word_number(m.group("a")), (s + m.start("a"), s + m.end("a")))
                _add(arms, regs, r2, "alloc_n", _word_number(m.group("b")), (s + m.start("b"), s + m.end("b")))
        if len(in_s) >= 2 and _ALLOC_CUE.search(low) and not _OUTCOME_WORDS.search(sent):
            _count_list(arms, regs, text, s, in_s)
        # "randomised to A with or without B", a title "A with or without B versus ...": arms A + B and A (only where
        # the sentence compares the two and names no other regimen: "X with or without Y" inside an arm's description
        # is one arm)
        compared = len(in_s) == 2 and (s == sentences[0][0] or _OPTIONAL_CUE.search(sent))
        for a, b in zip(in_s, in_s[1:]) if compared else ():
            if a.components and b.components and not set(a.components) & set(b.components) and pattern(
                    "optional_partner").fullmatch(text, a.end, b.start):
                combo = RegimenMention(a.start, b.end, text[a.start:b.end], tuple(dict.fromkeys(a.components + b.components)),
                                       list(a.drugs) + list(b.drugs))
                _add(arms, regs, combo, "optional_partner")
                _add(arms, regs, a, "optional_partner")
                partners.add(arm_key(b))
        if _CONTRAST_CUE.search(sent) and len(in_s) >= 2:
            for k, (a, b) in enumerate(zip(in_s, in_s[1:])):
                if id(a) in options or id(b) in options:
                    continue  # "taxane therapy (paclitaxel or docetaxel at the investigator's choice)": one arm
                gap = text[a.end:b.start]
                distinct = arm_key(a) != arm_key(b)
                last = list_of_alternatives_end(text, in_s, k + 1) if gap.strip() == "," and distinct else None
                if last is not None:  # "A, B or C": alternatives
                    for r in (a, b, in_s[last]):
                        _add(arms, regs, r, "alternatives")
                    continue
                if _CONTRAST_GAP.match(gap) and distinct and not re.search(r"(?<!compared )\b(?:with|to|plus)(?:\s+either)?(?:\s+the)?\s*$", gap) or (
                    re.search(r"\bcompar\w*\s+(?:the\s+)?$", text[max(s, a.start - 20):a.start]) and re.fullmatch(r"\s*\)?\s*(?:\([^()]*\)\s*)?(?:with|to)\s*", gap)
                ):
                    if not distinct:
                        continue
                    if re.search(r"\b(?:previous|prior|subsequent|after|before|following)\b", text[max(s, a.start - 40):a.start], re.I):
                        continue
                    _add(arms, regs, a, "contrast")
                    _add(arms, regs, _with_backbone(text, a, b), "contrast")
    # a partner drug given with or without ("A with or without B") is no arm of its own
    out = sorted((a for a in arms.values() if a.key not in partners or "optional_partner" in a.signals), key=lambda a: a.first)
    for a in out:
        a.aliases |= aliases.get(a.key, set())
    backbone = _backbone(text, regs)
    if backbone and len(out) >= 2:
        for a in out:
            if a.components and a.key == frozenset(a.components) and not (backbone & a.key):
                a.components = tuple(sorted(backbone)) + a.components
                a.key = frozenset(a.components)
                a.label = " + ".join(a.components) if " + " in a.label or a.label.islower() else a.label + " + " + " + ".join(sorted(backbone))
            elif a.key == PLACEBO_KEY:  # "A or placebo, each plus C": the placebo arm is placebo + C
                a.components, a.key = tuple(sorted(backbone)), backbone
                a.label = "placebo + " + _label(regs, backbone)
                a.aliases.add("placebo")
    # one arm per drug set: an arm named twice ("bevacizumab" + the shared backbone, "bevacizumab and octreotide")
    merged: dict = {}
    for a in out:
        b = merged.setdefault(a.key, a)
        if b is not a:
            b.signals |= a.signals
            b.aliases |= a.aliases
            if "placebo" in a.aliases and not b.label.startswith("placebo"):
                b.label = a.label  # the drug set of "placebo + C" is C's: the arm is still the placebo arm
            if b.n is None and a.n is not None:
                b.n, b.n_span = a.n, a.n_span
    out = list(merged.values())
    # drop an arm whose key is the union of two others (a merged list mention "A and B")
    keys = [a.key for a in out]
    out = [a for a in out if a.signals & {"alternatives", "optional_partner"} or not any(
        k1 | k2 == a.key and k1 != a.key and k2 != a.key and not (k1 & k2) for k1 in keys for k2 in keys)]
    return _resolve_labels(out, regs)


# ---- arms known by a label, not by a drug list ---------------------------------------------------------------------

#: A sentence that allocates patients to arms, or contrasts them: the short names it defines for two or more arms
#: are arm names ("randomised to ... (HDX) or ... (SDX)", "A (INX) versus usual care (UCX)").
_DEFINES_ARMS = re.compile(r"(?=[rvatw])(?:randomi[sz]ed\s+(?:\(\S+\)\s+)?(?:to|into|between|in|at|\d+)\b|randomly\s+(?:assigned|allocated|divided)|"
                           r"\bversus\b|\bvs\b|"
                           r"randomi[sz]ation\s+to|assigned\s+to|allocated\s+to|to\s+receive|received|treated\s+with|"
                           r"were\s+given)", re.IGNORECASE)
#: An allocation sentence (looser): two labels named in it are arms ("were randomized into intervention or control arm",
#: also each label's own size: "the weekly arm had 52 assessable patients; the every-3-weeks arm had 51").
_ALLOC_SENTENCE = re.compile(r"(?=[rathw])(?:randomi[sz]|randomly|assigned|allocated|allocation|to receive|received|treated with|"
                             r"\bhad\s+\d+\s+(?:\w+\s+)?(?:patients|women|participants)\b|"
                             r"were given)", re.IGNORECASE)
#: Where an arm's description starts, before its "(ACR)": "either ...", "or ...", "to ...", "versus ...".
_DESCRIPTION_START = re.compile(r"\b(?:either|or|to|versus|vs)\b|[;:]", re.IGNORECASE)


#: Where "the X arm" / "the X group" can end.
_HEAD_WORD = re.compile(r"\b(?:arm|group)s?\b", re.IGNORECASE)


def _label_name(x: str) -> str:
    """The key text of a label: 'the Every-3-week treatment' -> 'every 3 week'."""
    x = re.sub(r"(?i)^the\s+|\s+(?:treatment|therapy|study)$", "", x.strip())
    return re.sub(r"[\s\-]+", " ", x).strip().lower()


def _label_mention(start: int, end: int, text: str, name: str, shown: str, components=(), stands_for=()) -> RegimenMention:
    """A mention of the arm named ``name`` (its key); with ``components`` it is that drug set's arm."""
    return RegimenMention(start, end, text[start:end], tuple(components), [],
                          arm_id=None if components else frozenset(["regimen:" + name]), label=shown,
                          stands_for=tuple(stands_for))


def _np_ok(x: str) -> bool:
    """Whether 'the X group' names an arm: no stopword, no subgroup head ('the high-risk group'), not an outcome."""
    from .outcomes import _compiled

    words = re.split(r"[\s\-]+", x.lower())
    if not words or not x[:1].isalnum() or re.search(r"[%=<>]", x) or any(w in LABEL_STOPWORDS for w in words) or not re.search(r"[A-Za-z]", x):
        return False
    c = _compiled()
    return not c["heads"].search(x) and not any(rx.search(x) for _, rx in c["metrics"]) and not x.endswith("'s")


def _paren_end(text: str, i: int, limit: int) -> int:
    """The index after the parenthesis that opens at ``i`` (nested ones counted), or ``limit``."""
    depth = 0
    for j in range(i, limit):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return limit


def _description_start(text: str, lo: int, hi: int) -> int:
    """Where the arm description that ends at ``hi`` starts: after the last 'either' / 'or' / 'to' outside
    parentheses (``lo``: the sentence start)."""
    start, depth = lo, 0
    for j in range(hi - 1, lo - 1, -1):
        if text[j] == ")":
            depth += 1
        elif text[j] == "(":
            depth -= 1
        elif depth == 0:
            m = _DESCRIPTION_START.match(text, j)
            if m and (j == 0 or not text[j - 1].isalnum()):
                return m.end()
    return start


def _acronym_labels(text: str, sentences, regs) -> dict:
    """Short names an allocation sentence gives two or more arms: 'randomised to A 150 mg (HDX) or A 75 mg (SDX)',
    'randomized to CX (A plus B) or HX (C)', '... until progression (arm A) or ... (arm B)', 'arm A (A and B weekly)
    or arm B (...)'. Name -> (the drugs its description names, the description's last words when it names none, the
    key of the no-drug arm it names: "placebo (PL)"); letters as 'arm a'. A description naming a disease, a population
    or an outcome ("early breast cancer (EBC)") names no arm."""
    out: dict = {}
    for s, e in sentences:
        if not _DEFINES_ARMS.search(text, s, e):
            continue
        found, prev = [], s
        defs_after = [(m, m.group("acr")) for m in pattern("label_acronym_def").finditer(text, s, e)]
        defs_after += [(m, "arm " + m.group("id").lower()) for m in pattern("label_letter_paren").finditer(text, s, e)]
        for m, acr in sorted(defs_after, key=lambda x: x[0].start()):  # a description ends where the one before it did
            found.append((acr, _description_start(text, prev, m.start()), m.start()))
            prev = m.end()
        for m in pattern("label_acronym_before").finditer(text, s, e):
            found.append((m.group("acr"), m.end() - 1, _paren_end(text, m.end() - 1, e)))
        for m in pattern("label_letter_before").finditer(text, s, e):
            found.append(("arm " + m.group("id").lower(), m.end() - 1, _paren_end(text, m.end() - 1, e)))
        defs = {}
        for acr, lo, hi in found:
            if not acr.startswith("arm ") and (sum(ch.isupper() for ch in acr) < 2 or acr in LABEL_ACRONYM_STOP) or acr in defs:
                continue
            comps, nodrug = [], []
            for r in regs:
                if lo <= r.start < hi and r.label is None:
                    comps.extend(r.components)
                    if not r.components:
                        nodrug.append(arm_key(r))
            words = "" if comps else _description_words(text[lo:hi])
            if not comps and not nodrug and LABEL_NOT_ARM.search(words):
                continue
            defs[acr] = (tuple(dict.fromkeys(comps)), words, nodrug[0] if len(nodrug) == 1 and not comps else None)
        if len(defs) >= 2:
            for acr, d in defs.items():
                if acr not in out or d[0] and not out[acr][0]:  # a definition naming drugs wins ("to CX (A plus B)")
                    out[acr] = d
    return out


def _description_words(desc: str, most: int = 5) -> str:
    """The last words of an arm's description, without doses and parentheses: 'treatment including intraventricular'."""
    desc = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", desc)
    desc = re.sub(DOSE, " ", desc)
    words = re.findall(r"[A-Za-z][\w\-/]*", desc)[-most:]
    while words and words[0].lower() in ("receive", "received", "either", "the", "and", "or", "with", "to"):
        words = words[1:]
    return " ".join(words)


def label_mentions(text: str, sentences: list[tuple[int, int]], regs: list[RegimenMention]) -> list[RegimenMention]:
    """``regs`` with the mentions of arms known by a label instead of a drug list, in text order:
    - letters and numbers: "arm A", "groups 1 and 2" (the regimen the text gives the letter, when it does);
    - short names an allocation sentence defines for two or more arms: "... (HDX) or ... (SDX)", every later use;
    - "the X arm" / "the X group", "the X and Y arms": a dose ("20-mg"), a schedule ("weekly"), a role ("control"),
      a name ("test").
    A mention makes no arm by itself: extractors.arms.detect_arms decides from allocation, contrast and values
    which labels are arms. Only a randomised trial's text gets labels other than letters."""
    removed: set = set()
    out: list[RegimenMention] = []
    for old, new in _dose_arms(text, regs):  # "A 20 mg (n = 55) and 50 mg (n = 57)": the arms "A 20 mg", "A 50 mg"
        if old is not None:
            removed.add(id(old))
        out.append(new)
    taken = [(r.start, r.end) for r in regs if id(r) not in removed] + [(r.start, r.end) for r in out]

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def put(r: RegimenMention) -> None:
        out.append(r)
        taken.append((r.start, r.end))

    for acr, opts in _choice_arms(text, regs):  # "TPC (A, B or C)": every "TPC" names the choice arm
        comps = tuple(dict.fromkeys(c for x in opts for c in x.components))
        for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text) if acr else ():
            if free(m.start(), m.end()):
                put(_label_mention(m.start(), m.end(), text, acr.lower(), acr, (), comps))

    letters = _letter_regimens(text, regs)
    if len({arm_key(r) for r in letters.values()}) < 2:
        letters = {}
    defined = _acronym_labels(text, sentences, regs)
    lettered = {k: d[0] for k, d in defined.items() if k.startswith("arm ")}
    shared = {c for c in lettered.values() if list(lettered.values()).count(c) > 1}
    for m in pattern("label_letter_list").finditer(text):
        if not re.match(r"[A-D1-4]", m.group("ids")):
            continue  # lower case: "per arm a total of"
        word = m.group("word").lower()
        # the letters, not what brackets after them hold: "arms A (8.0 months) and B (5.8 months)"
        for k, im in enumerate(x for x in re.finditer(r"\([^()]*\)|[A-D1-4]", m.group("ids")) if x.group()[0] != "("):
            if im.group().isdigit() != m.group("ids")[0].isdigit():
                break  # "in arm A and 4 of 19 patients": a count, not a letter of the list
            a = m.start("ids") + im.start()
            start = m.start() if k == 0 else a
            if not free(start, a + 1):
                continue
            letter = im.group()
            r = letters.get(letter)
            if r is not None and r.components:
                put(_label_mention(start, a + 1, text, "", f"{word} {letter}", r.components))
            elif r is not None:
                put(RegimenMention(start, a + 1, text[start:a + 1], (), [], arm_id=arm_key(r), label=nodrug_label(r)))
            elif word == "cohort":
                continue  # "in cohort 1 (n = 66)": a stratum of a randomised trial unless a regimen defines it
            else:
                comps = lettered.get(f"arm {letter.lower()}", ())
                unique = comps if comps and comps not in shared else ()
                shown = f"{word} {letter}" + (f" ({' + '.join(comps)})" if comps else "")
                put(_label_mention(start, a + 1, text, f"arm {letter.lower()}", shown, unique, () if unique else comps))
    randomised = pattern("randomised").search(text) is not None
    acronyms = {k: d[0] for k, d in defined.items() if not k.startswith("arm ")} if randomised else {}
    shared = {c for c in acronyms.values() if list(acronyms.values()).count(c) > 1}
    for acr, comps in acronyms.items():
        unique = comps if comps and comps not in shared else ()
        for m in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            clash = [r for r in regs if r.start < m.end() and m.start() < r.end]
            if clash and unique and len(clash) == 1 and clash[0].text == acr and clash[0].key != frozenset(unique):
                removed.add(id(clash[0]))  # a vocabulary acronym the document defines otherwise
                taken.remove((clash[0].start, clash[0].end))
            elif not free(m.start(), m.end()):
                continue
            words, nodrug = defined[acr][1], defined[acr][2]
            shown = f"{acr} ({' + '.join(comps) if comps else words})" if comps or words else acr
            if nodrug is not None:  # "placebo (PL)": the placebo arm
                put(RegimenMention(m.start(), m.end(), acr, (), [], arm_id=nodrug, label=shown))
                continue
            put(_label_mention(m.start(), m.end(), text, acr.lower(), shown, unique, () if unique else comps))
    heads = [h.end() for h in _HEAD_WORD.finditer(text)] if randomised else []
    for label in ("label_group_single", "label_group_pair") if heads else ():
        rx = pattern(label)
        found = (m for h in heads for m in rx.finditer(text, max(0, h - 90), h) if m.end() == h)  # cheaper than the whole text
        for m in found:
            for g in ("x", "y") if label == "label_group_pair" else ("x",):
                x = m.group(g)
                if not _np_ok(x) or not free(m.start(g), m.end(g)):
                    continue
                end = m.end() if g == "y" or label == "label_group_single" else m.end(g)
                if not free(m.start(g), end):
                    continue
                put(_label_mention(m.start(g), end, text, _label_name(x), x))
    if not out:
        return regs
    return sorted([r for r in regs if id(r) not in removed] + out, key=lambda r: r.start)


def _choice_arms(text: str, regs: list[RegimenMention]) -> list[tuple]:
    """Arms whose drug is chosen per patient from a list in brackets: 'taxane therapy (paclitaxel or docetaxel at
    the investigator's choice)', 'treatment of physician's choice (TPC; paclitaxel, docetaxel or vinorelbine)'. The
    options are one arm, not arms. (the arm's short name or None, the option mentions) for each such bracket
    (grammar "choice_open", "choice_option_gap", "choice_head")."""
    out, seen = [], set()
    for k, r in enumerate(regs):
        if not r.components or r.label is not None or k + 1 >= len(regs):
            continue
        m = pattern("choice_open").search(text, max(0, r.start - 12), r.start)
        if not m or m.end() != r.start or m.start() in seen:
            continue
        hi = _paren_end(text, m.start(), min(len(text), m.start() + 240))
        opts = [r]
        for x in regs[k + 1:]:
            if x.start >= hi or not pattern("choice_option_gap").fullmatch(text, opts[-1].end, x.start):
                break
            opts.append(x)
        if len({x.key for x in opts}) < 2:
            continue
        head = text[max(0, m.start() - 60):m.start()]
        by_class = any(d.kind == "class" for x in regs if 0 <= m.start() - x.end <= 30 and x.end <= m.start()
                       for d in x.drugs) and pattern("choice_head").search(head)
        acr = m.group("acr") or (re.search(r"\b([A-Z]{2,6})\s*$", head) or [None, None])[1]
        if acr in LABEL_ACRONYM_STOP:
            acr = None
        # the choice said here, or where the text defines the arm's short name: "physician's choice (TPC)"
        if by_class or "choice" in head.lower() or "choice" in text[m.start():hi].lower() or acr and re.search(
                rf"(?i)choice\W{{0,3}}\(\s*{re.escape(acr)}\b", text):
            seen.add(m.start())
            out.append((acr, opts))
    return out


def _dose_arms(text: str, regs: list[RegimenMention]) -> list[tuple]:
    """Arms that differ by the dose of one drug (grammar "dose_arm_pair"): 'arzoxifene 20 mg (n = 55) and 50 mg
    (n = 57)', 'A 1 mg or A 10 mg'. Each dose is a label arm named as 'the 20-mg arm' names it (key 'regimen:20 mg'),
    shown with its drug: (the drug mention it replaces or None, the label mention)."""
    out = []
    done: set = set()
    rx = pattern("dose_arm_pair")
    for k, r in enumerate(regs):
        if len(r.drugs) != 1 or not r.components or r.label is not None or id(r) in done or not text[r.end:r.end + 12].lstrip()[:1].isdigit() \
                and not text[r.end:r.end + 5].lstrip().startswith("at "):
            continue
        m = rx.match(text, r.end)
        if not m or m.group("d1") == m.group("d2") or m.group("u1") != m.group("u2"):
            continue
        r2 = None
        if m.group("drug2"):
            r2 = next((x for x in regs[k + 1:k + 3] if x.start == m.start("drug2") and x.key == r.key), None)
            if r2 is None:
                continue  # another drug's dose: "A 20 mg or B 50 mg" are two drug arms
        unit = m.group("u1")
        for d, lo, hi, old in ((m.group("d1"), r.start, r.end, r),
                               (m.group("d2"), *((r2.start, r2.end) if r2 else (m.start("d2"), m.end())), r2)):
            name = f"{d} {unit}".lower()
            out.append((old, _label_mention(lo, hi, text, name, f"{r.text} {d} {unit}", (), r.components)))
            if old is not None:
                done.add(id(old))
    return out


def _resolve_labels(arms: list[Arm], regs: list[RegimenMention]) -> list[Arm]:
    """A label arm that is another arm under a role or alias ("the combination arm" of A + B versus A; "the
    experimental group" the text gave to X) becomes that arm, and its mentions name it; a role no single arm fits
    is dropped when two or more other arms are known."""
    labels = [a for a in arms if next(iter(a.key)).startswith("regimen:") and _is_label_arm(a, regs)]
    if not labels:
        return arms
    others = [a for a in arms if a not in labels and not a.pooled]
    targets: dict = {}
    for a in labels:
        name = next(iter(a.key))[len("regimen:"):]
        target = next((b for b in others if name in b.aliases), None)
        role = ARM_ROLES.get(name.split()[-1]) if name else None
        if target is None and role is not None and len(others) >= 2:
            target = _arm_by_role(others, role) or False  # False: "the control group" where no one arm is the control
        targets[id(a)] = target
    # a name only a results sentence uses ("for the sequential and combination arms"), in a trial whose two arms the
    # text already gave by their drugs, is the arm no other name took
    unnamed = [a for a in labels if targets[id(a)] is None and a.signals <= {"label_values", "value_pair"}]
    free = [b for b in others if b not in targets.values()]
    if len(others) == 2 and len(unnamed) == 1 and len(free) == 1:
        targets[id(unnamed[0])] = free[0]
    keep = []
    for a in arms:
        if a not in labels:
            keep.append(a)
            continue
        name = next(iter(a.key))[len("regimen:"):]
        target = targets[id(a)]
        if target is False:
            continue  # a role no single arm fits: not an arm we can name
        if target is None:
            keep.append(a)
            continue
        target.aliases.add(name)
        for r in regs:
            if r.label is not None and arm_key(r) == a.key:
                r.components, r.arm_id = (target.components, None) if target.key == frozenset(target.components) \
                    else ((), target.key)
    return keep


def _is_label_arm(a: Arm, regs: list[RegimenMention]) -> bool:
    return any(r.label is not None and r.arm_id == a.key for r in regs)


_EITHER = re.compile(r"\bwith\s+either\b|\bplus\s+either\b|\bcombined with either\b", re.IGNORECASE)
_BOTH_PLUS = re.compile(r"\b(?:both|all|each)\s+(?:arms?\s+|groups?\s+)?(?:plus|with|in combination with|combined with)\s*$", re.IGNORECASE)
_ADDED_TO = re.compile(r"\badded to\s*$", re.IGNORECASE)


def _backbone(text: str, regs: list[RegimenMention]) -> frozenset:
    """A treatment every arm shares: 'A with either B or C', 'B or C added to A', 'A (n = 76) or placebo (n = 73)
    plus C', 'A or placebo in combination with C', 'C with A or placebo'."""
    for i, r in enumerate(regs):
        if not r.components:
            continue
        m = _EITHER.search(text, r.end, r.end + 80)
        if m and i + 1 < len(regs) and regs[i + 1].start >= m.end() and regs[i + 1].start - m.end() < 60:
            return r.key
        if i >= 1 and (_ADDED_TO.search(text[max(0, r.start - 30):r.start]) or _BOTH_PLUS.search(text[max(0, r.start - 40):r.start])):
            return r.key
        partner = _partner_after_alternatives(text, regs, i)
        if partner:
            return partner
    return frozenset()


def _is_placebo(d) -> bool:
    return d.kind == "nodrug" and "placebo" in d.text.lower()


#: Between placebo and the drug it is given with, in one regimen: "placebo plus C", "C + placebo" (not "the placebo
#: and C groups", not "C with a placebo" after "compared").
_PLACEBO_JOIN = re.compile(r"\s*(?:plus|\+|in combination with|combined with|together with|/)\s*|-", re.IGNORECASE)


def _placebo_combination(r: RegimenMention) -> bool:
    """Whether a regimen mention is placebo given with a drug: 'placebo plus capecitabine', 'docetaxel plus placebo'
    (or the placebo arm of 'C with A or placebo', extractors.arms._with_backbone)."""
    ds, t, o = r.drugs, r.text, r.start
    if len(ds) == 1:
        return bool(r.components) and _is_placebo(ds[0])
    return bool(r.components) and any(_is_placebo(d) and (
        k + 1 < len(ds) and _PLACEBO_JOIN.fullmatch(t, d.end - o, ds[k + 1].start - o)
        or k > 0 and _PLACEBO_JOIN.fullmatch(t, ds[k - 1].end - o, d.start - o)) for k, d in enumerate(ds))


def _partner_after_alternatives(text: str, regs: list[RegimenMention], i: int) -> frozenset:
    """The partner drug of ``regs[i]`` that two alternative arms share (grammar "alternatives_gap",
    "shared_partner_after"): 'A (n = 76) or placebo (n = 73) plus C' and 'A or B, each with C' (C is regs[i]), 'A or
    placebo in combination with C', 'C plus placebo' (regs[i] is 'placebo + C'), 'C with A or placebo' (regs[i] is
    'C + A'). A drug alternative needs the partner set apart ('A or B plus C' may be the arms A and B + C); placebo
    does not."""
    r = regs[i]
    alt = pattern("alternatives_gap")
    if i >= 2 and pattern("shared_partner_after").fullmatch(text, regs[i - 1].end, r.start):
        a, b = regs[i - 2], regs[i - 1]
        gap = text[b.end:r.start]
        if alt.fullmatch(text, a.end, b.start) and a.components and not (r.key & (a.key | b.key)) and (
                "(" in gap or re.search(r"(?i)\b(?:each|both|all)\b", gap) or any(_is_placebo(d) for d in b.drugs)):
            return r.key
    if len(r.drugs) >= 2 and _placebo_combination(r):
        # 'A or placebo in combination with C', 'A plus C versus C plus placebo': the placebo arm is C + placebo, so C
        # is every arm's; not in a double-dummy trial ('A plus placebo versus B plus placebo': two such partners)
        if len({x.key for x in regs if len(x.drugs) >= 2 and _placebo_combination(x)}) == 1:
            return r.key
    if len(r.drugs) >= 2 and i + 1 < len(regs) and _ADD_ON.match(text[r.drugs[-2].end:r.drugs[-1].start]):
        b = regs[i + 1]  # 'C with A or placebo'
        if not b.components and any(_is_placebo(d) for d in b.drugs) and alt.fullmatch(text, r.end, b.start):
            return frozenset(c for d in r.drugs[:-1] for c in d.components)
    return frozenset()


_ADD_ON = re.compile(r"^\s*(?:combined with|in combination with|plus|with|\+)\s*$", re.IGNORECASE)


def _with_backbone(text: str, a: RegimenMention, b: RegimenMention) -> RegimenMention:
    """'anastrozole combined with gefitinib or placebo': the second arm keeps the shared backbone."""
    if len(a.drugs) < 2 or len(b.components) > 1 or set(b.components) & set(a.components):
        return b
    if not _ADD_ON.match(text[a.drugs[-2].end:a.drugs[-1].start]):
        return b
    backbone = tuple(c for d in a.drugs[:-1] for c in d.components)
    comps = tuple(dict.fromkeys(backbone + b.components))
    label = b.text if not b.components else None
    out = RegimenMention(b.start, b.end, (label + " + " if label else "") + " + ".join(backbone) if label else b.text, comps,
                         list(b.drugs))
    return out


def main_regimen(title_regs: list[RegimenMention], regs: list[RegimenMention], value_sentences: set[int],
                 sentences: list[tuple[int, int]]) -> RegimenMention | None:
    """The regimen a single-arm study is about: the title's, else the one named most (ties: first)."""
    drug_title = [r for r in title_regs if r.components and any(d.kind != "class" for d in r.drugs)]
    if drug_title:
        best = max(drug_title, key=lambda r: (len(r.components), -r.start))
        return best
    if title_regs and any(r.components for r in title_regs):
        return max((r for r in title_regs if r.components), key=lambda r: len(r.components))
    score: dict[frozenset, float] = {}
    first: dict[frozenset, RegimenMention] = {}
    for r in regs:
        if not r.components:
            continue
        w = 1.0 if any(d.kind != "class" for d in r.drugs) else 0.3
        if any(s <= r.start < e for i, (s, e) in enumerate(sentences) if i in value_sentences):
            w += 0.5
        if len(r.components) >= 2:
            w += 0.25
        score[r.key] = score.get(r.key, 0.0) + w
        first.setdefault(r.key, r)
    if not score:
        return None
    base = dict(score)
    for k in score:  # a drug named alone also counts for the regimen that contains it
        score[k] += 0.6 * sum(v for k2, v in base.items() if k2 < k)
    # a drug that only ever appears inside a bigger regimen counts for it
    best = max(score, key=lambda k: (score[k], -first[k].start))
    return first[best]


#: Arm names without a drug (compiled once: tried for every phrase): "the combination group", "(control)".
_WORD_ARM = re.compile(r"(?i)(?:the\s+)?([A-Za-z]+(?:-[A-Za-z]+)?)\s+(?:group|arm)s?")
_BARE_WORD = re.compile(r"(?i)(?:the\s+)?([A-Za-z]+(?:-[A-Za-z]+)?)(?:\s+(?:therapy|treatment|regimen))?")
_THE_OR_ARM_WORD = re.compile(r"(?i)^the\s+|\s+(?:group|arm)s?$")


def arm_by_name(arms: list[Arm], phrase: str) -> Arm | None | bool:
    """The arm a phrase names without a drug: 'arm A', 'group 2' (defined earlier), 'the experimental arm' (an alias
    the text gave), 'the combination group' (a role, extractors.grammar.ARM_ROLES). None when the phrase is not such
    a name; False when it is one but no single arm fits."""
    real = [a for a in arms if not a.pooled]
    phrase = phrase.strip()
    lm = pattern("arm_letter_ref").fullmatch(phrase)
    if lm:
        hits = [a for a in real if "letter:" + lm.group("id").lower() in a.aliases]
        return hits[0] if len(hits) == 1 else False
    al = _WORD_ARM.fullmatch(phrase)
    # a role word alone or with 'therapy' / 'treatment': "(combination)", "for monotherapy", "the control"
    bare = _BARE_WORD.fullmatch(phrase)
    if not al and not (bare and bare.group(1).lower() in ARM_ROLES):
        return None
    word = (al or bare).group(1).lower()
    whole = _THE_OR_ARM_WORD.sub("", phrase).lower()
    hits = [a for a in real if word in a.aliases or whole in a.aliases]
    if len(hits) == 1:
        return hits[0]
    # a drug-less arm known by that very name: "in the control versus ... in the experimental group" (arms 'control'
    # and 'experimental' defined as "(control group)", "(experimental group)"); drug arms are named by their drugs
    hits = [a for a in real if not a.components and a.label.lower() == whole]
    if len(hits) == 1:
        return hits[0]
    role = ARM_ROLES.get(word)
    if role is None or len(real) < 2:
        return None
    return _arm_by_role(real, role) or False


def _arm_by_role(real: list[Arm], role: str) -> Arm | None:
    drug = [a for a in real if a.components]
    if role in ("most", "fewest"):
        sizes = sorted(len(a.components) for a in drug)
        if len(sizes) < 2:
            return None
        want = sizes[-1] if role == "most" else sizes[0]
        hits = [a for a in drug if len(a.components) == want]
        return hits[0] if len(hits) == 1 and sizes[0] != sizes[-1] else None
    nodrug = [a for a in real if not a.components]
    control = nodrug[0] if len(nodrug) == 1 else None
    if control is None and len(real) == 2:
        a, b = real
        control = a if a.key < b.key else b if b.key < a.key else None
    if role == "control":
        return control
    return next((a for a in real if a is not control), None) if control is not None and len(real) == 2 else None


def match_arm(arms: list[Arm], key: frozenset) -> Arm | None:
    """The arm a mention with drug set ``key`` refers to: same drugs, else the only arm containing them."""
    if not key:
        return None
    for a in arms:
        if a.key == key:
            return a
    cands = [a for a in arms if key <= a.key and not a.pooled]
    if len(cands) == 1:
        return cands[0]
    # "the bevacizumab arm" vs octreotide + bevacizumab / octreotide + IFN: the distinguishing drug
    cands = [a for a in arms if (key & a.key) and not a.pooled]
    dist = [a for a in cands if all(not ((key & a.key) <= b.key) for b in arms if b is not a and not b.pooled)]
    if len(dist) == 1:
        return dist[0]
    return None
