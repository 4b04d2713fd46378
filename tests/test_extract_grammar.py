"""How papers compare arms: the named patterns of extractors.grammar, and each construction they cover, in several
wordings (sentences written for these tests)."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.grammar import PATTERNS, pattern


@pytest.mark.parametrize("entry", PATTERNS, ids=[p["label"] for p in PATTERNS])
def test_every_pattern_matches_its_examples(entry):
    rx = pattern(entry["label"])
    assert entry["comment"] and entry["examples"]
    for example in entry["examples"]:
        if entry["label"].endswith("_after"):
            assert rx.match(example), example
        elif entry["label"].endswith(("_ref", "_gap")):  # a whole phrase
            assert rx.fullmatch(example), example
        else:
            assert rx.search(example), example


def _arms(s):
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a for a in s["arms"] if not a["pooled"]}


A, B = frozenset({"irinotecan"}), frozenset({"docetaxel"})
RANDOMIZED = "Patients were randomly assigned to irinotecan or docetaxel. "


@pytest.mark.parametrize("sentence", [
    "Time to progression was longer with irinotecan (7.2 vs 4.1 months; P = .01).",
    "Progression-free survival was longer in the irinotecan arm than in the docetaxel arm (7.2 versus 4.1 months).",
    "The TTP was longer (7.2 v 4.1 months; log-rank P = .002) with irinotecan than with docetaxel.",
    "Median PFS was 7.2 months with irinotecan versus 4.1 months with docetaxel.",
    "The median progression-free survival was 7.2 months for irinotecan and 4.1 months for docetaxel.",
])
def test_paired_medians_go_to_their_arms(sentence):
    arms = _arms(summarize(None, RANDOMIZED + sentence))
    assert (arms[A]["pfs_median_months"], arms[B]["pfs_median_months"]) == (7.2, 4.1)


@pytest.mark.parametrize("text", [
    "Median overall survival was 14.2 months with cabazitaxel versus 11.0 months with mitoxantrone (HR 0.70).",
    "Overall survival was 14.2 months for cabazitaxel and 11.0 months for mitoxantrone.",
    "Median survival was 14.2 months in the cabazitaxel group and 11.0 months in the mitoxantrone group.",
])
def test_values_given_side_by_side_for_two_regimens_make_two_arms(text):
    arms = _arms(summarize(None, "In total, 300 men were treated. " + text))
    assert set(arms) == {frozenset({"cabazitaxel"}), frozenset({"mitoxantrone"})}
    assert arms[frozenset({"cabazitaxel"})]["os_median_months"] == 14.2
    assert arms[frozenset({"mitoxantrone"})]["os_median_months"] == 11.0


def test_a_value_for_a_prior_treatment_is_not_an_arm():
    s = summarize("Everolimus after sunitinib", "Forty patients received everolimus. The response rate was 20% in those "
                  "with prior sunitinib and 10% in those with prior sorafenib.")
    assert [a["components"] for a in s["arms"]] == [["everolimus"]]


def test_an_arm_named_by_one_drug_of_its_regimen():
    s = summarize(None, "Patients received capecitabine plus cisplatin or capecitabine plus paclitaxel. Median PFS was "
                        "5.1 months in the cisplatin arm and 6.7 months in the paclitaxel arm.")
    arms = _arms(s)
    assert arms[frozenset({"capecitabine", "cisplatin"})]["pfs_median_months"] == 5.1
    assert arms[frozenset({"capecitabine", "paclitaxel"})]["pfs_median_months"] == 6.7


@pytest.mark.parametrize("text, months", [
    ("The median overall survival was 1.5 years.", 18.0),
    ("Median OS was 2 years.", 24.0),
    ("The median survival time was 30 weeks.", 6.9),
    ("The median survival was 200 days.", 6.6),
])
def test_medians_in_years_weeks_or_days_are_converted_to_months(text, months):
    (arm,) = summarize("Sorafenib in liver cancer", "Thirty patients received sorafenib. " + text)["arms"]
    assert arm["os_median_months"] == months


@pytest.mark.parametrize("text", [
    "Overall survival was 4 years in one patient.",
    "The survival rate at 5 years was 40%.",
    "Patients were alive after 11.5 years (median) of follow-up.",
])
def test_years_that_are_not_a_median_are_not_read_as_one(text):
    (arm,) = summarize("Sorafenib in liver cancer", "Thirty patients received sorafenib. " + text)["arms"]
    assert arm["os_median_months"] is None


@pytest.mark.parametrize("text", [
    "Patients were randomized to gemcitabine (arm A) or gemcitabine plus erlotinib (arm B). Median survival time was "
    "5.9 months in arm A and 6.2 months in arm B.",
    "Arm A received gemcitabine; arm B received gemcitabine plus erlotinib. Median survival was 5.9 months in arm A, "
    "and 6.2 months in arm B.",
    "Patients were randomized to gemcitabine 1000 mg/m2 (arm A) or gemcitabine 1000 mg/m2 + erlotinib 100 mg daily "
    "(arm B). The median overall survival was 6.2 months in arm B and 5.9 months in arm A.",
])
def test_arms_named_by_letter_once_and_referred_to_later(text):
    arms = _arms(summarize(None, text))
    assert arms[frozenset({"gemcitabine"})]["os_median_months"] == 5.9
    assert arms[frozenset({"gemcitabine", "erlotinib"})]["os_median_months"] == 6.2


@pytest.mark.parametrize("text", [
    "A total of 120 women were randomized to letrozole alone or letrozole plus palbociclib. The objective response "
    "rate was 30% in the control group and 45% in the combination group.",
    "Women were randomized to letrozole alone or letrozole plus palbociclib. The objective response rate was 45% in "
    "the experimental arm and 30% in the control arm.",
    "Women were randomized to letrozole alone or letrozole plus palbociclib. The objective response rate was 45% in "
    "the combination arm and 30% in the monotherapy arm.",
    "Women were randomized to letrozole alone or letrozole plus palbociclib. The objective response rate was 45% "
    "(combination) versus 30% (monotherapy).",
    "Women were randomized to letrozole alone or letrozole plus palbociclib. The objective response rate was 45% for "
    "combination therapy and 30% for monotherapy.",
])
def test_arms_named_by_their_role(text):
    arms = _arms(summarize(None, text))
    assert arms[frozenset({"letrozole"})]["orr_pct"] == 30.0
    assert arms[frozenset({"letrozole", "palbociclib"})]["orr_pct"] == 45.0


@pytest.mark.parametrize("text, control", [
    ("Patients were randomized to observation or capecitabine. The 3-year survival rate was 61% and 70%, "
     "respectively.", "observation"),
    ("After surgery, 240 patients were randomly assigned to observation alone (n = 120) or capecitabine (n = 120).",
     "observation"),
    ("Patients were randomized to best supportive care alone or capecitabine.", "BSC"),
    ("Patients were randomized to receive capecitabine or placebo.", "placebo"),
    ("Patients were randomized to capecitabine or no further treatment.", "no treatment"),
])
def test_arms_with_no_drug_are_kept_by_name(text, control):
    arms = _arms(summarize(None, text + " The response rate was 30%."))
    assert control in arms and arms[control]["components"] == []
    assert frozenset({"capecitabine"}) in arms


@pytest.mark.parametrize("text", [
    "Patients with resected pancreatic cancer were randomly assigned to surgery alone or surgery plus adjuvant "
    "gemcitabine.",
    "Patients with pancreatic cancer were randomized to surgery alone or surgery followed by gemcitabine.",
    "Patients with pancreatic cancer were randomized to gemcitabine or surgery alone.",
])
def test_surgery_alone_is_an_arm(text):
    arms = _arms(summarize(None, text + " Median overall survival was 22.8 months and 20.2 months, respectively."))
    assert set(arms) == {"surgery", frozenset({"gemcitabine"})}


def test_observation_as_a_word_is_not_an_arm():
    s = summarize(None, "Forty patients received capecitabine. The observation period was 24 months. The response "
                        "rate was 30%.")
    assert [a["regimen"] for a in s["arms"]] == ["capecitabine"]


@pytest.mark.parametrize("title", [
    "Sunitinib versus placebo in pancreatic neuroendocrine tumours",
    "Sunitinib vs placebo for advanced pancreatic neuroendocrine tumours: a randomized trial",
    "Sunitinib compared with placebo in pancreatic neuroendocrine tumours",
])
def test_title_a_versus_b_names_the_arms(title):
    arms = _arms(summarize(title, "Median PFS was 11.4 versus 5.5 months (HR 0.42)."))
    assert arms[frozenset({"sunitinib"})]["pfs_median_months"] == 11.4
    assert arms["placebo"]["pfs_median_months"] == 5.5


@pytest.mark.parametrize("text", [
    "Phase II study comparing carboplatin versus paclitaxel and carboplatin for relapsed ovarian cancer.",
    "Patients were randomized to carboplatin or paclitaxel plus carboplatin.",
    "Patients were randomized to carboplatin AUC 5 or paclitaxel 175 mg/m2 + carboplatin AUC 5.",
])
def test_the_second_arm_adds_a_drug_to_the_first(text):
    assert set(_arms(summarize(None, text + " The response rate was 30%."))) == {frozenset({"carboplatin"}), frozenset({"carboplatin", "paclitaxel"})}


@pytest.mark.parametrize("text", [
    "After matching, 312 patients treated with palbociclib plus letrozole and 287 treated with letrozole were analysed.",
    "In all, 312 patients were treated with palbociclib plus letrozole and 287 patients with letrozole.",
    "Overall, 312 patients were randomized to palbociclib plus letrozole and 287 to letrozole.",
])
def test_per_arm_n_from_allocation_counts(text):
    arms = _arms(summarize(None, text + " Median PFS was 19.4 months."))
    assert arms[frozenset({"palbociclib", "letrozole"})]["n"] == 312
    assert arms[frozenset({"letrozole"})]["n"] == 287


@pytest.mark.parametrize("text", [
    "Of 400 women randomized, 198 in the anastrozole arm and 202 in the placebo arm were evaluable.",
    "A total of 400 women were included (198 patients in the anastrozole group and 202 patients in the placebo group).",
    "Overall, 400 women were randomized, 198 to the anastrozole arm and 202 to the placebo arm.",
])
def test_per_arm_n_written_as_n_in_the_x_arm(text):
    arms = _arms(summarize(None, text + " The response rate was 30%."))
    assert (arms[frozenset({"anastrozole"})]["n"], arms["placebo"]["n"]) == (198, 202)


def test_counts_of_events_in_each_arm_are_not_arm_sizes():
    s = summarize(None, "Women were randomized to anastrozole or placebo. Grade 3 toxicity occurred in 12 patients in the "
                        "anastrozole arm and 4 patients in the placebo arm. The response rate was 30%.")
    assert all(a["n"] is None for a in s["arms"])


@pytest.mark.parametrize("sentence", [
    "The clinical benefit rate (CBR) was 41% vs 27%.",
    "CBR was 41% versus 27% (P = 0.14).",
])
def test_clinical_benefit_is_not_a_response_rate(sentence):
    s = summarize(None, "Women were randomized to anastrozole or exemestane. " + sentence)
    assert all(a["orr_pct"] is None for a in s["arms"])


@pytest.mark.parametrize("title, abstract", [
    ("Liothyronine in hypothyroid adults", "Sixty adults were randomized to T3 or levothyroxine. Fatigue scores fell by 30% "
                                           "with T3 and 12% with levothyroxine."),
    ("Varenicline for smoking cessation", "Smokers (n = 120) were randomized to varenicline or placebo. "
                                          "Cotinine-verified abstinence was 33% versus 12%."),
    ("Terbutaline and sperm motility", "In 40 men, terbutaline increased motility by 20% compared with placebo."),
])
def test_a_record_not_about_cancer_gives_no_arms(title, abstract):
    s = summarize(title, abstract)
    assert s["arms"] == []


@pytest.mark.parametrize("mesh, expected", [
    (["Humans", "Pancreatic Neoplasms", "Everolimus"], True),
    (["Carcinoma, Non-Small-Cell Lung", "Erlotinib Hydrochloride"], True),
    (["Antineoplastic Combined Chemotherapy Protocols", "Camptothecin"], True),
    (["Humans", "Triiodothyronine", "Hypothyroidism"], False),
    (["Smoking Cessation", "Varenicline", "Cotinine"], False),
])
def test_mesh_headings_decide_whether_a_record_is_about_cancer(mesh, expected):
    from extractors import about_cancer, analyze

    text = "Forty patients with metastatic disease received the drug; the response rate was 30%."
    assert about_cancer(text, mesh) is expected
    assert bool(analyze(None, "Forty patients received everolimus; the response rate was 30%.", mesh)[1]["arms"]) is expected


def test_a_record_about_cancer_keeps_its_arms():
    s = summarize("Everolimus in pancreatic neuroendocrine tumours", "Forty patients received everolimus. The response "
                                                                  "rate was 30%.")
    assert s["arms"][0]["orr_pct"] == 30.0


def test_without_mesh_the_text_decides():
    from extractors import about_cancer

    assert about_cancer("Forty patients with metastatic pancreatic cancer received everolimus.")
    assert not about_cancer("Forty adults with hypothyroidism received liothyronine.")


@pytest.mark.parametrize("text", [
    "Patients with biliary cancer were randomly assigned to receive gemcitabine, S-1 or gemcitabine plus S-1.",
    "Patients with biliary cancer were randomized to gemcitabine, S-1, or gemcitabine plus S-1.",
    "In this randomized trial, patients with biliary cancer received gemcitabine, S-1 or gemcitabine + S-1.",
])
def test_three_alternatives_in_one_list_are_three_arms(text):
    arms = _arms(summarize(None, text + " Median OS in the gemcitabine plus S-1, gemcitabine and S-1 groups was 11, "
                                        "10 and 6 months, respectively."))
    assert set(arms) == {frozenset({"gemcitabine"}), frozenset({"S-1"}), frozenset({"gemcitabine", "S-1"})}
    assert [arms[k]["os_median_months"] for k in (frozenset({"gemcitabine", "S-1"}), frozenset({"gemcitabine"}),
                                                  frozenset({"S-1"}))] == [11.0, 10.0, 6.0]


FOLFOX, FOLFIRI = frozenset({"fluorouracil", "leucovorin", "oxaliplatin"}), frozenset({"fluorouracil", "leucovorin", "irinotecan"})
TWO_ARMS = "Patients with metastatic cancer were randomized to FOLFOX or FOLFIRI. "


@pytest.mark.parametrize("sentence", [
    "Response rates were 61% and 70%, respectively.",
    "The response rates of FOLFOX and FOLFIRI were 61% and 70%, respectively.",
    "Objective responses were seen with FOLFOX (37 of 61, 61%) and FOLFIRI (42 of 60, 70%).",
    "The objective response rate was 61% versus 70% (P = .21).",
    "The objective response rate was 61% with FOLFOX and 70% with FOLFIRI.",
])
def test_response_values_distributed_over_arms_in_order(sentence):
    arms = _arms(summarize(None, TWO_ARMS + sentence))
    assert (arms[FOLFOX]["orr_pct"], arms[FOLFIRI]["orr_pct"]) == (61.0, 70.0)


@pytest.mark.parametrize("sentence", [
    "Median PFS was 12.1 vs 9.8 months.",
    "The median time to progression was 12.1 and 9.8 months in the FOLFOX and FOLFIRI arms, respectively.",
    "Median overall survival was 20.1 months and 18.3 months, and median PFS was 12.1 and 9.8 months, respectively.",
    "Median PFS was 12.1 months in the FOLFOX arm, and 9.8 months in the FOLFIRI arm.",
])
def test_median_values_distributed_over_arms_in_order(sentence):
    arms = _arms(summarize(None, TWO_ARMS + sentence))
    assert (arms[FOLFOX]["pfs_median_months"], arms[FOLFIRI]["pfs_median_months"]) == (12.1, 9.8)


@pytest.mark.parametrize("sentence, field, values", [
    ("Median time to death was 15.2 months and 13.9 months, respectively.", "os_median_months", (15.2, 13.9)),
    ("Median TtPD was 8.3 months and 7.6 months, respectively.", "pfs_median_months", (8.3, 7.6)),
    ("The median time to progressive disease was 8.3 vs 7.6 months.", "pfs_median_months", (8.3, 7.6)),
])
def test_endpoint_names_for_survival_and_progression(sentence, field, values):
    arms = _arms(summarize(None, TWO_ARMS + sentence))
    assert (arms[FOLFOX][field], arms[FOLFIRI][field]) == values


@pytest.mark.parametrize("text", [
    "A total of 76 women with breast cancer were randomly assigned to hyaluronic acid cream or standard care.",
    "In this trial, 76 women with breast cancer were randomized to receive hyaluronic acid or usual care.",
    "Seventy-six women with breast cancer underwent randomization; hyaluronic acid was applied twice daily.",
])
def test_a_randomised_trials_total_is_not_the_n_of_the_one_arm_found(text):
    s = summarize(None, text + " The response rate was 30%.")
    assert s["n_enrolled"] == 76
    assert all(a["n"] is None for a in s["arms"] if not a["pooled"])


def test_a_single_arm_study_keeps_its_total_as_the_arm_n():
    s = summarize(None, "A total of 40 patients with metastatic cancer received everolimus. The response rate was 30%.")
    assert s["arms"][0]["n"] == 40


@pytest.mark.parametrize("text, n", [
    ("Patients with breast cancer were randomized to denosumab (n = 1,026) or placebo (n = 1,020).", (1026, 1020)),
    ("Patients with breast cancer were randomized to denosumab (n=1026) or placebo (n=1020).", (1026, 1020)),
])
def test_arm_n_with_thousands_separator(text, n):
    arms = _arms(summarize(None, text + " The response rate was 30%."))
    assert (arms[frozenset({"denosumab"})]["n"], arms["placebo"]["n"]) == n


@pytest.mark.parametrize("sentence", [
    "Median PFS was 4.7 months for each arm (HR 0.97).",
    "Median PFS was 4.7 months in both arms.",
    "The median progression-free survival was 4.7 months in both groups.",
])
def test_a_value_for_every_arm(sentence):
    arms = _arms(summarize(None, TWO_ARMS + sentence))
    assert (arms[FOLFOX]["pfs_median_months"], arms[FOLFIRI]["pfs_median_months"]) == (4.7, 4.7)


def test_real_world_pfs_is_pfs():
    arms = _arms(summarize(None, TWO_ARMS + "Median rwPFS was 12.1 months for FOLFOX versus 9.8 months for FOLFIRI."))
    assert (arms[FOLFOX]["pfs_median_months"], arms[FOLFIRI]["pfs_median_months"]) == (12.1, 9.8)


@pytest.mark.parametrize("sentence", [
    "Response rates were 41%, 27% and 12% in the GEM-S-1, gemcitabine and S-1 groups, respectively.",
    "Response rates were 41%, 27% and 12% in the gemcitabine plus S-1, gemcitabine and S-1 arms, respectively.",
])
def test_a_list_of_values_over_a_list_of_groups_respectively(sentence):
    s = summarize(None, "Patients with biliary cancer were randomized to gemcitabine, S-1 or gemcitabine plus S-1. " + sentence)
    arms = _arms(s)
    assert [arms[k]["orr_pct"] for k in (frozenset({"gemcitabine", "S-1"}), frozenset({"gemcitabine"}),
                                         frozenset({"S-1"}))] == [41.0, 27.0, 12.0]


def test_values_for_each_group_then_respectively_stay_with_their_group():
    s = summarize(None, TWO_ARMS + "Median OS and PFS were 20.1 months and 12.1 months in the FOLFOX group and 18.3 "
                                   "months and 9.8 months in the FOLFIRI group, respectively.")
    arms = _arms(s)
    assert (arms[FOLFOX]["os_median_months"], arms[FOLFOX]["pfs_median_months"]) == (20.1, 12.1)
    assert (arms[FOLFIRI]["os_median_months"], arms[FOLFIRI]["pfs_median_months"]) == (18.3, 9.8)


@pytest.mark.parametrize("text, arms", [
    ("Before radiotherapy for breast cancer, 90 women were randomly assigned to the deodorant group (n = 43) or the "
     "no deodorant group (n = 47).", {"deodorant": 43, "no deodorant": 47}),
    ("Women with breast cancer were randomized to the exercise group (n = 40), or the usual care group (n = 44).",
     {"exercise": 40, "usual care": 44}),
    ("Women with breast cancer were allocated to the massage arm (n = 40) or the rest arm (n = 44).",
     {"massage": 40, "rest": 44}),
    # a role ("control") with no drug arm it could stand for is an arm of its own (issue 12: arms named by role)
    ("Women with breast cancer were randomly assigned to the deodorant group (n = 43) or the control group (n = 47).",
     {"deodorant": 43, "control": 47}),
])
def test_groups_known_by_name_in_an_allocation_sentence_are_arms_with_their_n(text, arms):
    s = summarize(None, text + " The response rate was 30%.")
    assert {a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]} == arms


def test_group_sizes_outside_an_allocation_sentence_are_not_arms():
    s = summarize(None, "Forty women with breast cancer received letrozole. Toxicity was higher in the elderly group "
                        "(n = 12) than in the younger group (n = 28). The response rate was 30%.")
    assert [a["components"] for a in s["arms"]] == [["letrozole"]]
