"""Arms, cohorts, pooled results and subgroups: whole short abstracts written for these tests."""
from __future__ import annotations

from extractors import analyze, summarize


def _arm(summary, *components):
    return next(a for a in summary["arms"] if set(a["components"]) == set(components))


def test_randomized_two_arms_with_parallel_values():
    s = summarize(
        "A randomized trial of drug A versus drug B",
        "A total of 200 patients were randomized to receive gemcitabine or erlotinib. "
        "Gemcitabine and erlotinib were given to 98 and 102 patients, respectively. "
        "Median PFS was 4.1 vs 6.3 months (HR 0.71; 95% CI 0.52-0.96; P = 0.03). "
        "The objective response rate was 9% in the gemcitabine arm and 21% in the erlotinib arm.",
    )
    gem, erl = _arm(s, "gemcitabine"), _arm(s, "erlotinib")
    assert (gem["n"], gem["pfs_median_months"], gem["orr_pct"]) == (98, 4.1, 9.0)
    assert (erl["n"], erl["pfs_median_months"], erl["orr_pct"]) == (102, 6.3, 21.0)
    assert s["hazard_ratios"] == [{"endpoint": "PFS", "hr": 0.71, "ci": [0.52, 0.96], "p": "=0.03"}]


def test_cohorts_with_n_and_pooled_results():
    s = summarize(
        None,
        "Seventeen patients were included. Treatments were FOLFIRI (n = 9) and GEMOX (n = 8). "
        "The overall response rate was 41% and median overall survival was 10.2 months.",
    )
    assert _arm(s, "fluorouracil", "leucovorin", "irinotecan")["n"] == 9
    assert _arm(s, "gemcitabine", "oxaliplatin")["n"] == 8
    pooled = next(a for a in s["arms"] if a["pooled"])
    assert pooled["regimen"] == "ALL (pooled)"
    assert (pooled["orr_pct"], pooled["os_median_months"]) == (41.0, 10.2)


def test_counts_in_words_respectively():
    s = summarize(
        None,
        "Patients received XELOX, FOLFOX and FOLFIRI for six, three and four patients, respectively. "
        "Median PFS was 5.0 months.",
    )
    assert [a["n"] for a in s["arms"] if not a["pooled"]] == [6, 3, 4]


def test_single_arm_with_subgroups():
    s = summarize(
        "Everolimus plus octreotide in lung tumours",
        "Forty-two patients received everolimus plus octreotide. The objective response rate was 12% "
        "(20% in typical carcinoids v 5% in atypical carcinoids). Median PFS was 13.5 months.",
    )
    (arm,) = s["arms"]
    assert set(arm["components"]) == {"everolimus", "octreotide"}
    assert (arm["orr_pct"], arm["pfs_median_months"]) == (12.0, 13.5)
    assert {(g["name"], g["orr_pct"]) for g in arm["subgroups"]} == {("typical carcinoids", 20.0), ("atypical carcinoids", 5.0)}


def test_analyze_returns_findings_and_summary_from_one_pass():
    findings, summary = analyze("Cisplatin and etoposide", "Thirty patients were treated. The response rate was 50%.")
    assert any(f.metric == "orr" and f.value == 50.0 for f in findings)
    assert summary["arms"][0]["orr_pct"] == 50.0
    assert set(summary) == {"n_enrolled", "n_evaluable", "arms", "hazard_ratios"}


def test_shared_backbone_and_placebo_arm():
    s = summarize(
        None,
        "Women were randomized to letrozole combined with ribociclib or placebo. Forty patients were randomized to "
        "letrozole plus ribociclib and 42 patients were randomized to letrozole plus placebo. "
        "The objective response rate was 41% versus 28% with letrozole plus ribociclib and letrozole plus placebo.",
    )
    arms = {frozenset(a["components"]): a for a in s["arms"] if not a["pooled"]}
    assert set(arms) == {frozenset({"letrozole", "ribociclib"}), frozenset({"letrozole"})}
    assert arms[frozenset({"letrozole", "ribociclib"})]["n"] == 40
    assert arms[frozenset({"letrozole"})]["n"] == 42


def test_document_acronym_of_a_dictionary_drug_and_combination_parts():
    s = summarize(
        None,
        "Patients were randomly assigned to tamoxifen (TAM, n = 120) or weekly epirubicin plus tamoxifen "
        "(EPI-TAM, n = 118). The 5-year overall survival was 70.1% with TAM compared with 78.4% with EPI-TAM.",
    )
    arms = {frozenset(a["components"]): a for a in s["arms"] if not a["pooled"]}
    assert arms[frozenset({"tamoxifen"})]["os_rate"] == [{"months": 60.0, "pct": 70.1}]
    assert arms[frozenset({"tamoxifen", "epirubicin"})]["os_rate"] == [{"months": 60.0, "pct": 78.4}]


def test_arm_aliases_and_unnamed_lists():
    s = summarize(
        None,
        "A total of 300 patients were randomized to capecitabine plus lapatinib (experimental arm; n = 151) or "
        "capecitabine (control arm; n = 149). Median TTP was 8.4 and 4.4 months in the experimental versus control "
        "arm, respectively. Median overall survival was 15.6 months in the experimental arm.",
    )
    arms = {frozenset(a["components"]): a for a in s["arms"] if not a["pooled"]}
    combo, mono = arms[frozenset({"capecitabine", "lapatinib"})], arms[frozenset({"capecitabine"})]
    assert (combo["n"], combo["pfs_median_months"], combo["os_median_months"]) == (151, 8.4, 15.6)
    assert (mono["n"], mono["pfs_median_months"]) == (149, 4.4)


def test_adding_a_drug_to_another_is_not_a_comparison():
    s = summarize(None, "We studied 500 patients enrolled in a trial of adding docetaxel to doxorubicin-based "
                        "chemotherapy. The 5-year overall survival was 85%.")
    assert len([a for a in s["arms"] if not a["pooled"]]) <= 1


def test_subgroup_with_its_size():
    s = summarize(None, "Sixty patients received everolimus. In patients with pancreatic NETs (n = 28), median PFS was "
                        "16.6 months. Median PFS was 12.1 months overall.")
    (arm,) = s["arms"]
    assert arm["pfs_median_months"] == 12.1
    assert [(g["name"], g["n"], g["pfs_median_months"]) for g in arm["subgroups"]] == [("pancreatic NETs", 28, 16.6)]


def test_counts_received_by_each_regimen():
    s = summarize(None, "We studied 138 patients: 38 patients received TEM and 100 received TEM-CAP. "
                        "Median PFS was 21.4 and 19.8 months, respectively.")
    arms = {frozenset(a["components"]): a for a in s["arms"] if not a["pooled"]}
    assert (arms[frozenset({"temozolomide"})]["n"], arms[frozenset({"temozolomide"})]["pfs_median_months"]) == (38, 21.4)
    both = arms[frozenset({"temozolomide", "capecitabine"})]
    assert (both["n"], both["pfs_median_months"]) == (100, 19.8)


def test_counts_written_before_each_regimen_in_parentheses():
    s = summarize(
        None,
        "In this retrospective series, sixty-two (FOLFIRI) patients and 41 (CAPOX) patients were compared. "
        "Median overall survival was 14.2 and 11.8 months, respectively.",
    )
    assert _arm(s, "fluorouracil", "leucovorin", "irinotecan")["n"] == 62
    assert _arm(s, "capecitabine", "oxaliplatin")["n"] == 41
