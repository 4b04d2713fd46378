"""Loads the vocabulary data files of ``extractors/data`` once and compiles their patterns."""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources


def _load(name: str) -> dict:
    return json.loads(resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def drug_synonyms() -> dict:
    return _load("drug_synonyms.json")


@lru_cache(maxsize=None)
def regimens() -> dict:
    return _load("regimens.json")


#: The calibration file, and the command that rewrites it (quoted when it is stale).
CONFIDENCE_FILE = "confidence.json"
CALIBRATE_COMMAND = "PYTHONPATH=$PWD .venv/bin/python benchmarks/calibrate_confidence.py --write"


@lru_cache(maxsize=None)
def confidence_calibration() -> dict:
    """The whole calibration (benchmarks/calibrate_confidence.py --write): the scorer's ``weights`` (feature ->
    weight, extractors.confidence), ``min_confidence``, held-out ``bands`` and ``fitted_for`` (the extractor
    identity); {} if none."""
    try:
        return _load(CONFIDENCE_FILE)
    except FileNotFoundError:
        return {}


def confidence_weights() -> dict:
    """Feature -> weight of the fitted confidence scorer (extractors.confidence); {} if none."""
    return confidence_calibration().get("weights", {})


def data_fingerprint(folder=None, *, with_calibration: bool = False) -> str:
    """SHA-256 over the extractor's data files (name and bytes; ``folder``, default ``extractors/data``), the
    calibration file itself left out unless ``with_calibration``: with ``EXTRACTOR_VERSION`` it names the extractor
    a calibration was fitted for."""
    h = hashlib.sha256()
    folder = folder or resources.files("extractors").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and (with_calibration or entry.name != CONFIDENCE_FILE):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=None)
def identity(version: str) -> str:
    """What a stored extraction was made by: a code version plus a short hash of every data file (vocabularies,
    patterns, routes, the calibration). Editing any of them changes it, so the stored documents are extracted
    again by the next ``evidence extract`` (and the flows' extract-pending)."""
    return f"{version}+{data_fingerprint(with_calibration=True)[:12]}"


@lru_cache(maxsize=None)
def outcome_terms() -> dict:
    return _load("outcome_terms.json")


def alternation(words, space: str | None = None) -> str:
    """One regex alternative for a set of literal words, written as a trie ("cap(?:e(?:citabine)?)?"): the regex
    engine then tries a few first letters at each position instead of every word. It matches what "longest|...|short"
    matches: the words a text can match at one position are prefixes of each other, and the trie tries the longer
    continuation first. Case variants of one word must be merged by the caller when the pattern ignores case.
    ``space``: what a space in a word matches (r"\s+": any whitespace); by default a space."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        kids = [(space if space and ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not kids:
            return ""
        if "" in node:  # a word ends here: its continuations, greedily, or nothing
            return "(?:" + "|".join(kids) + ")?"
        return kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"

    return emit(trie)


@lru_cache(maxsize=None)
def drug_name_re() -> re.Pattern:
    """Case-insensitive drug names and classes (whole words; a trailing '-based' is allowed)."""
    syn = drug_synonyms()
    words = {w.lower() for w in list(syn["names"]) + list(syn["classes"])}  # one trie branch per word (ignoring case)
    return re.compile(rf"(?<![\w])(?<!\d-)(?:{alternation(words)})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=None)
def drug_acronym_re() -> re.Pattern:
    """Case-sensitive drug acronyms (5-FU, STZ, CDDP ...) as whole tokens."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternation(drug_synonyms()['acronyms'])})(?![A-Za-z0-9])")


@lru_cache(maxsize=None)
def regimen_re() -> re.Pattern:
    """Case-sensitive regimen acronyms; optional m/modified prefix and schedule number."""
    names = regimens()["regimens"]
    return re.compile(
        rf"(?<![A-Za-z0-9])(?:m|modified[- ]?)?(?P<acr>{alternation(names)})(?:-?\d{{1,2}})?(?![A-Za-z0-9])"
    )


#: Lutetium-177 labelled somatostatin analogues, in their many spellings.
LUTETIUM_RE = re.compile(  # (?=...): what a match starts with ("(177", "[177", "177", "Lu", "lutetium"), a cheap first check
    r"(?=[(\[1l])(?:\(?\[?177\]?\)?\s*-?\s*Lu\]?|Lu\s*-?\s*177|lutetium(?:\s*Lu)?\s*-?\s*177|177\s*-?\s*lutetium)"
    r"\s*-?\s*(?:DOTA-?TATE|DOTA-?octreotate|octreotate|oxodotreotide|DOTA-?TOC|edotreotide)",
    re.IGNORECASE,
)
