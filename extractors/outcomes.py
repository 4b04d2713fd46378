"""Outcome values in one sentence: ORR, DCR, median PFS / OS, landmark rates, hazard ratios.

Pure functions over a (normalised) sentence. ``sentence_values`` returns :class:`RawValue` objects:
a metric, a value and its span, the CI / p-value that follow it, and the *target* phrase it is
attached to in the text (an arm mention, a subgroup phrase or nothing). Which arm a target means
is decided by :mod:`extractors.arms`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from schemas.metrics import METRICS, TERMS, by_term

from .numwords import WORD_NUMBER_FIRST_LETTERS, WORD_NUMBER_PATTERN, parse_number
from .grammar import literals_of, may_match, pattern
from .vocab import outcome_terms

NUM = r"\d+(?:\.\d+)?|\.\d+"
#: numbers written as words (extractors.numwords), and the words that count zero ("none of 12")
ZERO_WORDS = ("none", "no")
WORDNUM = rf"(?:{WORD_NUMBER_PATTERN}|{'|'.join(ZERO_WORDS)})"

CI_RE = re.compile(
    rf"[(\[,;]?\s*(?:the\s+)?(?:95|90|99)\s*%\s*(?:C\.?\s?I\.?|IC|confidence intervals?)(?:\s*[(\[][^()\[\]]{{0,12}}[)\]]|\s*,\s*CI)?\s*(?:[:=,;]|was|of)?\s*[\[(]?\s*"
    rf"(?P<lo>[-+]?(?:{NUM}))\s*(?:%|months?|mo|weeks?|days?)?\s*(?:-|to|,|;|\u2013)\s*(?P<hi>[-+]?(?:{NUM}))\s*(?:%|months?|mo)?\s*[\])]?",
    re.IGNORECASE,
)
RANGE_RE = re.compile(  # a bound may carry a censoring mark: "(range 2-31+ months)"
    rf"[(\[,;]?\s*(?:range|IQR|interquartile range)[:,]?\s*(?:{NUM})\+?\s*(?:%|months?|mo|weeks?|days?|years?)?\s*(?:-|to)\s*"
    rf"(?:{NUM})\+?\s*(?:%|months?|mo|weeks?|days?|years?|cycles?)?\s*[\])]?",
    re.IGNORECASE,
)
P_RE = re.compile(rf"\b[Pp](?:\s*-?\s*value)?\s*(?P<op>[=<>\u2264\u2265]|&lt;)\s*(?P<v>0?\.\d+|0|1(?:\.0+)?)")
HR_RE = re.compile(  # (?=[hr]): the letters its names start with, a cheap first check at each position
    rf"(?=[hr])(?P<name>hazard ratio|\bHR|relative risk of death)(?![+\-/])(?:\s*[\[(][^\])0-9]{{0,30}}[\])])?"
    rf"(?:\s+(?:for|of)\s+[a-z][a-z ]{{1,25}}?)?\s*(?:[:=,]|was|of|is|were)?\s*=?\s*(?P<v>{NUM})",
    re.IGNORECASE,
)
N_EQ_RE = re.compile(r"\(?\s*\bn\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)")
#: "44% (8/18 patients)", "0% in G1 tumours (0/14 patients;": a count of patients whose denominator is the group's size
COUNT_PATIENTS_RE = re.compile(r"\(\s*\d+\s*/\s*(?P<n>\d+)\s*(?:patients|pts|cases)\s*[);]")
PCT_RE = re.compile(rf"(?P<v>{NUM})\s*(?:%|per ?cent\b)")
TIME_RE = re.compile(rf"(?P<v>{NUM})\s*(?P<u>months?|mo\b|mos\b|weeks?|wks?\b|days?|years?)", re.IGNORECASE)
BARE_RE = re.compile(rf"(?<![\w.\-/])(?P<v>{NUM})(?![\w.%])")
COUNT_RE = re.compile(  # (?=...): what a match starts with (a digit, a number word, "none", "no", a bracket)
    rf"(?=[\d({WORD_NUMBER_FIRST_LETTERS}n])(?:(?<![\w.])(?P<x>\d+|{WORDNUM})\s+(?:of|out of)\s+(?:the\s+)?(?P<n>\d+|{WORDNUM})(?![\w.%])|"
    rf"\(\s*(?P<x2>\d+)\s*/\s*(?P<n2>\d+)\s*\))",
    re.IGNORECASE,
)
PAREN_RANGE_RE = re.compile(
    rf"(?<=[\w%])\s*\(\s*(?:{NUM})\s*(?:%|months?|mo|weeks?|days?|years?)?\s*(?:-|to)\s*(?:{NUM})\s*(?:%|months?|mo|weeks?|days?|years?)\s*\)",
    re.IGNORECASE,
)
#: A value that is a difference between arms, not an arm's value.
DIFF_BEFORE = re.compile(  # (?=...): the letters its words start with, a cheap first check at each position
    r"(?=[abdegipr])(?:(?:improvement|benefit|difference|gain|increase|prolongation|reduction|extension|advantage|delta)\s*(?:\([^()]{0,20}\)\s*)?(?:in\s+(?:median\s+)?\w+\s+)?(?:of|by|was|was\s+about|,|:|=)?\s*(?:about\s+|approximately\s+|\u223c|~)?$|\bby\s+$)",
    re.IGNORECASE,
)
#: ... or the value names a difference: "9% longer", "a 7% (absolute) improvement in the response rate"
DIFF_AFTER = re.compile(r"\s*(?:months?\s+|%\s+)?(?:longer|shorter|more|less|greater|higher|lower|fewer)\b|"
                        r"\s*(?:months?\s+|%\s+)?(?:(?:absolute|relative)\s+)?(?:improvement|increase|gain|difference|"
                        r"benefit|advantage|prolongation|extension)\b", re.IGNORECASE)
RESPONSE_DEF_RE = re.compile(
    r"\((?:[A-Za-z]{2,5}\s*[;:,=]\s*)?(?:CR|PR|SD|MR|PD|complete response|partial response|stable disease)"
    r"(?:\s*(?:\+|and|or|,|/|plus)\s*(?:CR|PR|SD|MR|PD|complete response|partial response|stable disease))+[^()]{0,30}\)",
    re.IGNORECASE,
)
NR_RE = re.compile(r"\bnot (?:yet )?(?:been )?reached\b|\bnot reached\b", re.IGNORECASE)
TIMEPOINT_RE = re.compile(
    rf"(?P<list>(?:(?<![\d.])(?:\d+(?:\.\d+)?|{WORDNUM})\s*-?\s*(?:,|and|or)?\s*)+?)\s*-?\s*(?P<u>years?|yrs?|months?)\b", re.IGNORECASE
)
LIST_JOIN = re.compile(r"^\s*(?:\([A-Za-z][^()\d]{0,30}\)\s*)?(?:,|and|,\s*and|vs\.?|versus|v\.?|or|to)?\s*$", re.IGNORECASE)
#: "15.8 (12.9-18.9) months": a bare interval between a value and its unit (the value's CI)
BARE_CI_RE = re.compile(
    rf"(?<=\d)\s*\(\s*(?P<lo>{NUM})\s*(?:-|to|\u2013)\s*(?P<hi>{NUM})\s*\)(?=\s*(?:%|months?\b|mo\b|mos\b|weeks?\b|days?\b|years?\b))",
    re.IGNORECASE,
)


def number_word(s: str) -> float | None:
    """A number in digits or words ("12", "12.5", "twelve", "none"); None for anything else."""
    s = s.strip().lower()
    if s in ZERO_WORDS:
        return 0.0
    try:
        return float(s)
    except ValueError:
        n = parse_number(s)
        return float(n) if n is not None else None


@dataclass
class Item:
    kind: str  # pct | time | nr | count
    value: float | None
    start: int
    end: int
    months: float | None = None
    computed: bool = False
    ci: tuple[float, float] | None = None
    unit: str | None = None
    n: int | None = None  # denominator of a count, or n from "(n = X)" right after


@dataclass
class Mention:
    metric: str  # an outcome term of the registry (orr dcr pfs os cr dor hr) | block | pr
    start: int
    end: int
    text: str
    timepoints: list[float] = field(default_factory=list)


@dataclass
class RawValue:
    metric: str  # a registry metric read from text: orr dcr pfs_median os_median pfs_rate os_rate cr_rate dor_median
    value: float | None
    start: int
    end: int
    ci: tuple[float, float] | None = None
    p: str | None = None
    timepoint: float | None = None
    not_reached: bool = False
    computed: bool = False
    n: int | None = None
    target: tuple[int, int] | None = None  # char span of the arm / subgroup phrase, if any
    target_kind: str | None = None  # after | before | paren | label | listed | every_arm | rejected
    target_prep: str | None = None  # the preposition before an 'after' target (in, for, with, to ...)
    lead: tuple[int, int] | None = None  # span of the subgroup phrase heading the clause ("In patients with X,")
    pair_group: tuple[int, int] | None = None  # the phrase before a bracketed pair: "in lung NETs (8.4 vs 3.9 months)"
    group_n: int | None = None  # "(n = 28)" written right after the target or lead phrase
    compared: bool = False  # one side of "X versus Y" (two groups)
    list_index: int | None = None  # position in a parallel list without named targets
    list_len: int | None = None
    confidence: float = 0.8


@dataclass
class RawHR:
    endpoint: str
    value: float
    start: int
    end: int
    ci: tuple[float, float] | None
    p: str | None


#: A complete response is reported: then a partial-response rate is not the ORR.
_CR = re.compile(r"(?i)complete (?:and partial )?respon|\bCR\b")


@lru_cache(maxsize=1)
def _compiled():
    t = outcome_terms()
    flags = re.IGNORECASE
    names = list(dict.fromkeys(m for m, _ in t["metrics"]))
    unknown = [m for m in names if m not in TERMS]
    if unknown:
        raise ValueError(f"extractors/data/outcome_terms.json: metric {unknown[0]!r} is no outcome term of "
                         f"schemas/metrics.py (known: {', '.join(TERMS)}); fix the name or add the metric there")
    missing = [m for m in TERMS if m not in names]
    if missing:
        raise ValueError(f"extractors/data/outcome_terms.json: no terms for {missing[0]!r} of schemas/metrics.py; "
                         f"add its patterns under \"metrics\"")
    metrics = [(m, re.compile(p, flags)) for m, p in t["metrics"]]
    return {
        "metrics": metrics,
        # per metric pattern, literals one of which every match holds (lower case; None: no such list): a cheap
        # first check on an ASCII sentence before the pattern is run
        "metric_keys": [literals_of(rx) for _, rx in metrics],
        "lit_keys": literals_of(re.compile(t["literature"], flags)),
        "resp_keys": literals_of(re.compile(t["respectively"], flags)),
        # overlapping mentions: blockers first ("disease-free survival"), then the file's order, then partial responses
        "order": {"block": 0, **{m: i + 1 for i, m in enumerate(names)}, "pr": len(names) + 1},
        "block": re.compile(t["blockers"], flags),
        "block_parts": [(_literal_key(p), re.compile(p, flags)) for p in _top_level_alternatives(t["blockers"])],
        "group_block": re.compile(t["group_blockers"], flags),
        "other_criteria": re.compile(t["other_criteria"]),
        "resp": re.compile(t["respectively"], flags),
        "contrast": re.compile(t["contrast"], flags),
        "heads": re.compile(t["subgroup_heads"]),
        "pooled": re.compile(t["pooled_phrases"], flags),
        "lit": re.compile(t["literature"], flags),
    }


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split 'a|b(c|d)|e' into ['a', 'b(c|d)', 'e']."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    parts.append(cur)
    return [p for p in parts if p]


def _literal_key(pattern: str) -> str:
    """A lower-case literal every match of ``pattern`` contains, for a fast prefilter ('' when unsure)."""
    plain = re.sub(r"\(\?<?[!=][^)]*\)", " ", pattern).replace("(?:", "(")
    plain = re.sub(r"\\[bBwWsSdD]", " ", plain)
    plain = re.sub(r"\[[^\]]*\]|\{[^}]*\}", " ", plain)
    while True:  # optional groups do not have to match
        stripped = re.sub(r"\([^()]*\)[?*]", " ", plain)
        if stripped == plain:
            break
        plain = stripped
    plain = re.sub(r"[A-Za-z][?*]", " ", plain)
    alt = re.search(r"\([^()]*\|", plain)
    if alt:
        plain = plain[:alt.start()]
    words = re.findall(r"[A-Za-z]{2,}", plain)
    return words[0].lower() if words else ""


def _mask(s: str, spans) -> str:
    chars = list(s)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def to_months(v: float, unit: str) -> tuple[float, bool]:
    u = unit.lower()
    if u.startswith("w"):
        return round(v / 4.345, 1), True
    if u.startswith("d"):
        return round(v / 30.44, 1), True
    if u.startswith("y"):
        return round(v * 12, 1), True
    return v, False


#: A partial response named (the ORR when no complete response is reported).
_PARTIAL_RESPONSE = re.compile(r"(?i)\bpartial (?:response|remission)s?\b(?!\s+rates?)(?:\s*\(PR\))?")


def find_mentions(s: str) -> list[Mention]:
    c = _compiled()
    found: list[Mention] = []
    low = s.lower()
    for key, rx in c["block_parts"]:
        if key and key not in low:
            continue
        for m in rx.finditer(s):
            found.append(Mention("block", m.start(), m.end(), m.group()))
    for m in _PARTIAL_RESPONSE.finditer(s) if "part" in low else ():
        found.append(Mention("pr", m.start(), m.end(), m.group()))
    ascii_text = s.isascii()  # (the lower-case literal checks are exact on ASCII text only)
    for (metric, rx), keys in zip(c["metrics"], c["metric_keys"]):
        if ascii_text and keys and not any(k in low for k in keys):
            continue
        for m in rx.finditer(s):
            if metric == "os" and re.match(r"(?i)OS\b", m.group()) and not m.group().isupper():
                continue
            found.append(Mention(metric, m.start(), m.end(), m.group()))
    # overlaps: blockers first ("disease-free survival"), then metric order, then longer
    order = c["order"]
    found.sort(key=lambda x: (order[x.metric], -(x.end - x.start), x.start))
    kept: list[Mention] = []
    for m in found:
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda x: x.start)
    out: list[Mention] = []
    for m in kept:
        if out and out[-1].metric == m.metric and re.fullmatch(r"\s*\(\s*", s[out[-1].end:m.start]):
            close = s.find(")", m.end)
            out[-1].end = close + 1 if 0 <= close - m.end <= 2 else m.end
            continue
        out.append(m)
    return out


def _timepoints(s: str, lo: int, hi: int) -> list[tuple[int, float]]:
    """Timepoints (position, months) written between lo and hi: '1-year', 'at 1 and 2 years', '6-month'."""
    out = []
    for m in TIMEPOINT_RE.finditer(s, lo, hi):
        nums = re.findall(rf"{NUM}|{WORDNUM}", m.group("list"), re.IGNORECASE)
        unit = m.group("u").lower()
        prev = s[max(0, m.start() - 25):m.start()].lower()
        if re.search(r"follow|median|within|after|range|every|each|over|for|duration|than", prev[-14:]):
            continue
        hyphen = re.search(r"-\s*$", s[m.start():m.start("u")])
        if not hyphen and not re.search(r"\b(?:at|to|by|of)\s*$", prev):
            continue
        for x in nums:
            v = number_word(x)
            if v is None or v <= 0 or v > 30 and unit.startswith("y"):
                continue
            out.append((m.start(), v * 12 if unit.startswith("y") else v))
    for m in _AT_UNIT_NUMBER.finditer(s, lo, hi):
        v = float(m.group("v"))
        if 0 < v <= (30 if m.group("u").lower() == "year" else 360):
            out.append((m.start(), v * 12 if m.group("u").lower() == "year" else v))
    return sorted(out)


#: The unit before the number: "PFS rate at month 20", "survival by year 3".
_AT_UNIT_NUMBER = re.compile(r"\b(?:at|by)\s+(?P<u>month|year)\s+(?P<v>\d{1,3})(?![\d.])", re.IGNORECASE)


def find_hrs(s: str, offset: int) -> list[RawHR]:
    out = []
    for m in HR_RE.finditer(s) if may_match(_HR_KEYS, s, s.lower()) else ():
        v = float(m.group("v"))
        if v <= 0 or v > 20:
            continue
        tail = s[m.end():m.end() + 90]
        ci = None
        cm = CI_RE.match(tail) or CI_RE.search(tail[:40])
        if cm:
            ci = (float(cm.group("lo")), float(cm.group("hi")))
        else:
            bm = re.match(rf"\s*[(\[,;]?\s*(?P<lo>{NUM})\s*(?:-|to)\s*(?P<hi>{NUM})\s*[)\]]", tail)
            if bm:
                ci = (float(bm.group("lo")), float(bm.group("hi")))
        pm = P_RE.search(tail[:70])
        p = None
        if pm:
            p = ("<" if pm.group("op") == "&lt;" else pm.group("op")) + pm.group("v")
        before = s[max(0, m.start() - 160):m.start()]
        endpoint = _hr_endpoint(before, m.group("name"))
        if endpoint is None:
            after = s[m.end():m.end() + 160]
            if re.search(r"(?i)progression|\bPFS\b", after):
                endpoint = "PFS" if not re.search(r"(?i)surviv|death", after.split("progression")[0]) else None
            elif re.search(r"(?i)\boverall survival\b|\bOS\b|longer survival|\bsurvival\b|\bdeath\b", after) and not re.search(
                    r"(?i)free survival|failure|FFS|DFS", after):
                endpoint = "OS"
        out.append(RawHR(endpoint, v, offset + m.start("v"), offset + m.end("v"), ci, p))
    return out


def _hr_endpoint(before: str, name: str) -> str | None:
    if "death" in name.lower():
        return "OS"
    ms = [m for m in find_mentions(before) if m.metric in ("pfs", "os", "block")]
    for m in reversed(ms):
        if m.metric == "pfs":
            return "PFS"
        if m.metric == "os":
            return "OS"
        t = m.text.lower()
        if "failure" in t or "ttf" in t:
            return "TTF"
        if "disease" in t or "dfs" in t:
            return "DFS"
        if "event" in t or "efs" in t:
            return "EFS"
    low = before.lower()
    if re.search(r"risk of (?:disease )?progression|progression", low):
        return "PFS"
    if re.search(r"risk of death|\bdeath\b|survival", low):
        return "OS"
    return None


#: "at 2 years", "by 6 months" (a whole number): the time of a landmark rate, never a median of its own
#: ("different at 19.8 months and 12.9 months" are medians).
_AT_TIME = re.compile(r"(?i)\b(?:at|by)\s+$")
#: Cheap checks of ``find_items``, compiled once (they run for every value of every sentence).
#: "5% in grade 1 tumours" is a value of that group; "5% grade 3 neutropenia", "10% of grade 3" are not rates of ours
_PCT_NOT_RATE_AFTER = re.compile(r"\s*(?:[<>\u2264\u2265]|(?:of\s+)?(?:(?!(?:in|among|for)\s)\w+\s+)?(?:lines?|grades?|stages?)\b)", re.IGNORECASE)
_PCT_NOT_RATE_BEFORE = re.compile(r"[<>\u2264\u2265]\s*=?\s*$|Ki-?67\s*(?:index)?\s*(?:of|was)?\s*$", re.IGNORECASE)
_BOUND_BEFORE = re.compile(r"[<>\u2264\u2265]\s*$")
_CI_LEVEL_AFTER = re.compile(r"\s*%?\s*(?:C\.?I\b|IC\b|confidence)")
#: What every p-value of P_RE holds: its operator.
_P_OPERATOR = re.compile(r"[=<>\u2264\u2265]|&lt;")
_CI_GAP = re.compile(r"[\s(,]*(?:months?|mo|mos|weeks?|days?|%)?[\s(,]*")


#: Literals one of which every match of these patterns holds (cheap first checks; :func:`may_match`).
_HR_KEYS, _PCT_KEYS, _TIME_KEYS, _NR_KEYS, _CR_KEYS = map(literals_of, (HR_RE, PCT_RE, TIME_RE, NR_RE, _CR))


def find_items(s: str) -> tuple[list[Item], str]:
    """Value items of a sentence and the masked sentence (CIs, ranges, p-values, HRs blanked)."""
    masks = []
    cis = []
    # cheap literal checks first (speed): a pattern is only run when the text holds what every match of it holds
    # (a CI "95%", a range "range" / "IQR", a bracket, a p-value's "=" / "<" / ">", an "n =")
    low = s.lower()
    paren = "(" in s
    for m in CI_RE.finditer(s) if "%" in s else ():
        masks.append((m.start(), m.end()))
        cis.append((m.start(), m.end(), float(m.group("lo")), float(m.group("hi"))))
    for m in RANGE_RE.finditer(s) if "range" in low or "qr" in low else ():
        masks.append((m.start(), m.end()))
    for m in BARE_CI_RE.finditer(s) if paren else ():
        masks.append((m.start(), m.end()))
        cis.append((m.start(), m.end(), float(m.group("lo")), float(m.group("hi"))))
    for m in PAREN_RANGE_RE.finditer(s) if paren else ():
        masks.append((m.start(), m.end()))
    for m in P_RE.finditer(s) if _P_OPERATOR.search(s) else ():
        masks.append((m.start(), m.end()))
    for m in HR_RE.finditer(s) if may_match(_HR_KEYS, s, low) else ():
        masks.append((m.start("v"), m.end("v")))
    for m in RESPONSE_DEF_RE.finditer(s) if paren else ():  # "(DCR; CR + PR + SD)": a definition, not a list of outcomes
        masks.append((m.start(), m.end()))
    ns = []
    for m in N_EQ_RE.finditer(s) if "=" in s else ():
        masks.append((m.start(), m.end()))
        ns.append((m.start(), int(m.group("n").replace(",", ""))))
    for m in COUNT_PATIENTS_RE.finditer(s) if "/" in s else ():
        masks.append((m.start(), m.end()))
        ns.append((m.start(), int(m.group("n"))))
    ms = _mask(s, masks)
    mlow = ms.lower()
    items: list[Item] = []
    taken = []
    for m in PCT_RE.finditer(ms) if may_match(_PCT_KEYS, ms, mlow) else ():
        if _PCT_NOT_RATE_AFTER.match(ms[m.end():m.end() + 16]):
            continue
        pre = ms[max(0, m.start() - 12):m.start()]
        if _PCT_NOT_RATE_BEFORE.search(pre):
            continue
        items.append(Item("pct", float(m.group("v")), m.start("v"), m.end()))
        taken.append((m.start(), m.end()))
    for m in TIME_RE.finditer(ms) if may_match(_TIME_KEYS, ms, mlow) else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        pre = ms[max(0, m.start() - 3):m.start()]
        if _BOUND_BEFORE.search(pre):
            continue
        if "." not in m.group("v") and _AT_TIME.search(ms, max(0, m.start() - 8), m.start()):
            taken.append((m.start(), m.end()))
            continue  # "62.5% at 2 years", "PFS at 6 months was 40%": a landmark's time, no median
        v = float(m.group("v"))
        months, conv = to_months(v, m.group("u"))
        items.append(Item("time", v, m.start("v"), m.end(), months=months, computed=conv, unit=m.group("u")))
        taken.append((m.start(), m.end()))
    for m in NR_RE.finditer(ms) if may_match(_NR_KEYS, ms, mlow) else ():
        items.append(Item("nr", None, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in COUNT_RE.finditer(ms):
        if any(a <= m.start() < b for a, b in taken):
            continue
        x = number_word(m.group("x") or m.group("x2"))
        n = number_word(m.group("n") or m.group("n2"))
        if x is None or not n or x > n:
            continue
        items.append(Item("count", round(100.0 * x / n, 1), m.start(), m.end(), computed=True, n=int(n)))
        taken.append((m.start(), m.end()))
    # "15% (five of 34)", "(33%; five of 15)": the count gives the denominator of the percentage
    items.sort(key=lambda it: it.start)
    merged = []
    for it in items:
        if it.kind == "count" and merged and merged[-1].kind == "pct" and re.fullmatch(r"\s*[(;,]?\s*", ms[merged[-1].end:it.start]):
            merged[-1].n = it.n
            continue
        if it.kind == "pct" and merged and merged[-1].kind == "count" and (re.fullmatch(r"\s*[(]\s*", ms[merged[-1].end:it.start]) or (
                re.fullmatch(r"\s*[,;]\s*|[^.;:%()\d]{0,60}\(\s*", ms[merged[-1].end:it.start]) and abs(merged[-1].value - it.value) < 1.0)):
            # "5 of 34 (15%)", "(21 of 60, 34.8%)": the percentage of the count; also written after the count's group,
            # "2 of 23 patients treated with A (8.7%)"
            it.n = merged[-1].n
            merged[-1] = it
            continue
        merged.append(it)
    items = merged
    # bare numbers in a list that ends with a unit: "19.4 and 54.8 months", "38.3 and 39.2%"
    items.sort(key=lambda it: it.start)
    for m in reversed(list(BARE_RE.finditer(ms))):
        if any(a <= m.start() < b for a, b in taken):
            continue
        nxt = next((it for it in items if it.start > m.end()), None)
        if nxt is None or nxt.kind not in ("pct", "time"):
            continue
        if not LIST_JOIN.match(ms[m.end():nxt.start]) and not (
                nxt.start - m.end() <= 90 and pattern("parallel_value_gap").fullmatch(ms, m.end(), nxt.start)):
            continue  # also "31.4 for A versus 26.2 weeks for B": the first value's group between it and the list word
        if re.search(r"(?i)\b(?:group|arm|cohort|stage|grade|phase|cycles?|days?|lines?|level|type|part|RECIST|version)\s*$", ms[max(0, m.start() - 12):m.start()]):
            continue  # "(group 1, 74%; group 2, 82%)", "RECIST 1.1 and 40%": the 1 names a group (a version), it is no value
        v = float(m.group("v"))
        if nxt.kind == "pct":
            items.append(Item("pct", v, m.start(), m.end()))
        else:
            unit = nxt.unit or "months"
            months, conv = to_months(v, unit)
            items.append(Item("time", v, m.start(), m.end(), months=months, computed=conv, unit=unit))
        taken.append((m.start(), m.end()))
        items.sort(key=lambda it: it.start)
    items.sort(key=lambda it: it.start)
    items = [it for it in items if not (it.kind in ("pct", "time") and (
        DIFF_BEFORE.search(ms[max(0, it.start - 45):it.start]) or DIFF_AFTER.match(ms, it.end)
        or _CI_LEVEL_AFTER.match(ms[it.end - 1 if ms[it.end - 1:it.end] == "%" else it.end:]) and it.value in (90.0, 95.0, 99.0)))]
    # attach CIs and "(n = X)" to the value right before them
    for a, b, lo, hi in cis:
        prev = [it for it in items if it.end <= a and _CI_GAP.fullmatch(ms[it.end:a])]
        if prev and a - prev[-1].end <= 25:
            prev[-1].ci = (lo, hi)
    for pos, n in ns:
        prev = [it for it in items if it.end <= pos and pos - it.end <= 6]
        if prev:
            prev[-1].n = n
    return items, ms


#: kind of number -> the outcome terms that can own it (``schemas.metrics``): a percentage is a rate or a landmark
#: rate, a time a median, "not reached" a median that may be not reached, "k of n" a rate
_COMPAT = {
    "pct": tuple(dict.fromkeys(m.term for m in METRICS.values() if m.term and m.family in ("rate", "landmark"))),
    "time": tuple(dict.fromkeys(m.term for m in METRICS.values() if m.term and m.family == "median")),
    "nr": tuple(dict.fromkeys(m.term for m in METRICS.values() if m.term and m.not_reached_applies)),
    "count": tuple(dict.fromkeys(m.term for m in METRICS.values() if m.term and m.family == "rate")),
}


#: A sentence with no number (digits, "not reached", "five of 12") has no value. (``_DIGIT`` first: a digit is
#: found fast, the words are tried at every position.)
_DIGIT = re.compile(r"\d")
_ANY_NUMBER = re.compile(r"\d|not (?:yet )?(?:been )?reached|\b(?:" + WORDNUM + r") of\b", re.IGNORECASE)


#: Patterns tried per mention or per value (compiled once): an ORR named with stable disease or a minor response
#: (clinical benefit), a bare 'responses', a list of groups or of arm letters after a target phrase.
_OR_STABLE_AFTER = re.compile(r"[^.;]{0,12}?\bor\s+(?:had\s+)?(?:a\s+)?(?:stable disease|SD\b|minor)")
_CLINICAL = re.compile(r"(?i)clinical")
_STABLE = re.compile(r"(?i)stable disease|\bSD\b")
_BARE_RESPONSES = re.compile(r"(?i)(?:objective |overall |tumou?r )?responses?")
_GROUP_LIST_AFTER = re.compile(
    r"\s*(?:vs\.?|versus|and|or)\s+(?!\d|(?:was|were|is|are|in|for|with|of|had|a|an|median|that|those|it)\b)[\"'\u201c\u2018]?\w",
    re.IGNORECASE)
_LETTER_LIST_AFTER = re.compile(r"\s*(?:and|or)\s+[A-D1-4](?![.\d])(?:\s*[,;.)]|\s+(?:arms?|groups?)\b|$)")
_COMMA_LIST_AFTER = re.compile(r"\s*,\s*(?!\d|respectively|and\s+\d)\w")


#: Patterns tried per median value (compiled once): a time in years, 'median' before the measure, mean / rate words,
#: the verb between the measure and its value; an open bracket before a value.
_YEAR = re.compile(r"(?i)year")
_MEDIAN_BEFORE = re.compile(r"(?i)\bmedian\s+(?:[\w-]+\s+){0,3}$")
_MEDIAN_NAME = re.compile(r"(?i)median|m[A-Z]")
_MEDIAN_OR_FOLLOW_AFTER = re.compile(r"(?i)\s*\(?median|\s*(?:of\s+)?follow")
_NOT_MEDIAN_WORD = re.compile(r"\bmean\b|\baverage\b|\brate\b|\bat\s+\d")
_VERB_BEFORE_VALUE = re.compile(r"(?:\b(?:was|were|of|is)|:)\s*$")
_VERB_GAP = re.compile(r"[\s\w\-()]*?(?:was|were|of|is)\s*")
_OPEN_BRACKET_END = re.compile(r"\(\s*$")


def sentence_values(s: str, offset: int = 0, regimen_spans: list[tuple[int, int]] | None = None) -> list[RawValue]:
    """All outcome values of sentence ``s`` (``offset`` = its start in the document).

    ``regimen_spans`` (document offsets) lets a target phrase naming two or more regimens
    ("with TEM and with TEM-CAP") be read as a list instead of a single target.
    """
    c = _compiled()
    if not _DIGIT.search(s) and not _ANY_NUMBER.search(s):
        return []
    low = s.lower()
    lit = c["lit"].search(s) if may_match(c["lit_keys"], s, low) else None
    if lit and not (_AGREES.search(s, max(0, lit.start() - 25), lit.start()) and not re.search(r"\d", s[lit.end():])):
        return []  # values quoted from other studies ("... consistent with previously reported results." is not)
    items, ms = find_items(s)
    if not items:
        return []
    mentions = [m for m in find_mentions(ms) if m.metric != "hr"]
    if not any(m.metric != "block" for m in mentions):
        return []
    mentions = [m for m in mentions if not (m.metric == "block" and _names_group(ms, m, mentions))]
    respectively = may_match(c["resp_keys"], s, low) and bool(c["resp"].search(s))
    has_cr = may_match(_CR_KEYS, ms, ms.lower()) and _CR.search(ms) is not None
    for m in mentions:  # a partial-response rate is the ORR when no complete response is reported
        if m.metric == "pr":
            sd = re.match(r"[^.;]{0,30}?\b(?:or|and|plus)\s+(?:a\s+)?(?:stable disease|SD|minor response)", ms[m.end:])
            m.metric = "block" if has_cr or sd else "orr"
        elif m.metric == "orr" and _OR_STABLE_AFTER.match(ms[m.end:]):
            m.metric = "block"  # "responded or had SD": clinical benefit, not ORR
        elif m.metric == "orr" and _CLINICAL.search(m.text) and _STABLE.search(ms):
            m.metric = "block"  # "SD for 6 months or more ...; the clinical response rate was 70%": clinical benefit
        elif m.metric == "orr" and _BARE_RESPONSES.fullmatch(m.text):
            # "Responses were seen in ...": unless a qualifier before it makes it another kind of response
            q = re.search(r"(?i)\b(partial|complete|minor|biochemical|symptomatic|hormonal|clinical|patholog\w*|metabolic|"
                          r"serologic\w*|marker|PSA|CgA)\s+$", ms[max(0, m.start - 20):m.start])
            if q:
                m.metric = "orr" if q.group(1).lower() == "partial" and not has_cr else "block"
    metric_runs: dict = {}
    owners = _assign_owners(ms, items, mentions, respectively, has_cr, metric_runs)
    if "RECIST" in s:
        owners = _by_other_criteria(ms, owners)
    out: list[RawValue] = []
    grids: dict[int, tuple[int, list[RawValue]]] = {}  # mention -> (timepoints, values of a timepoint x group grid)
    last_median: dict[str, Item] = {}
    for it, men, slot in owners:
        if men is None or men.metric == "block":
            continue
        metric = men.metric
        if it.kind == "pct" and by_term(metric, "landmark"):
            tps = _timepoints(ms, max(0, men.start - 22), men.start)  # "1-year survival rate"
            tps = [t for t in tps if t[0] >= men.start - 22]
            if not tps:
                tps = _timepoints(ms, max(0, men.start - 30), min(len(ms), max(men.end + 40, it.end + 30)))
            if not tps:
                continue
            k = slot[0] if slot and slot[1] == len(tps) else (0 if len(tps) == 1 else None)
            grid = k is None and slot and len(tps) >= 2 and slot[1] % len(tps) == 0
            if grid:
                # "1- and 2-year OS was 58% and 39% for A, and 47% and 28% for B": each group's values in timepoint
                # order (kept only if each run of values names its one group: checked once the targets are known)
                k = slot[0] % len(tps)
            if k is None:
                continue
            out.append(RawValue(by_term(metric, "landmark").name, it.value, offset + it.start, offset + it.end, ci=it.ci,
                                timepoint=tps[k][1], confidence=0.75))
            if grid:
                grids.setdefault(id(men), (len(tps), []))[1].append(out[-1])
        elif it.kind in ("pct", "count") and by_term(metric, "rate"):
            if it.value is None or it.value > 100:
                continue
            out.append(RawValue(by_term(metric, "rate").name, it.value, offset + it.start, offset + it.end, ci=it.ci,
                                computed=it.kind == "count", n=it.n, confidence=0.85 if it.kind == "pct" else 0.7))
        elif it.kind == "time" and by_term(metric, "median"):
            if it.months is None or it.months > 240:
                continue
            median = _is_median(ms, men, it)
            if median and _YEAR.search(ms[it.start:it.end]) and not (
                    _MEDIAN_BEFORE.search(ms[max(0, men.start - 40):men.start]) or men.text[:1] in "mM"
                    and _MEDIAN_NAME.match(men.text)) or _MEDIAN_OR_FOLLOW_AFTER.match(ms[it.end:it.end + 12]):
                continue  # "survival of 5 years" is a landmark; a median in years is written "median OS ... 2.1 years"
            prev = last_median.get(metric)
            if not median and prev is not None and (re.fullmatch(
                    r"\s*(?:mo|mos|months?|weeks?|days?)?\s*(?:,|and|vs\.?|versus|v\.?|or|to)?\s*", ms[prev.end:it.start], re.IGNORECASE)
                    or pattern("parallel_value_gap").fullmatch(ms, prev.end, it.start)):
                median = True  # the next value of a list: "12.1 vs 9.8 months", "14 months for A and 11 months for B"
            if not median:
                continue
            last_median[metric] = it
            out.append(RawValue(by_term(metric, "median").name, it.months, offset + it.start, offset + it.end, ci=it.ci,
                                computed=it.computed, confidence=0.85))
        elif it.kind == "nr" and metric in _COMPAT["nr"]:
            out.append(RawValue(by_term(metric, "median").name, None, offset + it.start, offset + it.end, not_reached=True,
                                confidence=0.8))
    _attach_targets(ms, out, offset, regimen_spans or [], s)
    at = {v.start - offset: v for v in out}
    for k, vals in metric_runs.values():  # one run of the listed metrics per group: each run names its own group
        grid = [at[it.start] for it in vals if it.start in at]
        if len(grid) == len(vals):
            grids[id(vals)] = (k, grid)
        else:
            out = [v for v in out if all(v is not at.get(it.start) for it in vals)]
    for t, grid in grids.values():
        runs = [grid[j:j + t] for j in range(0, len(grid), t)]
        named = [{v.target for v in run} for run in runs]
        if any(len(n) != 1 or None in n for n in named) or len({next(iter(n)) for n in named}) != len(runs):
            out = [v for v in out if all(v is not g for g in grid)]  # the groups are not named run by run: ambiguous
    return out


#: Before a blocker that can name a group ("grade 2", "metastases"), the start of a group's phrase: "in / for / among
#: (the) (patients with)".
_GROUP_PHRASE_BEFORE = re.compile(
    r"\b(?:in|for|among)\s+(?:the\s+)?(?:(?:patients|those|women|men|subjects|cases)\s+(?:with|who\s+had)\s+)?[^,;()\d%]{0,40}$",
    re.IGNORECASE)


def _names_group(ms: str, men: Mention, mentions: list[Mention]) -> bool:
    """Whether blocker ``men`` names a group of patients, not a measure: "longer in grade 2 tumours (7.1 vs 2.8 months)",
    "higher for patients with liver metastases (18% vs 2%)" (the values are the group's); "grade 3 neutropenia in 12%",
    "liver metastases in 30%" keep their blocker (no group phrase before it)."""
    if not _compiled()["group_block"].fullmatch(men.text):
        return False
    g = _GROUP_PHRASE_BEFORE.search(ms, max(0, men.start - 60), men.start)
    return g is not None and not any(g.start() <= x.start < men.start for x in mentions)


def _by_other_criteria(ms: str, owners: list) -> list:
    """A sentence giving a rate by RECIST and another by other criteria ("25% by RECIST 1.1 and 40% by Choi
    criteria"): the RECIST rate is the ORR, the other is another measure (its value is left out)."""
    crit = {}
    for it, men, _ in owners:
        m = pattern("criteria_after").match(ms, it.end) if men is not None and it.kind in ("pct", "count") else None
        if m:
            c = m.group("c")
            crit[id(it)] = "recist" if re.match(r"RECIST\b|Response Evaluation Criteria", c) else (
                "other" if _compiled()["other_criteria"].match(c) else None)
    if "recist" not in crit.values() or "other" not in crit.values():
        return owners
    return [(it, None if crit.get(id(it)) == "other" else men, slot) for it, men, slot in owners]


def _is_median(ms: str, men: Mention, it: Item) -> bool:
    seg = ms[max(0, men.start - 60):it.start].lower()
    if "median" in seg or men.text.lower().startswith("m") and men.text[:1] == "m":
        return True
    # "PFS was 19 months", "time to progression was 11 months": accepted as the median when no mean/rate word
    if _NOT_MEDIAN_WORD.search(seg):
        return False
    # "TTP was longer (8.3 v 3.2 months)": one side of a two-arm pair of a time-to-event endpoint is its median
    if pattern("paired_value_after").match(ms, it.end) or pattern("paired_value_before").search(ms[max(0, it.start - 80):it.start]):
        return True
    # "superiority in TTP (6.1 and 3.4 months)", "overall survival (19.1 and 11.8 months)": the arms' medians in brackets
    if pattern("endpoint_paren_pair").match(ms, men.end) and men.end < it.start < ms.find(")", men.end):
        return True
    # "overall survival was similar (18 and 19 months ...)", "survival (26.5 months for A v 25.2 months)": a verdict
    # on the arms, then their medians in brackets
    pair = pattern("endpoint_verdict_pair").match(ms, men.end)
    if pair and men.end < it.start < pair.end():
        return True
    return bool(_VERB_BEFORE_VALUE.search(ms[men.end:it.start].lower()) or
                _VERB_GAP.fullmatch(ms[men.end:it.start].lower()))


#: A follow-up ends its clause: it never starts a list of metrics ("after 20 months of follow-up, median PFS ...").
_FOLLOW_UP = re.compile(r"(?i)follow")
#: Before a literature cue that closes the sentence: the study's own values agree with others, they are not quoted.
_AGREES = re.compile(r"(?i)\b(?:consistent with|similar to|in line with|comparable (?:to|with)|in keeping with|confirm\w*)\s*$")


#: Patterns of :func:`_assign_owners` (compiled once: tried for every value and mention). Between two metrics of a
#: list ("median OS and PFS"); between a value and the measure right after it that owns it ("70% stable disease");
#: a partial response right after a value ("seven (15%) partial responses").
_METRIC_LIST_GAP = re.compile(r"\s*(?:\([A-Za-z\-]{1,8}\))?\s*(?:,|and|,\s*and|/|or)\s*(?:the\s+)?(?:median\s+)?", re.IGNORECASE)
_OWNER_RIGHT_AFTER = re.compile(
    r"[\s)]*(?:(?:of\s+)?(?:the\s+)?(?:patients?|pts|cases)\s*)?(?:(?:had|showed|achieved|experienced|with|developed)\s+)?(?:an?\s+)?",
    re.IGNORECASE)
_PARTIAL_RESPONSE_AFTER = re.compile(
    r"[\s)]*(?:(?:patients?\s+)?(?:had|showed|achieved|with)\s+)?(?:an?\s+)?partial (?:response|remission)s?\b(?!\s+rates?)",
    re.IGNORECASE)


def _assign_owners(ms: str, items: list[Item], mentions: list[Mention], respectively: bool, has_cr: bool,
                   metric_runs: dict | None = None):
    """(item, owning mention, (slot index, slot count)) for each item. ``metric_runs`` gets, per metric list whose
    values come in one run per group, (metrics, the values in order)."""
    out = []
    # metric lists: "median OS and PFS", "response and disease control rates"
    lists: list[list[Mention]] = []
    for m in mentions:
        if lists and not _FOLLOW_UP.match(lists[-1][-1].text) and _METRIC_LIST_GAP.fullmatch(
            ms[lists[-1][-1].end:m.start]
        ):  # a follow-up ends its clause: "after a median of 20 months of follow-up, median PFS was ..." is no list
            lists[-1].append(m)
        else:
            lists.append([m])
    for idx, it in enumerate(items):
        # a blocker right after the value owns it ("70% stable disease", "9 (18.0%) patients had stable disease"),
        # as does a rate named right after it ("seven (15%) complete responses")
        follow = next((m for m in mentions if it.end <= m.start), None)
        if follow is not None and (follow.metric == "block" or it.kind in ("pct", "count") and follow.metric in _COMPAT["count"]) and _OWNER_RIGHT_AFTER.fullmatch(
                ms[it.end:follow.start]):
            out.append((it, follow, None))
            continue
        pr = _PARTIAL_RESPONSE_AFTER.match(ms[it.end:it.end + 60])
        if pr and it.kind == "pct":
            if has_cr:
                out.append((it, None, None))
            else:  # no complete response reported: the partial-response rate is the ORR
                out.append((it, Mention("orr", it.end, it.end + pr.end(), "partial response"), None))
            continue
        prev_lists = [L for L in lists if L[-1].end <= it.start]
        if not prev_lists:
            nxt = next((L for L in lists if L[0].start >= it.end), None)
            real = [L for L in lists if any(x.metric != "block" for x in L)]
            between = [x for x in items if it.end <= x.start and nxt is not None and x.end <= nxt[0].start]
            if nxt is not None and len(nxt) == 1 and (not between and nxt[0].start - it.end <= 40 or len(real) == 1 and real[0] is nxt):
                out.append((it, nxt[0], None))
            else:
                out.append((it, None, None))
            continue
        L = prev_lists[-1]
        if it.kind == "nr" and len(L) > 1:
            for men in L:
                if men.metric in _COMPAT["nr"]:
                    out.append((it, men, None))
            continue
        if len(L) == 1:
            men = L[0]
            if men.metric != "block" and it.kind not in ("count",) and men.metric not in _COMPAT[it.kind]:
                # skip back over incompatible metrics (but never over a blocker)
                cand = None
                for L2 in reversed(prev_lists[:-1]):
                    if L2[-1].metric == "block":
                        break
                    if len(L2) == 1 and L2[0].metric in _COMPAT[it.kind]:
                        cand = L2[0]
                        break
                men = cand
            out.append((it, men, None))
            continue
        # a metric list owns the values after it, in order (cyclically), when 'respectively' or counts fit
        vals = [x for x in items if x.start >= L[-1].end and
                not any(L3[0].start < x.start and L3[0].start > L[-1].end for L3 in lists if L3 is not L)]
        k = len(L)
        pos = vals.index(it) if it in vals else 0
        if len(vals) % k == 0 and (respectively or len(vals) == k):
            out.append((it, L[pos % k], None))
        elif len(vals) > k and len(vals) % k == 0 and _runs_name_groups(ms, vals, k):
            # "median PFS and OS were 2.8 and 13.2 months in A and 2.0 and 14.0 months in B": one run of the listed
            # metrics per group (sentence_values keeps it only if each run's group is named, one group per run)
            out.append((it, L[pos % k], None))
            if metric_runs is not None:
                metric_runs[id(L)] = (k, vals)
        else:
            out.append((it, None, None))
    # landmark rates: slot among the values owned by the same mention
    by_men: dict[int, list[Item]] = {}
    for it, men, _ in out:
        if men is not None:
            by_men.setdefault(id(men), []).append(it)
    res = []
    for it, men, _ in out:
        slot = None
        if men is not None:
            grp = [x for x in by_men[id(men)] if x.kind == "pct"]
            if it in grp:
                slot = (grp.index(it), len(grp))
        res.append((it, men, slot))
    return res


#: Between two values of one run of a metric list, and after a run's last value: its group.
_IN_RUN = re.compile(r"\s*(?:months?|mo|mos|%|weeks?|years?)?\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*and|,|and|/)\s*")
_RUN_GROUP_AFTER = re.compile(
    r"\s*(?:months?|mo|mos|%|weeks?|years?)?\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:in|for|with|among|on)\s+(?:the\s+)?\w", re.IGNORECASE)


def _runs_name_groups(ms: str, vals: list[Item], k: int) -> bool:
    """Whether ``vals`` come in runs of ``k`` values joined by a list word, each run followed by its group's phrase:
    "2.8 and 13.2 months in A and 2.0 and 14.0 months in B"."""
    for j in range(0, len(vals), k):
        run = vals[j:j + k]
        if not all(_IN_RUN.fullmatch(ms, a.end, b.start) for a, b in zip(run, run[1:])):
            return False
        if not _RUN_GROUP_AFTER.match(ms, run[-1].end):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# targets: which phrase (arm or subgroup) a value is attached to in the sentence
# ---------------------------------------------------------------------------------------------
#: (Each run of spaces is read by one ``\s*`` only: the masked sentence has long runs of blanks, and "\s*\)?\s*" there
#: backtracks through every way of splitting a run between them.)
_AFTER_TARGET = re.compile(
    r"^\s*(?:\)\s*)?(?:\([^()]{0,60}\)\s*)?(?:months?\s+)?(?:(?:of\s+)?(?:the\s+)?(?:\d+\s+)?patients\s+)?(?:(?:treated|randomi[sz]ed|assigned|allocated)\s+)?(?P<prep>in|for|with|among|to|on)\s+(?:the\s+)?"
    r"(?P<phr>[^,;()]{2,70}?)(?=\s*(?:[,;()]|\bv\b|\bvs\.?|\bversus\b|\band\b|\bcompared\b|\brespectively\b|\bwhile\b|\bbut\b|\bwhereas\b|$|\.\s|\.$))",
    re.IGNORECASE,
)
_BEFORE_TARGET = re.compile(
    r"(?:\b(?:in|for|among|with|between|compared (?:to|with)|(?<!based )(?<!depending )on|of(?=\s+all\b))\s+(?:the\s+)?(?:patients\s+with\s+)?|\bthose\s+with\s+)(?P<phr>[^,;()]{2,60}?)"
    r"(?:\s+(?:it|they|this))?(?:\s*\(\s*|\s+(?:was|were|is)\s+(?:(?:only|about|approximately|significantly \w+)\s+)?)$",
    re.IGNORECASE,
)
#: Right after a value, the whole study: "12 months overall and 8 months in G2 tumours", "20% overall, 30% in ...".
#: The value is its own (no later group's phrase takes it); attribution reads "overall" as all patients.
_OVERALL_AFTER = re.compile(
    r"\s*(?:months?|mo|mos|%)?\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?P<phr>overall)\b(?!\s+(?:survival|response|rate|OS|ORR|median))",
    re.IGNORECASE,
)
#: The second clause of a coordination with its verb left out: "was 22.9% in the A group and in the B group 10.8%",
#: "9.1 months for A, and for B 8.3 months": the phrase right before the value names its group. Also after a
#: semicolon, with "that of" for the measure, or with a pronoun and verb only: "; in the B group, 10.8%", "and that
#: of the B group, 10.8%", "and in the B group, it was 10.8%". (Not after "and,": "and, in ..., " opens an aside as
#: often as a group's clause.)
_ELLIPSIS_BEFORE = re.compile(
    r"(?:(?:,\s*|\b)(?:and|but|while|whereas)\s+|;\s*)(?:(?:that|those)\s+(?:in|for|with|among|on|of)|in|for|with|among|on)"
    r"\s+(?:the\s+)?(?P<phr>[^,;()]{2,60}?)\s*,?\s*(?:(?:it|they)\s+(?:was|were)\s+)?$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"(?:^\s*|[;,(]\s*|\band\s+)(?:In|Among|For)\s+(?:the\s+)?(?P<phr>(?:patients|those)\s+(?:with|who|treated)\s+[^,;()]{2,60}?|[^,;()]{2,60}?(?:patients|group|cohort|tumou?rs|disease|NETs?))"
    r"\s*(?:,|\(|\s(?=the\s+(?:median|overall|objective|response|\w+ rates?)))"
    r"|(?P<phr3>those with [^,;()]{2,60}?)\s*\("
    r"|\b(?:in|among|for)\s+(?P<phr4>(?:patients|women|men|subjects)\s+(?:with|who)\s+[^,;()]{2,60}?)\s*[(,]"
    r"|^\s*(?P<phr2>Patients (?:with|who|treated) [^,;()]{2,60}?)\s+(?:had|showed|achieved|experienced)\b",
    re.IGNORECASE,
)
#: The group a bracketed pair of values is given for: "PFS was longer with A than with B in lung NETs (8.4 vs 3.9
#: months)". Both values are that group's (when it is a subgroup); the phrase holds no inner preposition, so in
#: "than with placebo in lung NETs (" it is "lung NETs".
_PAIR_GROUP = re.compile(
    r"\b(?:in|among|for)\s+(?:the\s+)?(?P<phr>(?:(?!\b(?:in|among|for|with|than|versus|vs)\b)[^,;()]){2,60}?)\s*\(\s*$",
    re.IGNORECASE,
)
_PAREN_TARGET = re.compile(r"^\s*\((?!\s*(?:HR|OR|RR|CI|[Pp]|hazard|odds|risk|log-rank|range|median|mean)\b)(?P<phr>[A-Za-z][A-Za-z0-9+/\- ]{1,30})\)")
_LIST_SUBGROUPS = re.compile(
    r"\b(?:of|in|for|among|between)\s+(?:the\s+)?(?P<a>[^,;()]{2,40}?)\s+(?:and|vs\.?|versus|or)\s+(?P<b>[^,;()]{2,50}?)"
    r"(?=\s*(?:\(|,|\s+(?:was|were|had)\b))",
    re.IGNORECASE,
)
_RESPECTIVELY_IN = re.compile(
    r"^\s*(?:months?|%)?\s*,?\s*respectively\s*,?\s+(?P<prep>in|for|among)\s+(?:the\s+)?(?P<phr>[^,;()]{2,70}?)"
    r"(?=\s*(?:[,;()]|$|\.\s|\.$))",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(r"(?i)(?:latter|former|other|remaining|each|both|these|those|this)\b")
_BAD_PHRASE = re.compile(
    r"(?i)\d|months?\b|weeks?\b|years?\b|days?\b|(?:no|a|an|only|significant\w*|respect|regard|exception|latter|former|"
    r"median|addition|terms|total|average|contrast|comparison|particular|general|this|these|which|whom|each|both|all of)\b"
)


#: Words that start a clause, not a group's label ("(in patients with X, 45%": the lead phrase reads it)
_NOT_LABEL = re.compile(r"(?i)(?:in|for|among|with|of|at|by|to|on|from|was|were|is|are|respectively|while|whereas|but|and|or|"
                        r"p|overall|total|median|mean|range|ratio|hr|ci|including|excluding|i\.e\.|e\.g\.)\b")
_VERB = re.compile(r"(?i)\b(?:was|were|is|are|had|has|have|showed|achieved|reached|remained|of)\b")
_CONTRAST_BETWEEN = re.compile(r"(?i)\b(?:vs\.?|versus|v|compared (?:with|to))(?:\s|$)")


def _names_metric(phrase: str) -> bool:
    """Whether a phrase names an outcome of ours ("TTP", "objective response"): then it is no group."""
    return any(metric != "hr" and rx.search(phrase) for metric, rx in _compiled()["metrics"])


#: Cheap checks of ``_attach_targets``, compiled once.
_LIST_WORD = re.compile(r"(?i)\b(?:and|or|vs\.?|versus)\b")
_BRACKET = re.compile(r"[()]")
_VERSUS_AFTER = re.compile(r"\s*(?:months?|mo|%)?\s*(?:\([^()]*(?:\([^()]*\)[^()]*)?\)\s*)?,?\s*(?:versus|vs\.?|v)\s+\(?\d")
_VERSUS_BEFORE = re.compile(r"\b(?:versus|vs\.?|v)\s+\(?$")
_GROUP_N_AFTER = re.compile(r"\s*\(\s*(?:n\s*=\s*(\d+)|\d+\s*/\s*(\d+)\s*(?:patients|pts|cases)\s*[);])")
_LIST_BREAK = re.compile(r"[();]")
_CLOSED_BRACKETS = re.compile(r"\([^()]*\)")


def _attach_targets(ms: str, values: list[RawValue], offset: int, regimen_spans, raw: str = "") -> None:
    def multi(span) -> bool:
        """A phrase naming two regimens or two groups ('control and test arms') is a list, not a target."""
        if _LIST_WORD.search(ms[span[0] - offset:span[1] - offset]):
            return True
        return sum(1 for a, b in regimen_spans if span[0] <= a < span[1]) >= 2

    def head_bracket(a: int) -> bool:
        return ms[max(0, a - 3):a].rstrip().endswith("(")

    def values_alone(b: int) -> bool:
        """No other value in the bracket the value at ``b`` ends: "(10.3%)", "(10.3%; P = .8)"."""
        close = ms.find(")", b)
        return close >= 0 and not any(b <= w.start - offset < close for w in values)

    def span_of(m: re.Match, g: str) -> tuple[int, int]:
        """The document span of group ``g`` of a match on ``ms`` (or on the 110 characters after a value)."""
        base = 0 if m.string is ms else b
        return offset + base + m.start(g), offset + base + m.end(g)

    respectively = pattern("respectively").search(ms) is not None
    heads = []
    for m in _LEAD.finditer(raw or ms):
        g = next(k for k in ("phr", "phr2", "phr3", "phr4") if m.group(k))
        if not _BAD_PHRASE.match(m.group(g)):
            heads.append((m.start(g), m.end(g)))
    pending: list[RawValue] = []
    last_end = None
    for i, v in enumerate(values):
        a, b = v.start - offset, v.end - offset
        hd = [h for h in heads if h[1] <= a]
        if hd:
            v.lead = (offset + hd[-1][0], offset + hd[-1][1])
        if last_end is not None and _BRACKET.search(ms[last_end:a]):
            pending = []
        last_end = b
        pending.append(v)
        tail = ms[b:b + 110]
        lm = pattern("label_before_value").search(ms, max(0, a - 70), a) if ms[max(0, a - 4):a].rstrip()[-1:] in (",", ":") else None
        if lm and not _BAD_PHRASE.match(lm.group("phr")) and not _NOT_LABEL.match(lm.group("phr")) and not _VERB.search(
                lm.group("phr")) and not _names_metric(lm.group("phr")):
            # "(group 1, 74%; group 2, 82%)", "(A, 29% versus B, 41%)": the label before the value names its group
            v.target, v.target_kind = (offset + lm.start("phr"), offset + lm.end("phr")), "label"
            pending = []
            continue
        om = _OVERALL_AFTER.match(tail) if "overall" in tail[:80].lower() else None
        if om:
            v.target, v.target_kind = (offset + b + om.start("phr"), offset + b + om.end("phr")), "after"
            v.target_prep = None
            pending = []
            continue
        pm = _PAREN_TARGET.match(tail)
        if pm and COUNT_RE.search(pm.group("phr")):
            pm = None
        if pm:
            v.target, v.target_kind = (offset + b + pm.start("phr"), offset + b + pm.end("phr")), "paren"
            pending = []
            continue
        sm = pattern("both_arms_after").match(tail) if "both" in tail[:24].lower() else None
        if sm is None and head_bracket(a) and values_alone(b):
            sm = pattern("same_value_arms_before").search(ms, max(0, a - 90), a)
        if sm and (multi(span_of(sm, "phr")) or pattern("every_arm_ref").fullmatch(sm.group("phr").strip())):
            # "the same in the A and B arms (10.3%)", "similar in both arms (75%)", "10.3% in both the A and B arms":
            # one value for each of the arms named (extractors.attribution.every_arm)
            v.target, v.target_kind = span_of(sm, "phr"), "every_arm"
            pending = []
            continue
        m = _AFTER_TARGET.match(tail)
        if m and _GROUP_LIST_AFTER.match(tail[m.end("phr"):]):
            m = None  # "in the experimental versus standard arm": a list of groups
        if m and _LETTER_LIST_AFTER.match(tail[m.end("phr"):]):
            m = None  # "in arms B and A": a list of labelled arms
        if m and respectively and _COMMA_LIST_AFTER.match(tail[m.end("phr"):]):
            m = None  # "41%, 27% and 12% in the A, B and C groups, respectively": a list of groups
        if m is None and respectively:
            m = _RESPECTIVELY_IN.match(tail)  # "45% and 33%, respectively, in the X subgroup": the list's group
        if m and not _BAD_PHRASE.match(m.group("phr")) and not multi((offset + b + m.start("phr"), offset + b + m.end("phr"))):
            span = (offset + b + m.start("phr"), offset + b + m.end("phr"))
            for p in pending:
                if p.target is None and (p is v or not _CONTRAST_BETWEEN.search(ms, p.end - offset, a)):
                    # "18.6 months versus 15.8 months on B": the first value of a contrast is not B's
                    p.target, p.target_kind, p.target_prep = span, "after", m.group("prep").lower()
            pending = []
            continue
        if m and pattern("every_arm_ref").fullmatch(m.group("phr").strip()):  # "4.7 months for each arm"
            v.target, v.target_kind = (offset + b + m.start("phr"), offset + b + m.end("phr")), "every_arm"
            pending = []
            continue
        if m and _ANAPHOR.match(m.group("phr")):  # "in the latter group": a group we cannot name
            v.target_kind = "rejected"
            pending = []
            continue
        head = ms[max(0, a - 70):a]
        # "longer than in the B arm (10.7 versus 7.9 months)": a phrase before a pair names neither value alone
        paired = _OPEN_BRACKET_END.search(head) and pattern("paired_value_after").match(ms, b)
        if paired and v.lead is None and i + 1 < len(values) and values[i + 1].start - offset < paired.end():
            gm = _PAIR_GROUP.search(head)
            span = gm and (offset + max(0, a - 70) + gm.start("phr"), offset + max(0, a - 70) + gm.end("phr"))
            if gm and not _names_metric(gm.group("phr")) and not _BAD_PHRASE.match(gm.group("phr")) and not multi(span):
                v.pair_group = values[i + 1].pair_group = span  # attribution keeps it when it names a subgroup
        bm = None if respectively or paired else _BEFORE_TARGET.search(head) or _ELLIPSIS_BEFORE.search(head)
        if bm and _names_metric(bm.group("phr")):
            bm = None  # "superiority in TTP (6.1 and 3.4 months)": an endpoint, not a group
        if bm and not _BAD_PHRASE.match(bm.group("phr")) and not multi(
                (offset + max(0, a - 70) + bm.start("phr"), offset + max(0, a - 70) + bm.end("phr"))):
            start = max(0, a - 70) + bm.start("phr")
            v.target, v.target_kind = (offset + start, offset + start + len(bm.group("phr"))), "before"
            pending = [p for p in pending if p is not v]
    # one side of a comparison: "82.7% (...) versus 59.2%", "33.6 versus 27.3%"
    for v in values:
        a, b = v.start - offset, v.end - offset
        after = ms[b:b + 60]
        if _VERSUS_AFTER.match(after) or _VERSUS_BEFORE.search(ms[max(0, a - 12):a]):
            v.compared = True
    # "In patients with pNET (n = 28), ...", "0% in G1 tumours (0/14 patients)": the size of the named group
    for v in values:
        for span in (v.target, v.lead):
            if span is None or v.group_n is not None:
                continue
            nm = _GROUP_N_AFTER.match(raw[span[1] - offset:span[1] - offset + 30])
            if nm:
                v.group_n = int(nm.group(1) or nm.group(2))
    # parallel lists without named targets ("22.7 vs 14.4 months", "34% versus 51%")
    by_metric: dict[str, list[RawValue]] = {}
    cluster = 0
    prev_end = None
    for v in values:
        if prev_end is not None and _LIST_BREAK.search(_CLOSED_BRACKETS.sub(" ", ms[prev_end:v.start - offset])):
            cluster += 1  # a bracket between two values parts their lists, unless it closes there ("61% (21/34) and 60%")
        prev_end = v.end - offset
        if v.target_kind == "rejected":
            continue
        by_metric.setdefault(v.metric + str(v.timepoint) + str(v.lead) + "#" + str(cluster), []).append(v)
    for grp in by_metric.values():
        untargeted = [v for v in grp if v.target is None]
        if len(untargeted) >= 2:
            for i, v in enumerate(untargeted):
                v.list_index, v.list_len = i, len(untargeted)
            # "between grade 1 and grade 2 tumours (median PFS 14 and 6 months, respectively)"
            if len(untargeted) == 2:
                first = untargeted[0].start - offset
                lm = [m for m in _LIST_SUBGROUPS.finditer(ms, 0, first)]
                if lm:
                    m = lm[-1]
                    tail = ms[m.end():first]
                    spans = []
                    for g in ("a", "b"):
                        a0, a1 = m.start(g), m.end(g)
                        cut = [x.end() for x in re.finditer(r"\b(?:of|in|for|among|between)\s+(?:the\s+)?", ms[a0:a1])]
                        spans.append((a0 + cut[-1] if cut else a0, a1))
                    names = " ".join(ms[a:b] for a, b in spans)
                    if any(r0 - offset <= m.end("a") and m.start("b") < r1 - offset for r0, r1 in regimen_spans):
                        continue  # "in gemcitabine and S-1 combination arm": the 'and' joins one regimen's drugs
                    if re.search(r"(?i)median|surviv|respon|progress|\bPFS\b|\bOS\b|\brates?\b", names):
                        continue  # not a list of groups
                    if pattern("arm_name_list").fullmatch(ms, spans[0][0], spans[1][1]):
                        continue  # "the sequential and combination arms": arms, lined up by extractors.attribution
                    if not re.search(r"[.;]", tail) and len(tail) < 60:
                        for v, (a0, a1) in zip(untargeted, spans):
                            v.target, v.target_kind = (offset + a0, offset + a1), "listed"
                            v.list_index = v.list_len = None
