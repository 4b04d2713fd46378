"""Arms known by a label, not by a drug list (issue 12): letters and numbers, doses and schedules, roles, short names
the abstract defines, "the X group". Each construction in several wordings; sentences and numbers written for these
tests."""
from __future__ import annotations

import pytest

from extractors import summarize
from extractors.arms import label_mentions


def _name(arm):
    """A label arm's name without what it stands for: 'HDXC' for 'HDXC (epirubicin + cyclophosphamide)'."""
    return arm["regimen"].split(" (")[0]


def _by_regimen(s):
    return {_name(a): a for a in s["arms"] if not a["pooled"]}


def _values(s, field):
    return {_name(a): a[field] for a in s["arms"] if not a["pooled"]}


# ---- letters and numbers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "Ninety women were randomized to arm A or arm B. ORR was similar between the arms (arm A, 38%; arm B, 44%).",
    "Ninety women were randomly assigned to arm A or to arm B. The objective response rate was 38% in arm A and 44% "
    "in arm B.",
    "Ninety women were randomized into two arms. Response rates were 38% for arm A versus 44% for arm B.",
    "In this randomised trial, patients in arm A and arm B had response rates of 38% and 44%, respectively.",
])
def test_lettered_arms_hold_their_own_values(abstract):
    s = summarize("A randomized trial in breast cancer", abstract)
    assert _values(s, "orr_pct") == {"arm A": 38.0, "arm B": 44.0}


@pytest.mark.parametrize("abstract", [
    "Group 1 (N = 61) had surgery first; group 2 (N = 37) had chemotherapy first. The objective response rates "
    "were similar (group 1, 52%; group 2, 60%). Median OS: group 1, 27 months; group 2, 41 months.",
    "Group 1 (n = 61) and group 2 (n = 37) were compared. The objective response rate was 52% in group 1 and 60% "
    "in group 2, and median OS was 27 months in group 1 and 41 months in group 2.",
])
def test_numbered_groups_are_arms_and_their_numbers_are_no_values(abstract):
    s = summarize("Two treatment sequences in breast cancer", abstract)
    arms = _by_regimen(s)
    assert {k: (a["n"], a["orr_pct"], a["os_median_months"]) for k, a in arms.items()} == {
        "group 1": (61, 52.0, 27.0), "group 2": (37, 60.0, 41.0)}


def test_letters_the_allocation_sentence_gives_to_described_arms_carry_the_drugs():
    s = summarize(
        "Continued or stopped oxaliplatin in colon cancer: a randomized trial",
        "Patients received either oxaliplatin (85 mg/m2) + capecitabine (1000 mg/m2 twice daily on days 1-14 every "
        "3 weeks) until progression (arm A) or the same doses of oxaliplatin + capecitabine for 4 cycles followed by "
        "capecitabine alone until progression (arm B). Median PFS was longer for arm B than for arm A (10.2 vs. 7.1 "
        "months; p = 0.01).",
    )
    arms = _by_regimen(s)
    assert set(arms) == {"arm A", "arm B"}
    assert (arms["arm A"]["pfs_median_months"], arms["arm B"]["pfs_median_months"]) == (7.1, 10.2)
    assert set(arms["arm A"]["components"]) == {"oxaliplatin", "capecitabine"}


# ---- doses and schedules ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, field, values", [
    ("The response rate was higher in the 10-mg arm than the 40-mg arm (31.5% v 12.0%).", "orr_pct",
     {"10-mg": 31.5, "40-mg": 12.0}),
    ("Median PFS was 6.2 months in the 10-mg arm and 4.4 months in the 40-mg arm.", "pfs_median_months",
     {"10-mg": 6.2, "40-mg": 4.4}),
    ("The overall response rate was 41.2% and 29.0% in the 10-mg and 40-mg arms, respectively.", "orr_pct",
     {"10-mg": 41.2, "40-mg": 29.0}),
])
def test_arms_named_by_dose(sentence, field, values):
    s = summarize("Two doses of a new aromatase blocker in breast cancer", "Eighty patients were randomized to one of two dose levels. "
                  + sentence)
    assert _values(s, field) == values


@pytest.mark.parametrize("abstract, values", [
    ("Patients were randomized to the every-2-week arm (n = 50) or the weekly arm (n = 52). The response rate was "
     "30.5% for the every-2-week arm versus 22.1% for the weekly arm.", {"every-2-week": 30.5, "weekly": 22.1}),
    ("A total of 102 patients were randomized; 50 were assigned to the high-dose arm and 52 to the low-dose arm. "
     "The objective response rate was 30.5% in the high-dose arm and 22.1% in the low-dose arm.",
     {"high-dose": 30.5, "low-dose": 22.1}),
])
def test_arms_named_by_schedule_or_dose_level(abstract, values):
    s = summarize("A randomized trial of two schedules in breast cancer", abstract)
    assert _values(s, "orr_pct") == values


# ---- roles ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "Patients were randomized to the test group (n = 80) or the control group (n = 76). The median PFS of the test "
    "group was longer than that of the control group, 8.1 months vs 5.3 months.",
    "In this randomised trial, median PFS was 8.1 months in the test group and 5.3 months in the control group.",
])
def test_role_arms_of_a_trial_without_drug_arms(abstract):
    s = summarize("Acupuncture for fatigue in breast cancer", abstract)
    assert _values(s, "pfs_median_months") == {"test": 8.1, "control": 5.3}


@pytest.mark.parametrize("sentence", [
    "Median TTP was longer in the combination arm than in the control arm (9.4 v 6.0 months).",
    "Median TTP was 9.4 months in the combination arm and 6.0 months in the control arm.",
])
def test_role_labels_resolve_to_the_drug_arms(sentence):
    s = summarize(
        "Letrozole with or without a CDK inhibitor in breast cancer",
        "Patients were randomly assigned to letrozole plus palbociclib or letrozole alone. " + sentence,
    )
    arms = {frozenset(a["components"]): a for a in s["arms"] if not a["pooled"]}
    assert set(arms) == {frozenset({"letrozole", "palbociclib"}), frozenset({"letrozole"})}
    assert arms[frozenset({"letrozole", "palbociclib"})]["pfs_median_months"] == 9.4
    assert arms[frozenset({"letrozole"})]["pfs_median_months"] == 6.0


# ---- short names the abstract defines ---------------------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "Women were randomised to receive either high-dose epirubicin 120 mg/m2 and cyclophosphamide 1200 mg/m2 every "
    "3 weeks (HDXC) or standard dose epirubicin 60 mg/m2 and cyclophosphamide 600 mg/m2 every 3 weeks (SDXC). "
    "Objective response was seen in 31% on HDXC and 37% on SDXC.",
    "Women were randomised to receive either high-dose epirubicin 120 mg/m2 and cyclophosphamide 1200 mg/m2 every "
    "3 weeks (HDXC) or standard dose epirubicin 60 mg/m2 and cyclophosphamide 600 mg/m2 every 3 weeks (SDXC). "
    "The response rate was 31% with HDXC versus 37% with SDXC.",
])
def test_defined_names_of_arms_that_differ_by_dose(abstract):
    s = summarize("Dose intensity in metastatic breast cancer", abstract)
    arms = _by_regimen(s)
    assert _values(s, "orr_pct") == {"HDXC": 31.0, "SDXC": 37.0}
    assert set(arms["HDXC"]["components"]) == {"epirubicin", "cyclophosphamide"}
    assert arms["HDXC"]["regimen"] == "HDXC (epirubicin + cyclophosphamide)"  # the label and what it stands for


@pytest.mark.parametrize("abstract", [
    "Patients were randomized to intrathecal (ITX) treatment (n=21) or to systemic-only (non-ITX) treatment (n=19). "
    "Median time to progression was 21 weeks (ITX) and 26 weeks (non-ITX).",
    "Patients were randomized to intrathecal (ITX) treatment (n=21) or to systemic-only (non-ITX) treatment (n=19). "
    "Median survival was 4.1 months with ITX and 6.3 months with non-ITX treatment.",
])
def test_defined_names_of_arms_without_drugs(abstract):
    s = summarize("Intrathecal therapy for leptomeningeal metastases", abstract)
    arms = _by_regimen(s)
    assert (arms["ITX"]["n"], arms["non-ITX"]["n"]) == (21, 19)
    assert arms["non-ITX"]["regimen"] == "non-ITX (systemic-only)"  # no drug: the description's words
    got = {k: a["pfs_median_months"] or a["os_median_months"] for k, a in arms.items()}
    assert got in ({"ITX": 4.8, "non-ITX": 6.0}, {"ITX": 4.1, "non-ITX": 6.3})


def test_a_defined_name_overrides_the_vocabulary_acronym():
    # "EP" is etoposide + cisplatin in the project's vocabulary; here the abstract defines it as something else
    s = summarize(
        "Two neoadjuvant regimens in triple-negative breast cancer: a randomized trial",
        "Patients were randomized to receive either paclitaxel (175 mg/m2) plus carboplatin (AUC 5) (PC) or "
        "epirubicin (75 mg/m2) plus paclitaxel (175 mg/m2) (EP). The objective response rate was 84.0% in the PC arm "
        "and 71.5% in the EP arm.",
    )
    arms = {frozenset(a["components"]): a["orr_pct"] for a in s["arms"] if not a["pooled"]}
    assert arms[frozenset({"paclitaxel", "carboplatin"})] == 84.0
    assert arms[frozenset({"epirubicin", "paclitaxel"})] == 71.5
    assert frozenset({"etoposide", "cisplatin"}) not in arms


# ---- what is not a label arm ------------------------------------------------------------------------------------

def test_a_single_arm_study_grows_no_label_arms():
    s = summarize(
        "Everolimus in pancreatic neuroendocrine tumours",
        "Forty patients received everolimus 10 mg daily. The 10-mg dose group had an objective response rate of 12% "
        "and a median PFS of 11.2 months; in the control group of a historical series, median PFS was 6.0 months.",
    )
    assert [a["components"] for a in s["arms"]] == [["everolimus"]]


@pytest.mark.parametrize("abstract", [
    # groups by site in a non-randomised series are subgroups, not arms
    "We reviewed 60 patients treated with cisplatin and etoposide. The response rate was 40% (45% in the GIX group "
    "and 31% in the HPX group).",
    # risk groups of a randomised trial are subgroups
    "Patients were randomized to cisplatin and etoposide or observation. The response rate was 45% in the high-risk "
    "group and 31% in the low-risk group.",
])
def test_groups_of_patients_are_no_arms(abstract):
    s = summarize("Chemotherapy for neuroendocrine carcinoma", abstract)
    names = {a["regimen"] for a in s["arms"]}
    assert not names & {"GIX", "HPX", "high-risk", "low-risk"}


def test_label_mentions_of_a_text_name_the_same_arm_each_time():
    text = ("Patients were randomized to the 5-mg arm or the 25-mg arm. Toxicity was lower in the 5-mg arm. "
            "Response was 20% in the 5-mg arm.")
    mentions = [r for r in label_mentions(text, [(0, len(text))], []) if r.label is not None]
    assert [text[r.start:r.end] for r in mentions] == ["5-mg arm", "25-mg arm", "5-mg arm", "5-mg arm"]
    assert len({r.arm_id for r in mentions if r.text.startswith("5")}) == 1


# ---- allocation counts of two arms, one sentence --------------------------------------------------------------

@pytest.mark.parametrize("abstract", [
    "In all, 150 patients were randomised, 74 to XAP and 76 to docetaxel arms. The response rate obtained in the XAP "
    "arm was higher (31.0 vs 18.4%).",
    "In all, 150 patients were randomised (74 XAP, 76 docetaxel). The response rate was 31.0% with XAP and 18.4% "
    "with docetaxel.",
])
def test_two_arm_sizes_in_one_allocation_sentence(abstract):
    s = summarize(
        "Capecitabine plus cisplatin (XAP) versus docetaxel in breast cancer", abstract,
    )
    arms = {frozenset(a["components"]): (a["n"], a["orr_pct"]) for a in s["arms"] if not a["pooled"]}
    assert arms == {frozenset({"capecitabine", "cisplatin"}): (74, 31.0), frozenset({"docetaxel"}): (76, 18.4)}


@pytest.mark.parametrize("abstract", [
    "All 180 patients were randomized into intervention or control arm. Response rates were 88% and 92% in the "
    "intervention and control arms, respectively.",
    "All 180 patients were randomly allocated to the intervention group or the control group. The response rate was "
    "88% in the intervention group and 92% in the control group.",
])
def test_intervention_and_control_groups_of_a_trial_without_drugs(abstract):
    s = summarize("An education course during radiotherapy for breast cancer: a randomized trial", abstract)
    assert _values(s, "orr_pct") == {"intervention": 88.0, "control": 92.0}


@pytest.mark.parametrize("abstract", [
    "In this randomized controlled trial (RCTX) of women with early breast cancer (EBCX), patients were randomized to "
    "zoledronic acid or observation. The response rate was 40% with zoledronic acid and 30% with observation.",
    "Patients with chemotherapy-induced alopecia (CIAX) were randomized to scalp cooling or observation; quality of "
    "life (QLX) was measured. The response rate was 40% with scalp cooling and 30% with observation.",
])
def test_short_names_of_diseases_designs_and_outcomes_are_no_arms(abstract):
    s = summarize("A randomized trial in breast cancer", abstract)
    assert not {_name(a) for a in s["arms"]} & {"RCTX", "EBCX", "CIAX", "QLX"}


def test_a_short_name_of_the_placebo_arm_is_the_placebo_arm():
    s = summarize(
        "Tamoxifen or placebo in breast cancer: a randomized trial",
        "Women were randomly assigned to tamoxifen 20 mg (TMX; n = 45) or placebo (PLX; n = 51). The response rate "
        "was 30% with TMX and 12% with PLX.",
    )
    arms = {_name(a): (a["components"], a["orr_pct"]) for a in s["arms"] if not a["pooled"]}
    assert len(arms) == 2 and ([], 12.0) in arms.values()


def test_numbered_cohorts_of_a_randomised_trial_are_no_label_arms():
    s = summarize(
        "Letrozole with or without a CDK inhibitor in breast cancer",
        "Patients were randomly assigned to letrozole plus palbociclib or letrozole alone. In cohort 1 (n = 60), "
        "median PFS was 6.1 months for the letrozole group and 24.0 months for the palbociclib plus letrozole group.",
    )
    assert not any(_name(a).startswith("cohort") for a in s["arms"])


@pytest.mark.parametrize("abstract, sizes", [
    ("We randomized 150 women to an online diary (experimental group, n = 78) or a paper diary (control group, "
     "n = 72).", {"experimental": 78, "control": 72}),
    ("A total of 61 patients were enrolled: 30 in study group, and 31 in control group.", {"study": 30, "control": 31}),
    ("Patients were randomized to the treatment group (n = 44) or the control group (n = 41).",
     {"treatment": 44, "control": 41}),
])
def test_role_groups_with_their_sizes(abstract, sizes):
    s = summarize("A randomized trial during chemotherapy for breast cancer",
                  abstract + " The response rate was 30% in the control group.")
    assert _values(s, "n") == sizes


def test_the_treatment_group_of_a_placebo_controlled_trial_is_the_drug_arm():
    s = summarize(
        "Megestrol or placebo in breast cancer: a randomized trial",
        "Women were randomly assigned to megestrol or placebo. The response rate was 24% in the treatment group and "
        "9% in the placebo group.",
    )
    arms = {tuple(a["components"]) or a["regimen"]: a["orr_pct"] for a in s["arms"] if not a["pooled"]}
    assert arms == {("megestrol",): 24.0, "placebo": 9.0}


@pytest.mark.parametrize("sentence", [
    "The response rate was 45% in the HER2-positive group and 31% in the HER2-negative group.",
    "Median PFS was 9.0 months in the node-negative group and 6.5 months in the node-positive group.",
    "The response rate was 45% in the older group and 31% in the young group.",
])
def test_subgroups_of_a_randomised_trial_named_like_groups_are_no_arms(sentence):
    s = summarize("Weekly paclitaxel in breast cancer: a randomized trial",
                  "Patients were randomized to paclitaxel weekly or every 3 weeks. " + sentence)
    assert not any("positive" in a["regimen"] or "negative" in a["regimen"] or "young" in a["regimen"]
                   or "older" in a["regimen"] for a in s["arms"])
