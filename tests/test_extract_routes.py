"""Attribution routes (extractors.attribution): each route places the value of its own example sentence, routes are
named and documented, and their confidence comes from data (data/routes.json, overridden by data/confidence.json).
Sentences are written for the tests."""
from __future__ import annotations

import copy

import pytest

import extractors
from extractors import attribution, vocab

RCT = "In this randomised trial, 302 patients received everolimus or placebo. "
SUNITINIB = "In this phase II trial, 40 patients received sunitinib. "
CAPTEM_TITLE = "Capecitabine and temozolomide in pancreatic neuroendocrine tumours"
CAPTEM = ("We reviewed 80 patients treated with capecitabine and temozolomide (CAPTEM) and the therapy that followed. "
          "CAPTEM achieved an objective response rate of 35%. Median progression-free survival was 18.5 months. "
          "Subsequent sunitinib (n = 30) had a median PFS of 9.0 months. "
          "Subsequent everolimus (n = 25) had a median PFS of 8.1 months.")

# route, title, abstract, the finding (metric, value), its arm (label) and subgroup
EXAMPLES = [
    ("arm_named", "Everolimus versus placebo for pancreatic tumours",
     RCT + "Median progression-free survival was 11.0 months in the everolimus group and 4.6 months in the placebo group.",
     ("pfs_median", 4.6), "placebo", None),
    ("every_arm", "Lanreotide versus octreotide in midgut carcinoid",
     "Patients were randomly assigned to lanreotide or octreotide. Median PFS was 14.2 months for each arm.",
     ("pfs_median", 14.2), "octreotide", None),
    ("list_sentence", "Capecitabine plus temozolomide versus temozolomide",
     "In this randomised trial, 144 patients were assigned to capecitabine plus temozolomide or temozolomide alone. "
     "Median PFS with capecitabine plus temozolomide and temozolomide alone was 22.7 and 14.4 months, respectively.",
     ("pfs_median", 14.4), "temozolomide", None),
    ("list_one_named", "Sunitinib versus placebo in islet cell tumours",
     "In this randomised trial, 171 patients received sunitinib or placebo. "
     "Time to progression was longer with sunitinib (11.4 vs 5.5 months).",
     ("pfs_median", 5.5), "placebo", None),
    ("list_order", "Lanreotide versus placebo in enteropancreatic tumours",
     "Patients were randomised to lanreotide or placebo. Median PFS was 32.8 and 18.0 months, respectively.",
     ("pfs_median", 32.8), "lanreotide", None),
    ("arm_in_sentence", "Everolimus versus placebo for lung carcinoids",
     RCT + "Everolimus produced a median PFS of 11.0 months.", ("pfs_median", 11.0), "everolimus", None),
    ("arm_nearest", "Everolimus versus placebo for lung carcinoids",
     RCT + "Compared with placebo, everolimus gave a median PFS of 11.0 months.", ("pfs_median", 11.0), "everolimus", None),
    ("main", CAPTEM_TITLE, CAPTEM, ("orr", 35.0), "CAPTEM", None),
    ("main_default", CAPTEM_TITLE, CAPTEM, ("pfs_median", 18.5), "CAPTEM", None),
    ("pooled", "Everolimus versus placebo for lung carcinoids",
     RCT + "Median overall survival of all patients was 27.4 months.", ("os_median", 27.4), "ALL (pooled)", None),
    ("pooled_single", "Outcomes of neuroendocrine carcinoma",
     "Forty patients with neuroendocrine carcinoma were included. The objective response rate was 25%.",
     ("orr", 25.0), "ALL (pooled)", None),
    ("single", "Sunitinib in metastatic renal cell carcinoma", SUNITINIB + "The objective response rate was 20%.",
     ("orr", 20.0), "sunitinib", None),
    ("subgroup", "Sunitinib in metastatic renal cell carcinoma",
     SUNITINIB + "Among patients with grade 2 tumours, median PFS was 9.1 months.",
     ("pfs_median", 9.1), "sunitinib", "grade 2 tumours"),
    ("conflict", "Sunitinib in metastatic renal cell carcinoma",
     SUNITINIB + "Median PFS was 10.2 months. At the final analysis, median PFS was 12.5 months.",
     ("pfs_median", 12.5), "sunitinib", None),
    ("hr_ci", "Everolimus versus placebo for lung carcinoids",
     RCT + "Progression-free survival was longer with everolimus (HR 0.48, 95% CI 0.35-0.67).", ("hr", 0.48), None, None),
    ("hr", "Everolimus versus placebo for lung carcinoids",
     RCT + "Progression-free survival was longer with everolimus (HR 0.48; p<0.001).", ("hr", 0.48), None, None),
    ("pr_count", "Temozolomide in neuroendocrine tumours",
     "Temozolomide was given to 20 patients. Of the 12 evaluable patients, 5 obtained a partial response.",
     ("orr", 41.7), "temozolomide", None),
    ("arm_n_enrolled", "Sunitinib in metastatic renal cell carcinoma", SUNITINIB + "The objective response rate was 20%.",
     ("n", 40.0), "sunitinib", None),
    ("arm_n_cohort", "Everolimus versus placebo",
     "Patients were randomised to everolimus (n = 207) or placebo (n = 203). Median PFS was 11.0 months with everolimus.",
     ("n", 203.0), "placebo", None),
    ("list_inferred", "Sunitinib and everolimus in pancreatic tumours",
     "We reviewed 120 patients with pancreatic tumours. Median PFS was 11.4 and 9.2 months in the sunitinib and "
     "everolimus groups, respectively.",
     ("pfs_median", 9.2), "everolimus", None),
    ("list_subgroups", "Sunitinib in metastatic renal cell carcinoma",
     SUNITINIB + "Median PFS was 12.2 and 7.0 months in patients with one or two prior lines, respectively.",
     ("pfs_median", 7.0), "sunitinib", "two prior lines"),
]


def _the(findings, metric, value, arm=None):
    hits = [f for f in findings if f.metric == metric and f.value == value and (arm is None or f.arm == arm)]
    assert len(hits) == 1, [(f.metric, f.value, f.rule) for f in findings]
    return hits[0]


@pytest.mark.parametrize("route, title, abstract, fact, arm, subgroup", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_each_route_places_its_example(route, title, abstract, fact, arm, subgroup):
    f = _the(extractors.analyze(title, abstract)[0], *fact, arm)
    assert f.rule.split("|")[0] == route
    assert (f.arm, f.subgroup) == (arm, subgroup)


THREE_ARMS = ("Everolimus versus placebo versus sunitinib",
              "In this randomised trial, 300 patients were assigned to everolimus, sunitinib or placebo. ")
DROPS = [
    # a list of two values in a sentence naming three arms: they cannot be lined up
    ("list_unmatched", THREE_ARMS[0],
     THREE_ARMS[1] + "Median PFS was longer with everolimus than with placebo and sunitinib (11.0 vs 4.6 months).",
     "pfs_median", []),
    # a list of two values after a sentence naming three arms
    ("list_order", THREE_ARMS[0], THREE_ARMS[1] + "Median PFS was 11.0 and 4.6 months, respectively.", "pfs_median", []),
    # two arms named after the value, none before it
    ("arm_nearest", "Everolimus versus placebo",
     RCT + "A median PFS of 11.0 months was seen, with everolimus better than placebo.", "pfs_median", []),
    # a treatment that is neither an arm nor the main regimen: only CAPTEM's own response rate stays
    ("main", CAPTEM_TITLE, CAPTEM + " Streptozocin had given an objective response rate of 12%.", "orr", [35.0]),
]


@pytest.mark.parametrize("route, title, abstract, metric, kept", DROPS, ids=[d[0] for d in DROPS])
def test_a_value_its_route_cannot_place_is_left_out(route, title, abstract, metric, kept):
    findings = extractors.analyze(title, abstract)[0]
    assert any(f.metric == "n_enrolled" for f in findings)  # the extractor read the text
    assert [f.value for f in findings if f.metric == metric] == kept


def test_every_route_is_named_documented_and_exampled():
    example_routes = {e[0] for e in EXAMPLES}
    defaults = attribution.route_defaults()
    for route in attribution.ROUTES + (attribution.every_arm,):
        assert route.__doc__ and "\n" not in route.__doc__.strip(), route.__name__
        if route is not attribution.list_unmatched:  # it only leaves values out
            assert route.__name__ in example_routes
            assert route.__name__ in defaults["penalty"]
    for route in defaults["confidence"]:
        assert route in example_routes or route == "arm_n_other"


def test_route_confidences_are_data(monkeypatch):
    """Without fitted weights, a finding's confidence is its value's own less its route's penalty (data/routes.json),
    or its route's fixed confidence; a planted routes table moves them."""
    monkeypatch.setattr(vocab, "confidence_weights", lambda: {})
    title, abstract = EXAMPLES[4][1], EXAMPLES[4][2]  # list_order
    hr_title, hr_abstract = EXAMPLES[14][1], EXAMPLES[14][2]  # hr_ci
    before = _the(extractors.analyze(title, abstract)[0], "pfs_median", 32.8).confidence
    assert _the(extractors.analyze(hr_title, hr_abstract)[0], "hr", 0.48).confidence == 0.85
    planted = copy.deepcopy(attribution.route_defaults())
    planted["penalty"]["list_order"] += 0.3
    planted["confidence"]["hr_ci"] = 0.4
    monkeypatch.setattr(attribution, "route_defaults", lambda: planted)
    assert _the(extractors.analyze(title, abstract)[0], "pfs_median", 32.8).confidence == round(before - 0.3, 3)
    assert _the(extractors.analyze(hr_title, hr_abstract)[0], "hr", 0.48).confidence == 0.4


def test_the_fitted_scorer_overrides_the_route_default(monkeypatch):
    monkeypatch.setattr(vocab, "confidence_weights", lambda: {"bias": 1.0, "route=list_order": -1.0})
    title, abstract = EXAMPLES[4][1], EXAMPLES[4][2]
    assert _the(extractors.analyze(title, abstract)[0], "pfs_median", 32.8).confidence == 0.5  # 1 / (1 + e^0)
