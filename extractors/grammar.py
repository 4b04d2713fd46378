"""How papers compare treatment arms: named patterns, kept as labelled data apart from the logic that uses them.

Each entry has a ``label`` (how the code asks for it), a one-line ``comment`` (the construction it covers), the
``pattern`` (Python regular expression, case-insensitive) and ``examples`` it must match
(tests/test_extract_grammar.py checks every one). Matching is anchored where the comment says so: an "after"
pattern is matched (re.match) right after a value, a "before" pattern is searched in the text right before it,
a "ref" or "gap" pattern matches a whole phrase (re.fullmatch).
"""
from __future__ import annotations

import re
from functools import lru_cache

_UNIT = r"(?:months?|mo|mos|weeks?|wks?|days?|years?|%)"

PATTERNS: list[dict] = [
    {
        "label": "paired_value_after",
        "comment": "after a value: 'vs' / 'versus' / 'compared with' and the other arm's value (one side of a two-arm pair)",
        "pattern": rf"\s*{_UNIT}?\s*(?:\([^()]{{0,60}}\)\s*)?,?\s*(?:vs\.?|versus|v\.?|compared (?:with|to))\s+\(?\d",
        "examples": [" vs 4.1 months", " months versus 7.9 months", " (95% CI 5.1-8.0) v 3.2", " compared with 11.0"],
    },
    {
        "label": "paired_value_before",
        "comment": "before a value: the first value of the pair and 'vs' / 'versus' (the second side of a two-arm pair)",
        "pattern": rf"\d\s*{_UNIT}?\s*(?:\([^()]{{0,60}}\)\s*)?,?\s*(?:vs\.?|versus|v\.?)\s*\(?$",
        "examples": ["7.2 vs ", "10.7 months versus ", "12% (range) v "],
    },
    {
        "label": "parallel_value_gap",
        "comment": "between two values of one measure given side by side, the first one's group and a list word",
        "pattern": r"\s*(?:months?|mo|mos|weeks?|wks?|days?|years?)?\s*,?\s*(?:in|for|with|on|among)\s+(?:the\s+)?[^,;()\d]{2,60}?"
                   r"\s*(?:,\s*and|,|and|vs\.?|versus|or|compared (?:with|to)|as against)\s*(?:only\s+)?$",
        "examples": [" months for cabazitaxel and ", " with placebo, ", " weeks in the A group versus "],
    },
    {
        "label": "named_group_n",
        "comment": "in an allocation sentence, a group known by its name with its size: 'the deodorant group (n = 43)'",
        "pattern": r"(?:\b(?:to|or|and)\s+(?:the\s+)?|\bthe\s+|,\s*(?:or\s+|and\s+)?(?:the\s+)?)(?P<name>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,3}?)\s+(?:group|arm)\s*"
                   r"\(\s*n\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s*\)",
        "examples": ["the deodorant group (n = 43)", "or the no-deodorant group (n=47)", "to the exercise arm (n = 1,002)"],
    },
    {
        "label": "count_in_arm",
        "comment": "a per-arm count written as 'N in the X arm' (read only when one sentence gives it for two arms)",
        "pattern": r"(?<![\w.,])(?P<n>\d+)\s+(?:(?:patients|women|men|subjects|participants)\s+)?(?:were\s+)?(?:in|to|on)\s+"
                   r"(?:the\s+)?(?P<r>[^,;()]{2,50}?)[\s-]+(?:arm|group)s?\b",
        "examples": ["503 in the fenretinide arm and 498 in the observation arm", "90 patients in the placebo group",
                     "198 to the anastrozole arm"],
    },
    {
        "label": "every_arm_ref",
        "comment": "a value said to hold for every arm: 'for each arm', 'in both groups'",
        "pattern": r"(?:each|both|all(?: the)?|the two)\s+(?:treatment\s+|study\s+)?(?:arms?|groups?)",
        "examples": ["each arm", "both groups", "all treatment arms", "the two arms"],
    },
    {
        "label": "randomised",
        "comment": "patients were randomised: the trial has two or more arms, so its total is no one arm's n",
        "pattern": r"(?<!non-)(?<!non)\b(?:randomi[sz]ed|randomly (?:assigned|allocated)|randomi[sz]ation)\b",
        "examples": ["were randomized to", "randomly assigned", "after randomisation"],
    },
    {
        "label": "cancer_term",
        "comment": "the text is about a cancer (or its treatment): a document without one gives no arms",
        "pattern": r"\b(?:cancers?|\w*carcinomas?|carcinoids?|tumou?rs?|neoplasms?|neoplas(?:ia|tic)|malignan\w*|oncolog\w*|"
                   r"metasta\w*|lymphomas?|leuka?emias?|myelomas?|\w*sarcomas?|melanomas?|gliomas?|\w*blastomas?|"
                   r"mesotheliomas?|NETs?|NECs?|NENs?|chemotherap\w*|radiotherap\w*|antineoplastic|antitumou?r)\b",
        "examples": ["metastatic colorectal cancer", "hepatocellular carcinoma", "pancreatic NETs", "glioblastoma",
                     "first-line chemotherapy"],
    },
    {
        "label": "neoplasm_mesh",
        "comment": "a MeSH heading of a record about a cancer or its treatment (when a record has MeSH, it decides)",
        "pattern": r"neoplas|carcinom|tumor|lymphoma|leukemia|sarcoma|melanoma|myeloma|glioma|blastoma|cancer|carcinoid|"
                   r"mesothelioma|antineoplastic|medical oncology",
        "examples": ["Pancreatic Neoplasms", "Carcinoma, Non-Small-Cell Lung", "Neuroendocrine Tumors",
                     "Antineoplastic Combined Chemotherapy Protocols"],
    },
    {
        "label": "no_drug_arm",
        "comment": "an arm that gives no drug, known by its name: placebo, best supportive care, observation, no treatment, "
                   "surgery or radiotherapy alone",
        "pattern": r"\bbest supportive care\b|\bBSC\b|\bplacebo\b|\b(?:surgery|resection|radiotherapy|radiation(?: therapy)?)\s+alone\b|\bobservation(?:\s+(?:alone|only))?(?=\s*(?:\(|,|;|\.|\bor\b|\bvs\b|\bversus\b|\barm\b|\bgroup\b|$))"
                   r"|\bno (?:further |adjuvant |maintenance )?(?:treatment|therapy)\b(?=\s*(?:\(|,|;|\.|\bor\b|\barm\b|\bgroup\b|$))",
        "examples": ["placebo", "best supportive care (BSC)", "observation alone", "observation (n = 120)",
                     "no further treatment,", "surgery alone", "radiotherapy alone"],
    },
    {
        "label": "arm_letter_def",
        "comment": "an arm named by a letter or number and defined by the regimen right after it: 'arm A (X)', 'group 1: X'",
        "pattern": r"\b(?P<word>arm|group|cohort)\s+(?P<id>[A-D1-4])\s*(?:\(|:|,|=|\breceived\b|\bwas given\b|\bwere given\b)\s*$",
        "examples": ["arm A (", "group 1: ", "Arm B received "],
    },
    {
        "label": "arm_letter_after",
        "comment": "after a regimen and its dose, the letter or number naming its arm: 'X (arm A)', 'X AUC 5 (group 2, n = 30)'",
        "pattern": r"\s*\)?(?:[^();.]{0,40}?\((?!\s*(?:arm|group|cohort)\b)[^()]{0,15}\))?[^();.]{0,40}?\(\s*(?P<word>arm|group|cohort)\s+(?P<id>[A-D1-4])\b",
        "examples": [" (arm A)", ") (group 2, n = 30)", " (Arm B; n = 12)", " area under the curve (AUC) 6 on day 1 (arm B)"],
    },
    {
        "label": "arm_letter_ref",
        "comment": "a later reference to an arm by its letter or number: 'in arm A', 'group 2'",
        "pattern": r"(?:the\s+)?(?P<word>arm|group|cohort)\s+(?P<id>[A-D1-4])",
        "examples": ["arm A", "the group 2", "Cohort B"],
    },
    # ---- how values are written for their arms (issue 12, values) ----
    {
        "label": "endpoint_paren_pair",
        "comment": "right after an endpoint's name, the arms' values in brackets: 'TTP (6.1 and 3.4 months', "
                   "'overall survival (19.1 vs 11.8 months' (each is an arm's median)",
        "pattern": rf"\s*(?:\([A-Za-z\-]{{1,8}}\)\s*)?[(\[]\s*(?:median[:,]?\s*)?\d+(?:\.\d+)?\s*{_UNIT}?\s*(?:,|and|vs\.?|versus|v\.?)\s*\d+(?:\.\d+)?\s*{_UNIT}",
        "examples": [" (6.1 and 3.4 months", " (TTP) (9.5 vs 7.0 weeks", " [median, 12.2 v 10.8 months"],
    },
    {
        "label": "label_before_value",
        "comment": "before a value: the group it belongs to, written as a label and a comma or colon: "
                   "'(group 1, 74%; group 2, 82%)', 'arm A, 45%', '(drug X, 29% versus drug Y plus drug Z, 41%'",
        "pattern": r"(?:[(\[;:]|\b(?:vs\.?|versus|v|and))\s*(?P<phr>[A-Za-z][^,;:()\[\]=<>\d]{0,50}?|"
                   r"(?:[A-Za-z][^,;:()\[\]=<>\d]{0,40}?\s)?(?:arm|group|cohort)\s+\d{1,2})\s*[,:]\s*$",
        "examples": ["(group 1, ", "; group 2, ", "(neratinib, ", "versus lapatinib plus capecitabine, ", "(arm A: "],
    },
    {
        "label": "coordinated_join",
        "comment": "between two drugs of a coordinated modifier that names two arms: 'the A and B arms', 'the A- and "
                   "B-based arms', 'A, B and C groups' (whole text between the drugs)",
        "pattern": r"\s*(?:-\s*)?(?:,\s*and|,|and)\s*",
        "examples": [" and ", "- and ", ", ", ", and "],
    },
    {
        "label": "from_to_pair",
        "comment": "before the first of two values written 'from X to Y': the comparator's value comes first "
                   "('A improved median TTP from 4.2 to 7.4 months', 'raised the ORR from 17% to 41%')",
        "pattern": r"\bfrom\s+$",
        "examples": ["improved median TTP from ", "the ORR from "],
    },
    {
        "label": "arm_name_list",
        "comment": "arms named in a coordinated list without a drug: 'the combination and control groups', "
                   "'arms A and B', 'groups 1, 2 and 3' (each name is looked up as an arm)",
        "pattern": r"\b(?:(?P<lead>arms|groups|cohorts)\s+(?P<names>[A-D1-4](?:\s*,\s*[A-D1-4])*\s*,?\s*(?:and|or|vs\.?|versus)\s+[A-D1-4])\b"
                   r"|(?:the\s+)?(?P<names2>[\"'\u201c\u2018]?[A-Za-z][\w\-]*[\"'\u201d\u2019]?(?:\s*,\s*[\"'\u201c\u2018]?[A-Za-z][\w\-]*[\"'\u201d\u2019]?)*"
                   r"\s*,?\s*(?:and|or|vs\.?|versus)\s+(?:the\s+)?[\"'\u201c\u2018]?[A-Za-z][\w\-]*[\"'\u201d\u2019]?)\s+(?P<word2>arms?|groups?)\b)",
        "examples": ["the combination and control groups", "arms A and B", "groups 1, 2 and 3", "the intensive or standard arms",
                     "the experimental versus control arm", "'intervention' and 'control' arm"],
    },
    {
        "label": "arm_name_ref",
        "comment": "one arm named without a drug: 'the control group', 'the experimental arm', 'arm A', 'group 2'",
        "pattern": r"\b(?:(?:arm|group|cohort)\s+[A-D1-4]\b|(?:the\s+)?(?!(?:of|in|for|with|to|and|or|each|both|either|per|"
                   r"one|two|that|this|same|other|treatment|study)\b)[A-Za-z][\w\-]*\s+(?:arm|group)\b)",
        "examples": ["the control group", "the experimental arm", "arm A", "group 2"],
    },
    {
        "label": "comparison_cue",
        "comment": "a sentence comparing the arms, so that its first value is the arm it names: 'A showed superiority in "
                   "TTP (6.1 and 3.4 months)', 'A was better', 'longer with A'",
        "pattern": r"\b(?:superior\w*|inferior\w*|longer|shorter|higher|lower|better|worse|improv\w+|prolong\w+|"
                   r"advantage|in favou?r of|compared (?:with|to)|than)\b",
        "examples": ["demonstrated superiority in TTP", "was longer with", "significantly improved", "in favour of the A arm"],
    },
]

#: What a role word in "the X arm" / "the X group" says about the arm it names (extractors.__init__ resolves it):
#: "most" = the arm with the most drugs, "fewest" = the drug arm with the fewest, "control" = the no-drug arm or the
#: arm whose drugs all the others add to, "experimental" = the other arm of a two-arm trial with a known control.
#: Example: "45% in the combination group" -> letrozole + palbociclib, when the other arm is letrozole alone.
ARM_ROLES: dict[str, str] = {
    "combination": "most", "combined": "most", "doublet": "most", "triplet": "most",
    "monotherapy": "fewest", "single-agent": "fewest", "alone": "fewest",
    "control": "control", "standard": "control", "reference": "control",
    "experimental": "experimental", "investigational": "experimental", "intervention": "experimental",
}


@lru_cache(maxsize=None)
def pattern(label: str) -> re.Pattern:
    """The compiled pattern named ``label`` (KeyError for an unknown label: a bug)."""
    for p in PATTERNS:
        if p["label"] == label:
            return re.compile(p["pattern"], re.IGNORECASE)
    raise KeyError(label)
