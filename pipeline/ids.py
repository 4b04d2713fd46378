"""Identifiers in free text (DOI, PMID, PMCID, trial registry ids) and PMID lists checked: data, then functions."""
from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.errors import InputError

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>&]+)", re.I)
PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b")
PMCID = re.compile(r"\b(PMC\d{4,9})\b")
REGISTRIES = {
    "ClinicalTrials.gov": re.compile(r"\b(NCT\d{8})\b"),
    "ISRCTN": re.compile(r"\b(ISRCTN\d{8})\b"),
    "EudraCT": re.compile(r"\bEudraCT(?:\s+(?:No\.?|number))?\s*:?\s*(\d{4}-\d{6}-\d{2})\b", re.I),
    "ANZCTR": re.compile(r"\b(ACTRN\d{14})\b"),
    "ChiCTR": re.compile(r"\b(ChiCTR[-\w]{6,20}\d)\b"),
    "UMIN": re.compile(r"\b(UMIN\d{9})\b"),
    "JapicCTI": re.compile(r"\b(JapicCTI-\d{6})\b"),
    "CTRI": re.compile(r"\b(CTRI/\d{4}/\d{2,3}/\d{6})\b"),
}
# literals one of which every registry id contains: one search for any of them is far cheaper than the patterns
REGISTRY_MARKS = ("NCT", "ISRCTN", "udra", "UDRA", "ACTRN", "ChiCTR", "UMIN", "Japic", "CTRI/")
_ANY_MARK = re.compile("|".join(map(re.escape, REGISTRY_MARKS)))


def find_doi(text: str) -> str | None:
    m = DOI.search(text)
    return m.group(1).rstrip(".,;:)]}'").lower() if m else None


def find_registry_ids(text: str) -> list[str]:
    """Registry ids in order of first appearance, without repeats."""
    found: dict[str, None] = {}
    if not _ANY_MARK.search(text):
        return []
    for pattern in REGISTRIES.values():
        for m in pattern.finditer(text):
            found.setdefault(m.group(1), None)
    return sorted(found, key=text.find)


def normalise_pmid(raw: str | int) -> str:
    """One PMID as PubMed writes it: digits, no leading zeros ("0030275226" -> "30275226"); ValueError if
    it is not a positive whole number (parsers turn that into a failed record naming it)."""
    pmid = str(raw).strip()
    if not pmid.isdigit() or not pmid.isascii() or int(pmid) == 0:
        raise ValueError(f"PMID {raw!r} is not a PubMed id: PMIDs are positive whole numbers")
    return str(int(pmid))


def normalise_pmids(pmids: Iterable[str | int]) -> tuple[str, ...]:
    """PMIDs as digit strings (``normalise_pmid``), duplicates and blanks dropped; InputError naming the first bad one."""
    seen: dict[str, None] = {}
    for raw in pmids:
        if not str(raw).strip():
            continue
        try:
            seen.setdefault(normalise_pmid(raw), None)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    return tuple(seen)
