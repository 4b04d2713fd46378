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
        ("Patients with adrenocortical carcinoma received EDP-M.", {"etoposide", "doxorubicin", "cisplatin", "mitotane"}),
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Forty patients received [177Lu]Lu-DOTA-TATE every 8 weeks.", {"lutetium-177 dotatate"}),
        ("Treatment was Lu-177-octreotate, four cycles.", {"lutetium-177 dotatate"}),
        ("We gave lutetium Lu 177 dotatate 7.4 GBq.", {"lutetium-177 dotatate"}),
        ("Patients were treated with 90Y-DOTATOC.", {"yttrium-90 edotreotide"}),
        ("Therapy with yttrium-90 DOTA-TOC was given twice.", {"yttrium-90 edotreotide"}),
        ("Patients received 177Lu-edotreotide or everolimus.", {"lutetium-177 edotreotide"}),
        ("Patients with paraganglioma received 131I-MIBG.", {"iodine-131 iobenguane"}),
        ("Patients received (177)Lu-DOTA0-Tyr3-octreotate plus capecitabine.",
         {"lutetium-177 dotatate", "capecitabine"}),
    ],
)
def test_radiolabelled_drugs_are_one_component_named_by_nuclide_and_ligand(text, expected):
    assert expected in _regimens(text)


@pytest.mark.parametrize("text", [
    "Somatostatin receptor imaging used 68Ga-DOTATATE PET/CT before treatment.",  # a diagnostic nuclide
    "In 177 patients, DOTATATE uptake was scored.",  # a count, not a mass number
    "Uptake on 111In-pentetreotide scintigraphy was graded.",  # a ligand outside the vocabulary
])
def test_imaging_tracers_and_counts_are_not_radiolabelled_drugs(text):
    assert not any(c.startswith(("lutetium", "yttrium", "indium", "gallium")) for r in _regimens(text) for c in r)


@pytest.mark.parametrize("text, expected", [
    ("Patients were randomized to erlotinib alone or bevacizumab (15 mg/kg, i.v. every 3 weeks) plus erlotinib "
     "(150 mg p.o. daily).", {"bevacizumab", "erlotinib"}),
    ("Treatment was capecitabine (1000 mg/m2 orally twice daily, days 1-14) and oxaliplatin (130 mg/m2 on day 1).",
     {"capecitabine", "oxaliplatin"}),
])
def test_a_dose_in_brackets_between_two_drugs_keeps_them_one_regimen(text, expected):
    assert expected in _regimens(text)


@pytest.mark.parametrize("text, expected", [
    # the document's own meaning of a known acronym: two other drugs, also after their doses in brackets
    ("Patients received epirubicin (75 mg/m2, day 1) plus paclitaxel (175 mg/m2, day 2) (EP). EP was given for "
     "6 cycles.", {"epirubicin", "paclitaxel"}),
    ("Patients received gemcitabine plus vinorelbine (GV) and GV was well tolerated.", {"gemcitabine", "vinorelbine"}),
])
def test_a_known_acronym_defined_as_other_drugs_takes_the_documents_meaning(text, expected):
    regs = _regimens(text)
    assert expected in regs and not any({"etoposide", "platinum"} & r for r in regs)


def test_a_known_acronym_defined_with_its_own_drugs_keeps_the_vocabulary():
    assert {"etoposide", "cisplatin"} in _regimens("Patients received etoposide plus cisplatin (EP); EP was repeated.")


@pytest.mark.parametrize("text, expected", [
    ("Patients treated with gemcitabine (G) and cisplatin (C) were compared with those given GC plus nab-paclitaxel.",
     {"gemcitabine", "cisplatin", "nab-paclitaxel"}),
    ("Adding bevacizumab (B) to paclitaxel (P) and carboplatin (C): the PCB arm.", {"paclitaxel", "carboplatin",
                                                                                     "bevacizumab"}),
])
def test_a_word_made_of_the_letters_the_text_gives_drugs_is_their_combination(text, expected):
    assert expected in _regimens(text)


def test_letters_not_given_to_drugs_make_no_combination():
    assert not any({"gemcitabine", "cisplatin"} <= r for r in _regimens("Patients in group GC received gemcitabine."))


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


@pytest.mark.parametrize("text, expected", [
    ("patients received ABI-007 at 260 mg", True),
    ("the MYL-1401H biosimilar", True),
    ("LA-EP2006 or the reference product", True),
    ("mk3475 given every 3 weeks", True),
    ("between 2010 and 2019, 240 patients; HER-2 and BRCA1", False),
    ("ABC-12 and 12345 and -123", False),
])
def test_code_name_first_check(text, expected):
    """The cheap first check of the code-name pattern says no only where the pattern finds nothing."""
    from extractors.drugs import _may_hold_code_name
    from extractors.grammar import pattern
    assert _may_hold_code_name(text) is expected
    if not expected:
        assert pattern("drug_code_name").search(text) is None
