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
    r"""One regex alternative for a set of literal words, written as a trie ("cap(?:e(?:citabine)?)?"): the regex
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


@lru_cache(maxsize=None)
def radiolabelled_re() -> re.Pattern:
    """Radiolabelled drugs: a radionuclide (mass number and element, in any of the ways papers write them) bound to
    a ligand of the vocabulary: "177Lu-DOTATATE", "[177Lu]Lu-DOTA-TATE", "Lu-177-octreotate", "lutetium Lu 177
    dotatate", "90Y-DOTATOC", "131I-MIBG". ``radiolabelled_name`` gives the canonical component."""
    syn = drug_synonyms()
    nuclides = {k: v for k, v in syn["radionuclides"].items() if not k.startswith("_")}
    symbols, elements = alternation(nuclides), alternation(nuclides.values())
    ligands = "|".join(r"-?\s*".join(re.escape(part) for part in word.split("-"))
                       for word in sorted((k for k in syn["radioligands"] if not k.startswith("_")), key=len, reverse=True))
    nuclide = (rf"\[?\(?(?P<mass>\d{{2,3}})\)?\s*-?\s*(?P<sym>{symbols})\]?(?:\s*-?\s*(?:{symbols})(?![a-z]))?"  # 177Lu, [177Lu]Lu
               rf"|(?P<sym2>{symbols})\s*-?\s*(?P<mass2>\d{{2,3}})"  # Lu-177
               rf"|(?P<el>(?i:{elements}))(?:\s*(?:{symbols}))?\s*-?\s*(?P<mass3>\d{{2,3}})"  # lutetium Lu 177, yttrium-90
               rf"|(?P<mass4>\d{{2,3}})\s*-?\s*(?P<el2>(?i:{elements}))")  # 177-lutetium
    # element symbols are case-sensitive ("I", "In", "Y"); element names and ligands are not. (?=...): the characters
    # a match can start with, a cheap first check
    first = "".join(sorted({w[0] for w in nuclides} | {w[0].lower() for w in nuclides.values()} | {w[0].upper() for w in nuclides.values()}))
    return re.compile(rf"(?=[\[(\d{first}])(?<![\w\[(])(?:{nuclide})\s*-?\s*(?P<ligand>(?i:{ligands}))(?![\w-])")


def radiolabelled_name(m: re.Match) -> str:
    """The canonical component of a ``radiolabelled_re`` match, "<element>-<mass> <ligand>": "lutetium-177
    dotatate", "yttrium-90 edotreotide", "iodine-131 iobenguane"."""
    syn = drug_synonyms()
    element = (m.group("el") or m.group("el2") or syn["radionuclides"][m.group("sym") or m.group("sym2")]).lower()
    mass = m.group("mass") or m.group("mass2") or m.group("mass3") or m.group("mass4")
    ligands = {_dashed(k): v for k, v in syn["radioligands"].items()}
    return f"{element}-{mass} {ligands[_dashed(m.group('ligand'))]}"


def _dashed(words: str) -> str:
    return re.sub(r"[\s-]+", "-", words.lower())
