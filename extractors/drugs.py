"""Drug and regimen mentions in a text.

Drugs come from the project's synonym file (names, case-sensitive acronyms, classes), the
regimen-acronym vocabulary, the document's own abbreviations ("... (CAPTEM)") and the offline
dictionary of ``drug_named_entity_recognition``. Adjacent drugs joined by "and", "plus", "+",
"/", "-", "with", "in combination with" form one regimen mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .grammar import literals_of, may_match, pattern
from .vocab import (drug_acronym_re, drug_name_re, drug_synonyms, radiolabelled_name, radiolabelled_re, regimen_re,
                    regimens)

#: Regimen or drug acronyms this short are only trusted when the document defines them.
SHORT_ACRONYM = 2
#: Arms without a drug, known by their name (extractors.grammar "no_drug_arm").
NO_DRUG_RE = pattern("no_drug_arm")
_NO_DRUG_KEYS = literals_of(NO_DRUG_RE)  # literals one of which each of its matches holds (a cheap first check)
PLATINUM_AGENTS = {"cisplatin", "carboplatin", "oxaliplatin", "nedaplatin"}


@dataclass(frozen=True)
class DrugMention:
    start: int
    end: int
    text: str
    components: tuple[str, ...]
    kind: str  # drug | class | regimen | doc_abbrev


@dataclass
class RegimenMention:
    start: int
    end: int
    text: str
    components: tuple[str, ...]
    drugs: list[DrugMention] = field(default_factory=list)
    alone: bool = False  # "X alone" / "X monotherapy"
    # a label mention ("arm A", "the 20-mg arm", "HDX" defined in the text; extractors.arms.label_mentions): the arm
    # it names (its arm key) and how the summary shows it; ``stands_for``: the drugs its definition names when two
    # labels share them (arms that differ by dose or schedule)
    arm_id: frozenset | None = None
    label: str | None = None
    stands_for: tuple[str, ...] = ()

    @property
    def key(self) -> frozenset:
        return frozenset(self.components)


@lru_cache(maxsize=1)
def _dictionary():
    try:
        from drug_named_entity_recognition import find_drugs
    except Exception:  # pragma: no cover - optional at runtime
        return None
    return find_drugs


def _canon_dictionary_name(name: str) -> str | None:
    syn = drug_synonyms()
    key = name.lower()
    if key in syn["dictionary_names"]:
        return syn["dictionary_names"][key]
    if key in syn["names"]:
        return syn["names"][key]
    return key




def find_drug_mentions(text: str, doc=None) -> list[DrugMention]:
    """Drug, class and regimen mentions in ``text`` (normalised), longest first, non-overlapping.

    ``doc`` is an optional spaCy Doc run through the AbbreviationDetector (it may cover only the
    sentences of ``text`` that define abbreviations); its short forms teach the document's acronyms.
    """
    syn = drug_synonyms()
    reg = regimens()["regimens"]
    cands: list[DrugMention] = []
    for m in radiolabelled_re().finditer(text):
        cands.append(DrugMention(m.start(), m.end(), m.group(), (radiolabelled_name(m),), "drug"))
    names = list(drug_name_re().finditer(text))
    for m in names:
        key = m.group().lower()
        if key in syn["classes"]:
            cands.append(DrugMention(m.start(), m.end(), m.group(), (syn["classes"][key],), "class"))
        else:
            cands.append(DrugMention(m.start(), m.end(), m.group(), (syn["names"][key],), "drug"))
    abbrevs = dict(doc_abbreviations(doc)) if doc is not None else {}
    for short, comps in _inline_definitions(text, names).items():
        abbrevs.setdefault(short, comps)
    for short, comps in abbrevs.items():  # "the A and B or C (ABCD) study": a study's name, no regimen
        if comps and _names_study(text, short):
            abbrevs[short] = ()
    for m in drug_acronym_re().finditer(text):
        a = m.group()
        if a in abbrevs and not abbrevs[a]:
            continue  # the document defines it as something else
        cands.append(DrugMention(m.start(), m.end(), a, (syn["acronyms"][a],), "drug"))
    for m in regimen_re().finditer(text):
        a = m.group("acr")
        if a in abbrevs and not abbrevs[a]:
            continue
        if len(a) <= SHORT_ACRONYM and a not in abbrevs and not _defined_inline(text, a):
            continue
        comps = tuple(reg[a])
        if a in abbrevs and abbrevs[a]:
            comps = _merge_defined(comps, abbrevs[a])
        cands.append(DrugMention(m.start(), m.end(), m.group(), comps, "regimen"))
    known = {c.text for c in cands}
    for short, comps in abbrevs.items():
        if comps and short not in known and short not in reg and short not in syn["acronyms"]:
            for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(short)}(?![A-Za-z0-9])", text):
                cands.append(DrugMention(m.start(), m.end(), short, comps, "doc_abbrev"))
    for m in NO_DRUG_RE.finditer(text) if may_match(_NO_DRUG_KEYS, text, text.lower()) else ():
        cands.append(DrugMention(m.start(), m.end(), m.group(), (), "nodrug"))
    taken = [(c.start, c.end) for c in cands]
    cands.extend(d for d in _dictionary_mentions(text) if not any(a < d.end and d.start < b for a, b in taken))
    cands.extend(_code_name_drugs(text, cands))
    letters = _letter_definitions(text, cands) if "(" in text else {}
    for m in _LETTER_WORD.finditer(text) if len(letters) >= 2 else ():
        word = m.group()  # "docetaxel (T) and epirubicin (E) ... the TE regimen": one letter per defined drug
        if len(set(word)) == len(word) and all(ch in letters for ch in word) and word not in known:
            cands.append(DrugMention(m.start(), m.end(), word, tuple(letters[ch] for ch in word), "doc_abbrev"))
    # "tamoxifen (TAM)" for a drug the dictionary found: the document's own acronym
    known = {c.text for c in cands}
    for c in list(cands):
        if c.kind != "drug":
            continue
        dose = _DOSE_PAREN_AFTER.match(text, c.end)  # "exemestane 25 mg (EXE)": the acronym after the dose
        d = _INLINE_DEF.match(text, dose.end() if dose else c.end)
        if not d:
            continue
        acr = d.group("acr")
        if acr in known or acr in reg or acr in syn["acronyms"] or acr.lower() == c.text.lower() or _names_study(text, acr):
            continue
        known.add(acr)
        comps = list(c.components)
        prev = [p for p in cands if p.end <= c.start and p.kind in ("drug", "class", "regimen")]
        while prev:  # "epirubicin plus tamoxifen (EPI-TAM)": the acronym names the whole combination
            p = max(prev, key=lambda x: x.end)
            if not _JOINS_DRUGS.fullmatch(text[p.end:c.start]):
                break
            comps = list(p.components) + comps
            c = p
            prev = [q for q in prev if q.end <= p.start]
        for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(acr)}(?![A-Za-z0-9])", text):
            cands.append(DrugMention(m.start(), m.end(), acr, tuple(dict.fromkeys(comps)), "doc_abbrev"))
    cands.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DrugMention] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    # "the taxane paclitaxel": a class naming its agent right after it is not a component
    return [c for i, c in enumerate(out)
            if not (c.kind == "class" and i + 1 < len(out) and out[i + 1].kind != "class"
                    and text[c.end:out[i + 1].start].strip() == "")]


#: Three digits: every code name ends with a run of them, right after its letters or a hyphen after them.
_THREE_DIGITS = re.compile(r"\d{3}")


def _may_hold_code_name(text: str) -> bool:
    """False when ``text`` has no code name's shape (a letter and an optional hyphen before three digits): a cheap
    first check, the code-name pattern being tried at every position. (The first three digits of a run are the
    run's start.)"""
    for m in _THREE_DIGITS.finditer(text):
        i = m.start() - 1
        if i > 0 and text[i] == "-":
            i -= 1
        if i >= 0 and text[i].isalpha():
            return True
    return False


def _code_name_drugs(text: str, cands: list[DrugMention]) -> list[DrugMention]:
    """Investigational drugs known only by a code name ('ABI-007', 'XY-1234'; grammar "drug_code_name") that no
    vocabulary lists: a code name is a drug when one of its uses has a drug's context - a dose or an allocation
    right after it, an allocation right before it ("code_name_cue_*"), or a known drug or placebo set against it
    ('XY-1234 or placebo', 'XY-1234 compared with paclitaxel'). A gene, a cell line or a trial number of the same
    shape has none of these. Each use becomes a drug mention (its component is the code, lower case)."""
    codes: dict[str, list] = {}
    for m in pattern("drug_code_name").finditer(text) if _may_hold_code_name(text) else ():
        if regimen_re().fullmatch(re.sub(r"-?\d.*$", "", m.group())):
            continue  # "FEC100": a known regimen and its dose
        codes.setdefault(m.group(), []).append(m)
    if not codes:
        return []
    known = sorted((c for c in cands if c.kind in ("drug", "nodrug", "regimen", "doc_abbrev")), key=lambda c: c.start)
    for code, ms in list(codes.items()):  # "toremifene 120 mg (TOR120)": the short name of a known drug, no new drug
        if any(_CODE_DEFINED.fullmatch(text, c.end, m.start()) and re.match(r"\s*[),;]", text[m.end():m.end() + 3])
               for m in ms for c in known if c.kind != "nodrug" and 0 <= m.start() - c.end <= 30):
            del codes[code]
    alt = pattern("alternatives_gap")
    out = []
    for code, ms in codes.items():
        ms = [m for m in ms if not any(c.start < m.end() and m.start() < c.end for c in cands)]

        def drug_context(m) -> bool:
            if pattern("code_name_cue_after").match(text, m.end()) or \
                    pattern("code_name_cue_before").search(text[max(0, m.start() - 60):m.start()]):
                return True
            nxt = next((c for c in known if c.start >= m.end()), None)
            prev = next((c for c in reversed(known) if c.end <= m.start()), None)
            return (nxt is not None and nxt.start - m.end() < 40 and _CODE_CONTRAST.fullmatch(text, m.end(), nxt.start)
                    is not None) or (prev is not None and m.start() - prev.end < 40 and (
                        alt.fullmatch(text, prev.end, m.start()) or _CODE_CONTRAST.fullmatch(text, prev.end, m.start())))
        if any(drug_context(m) for m in ms):
            out.extend(DrugMention(m.start(), m.end(), code, (code.lower(),), "drug") for m in ms)
    return out


#: Between a known drug and a code name defined as its short name: "toremifene 120 mg (", "filgrastim ("
_CODE_DEFINED = re.compile(r"[^();.]{0,25}\(\s*")
#: Between a code name and a drug set against it: "XY-1234 (n = 40) or placebo", "XY-1234 compared with standard".
_CODE_CONTRAST = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:or|vs\.?|versus|(?:(?:was|were|is)\s+)?compared (?:with|to))\s+"
                            r"(?:either\s+)?(?:the\s+)?(?:standard|reference|conventional)?\s*", re.IGNORECASE)


def _names_study(text: str, short: str) -> bool:
    """Whether a short name the text defines is a study's name: 'the A and B (ABCD) study', 'ABCD trial'
    (grammar "study_name_after")."""
    return any(pattern("study_name_after").match(text, m.end())
               for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(short)}(?![A-Za-z0-9])", text))


#: What joins the drugs of one combination before its acronym: "A, B, and C (ABC)", "A plus B (AB)".
_JOINS_DRUGS = re.compile(r"\s*(?:,?\s*(?:and|plus|with)|,|\+|/|-|combined with|in combination with)\s*", re.I)
_INLINE_DEF = re.compile(r"\s*\(\s*(?P<acr>[A-Z][A-Za-z0-9\-]{1,7})\s*[;,)]")


_COMBO_BEFORE = re.compile(
    r"(?:[\w\-()]+\s*(?:,|\+|/|-|\band\b|\bplus\b|\bwith\b|\bcombined with\b|\bin combination with\b)\s*){1,4}$", re.IGNORECASE
)


def _inline_definitions(text: str, names) -> dict[str, tuple[str, ...]]:
    """'tamoxifen (TAM)', 'epirubicin plus tamoxifen (EPI-TAM)': acronyms defined right after drug names
    (``names``: the matches of ``drug_name_re`` in ``text``)."""
    out: dict[str, tuple[str, ...]] = {}
    for m in names:
        dose = _DOSE_PAREN_AFTER.match(text, m.end())  # "paclitaxel (175 mg/m2, day 2) (EP)": the acronym after its dose
        d = _INLINE_DEF.match(text, dose.end() if dose else m.end())
        if not d or d.group("acr") in out:
            continue
        acr = d.group("acr")
        if not (acr.upper() == acr or acr[:1].isupper() and len(acr) <= 5):
            continue
        window = text[max(0, m.start() - 160):m.start()]
        before = _COMBO_BEFORE.search(_DOSE_PAREN.sub(" ", window) if "(" in window else window)
        comps = _components_in((before.group() if before else "") + m.group())
        if comps:
            out[acr] = comps
    return out


#: "docetaxel (T)": a drug's one-letter short name; "TE", "TEL": words made of such letters only.
_LETTER_DEF = re.compile(r"\s*\(\s*(?P<l>[A-Z])\s*\)")
_LETTER_WORD = re.compile(r"(?<![\w-])[A-Z]{2,5}(?![\w-])")


def _letter_definitions(text: str, mentions: list[DrugMention]) -> dict[str, str]:
    """One-letter short names the text gives drugs, letter -> drug: "docetaxel (T) and epirubicin (E)" (a letter given
    to two drugs is left out)."""
    out: dict[str, str] = {}
    for c in mentions:
        d = _LETTER_DEF.match(text, c.end) if c.kind == "drug" and len(c.components) == 1 else None
        if d:
            drug = c.components[0]
            out[d.group("l")] = drug if out.get(d.group("l"), drug) == drug else ""
    return {k: v for k, v in out.items() if v}


def _defined_inline(text: str, acronym: str) -> bool:
    """'drug name (ACR' somewhere in the text: the acronym is introduced right after a drug."""
    for m in re.finditer(rf"\(\s*{re.escape(acronym)}\s*[;,)]", text):
        before = text[max(0, m.start() - 60):m.start()]
        if drug_name_re().search(before[-40:]) or radiolabelled_re().search(before):
            return True
    return False


def _merge_defined(vocab_comps: tuple[str, ...], defined: tuple[str, ...]) -> tuple[str, ...]:
    """The vocabulary's components; a platinum agent the document names replaces 'platinum'; a definition sharing no
    drug with the vocabulary's is the document's own regimen when it names two drugs or more ("epirubicin plus
    paclitaxel (EP)", not etoposide and a platinum)."""
    extra = set(defined) - set(vocab_comps)
    if "platinum" in vocab_comps and extra and extra <= PLATINUM_AGENTS:
        return tuple(c for c in vocab_comps if c != "platinum") + tuple(c for c in defined if c in extra)
    if len(defined) >= 2 and not set(defined) & set(vocab_comps):
        return tuple(defined)
    return vocab_comps


_WORD_CACHE: dict[str, str | None] = {}
_WORD_CACHE_MAX = 200_000


def _dictionary_name(word: str) -> str | None:
    """Canonical drug name of one word from the offline dictionary (cached per word)."""
    key = word.lower()
    if key in _WORD_CACHE:
        return _WORD_CACHE[key]
    name = None
    find_drugs = _dictionary()
    if find_drugs is not None:
        try:
            hits = find_drugs([word], is_ignore_case=True)
        except Exception:
            hits = []
        for info, s, e in hits:
            if e - s == 1:
                name = _canon_dictionary_name(str(info.get("name") or ""))
                break
    if len(_WORD_CACHE) < _WORD_CACHE_MAX:
        _WORD_CACHE[key] = name
    return name


def _dictionary_mentions(text: str) -> list[DrugMention]:
    """Single-word drug names the project vocabulary does not list (e.g. 'ramucirumab')."""
    out = []
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if w.isupper():
            continue
        name = _dictionary_name(w)
        if name:
            out.append(DrugMention(m.start(), m.end(), w, (name,), "drug"))
        elif "-" in w:
            out.extend(_hyphen_parts(w, m.start()))
    return out


def _hyphen_parts(word: str, start: int) -> list[DrugMention]:
    """'palbociclib-fulvestrant', 'placebo-fulvestrant': a combination's drugs joined by hyphens, one mention per
    drug the dictionary knows (group_regimens joins them), when every part names a drug or a no-drug arm
    ('fentanyl-free', 'anthracycline-induced': no combination, no mention)."""
    return [DrugMention(start + at, start + at + len(p), p, (name,), "drug") for at, p, name in _hyphen_drugs(word)]


@lru_cache(maxsize=20_000)
def _hyphen_drugs(word: str) -> tuple:
    """(offset, part, drug) of the parts of ``word`` the dictionary knows; () unless every part is a drug."""
    names = drug_synonyms()["names"]
    out, at = [], 0
    for p in word.split("-"):
        name = _dictionary_name(p) if len(p) >= 5 else None
        if name:
            out.append((at, p, name))
        elif not (p.lower() in names or NO_DRUG_RE.fullmatch(p)):
            return ()
        at += len(p) + 1
    return tuple(out)



_WORD_RE = re.compile(r"(?<![\w-])[A-Za-z][a-z][a-z\-]{3,}(?![\w-])")


def doc_abbreviations(doc) -> dict[str, tuple[str, ...]]:
    """Short form -> components named in its long form (empty tuple: defined as a non-drug)."""
    out: dict[str, tuple[str, ...]] = {}
    try:
        abbrs = doc._.abbreviations
    except Exception:
        abbrs = []
    text = doc.text if doc is not None else ""
    for short in abbrs:
        long = short._.long_form
        s = str(short.text)
        if s in out and out[s]:
            continue
        long_text = text[long.start_char:long.end_char]
        # a study's name ("Breast Cancer Trials of Oral X 2 (ABC-2)") names no regimen
        out[s] = () if pattern("study_name_long").search(long_text) else _components_in(long_text)
    return out


def _components_in(fragment: str) -> tuple[str, ...]:
    """Drugs named in an abbreviation's long form, as a table's treatment cell is read; "platinum" goes
    when the agent is named."""
    from extractors.tables import components

    comps = components(fragment)
    if "platinum" in comps and PLATINUM_AGENTS & set(comps):
        comps = [c for c in comps if c != "platinum"]
    return tuple(dict.fromkeys(comps))


#: A dose: "175 mg/m2", "7.4 GBq", "120 mg/m(2)" (PubMed's m squared), "AUC 5".
DOSE = (r"(?:\d+(?:\.\d+)?\s*(?:mg|g|\u00b5g|mcg|IU|units?|GBq|mCi)(?:\s*/\s*(?:m\(?2\)?|m\u00b2|kg|day|d|week|wk))*"
        r"|AUC\s*=?\s*\d+(?:\.\d+)?)")

# Words allowed between two drugs of one regimen.
_JOIN = re.compile(
    r"^(?:\s*(?:,|\+|/|-|&|and|plus|with|or|combined with|in combination with|together with|"
    r"added to|the|oral|intravenous|infusional|bolus|weekly|daily|"
    r"metronomic|low-dose|high-dose|and/or|\(|\)|;|"
    + DOSE + r")\s*)*$",  # a dose: "paclitaxel 175 mg/m(2) + carboplatin"
    re.IGNORECASE,
)
_ALONE = re.compile(r"^\s*(?:alone|monotherapy|only|as a single agent|as single agent)\b", re.IGNORECASE)

#: Drugs written together as one token ("A/B", "A-B", "A + B"): compiled once, it runs for every mention.
_TIGHT_JOIN = re.compile(r"\s*[-/+]\s*")


def group_regimens(text: str, mentions: list[DrugMention]) -> list[RegimenMention]:
    """Join adjacent drug mentions into regimen mentions.

    'A or B' and 'A vs B' stay two regimens unless a shared partner follows ('cisplatin or
    carboplatin/etoposide'); a drug already in the regimen starts a new one; two multi-drug
    regimens joined by 'and' are two regimens; a parenthesised acronym right after a combination
    names it ('5-FU and irinotecan (FOLFIRI)'); pairs the document contrasts with 'or'/'vs'
    elsewhere are never joined.
    """
    contrasted = _contrasted_pairs(text, mentions)
    groups: list[list[DrugMention]] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        tight = nxt is not None and _TIGHT_JOIN.fullmatch(text[m.end:nxt.start]) is not None
        if groups and _joins(text, groups[-1], m, contrasted, tight):
            groups[-1].append(m)
            continue
        groups.append([m])
    out = []
    for g in groups:
        comps: list[str] = []
        for d in g:
            comps.extend(d.components)
        if "platinum" in comps and (PLATINUM_AGENTS & set(comps)):
            comps = [c for c in comps if c != "platinum"]
        comps = list(dict.fromkeys(comps))
        r = RegimenMention(g[0].start, g[-1].end, text[g[0].start:g[-1].end], tuple(comps), list(g))
        r.alone = bool(_ALONE.match(text[r.end:r.end + 25]))
        out.append(r)
    return out


#: A drug's dose and schedule in brackets, read as no word between two drugs: "nimotuzumab (200 mg, i.v. weekly) plus
#: gefitinib", "A (1,000 mg/m2 orally twice daily, days 1-14) and B".
_DOSE_PAREN = re.compile(r"\((?=[^()]*\d\s*(?:mg|g|\u00b5g|mcg|IU|units?|GBq|mCi)\b|[^()]*\bAUC\b)[^()]{1,80}\)", re.IGNORECASE)
#: A dose right after a drug, bracketed or not, before the drug's short name: "exemestane 25 mg (EXE)",
#: "paclitaxel (175 mg/m2, day 2) (P)".
_DOSE_PAREN_AFTER = re.compile(r"\s*(?:" + _DOSE_PAREN.pattern + "|" + DOSE + r")(?=\s*\()", re.IGNORECASE)


#: Gaps and contexts between drug mentions (compiled once: they are tried for every pair of mentions).
_OR_WORD = re.compile(r"\bor\b")
_SLASH_PLUS_AFTER = re.compile(r"\s*[/+]")
_COMBINED_AFTER = re.compile(r"\s*[-/+]\s*\w")
_COMBINED_BEFORE = re.compile(r"\w\s*[-/+]\s*$")
_ADD_ON_BEFORE = re.compile(r"(?:combined with|in combination with|plus|\+|added to)\s*$", re.I)
_STRONG_CONTRAST = re.compile(r"vs|versus|\bv\b|compared")
_NODRUG_SPLIT = re.compile(r"/|\bor\b|\bvs\b|versus")
_AND_OR_COMMA = re.compile(r"\band\b|,")
_ADD_ON_GAP = re.compile(r"\s*(?:plus|\+|combined with|in combination with)\s*|-", re.I)


def _joins(text: str, group: list[DrugMention], m: DrugMention, contrasted: set, tight: bool = False) -> bool:
    prev = group[-1]
    gap = text[prev.end:m.start]
    if "(" in gap:
        gap = _DOSE_PAREN.sub(" ", gap)
    if len(gap) > 40 or not _JOIN.match(gap):
        return False
    have = set()
    for d in group:
        have.update(d.components)
    if gap.strip() == "(":  # "combination (ACRONYM)": the acronym names what precedes it
        return True
    if gap.strip() == "":
        return False  # "Post-FAS everolimus": juxtaposed names are not one regimen
    if gap.strip() == ")":  # "(FOLFIRI) bevacizumab"
        return not (set(m.components) & have)
    if ")" in gap and len(have) >= 2:
        return False
    if set(m.components) & have:
        return False
    if (m.kind == "nodrug" or prev.kind == "nodrug") and _NODRUG_SPLIT.search(gap):
        return False  # "gefitinib/placebo" compares, it does not combine
    if _splits(gap, text, m):
        return False
    if len(have) >= 2 and (len(m.components) >= 2 or tight) and _AND_OR_COMMA.search(gap):
        return False  # "TEM-CAP and 5FU-DTIC": two combinations
    if _ADD_ON_GAP.fullmatch(gap):
        return True  # "gemcitabine plus S-1", "GEM-S-1" combine even where the text also contrasts the two drugs
    if frozenset(have) in contrasted and frozenset(m.components) in contrasted:
        pair = frozenset([frozenset(have), frozenset(m.components)])
        if pair in contrasted:
            return False
    return True


_CONTRAST = re.compile(r"^\s*(?:,?\s*(?:or|and)|vs\.?|versus|v\.?|compared (?:with|to)|to)\s*$", re.IGNORECASE)
_CONTRAST_CUE = re.compile(r"(?:\bwith(?: either)?|receiv\w*|randomi[sz]\w*(?: to)?|assigned to|allocated to|compar\w*|either)\s*$",
                           re.IGNORECASE)


_OR_GAP = re.compile(r"\s*,?\s*or\s*")


def list_of_alternatives_end(text: str, mentions: list, j: int) -> int | None:
    """Where a list of alternatives "A, B or C" whose second item is ``mentions[j]`` ends: the index of the mention
    joined to the one before it by "or" (within three steps of ``j``), or None when no "or" closes the list."""
    for x in range(j, min(j + 3, len(mentions) - 1)):
        if _OR_GAP.fullmatch(text, mentions[x].end, mentions[x + 1].start):
            return x + 1
    return None


def _contrasted_pairs(text: str, mentions: list[DrugMention]) -> set:
    """Drug sets the document sets against each other ('A or B', 'A vs B')."""
    out: set = set()
    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        gap = text[a.end:b.start]
        # "randomly assigned to receive A, B or C": the comma starts a list of alternatives ending in 'or'
        if gap.strip() == "," and _CONTRAST_CUE.search(text[max(0, a.start - 30):a.start]) and \
                list_of_alternatives_end(text, mentions, i + 1) is not None:
            out.update({frozenset(a.components), frozenset(b.components),
                        frozenset([frozenset(a.components), frozenset(b.components)])})
            continue
        if not _CONTRAST.match(gap) or _COMBINED_AFTER.match(text[b.end:b.end + 4]) or _COMBINED_BEFORE.search(
                text[max(0, a.start - 4):a.start]):
            continue  # "TAM compared with EPI-TAM": a part of a combination is not contrasted
        if _ADD_ON_BEFORE.search(text[max(0, a.start - 25):a.start]):
            continue  # "A combined with B or C": B is an add-on to A; the arms are A+B and A+C
        c = next((x for x in mentions if x.start >= b.end), None)
        if c is not None and c.components == a.components and _JOINS_DRUGS.fullmatch(text[b.end:c.start]):
            continue  # "carboplatin versus paclitaxel and carboplatin": the second arm is B + A
        strong = _STRONG_CONTRAST.search(gap)
        if strong or _CONTRAST_CUE.search(text[max(0, a.start - 30):a.start]) and _OR_WORD.search(gap):
            ka, kb = frozenset(a.components), frozenset(b.components)
            out.update({ka, kb, frozenset([ka, kb])})
    return out


def _splits(gap: str, text: str, nxt: DrugMention) -> bool:
    """An 'or' / 'vs' between two drugs separates two regimens unless followed by a shared partner."""
    g = gap.lower()
    if _OR_WORD.search(g) and "and/or" not in g:
        after = text[nxt.end:nxt.end + 3]
        return not _SLASH_PLUS_AFTER.match(after)
    if ";" in g:
        return True
    return False
