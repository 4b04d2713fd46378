"""Length-preserving text normalisation and sentence splitting (pure functions, no spaCy).

``normalize`` replaces characters one for one, so every offset into the normalised text is an
offset into the input text. ``split_sentences`` keeps "vs.", "95% CI", "P = 0.02", "e.g." and
decimals inside their sentence.
"""
from __future__ import annotations

import re
from collections import Counter

_CHAR_MAP = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u200a": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'",
    "\u2032": "'", "\u00ad": "-", "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u2a7d": "\u2264", "\u2a7e": "\u2265", "\u2266": "\u2264", "\u2267": "\u2265",
}
_TRANS = str.maketrans(_CHAR_MAP)
# middle dot / bullet used as a decimal point between digits ("46\u00b75")
_MIDDLE_DOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")


#: A decimal comma right before a unit: "19,1 months", "41,7%" (European writing). A comma between thousands has three
#: digits after it ("1,234 patients") and a list has a space after it ("5, 6 months"): both are left as they are.
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?=\s*(?:%|months?\b|mo\b|mos\b|years?\b|weeks?\b|days?\b))")
#: What every decimal comma holds (a fast first check: the pattern above is tried at every position).
_DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")


def normalize(text: str) -> str:
    """Same-length copy of ``text`` with dashes, spaces, quotes, decimal middle dots and decimal commas before a unit
    made ASCII."""
    out = text.translate(_TRANS)
    if "\u00b7" in out or "\u2219" in out or "\u22c5" in out:  # (literal checks first: most texts have none)
        out = _MIDDLE_DOT.sub(".", out)
    return _DECIMAL_COMMA.sub(r"\1.\2", out) if "," in out and _DIGIT_COMMA_DIGIT.search(out) else out


# Words after which a period does not end a sentence.
_NO_BREAK_BEFORE = {
    "vs", "v", "e.g", "i.e", "al", "approx", "ca", "fig", "figs", "no", "nos", "ref", "refs", "resp", "dr",
    "mr", "mrs", "ms", "prof", "inc", "ltd", "co", "cf", "viz", "vol", "pp", "min", "max", "mo", "mos",
    "wk", "wks", "yr", "yrs", "pts", "pt", "st", "nd", "rd", "th", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "b.i.d", "t.i.d", "q.d", "i.v", "p.o", "s.c", "c.i", "est",
}
_BOUNDARY = re.compile(  # (?:...) first: where a boundary can be, a cheap check at each position
    r"(?:(?=[.!?\n])|(?<=[.]))(?:[.!?](?:[\"')\]]*)(?=\s+[\"'(\[]?[A-Z0-9\u0391-\u03a9])|\n\s*\n|\n(?=\s*[A-Z])"
    r"|(?<=[a-z]{4}[.])(?=[A-Z][a-z]|\d))"  # run-on "cohort.The", "weeks.2 patients": no decimal after a word
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
#: An arm's letter label ends the sentence when a period follows it: "was 9 months in arm A. Arm B ...",
#: "than in arms A and B. The ..." (a lone capital letter before a period is otherwise an initial).
_ARM_LETTER_BEFORE = re.compile(r"(?i:\b(?:arms?|groups?|cohorts?))\s+(?:[A-Z]\s*(?:,|and|or|&)\s*)*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) character spans of ``text``; whitespace-only spans are dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
        if text[m.start()] == ".":
            w = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if w:
                word = w.group(1).lower().rstrip(".")
                if word in _NO_BREAK_BEFORE or (len(word) == 1 and word.isalpha() and text[w.start()].isupper()
                                                 and not _ARM_LETTER_BEFORE.search(text, max(0, w.start() - 30), w.start())):
                    continue  # an initial ("J. Smith"), but "... in arm A. The ..." ends there
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def join_lines(texts: list[str], vocab: Counter | None = None) -> str:
    """Join the lines of one block, repairing end-of-line hyphenation.

    ``inter-`` + ``val`` -> ``interval`` when both sides are lower-case letters, unless the document prints the
    hyphenated compound elsewhere (``well-differentiated``) and never the joined word. Other line-end hyphens
    (``STZ-`` + ``5FU``) are kept and the lines joined without a space.
    """
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if not out:
            out = t
            continue
        if out.endswith("-") and len(out) >= 2 and out[-2].isalpha() and out[-2].islower() and t[:1].islower():
            left = re.search(r"([A-Za-zÀ-ÿ\-]+)-$", out)
            right = re.match(r"([A-Za-zÀ-ÿ]+)", t)
            keep = False
            if vocab is not None and left and right:
                joined = (left.group(1) + right.group(1)).lower()
                hyph = (left.group(1) + "-" + right.group(1)).lower()
                keep = vocab.get(hyph, 0) > 0 and vocab.get(joined, 0) == 0
            out = out + t if keep else out[:-1] + t
        elif out.endswith("-") and not out.endswith(" -"):
            out = out + t
        else:
            out = out + " " + t
    return out
