"""Loads the vocabulary data files of ``extractors/data`` once and compiles their patterns."""
from __future__ import annotations

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


@lru_cache(maxsize=None)
def confidence_table() -> dict:
    """'route|family' -> calibrated confidence (benchmarks/calibrate_confidence.py --write)."""
    try:
        return _load("confidence.json").get("table", {})
    except FileNotFoundError:
        return {}


@lru_cache(maxsize=None)
def outcome_terms() -> dict:
    return _load("outcome_terms.json")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def drug_name_re() -> re.Pattern:
    """Case-insensitive drug names and classes (whole words; a trailing '-based' is allowed)."""
    syn = drug_synonyms()
    words = list(syn["names"]) + list(syn["classes"])
    return re.compile(rf"(?<![\w])(?<!\d-)(?:{_alternation(words)})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=None)
def drug_acronym_re() -> re.Pattern:
    """Case-sensitive drug acronyms (5-FU, STZ, CDDP ...) as whole tokens."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:{_alternation(drug_synonyms()['acronyms'])})(?![A-Za-z0-9])")


@lru_cache(maxsize=None)
def regimen_re() -> re.Pattern:
    """Case-sensitive regimen acronyms; optional m/modified prefix and schedule number."""
    names = regimens()["regimens"]
    return re.compile(
        rf"(?<![A-Za-z0-9])(?:m|modified[- ]?)?(?P<acr>{_alternation(names)})(?:-?\d{{1,2}})?(?![A-Za-z0-9])"
    )


#: Lutetium-177 labelled somatostatin analogues, in their many spellings.
LUTETIUM_RE = re.compile(
    r"(?:\(?\[?177\]?\)?\s*-?\s*Lu\]?|Lu\s*-?\s*177|lutetium(?:\s*Lu)?\s*-?\s*177|177\s*-?\s*lutetium)"
    r"\s*-?\s*(?:DOTA-?TATE|DOTA-?octreotate|octreotate|oxodotreotide|DOTA-?TOC|edotreotide)",
    re.IGNORECASE,
)
