"""Outcome values from single sentences: (sentence, expected findings) tables written for these tests."""
from __future__ import annotations

import pytest

import extractors
from extractors import analyze, extract


def _facts(text):
    return {(f.metric, f.value, f.timepoint_months, f.subgroup) for f in extract(text) if f.metric not in ("n", "n_enrolled", "n_evaluable")}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Patients received drug X. The objective response rate was 27% and the disease control rate was 81%.",
         {("orr", 27.0, None, None), ("dcr", 81.0, None, None)}),
        ("All 40 patients received gemcitabine. Median progression-free survival was 6.2 months (95% CI, 4.1-8.0).",
         {("pfs_median", 6.2, None, None)}),
        ("Thirty patients received gemcitabine. Median PFS and OS were 5.5 and 12.4 months, respectively.",
         {("pfs_median", 5.5, None, None), ("os_median", 12.4, None, None)}),
        ("Thirty patients received gemcitabine. The median time to progression was 7.4 months.",
         {("pfs_median", 7.4, None, None)}),
        ("Forty patients received irinotecan. Median overall survival was 26 weeks.",
         {("os_median", 6.0, None, None)}),
        ("Forty patients received irinotecan. Median survival was 180 days.",
         {("os_median", 5.9, None, None)}),
        ("Fifty patients received sorafenib. The 1-year survival rate was 61% and the 6-month PFS rate was 40%.",
         {("os_rate", 61.0, 12.0, None), ("pfs_rate", 40.0, 6.0, None)}),
        ("Fifty patients received sorafenib. Survival at 1 and 3 years was 70% and 35%, respectively.",
         {("os_rate", 70.0, 12.0, None), ("os_rate", 35.0, 36.0, None)}),
        ("Twenty patients received sunitinib. Median overall survival was not reached.", set()),
    ],
)
def test_single_arm_values(sentence, expected):
    got = _facts(sentence)
    assert expected <= got
    assert {g for g in got if g[0] != "os_median" or g[1] is not None} <= expected | {("os_median", None, None, None)}


def test_not_reached_is_flagged():
    fs = extract("Twenty patients received sunitinib. Median overall survival was not reached.")
    assert any(f.metric == "os_median" and f.not_reached and f.value is None for f in fs)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thirty patients received capecitabine. Median failure-free survival was 4.4 months.",
        "Thirty patients received capecitabine. Median duration of treatment was 8.1 months.",
        "Thirty patients received capecitabine. The median follow-up was 22 months.",
        "Thirty patients received capecitabine. Stable disease was seen in 45% of patients.",
        "Thirty patients received capecitabine. A biochemical response was observed in 30% of patients.",
        "Thirty patients received capecitabine. Grade 3 neutropenia occurred in 12% of patients.",
        "Thirty patients received capecitabine. Previous studies have reported response rates of 33%.",
        "Thirty patients received capecitabine. Median disease-free survival was 30.5 months.",
    ],
)
def test_not_our_outcomes(sentence):
    assert _facts(sentence) == set()


def test_counts_become_percentages():
    fs = extract("Sixteen patients received everolimus. Of the 16 evaluable patients, 4 obtained a partial response.")
    orr = [f for f in fs if f.metric == "orr"]
    assert [f.value for f in orr] == [25.0] and orr[0].computed


def test_parallel_subgroups_in_order():
    text = ("Forty patients received drug Q. The median overall survival was 20.1 months "
            "(25.0 months for gastric tumors v 11.2 months for colonic tumors).")
    got = _facts(text)
    assert ("os_median", 20.1, None, None) in got
    assert ("os_median", 25.0, None, "gastric tumors") in got
    assert ("os_median", 11.2, None, "colonic tumors") in got


def test_hazard_ratio_with_ci_and_p():
    fs = extract("Patients were randomized to gemcitabine or erlotinib. "
                 "Progression-free survival was longer with erlotinib (hazard ratio, 0.62; 95% CI, 0.45 to 0.86; P = .004).")
    hr = [f for f in fs if f.metric == "hr"]
    assert len(hr) == 1
    assert (hr[0].value, hr[0].endpoint, hr[0].ci_low, hr[0].ci_high, hr[0].p_value) == (0.62, "PFS", 0.45, 0.86, "=.004")


def test_evidence_points_into_the_text():
    text = "Twelve patients received lanreotide. The objective response rate was 8.3%."
    f = next(f for f in extract(text) if f.metric == "orr")
    assert text[f.evidence.start:f.evidence.end].startswith("8.3")
    assert text[f.evidence.sentence_start:f.evidence.sentence_end] == f.evidence.text
    assert f.extractor == extractors.EXTRACTOR_NAME and f.extractor_version == extractors.EXTRACTOR_VERSION
    assert 0.0 <= f.confidence <= 1.0


@pytest.mark.parametrize("text, fact", [
    ("Forty patients received octreotide. Median PFS was 14,6 months.", ("pfs_median", 14.6, None, None)),
    ("Forty patients received octreotide. The response rate was 12,5%.", ("orr", 12.5, None, None)),
    ("Forty patients received octreotide. Median overall survival was 2,5 years.", ("os_median", 30.0, None, None)),
])
def test_decimal_commas_before_a_unit(text, fact):
    assert fact in _facts(text)


def test_thousands_and_lists_keep_their_commas():
    from extractors.text import normalize
    assert normalize("1,234 patients; at 6, 12 and 24 months") == "1,234 patients; at 6, 12 and 24 months"


def test_middle_dot_decimals():
    assert ("orr", 12.5, None, None) in _facts("Forty patients received octreotide. The response rate was 12\u00b75 per cent.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Eighty patients received eribulin. Eribulin gave an improvement of 4.1 months in median overall survival.",
        "Eighty patients received eribulin. Median overall survival was 3.5 months longer with eribulin.",
        "Eighty patients received eribulin. Attendance was associated with screening (relative risk [RR] 1.8; 95% CI 1.2-2.6).",
        "Eighty patients received eribulin. Overall, 12 of 80 patients responded or had stable disease for 6 months.",
        "Eighty patients received eribulin. The 5-year breast-cancer-specific survival was 81%.",
        "Eighty patients received eribulin. Median metastasis-free survival was 40.2 months.",
    ],
)
def test_differences_and_other_endpoints_are_not_values(sentence):
    assert _facts(sentence) == set()


def test_bracketed_confidence_interval_is_not_a_value():
    fs = extract("Eighty patients received eribulin. The response rate was 27.5% "
                 "(95% confidence interval [95% CI], 20.1-35.5%).")
    orr = [f for f in fs if f.metric == "orr"]
    assert [(f.value, f.ci_low, f.ci_high) for f in orr] == [(27.5, 20.1, 35.5)]


def test_two_values_for_one_arm_in_one_sentence_are_dropped():
    # two dose groups of one drug: the extractor cannot tell them apart, so it abstains
    text = "Sixty women received goserelin. The ORR was 30% (goserelin high dose) and 25% (goserelin low dose)."
    assert not [f for f in extract(text) if f.metric == "orr"]


def test_background_values_before_methods_are_other_studies():
    text = ("Background: Streptozocin-based chemotherapy achieves response rates of 35% to 40%. "
            "Methods: Twenty patients received streptozocin and fluorouracil. "
            "Results: The objective response rate was 25%.")
    assert {f.value for f in extract(text) if f.metric == "orr"} == {25.0}


def test_literature_values_without_headings():
    text = ("Streptozocin-based chemotherapy achieved an objective response rate of 35% in earlier series. "
            "Twenty patients received streptozocin and fluorouracil. The objective response rate was 25%.")
    assert {f.value for f in extract(text) if f.metric == "orr"} == {25.0}


def test_one_side_of_an_unnamed_comparison_is_not_the_study_value():
    text = ("Two hundred patients received FEC. The response rate was 82.7% (25.3% complete responses) "
            "versus 59.2% (P = 0.002).")
    assert not [f for f in extract(text) if f.metric == "orr"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Thirty patients received CAPTEM. The disease control rate (DCR; CR + PR + SD) was 80%.", {("dcr", 80.0, None, None)}),
        ("Thirty patients received CAPTEM. The objective response rate (CR + PR) was 30% and disease control "
         "(CR + PR + SD) was achieved in 70%.", {("orr", 30.0, None, None), ("dcr", 70.0, None, None)}),
        ("Thirty patients received CAPTEM. Partial response was observed in 9 patients (30%), stable disease in 15 (50%).",
         {("orr", 30.0, None, None)}),
        ("Thirty patients received CAPTEM. The 1-, 3- and 5-year overall survival rates were 90%, 60% and 40%.",
         {("os_rate", 90.0, 12.0, None), ("os_rate", 60.0, 36.0, None), ("os_rate", 40.0, 60.0, None)}),
        ("Thirty patients received CAPTEM. Clinical benefit rate (CR+PR+SD for 6 months or more) was 60%.", set()),
    ],
)
def test_response_definitions_and_landmark_lists(sentence, expected):
    assert _facts(sentence) == expected


# ---- new registry metrics: median duration of response and complete-response rate ----------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Forty patients received drug X. The median duration of response was 8.3 months.",
         {("dor_median", 8.3, None, None)}),
        ("Forty patients received drug X. Response duration was 11.2 months (95% CI, 8.1-14.0).",
         {("dor_median", 11.2, None, None)}),
        ("Forty patients received drug X. Complete responses were seen in 4 of 40 patients (10%).",
         {("cr_rate", 10.0, None, None)}),
        ("Forty patients received drug X. The CR rate was 12% and the ORR was 45%.",
         {("cr_rate", 12.0, None, None), ("orr", 45.0, None, None)}),
        ("Forty patients received drug X. Objective responses occurred in 18 (45%) patients; four (10%) complete "
         "responses and 14 (35%) partial responses.",
         {("orr", 45.0, None, None), ("cr_rate", 10.0, None, None)}),
    ],
)
def test_new_metrics_from_text(sentence, expected):
    assert _facts(sentence) == expected


def test_dor_not_reached_fills_its_summary_flag():
    findings, summary = analyze("", "Forty patients received drug X. The objective response rate was 40%, "
                                    "and the median duration of response was not reached.")
    dor = [f for f in findings if f.metric == "dor_median"]
    assert [(f.value, f.not_reached, f.unit) for f in dor] == [(None, True, "months")]
    arm = summary["arms"][0]
    assert arm["dor_not_reached"] is True and arm["orr_pct"] == 40.0 and arm["dor_median_months"] is None


def test_pathologic_complete_response_is_not_a_cr_rate():
    assert _facts("Forty patients received drug X. The pathologic complete response rate was 30%.") == set()


def test_outcome_terms_naming_an_unknown_metric_fail_loudly(monkeypatch):
    from extractors import outcomes

    terms = outcomes.outcome_terms()
    bad = dict(terms, metrics=terms["metrics"] + [["ttr", "\\btime to response"]])
    monkeypatch.setattr(outcomes, "outcome_terms", lambda: bad)
    outcomes._compiled.cache_clear()
    try:
        with pytest.raises(ValueError, match="outcome_terms.json: metric 'ttr' is no outcome term"):
            outcomes._compiled()
    finally:
        monkeypatch.undo()
        outcomes._compiled.cache_clear()


@pytest.mark.parametrize("regex, expected", [
    (r"\babc(?:de)?fgh", ["abc"]),  # the longest run outside the optional group
    (r"\bxy(?:zz|ww)|\bq(?:rst|uvw)", ["zz", "ww", "rst", "uvw"]),  # one literal of each alternative
    (r"\bm?DoR\b|\bduration of", ["dor", "duration of"]),
    (r"[a-z]+\d|\bqq", None),  # an alternative with no literal: no first check
])
def test_required_literals_of_a_pattern(regex, expected):
    import re
    from re import _parser

    from extractors.grammar import required_literals
    assert required_literals(_parser.parse(regex, re.IGNORECASE)) == expected


@pytest.mark.parametrize("sentence", [
    "The overall survival was longer with A, and the mOS was 14 months; the 2-year survival rate was 30%.",
    "Tumour control rates and DCR were 80%; complete remissions (CR 5%) and a CRR of 4% were seen.",
    "Time to tumour progression (TTP) and rwPFS were similar; the median duration of the objective response (mDoR) was 9 months.",
    "Patients who responded had a hazard ratio for death of 0.6 (HR 0.6); the rates of partial responses were 20%.",
    "The probability of progression-free and overall survival, and the response to therapy, improved; RR 30% vs 20%.",
])
def test_each_outcome_term_match_holds_one_of_its_first_check_literals(sentence):
    """The first check of extractors.outcomes.find_mentions skips a term pattern only when no match is possible."""
    from extractors.outcomes import _compiled, find_mentions
    c = _compiled()
    matched = 0
    for (metric, rx), keys in zip(c["metrics"], c["metric_keys"]):
        assert keys, metric
        for m in rx.finditer(sentence):
            matched += 1
            assert any(k in m.group().lower() for k in keys), (metric, m.group(), keys)
    assert matched >= 3
    assert find_mentions(sentence) == find_mentions(sentence + " \u00e9")[:len(find_mentions(sentence))]


@pytest.mark.parametrize("text, expected", [
    ("OS 14\u22c53 months and PFS 6\u22195 months", "OS 14.3 months and PFS 6.5 months"),
    ("a rate of 10,4% (range 2\u00b71-30)", "a rate of 10.4% (range 2.1-30)"),
    ("no decimal here, nor 7 \u00b7 8", "no decimal here, nor 7 \u00b7 8"),
])
def test_every_decimal_mark_is_normalised(text, expected):
    from extractors.text import normalize
    assert normalize(text) == expected
