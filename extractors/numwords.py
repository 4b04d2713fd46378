"""Cardinal numbers written in digits or in English words.

``parse_number("Thirty-four") == 34``; ``parse_number("1,011") == 1011``;
``parse_number("one hundred and two") == 102``; ``parse_number("16 000") == 16000`` (a span
the caller has read as one number: ``find_numbers`` itself never joins digit groups split by
spaces, which are ambiguous in running text); anything that is not a whole
cardinal number gives ``None`` (never raises).

``NUMBER_RE`` finds number spans (digits or words) in running text so other
extractors can reuse it; ``find_numbers(text)`` yields ``NumberSpan`` tuples
with the parsed value and character offsets.

The vocabulary is data (the dicts below); the logic only combines it.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .vocab import alternation

__all__ = [
    "UNITS",
    "TEENS",
    "TENS",
    "SCALES",
    "WORD_NUMBER_PATTERN",
    "WORD_NUMBER_FIRST_LETTERS",
    "DIGIT_NUMBER_PATTERN",
    "NUMBER_PATTERN",
    "NUMBER_RE",
    "NumberSpan",
    "parse_number",
    "find_numbers",
]

# ---------------------------------------------------------------------------
# Vocabulary (data)
# ---------------------------------------------------------------------------

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
# Joiners allowed between number words ("one hundred and two", "thirty-four").
CONJUNCTIONS: frozenset[str] = frozenset({"and"})

# ---------------------------------------------------------------------------
# Patterns (built from the vocabulary)
# ---------------------------------------------------------------------------

# each word list as a trie (extractors.vocab.alternation: the same matches as "longest|...|shortest", tried faster)
_SMALL = "(?:" + alternation({**UNITS, **TEENS}) + ")"
_TENS = "(?:" + alternation(TENS) + ")"
_SCALE = "(?:" + alternation(SCALES) + ")"
#: The letters a number word starts with ("a hundred" too): a cheap first check before the whole pattern is tried.
WORD_NUMBER_FIRST_LETTERS = "".join(sorted({w[0] for w in (*UNITS, *TEENS, *TENS, *SCALES, "a")}))
# 1..99 in words: "thirty-four", "thirty four", "twelve", "forty"
_UNDER_100 = rf"(?:{_TENS}(?:[\s\-\u2010\u2011]+{_SMALL})?|{_SMALL})"
_SEP = r"[\s\-\u2010\u2011]+"
#: Words that make a bare scale vague ("several hundred patients" is no number).
VAGUE_QUANTIFIERS: tuple[str, ...] = ("several", "few", "many", "some", "hundreds", "thousands", "of")
_NOT_VAGUE = "".join(rf"(?<!{w}\s)" for w in VAGUE_QUANTIFIERS)
# up to 999,999: "one hundred and two", "a hundred", "two thousand three hundred", "Three-hundred
# fifty-one"; a bare leading scale ("Hundred and forty-three") is read as one hundred.
_WORD_NUMBER = (
    rf"(?=[{WORD_NUMBER_FIRST_LETTERS}])"
    rf"(?:(?:(?:{_UNDER_100}|a){_SEP}|{_NOT_VAGUE}){_SCALE}"
    rf"(?:(?:\s+and)?{_SEP}(?:(?:{_UNDER_100}|a){_SEP}{_SCALE}|{_UNDER_100}))*"
    rf"(?:(?:\s+and)?{_SEP}{_UNDER_100})?"
    rf"|{_UNDER_100})"
)

#: Raw pattern strings (no boundaries, no groups) for embedding in other regexes;
#: compile with re.IGNORECASE.
WORD_NUMBER_PATTERN = _WORD_NUMBER
DIGIT_NUMBER_PATTERN = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
NUMBER_PATTERN = rf"(?:{DIGIT_NUMBER_PATTERN}|{WORD_NUMBER_PATTERN})"

#: A whole number in digits ("34", "1,011"; not "1 011", ambiguous; not a decimal "3.5" nor part of a longer
#: token "34a", "NCT0123") or in English words (case-insensitive), whole words only.
NUMBER_RE = re.compile(
    rf"(?<![\w.,\-/]){DIGIT_NUMBER_PATTERN}(?![\w]|[.,]\d)"
    rf"|(?<![\w\-]){_WORD_NUMBER}(?![\w\-])",
    re.IGNORECASE,
)

_DIGITS_FULL = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+")
_GROUP_SEPARATORS = str.maketrans("", "", ", \u00a0\u2009\u202f")
_TOKEN_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")


class NumberSpan(NamedTuple):
    """A number found in text: its value and ``text[start:end]``."""

    value: int
    start: int
    end: int
    text: str


def _parse_words(tokens: list[str]) -> int | None:
    total = 0      # completed thousands groups
    current = 0    # the group being built (< 1000)
    last = None    # kind of the previous token: unit, teen, tens, scale, and
    for i, tok in enumerate(tokens):
        if tok in CONJUNCTIONS:
            if last != "scale" or i == len(tokens) - 1:
                return None
            last = "and"
            continue
        if tok == "a":
            if i + 1 >= len(tokens) or tokens[i + 1] not in SCALES or last not in (None, "scale", "and"):
                return None
            current += 1
            last = "unit"
            continue
        if tok in UNITS:
            if last in ("unit", "teen"):
                return None
            current += UNITS[tok]
            last = "unit"
        elif tok in TEENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TEENS[tok]
            last = "teen"
        elif tok in TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TENS[tok]
            last = "tens"
        elif tok in SCALES:
            scale = SCALES[tok]
            if last is None:  # "Hundred and forty-three": a bare leading scale means one
                current, last = 1, "unit"
            if last not in ("unit", "teen", "tens"):
                return None
            if scale == 100:
                # "two hundred": only a group under 100 can be multiplied
                if current >= 100:
                    return None
                current *= 100
            else:  # thousand
                if current == 0:
                    return None
                if total:
                    return None
                total = current * scale
                current = 0
            last = "scale"
        else:
            return None
    if last in (None, "and"):
        return None
    return total + current


def parse_number(text: str) -> int | None:
    """Parse a whole cardinal number written in digits or English words.

    Returns ``None`` for anything else (decimals, ordinals, empty or mixed text).
    """
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > 200:
        return None
    if _DIGITS_FULL.fullmatch(s):
        try:
            return int(s.translate(_GROUP_SEPARATORS))
        except ValueError:  # pragma: no cover - fullmatch guarantees digits
            return None
    tokens = [t for t in _TOKEN_SPLIT.split(s.lower()) if t]
    if not tokens:
        return None
    return _parse_words(tokens)


def find_numbers(text: str) -> Iterator[NumberSpan]:
    """Yield every whole number (digits or words) in ``text`` with its offsets."""
    if not isinstance(text, str) or not text:
        return
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            yield NumberSpan(value, m.start(), m.end(), m.group(0))
