"""Drug and regimen vocabulary: synonyms, acronyms, written-out combinations, document abbreviations."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from extractors import summarize
from extractors.drugs import find_drug_mentions, group_regimens
from extractors.nlp import parse
from extractors.text import normalize


def _regimens(text):
    t = normalize(text)
    return [set(r.components) for r in group_regimens(t, find_drug_mentions(t, parse(t)))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patients received 5-FU and STZ.", {"fluorouracil", "streptozocin"}),
        ("Patients received CDDP plus VP-16.", {"cisplatin", "etoposide"}),
        ("Patients received CBDCA/VP-16.", {"carboplatin", "etoposide"}),
        ("Patients received mFOLFOX6.", {"fluorouracil", "leucovorin", "oxaliplatin"}),
        ("Patients received XELOX.", {"capecitabine", "oxaliplatin"}),
        ("Patients received CAPOXIRI.", {"capecitabine", "oxaliplatin", "irinotecan"}),
        ("Patients received GEMOX.", {"gemcitabine", "oxaliplatin"}),
        ("Patients received 177Lu-DOTATATE.", {"lutetium-177 dotatate"}),
        ("Patients received octreotide LAR with interferon alfa-2b.", {"octreotide", "interferon alfa"}),
        ("Patients received temozolomide plus bevacizumab.", {"temozolomide", "bevacizumab"}),
        ("Patients received TMZ in combination with CAP.", {"temozolomide", "capecitabine"}),
        ("Patients received gemcitabine + nab-paclitaxel.", {"gemcitabine", "nab-paclitaxel"}),
        ("Patients received cisplatin or carboplatin/etoposide.", {"cisplatin", "carboplatin", "etoposide"}),
        ("Patients received platinum-based chemotherapy.", {"platinum"}),
        ("Patients received the oral fluoropyrimidine capecitabine.", {"capecitabine"}),
    ],
)
def test_regimen_components(text, expected):
    assert expected in _regimens(text)


def test_document_abbreviation_is_learned():
    regs = _regimens("We gave irinotecan and cisplatin (IRCIS) every two weeks. IRCIS was well tolerated.")
    assert regs.count({"irinotecan", "cisplatin"}) >= 2


def test_two_regimens_joined_by_and_stay_two():
    regs = _regimens("Patients were treated with FOLFIRI or XELOX. FOLFIRI and XELOX were given to 30 and 31 patients.")
    assert {"fluorouracil", "leucovorin", "irinotecan"} in regs and {"capecitabine", "oxaliplatin"} in regs
    assert not any(len(r) >= 5 for r in regs)


def test_vocabulary_files_are_versioned_data():
    for name in ("regimens.json", "drug_synonyms.json", "outcome_terms.json"):
        data = json.loads(resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8"))
        assert data["version"]
    regimens = json.loads(resources.files("extractors").joinpath("data", "regimens.json").read_text())["regimens"]
    for acronym in ("CAPTEM", "FOLFOX", "FOLFIRI", "FOLFIRINOX", "XELOX", "CAPOX", "CAPOXIRI", "GEMOX", "EP", "PE",
                    "IP", "STZ-5FU", "STZ-DOXO"):
        assert acronym in regimens


def test_short_acronym_needs_a_definition():
    # "EP" means extra-pancreatic here, not etoposide + platinum
    s = summarize(None, "We studied 40 patients with EP (extra-pancreatic) tumours. EP tumours had an ORR of 10%.")
    assert all("etoposide" not in a["components"] for a in s["arms"])


# ---- the vocabulary's patterns are tries (extractors.vocab.alternation): the same matches as a flat alternation ----

def _flat(words) -> str:
    import re

    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@pytest.mark.parametrize("text", [
    "Patients received cape and then capecitabine; CAPE-OX was not given.",
    "5-FU, 5-FU-x and 5-fux were listed; octreotide LAR or octreotide alone.",
    "oct octreotide-lar octreotide  LAR, OCTREOTIDE LAR.",
])
def test_a_trie_alternation_matches_what_the_longest_first_alternation_matches(text):
    import re

    from extractors.vocab import alternation

    words = ["cap", "cape", "capecitabine", "5-fu", "5-fu-x", "octreotide", "octreotide lar", "oct"]
    for space in (None, r"\s+"):
        trie = alternation(words, space=space)
        flat = _flat(words) if space is None else _flat(words).replace(r"\ ", space)
        got = [m.span() for m in re.finditer(rf"(?<![\w])(?:{trie})(?![\w])", text, re.IGNORECASE)]
        want = [m.span() for m in re.finditer(rf"(?<![\w])(?:{flat})(?![\w])", text, re.IGNORECASE)]
        assert got == want and got


def test_the_drug_name_pattern_finds_what_the_flat_list_of_names_finds():
    import re

    from extractors.vocab import drug_name_re, drug_synonyms

    syn = drug_synonyms()
    flat = re.compile(rf"(?<![\w])(?<!\d-)(?:{_flat(list(syn['names']) + list(syn['classes']))})(?![\w])", re.IGNORECASE)
    text = ("Capecitabine plus temozolomide (CAPTEM) versus everolimus; 5-fluorouracil-based chemotherapy, "
            "Octreotide LAR and lanreotide autogel; cisplatin/etoposide then carboplatin-etoposide.")
    got = [m.span() for m in drug_name_re().finditer(text)]
    assert got == [m.span() for m in flat.finditer(text)] and len(got) >= 6
