"""How papers compare treatment arms: named patterns, kept as labelled data apart from the logic that uses them.

Each entry has a ``label`` (how the code asks for it), a one-line ``comment`` (the construction it covers), the
``pattern`` (Python regular expression, case-insensitive) and ``examples`` it must match
(tests/test_extract_grammar.py checks every one). Matching is anchored where the comment says so: an "after"
pattern is matched (re.match) right after a value, a "before" pattern is searched in the text right before it,
a "ref" or "gap" pattern matches a whole phrase (re.fullmatch).
"""
from __future__ import annotations

import re
from re import _constants as sre_constants, _parser as sre_parse
from functools import lru_cache

from .numwords import WORD_NUMBER_PATTERN

_UNIT = r"(?:months?|mo|mos|weeks?|wks?|days?|years?|%)"
#: A head count in digits ("1,087") or words ("seven") (the per-arm size patterns below).
_COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+|{WORD_NUMBER_PATTERN})"
#: A head count after "n =", thousands grouped by commas or spaces ("n = 1,087", "n = 1 087", as journals print them).
_N_COUNT = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d|[.,]\d)|\d+)"

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
        "pattern": r"(?=r)(?<!non-)(?<!non)\b(?:randomi[sz]ed|randomly (?:assigned|allocated)|randomi[sz]ation)\b",
        "examples": ["were randomized to", "randomly assigned", "after randomisation"],
    },
    {
        "label": "subgroup_cue",
        "comment": "a sentence about a group of the patients (a confidence feature of a value read as the whole arm's)",
        "pattern": r"(?=[sptcgkaf])\b(?:subgroups?|subsets?|(?:patients|those|subjects|cases)\s+with(?:out)?|grade\s*[123]|G[123]|Ki-?67|"
                   r"stratif\w*|according to|cohorts?|(?:first|second|third)[- ]line)\b",
        "examples": ["in patients with liver metastases", "the G3 subset", "according to Ki-67", "second-line cohort"],
    },
    {
        "label": "respectively",
        "comment": "values listed in the order their groups were named (list reading and a confidence feature)",
        "pattern": r"\brespectively\b",
        "examples": ["31% and 6%, respectively", "were 9.1 and 4.0 months respectively"],
    },
    {
        "label": "clause_end",
        "comment": "where a clause ends: a value's arm is in its clause when named between two of these",
        "pattern": r"(?=[;,wcv])(?:;|,\s+(?:and|but|while|whereas)\b|\b(?:whereas|while|compared with|versus|vs\.?)\s)",
        "examples": ["12 months; 8 months", "10%, whereas", "14.1 months versus 9.0 months", "vs. placebo"],
    },
    {
        "label": "conclusions_heading",
        "comment": "the conclusions' heading: a value after it restates or interprets the results",
        "pattern": r"\bconclusions?\s*[:.]",
        "examples": ["CONCLUSIONS: Everolimus", "Conclusion. This"],
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
        "pattern": r"(?=[bpsro])(?:\bbest supportive care\b|\bBSC\b|\bplacebo\b|\b(?:surgery|resection|radiotherapy|radiation(?: therapy)?)\s+alone\b|\bobservation(?:\s+(?:alone|only))?(?=\s*(?:\(|,|;|\.|\bor\b|\bvs\b|\bversus\b|\barm\b|\bgroup\b|$)))"
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
    # ---- arms known by a label, not by a drug list (extractors.arms.label_mentions) ----
    {
        "label": "label_letter_list",
        "comment": "arms or groups named by letters or numbers, alone or listed, each maybe with its value in brackets: "
                   "'arm A', 'groups 1 and 2', 'arms A, B and C', 'arms A (8.0 months) and B (5.8 months)'",
        "pattern": r"(?=[agc])\b(?P<word>arm|group|cohort)s?\s+(?P<ids>[A-D1-4](?!\w|\.\d)(?:(?:\s*\([^()]{1,40}\))?\s*(?:,\s*(?:and\s+|or\s+)?|and|or|&|vs\.?|versus)\s*[A-D1-4](?!\w|\.\d))*)",
        "examples": ["arm A", "groups 1 and 2", "arms A, B and C", "group A and B", "Arm B versus C",
                     "arms A (8.0 months) and B (5.8 months)"],
    },
    {
        "label": "label_group_single",
        "comment": "an arm known by a short name before 'arm' / 'group': 'the 20-mg arm', 'in the weekly treatment arm', "
                   "'of test group', 'the EoX arm'",
        "pattern": r"(?:(?:\bthe|\bin|\bfor|\bof|\bon|\bwith|\bto|\bversus|\bvs\.?|\bthan|\bbetween|\band)\s+|\(\s*)(?:the\s+)?"
                   r"(?P<x>[^\s,;:()\[\]]+(?:\s+[^\s,;:()\[\]]+)??)\s+(?:therapy\s+)?(?P<head>arm|group)\b(?!s)",
        "examples": ["the 20-mg arm", "in the every-3-week treatment arm", "of test group", "than the high-dose arm",
                     "the intervention group", "(experimental group, n = 40)"],
    },
    {
        "label": "label_group_pair",
        "comment": "two arms named together before a plural 'arms' / 'groups': 'in the 10-mg and 40-mg arms', "
                   "'the standard and intensive groups', 'in ABC and AB group'",
        "pattern": r"(?:\bthe|\bin|\binto|\bfor|\bof|\bon|\bwith|\bto|\bbetween)\s+(?:the\s+)?(?P<x>[^\s,;:()\[\]]+(?:\s+[^\s,;:()\[\]]+)??)"
                   r"\s+(?:and|or|vs\.?|versus)\s+(?:the\s+)?(?P<y>[^\s,;:()\[\]]+)\s+(?:treatment\s+)?(?:arms?|groups?)\b",
        "examples": ["in the 10-mg and 40-mg arms", "the standard and intensive groups", "in ABC and AB group",
                     "randomized into intervention or control arm",
                     "between the every 2-week and the weekly treatment arms"],
    },
    {
        "label": "label_acronym_def",
        "comment": "in an allocation sentence, a short name in parentheses right after an arm's description: "
                   "'... for 4 cycles (HDX)', '(XYZ; n = 40)'",
        "pattern": r"\(\s*(?P<acr>(?:non-)?[A-Z][A-Za-z0-9]{0,4}(?:-[A-Za-z0-9]{1,5}){0,2})\s*(?:[;,]\s*n\s*=\s*\d+\s*)?\)",
        "examples": ["(HDX)", "(non-IV)", "(XYZ; n = 40)", "( AB-Cd )"],
    },
    {
        "label": "label_letter_paren",
        "comment": "in an allocation sentence, the letter or number of the arm described right before it: "
                   "'... until progression (arm A)', '(group 2; n = 30)'",
        "pattern": r"\(\s*(?:arm|group|cohort)\s+(?P<id>[A-D1-4])\s*(?:[;,][^()]{0,30})?\)",
        "examples": ["(arm A)", "(group 2; n = 30)", "( Arm B, 40 patients)"],
    },
    {
        "label": "label_letter_before",
        "comment": "in an allocation sentence, an arm's letter or number right before the parentheses that describe it: "
                   "'to receive either arm A (drug A weekly ...) or arm B (...)'",
        "pattern": r"\b(?:arm|group|cohort)\s+(?P<id>[A-D1-4])\s*\((?!\s*n\s*=)",
        "examples": ["either arm A (", "or group 2 ("],
    },
    {
        "label": "alloc_count_pair",
        "comment": "in an allocation sentence, two arms' sizes written 'N to A and M to B': '90 to XY and 91 to "
                   "docetaxel arms', '40 in the A group and 42 in the B group'",
        "pattern": r"(?<![\w.,])(?P<n1>\d+)\s+(?:patients\s+)?(?:to|in)\s+(?:the\s+)?(?P<r1>[^,;()]{2,40}?)\s*,?\s+and\s+"
                   r"(?P<n2>\d+)\s+(?:patients\s+)?(?:to|in)\s+(?:the\s+)?(?P<r2>[^,;()]{2,40}?)(?:[\s-]+(?:arms?|groups?))?"
                   r"(?=\s*(?:[,;.)]|$))",
        "examples": ["90 to XY and 91 to docetaxel arms.", "40 in the A group and 42 in the B group,"],
    },
    {
        "label": "alloc_count_paren",
        "comment": "in an allocation sentence, two arms' sizes in parentheses, each count before its arm: '(47 AB, 48 CD)'",
        "pattern": r"\(\s*(?P<n1>\d+)\s+(?P<r1>[A-Za-z][\w\-+/]*)\s*[,;]\s*(?:and\s+)?(?P<n2>\d+)\s+(?P<r2>[A-Za-z][\w\-+/]*)\s*\)",
        "examples": ["(47 AB, 48 CD)", "(46 EC-X; 48 EC-XY)"],
    },
    {
        "label": "label_acronym_before",
        "comment": "in an allocation sentence, a short name right before the parentheses that describe the arm: "
                   "'randomized to CX (drug A plus drug B) or HX (drug C)'",
        "pattern": r"(?:\bto|\bor|\beither|\bversus|\bvs\.?)\s+(?P<acr>[A-Z][A-Za-z0-9]{0,4}(?:-[A-Za-z0-9]{1,5}){0,2})\s*\(",
        "examples": ["randomized to CX (", "or HX (", "either AB-C ("],
    },
    # --- per-arm sample sizes (extractors.sample_size.arm_counts): each is read only where one sentence gives the
    # --- sizes of two or more arms side by side, and the phrase before or in it is resolved to an arm
    {
        "label": "arm_size_paren",
        "comment": "an arm's size in brackets after the phrase that names it, with an optional label: 'A (n = 18)', "
                   "'with DA (DA+; n = 615)', 'control group (Group C, n = 140)', 'B (34 patients)'",
        "pattern": rf"\(\s*(?:(?P<label>[^();=]{{1,60}}?)\s*[;,:]\s*)?(?:n\s*=\s*(?P<n>{_N_COUNT})|"
                   r"(?P<n2>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s+(?:patients|women|men|participants|subjects|pts))\s*\)",
        "examples": ["assigned to drug A (n = 18)", "without the drug (X-; n = 1,002)", "(Group C, n=140)", "(n = 1 087)",
                     "(34 patients)", "drug A (250 mg, orally, once daily; n = 313)"],
    },
    {
        "label": "arm_size_bare",
        "comment": "in an allocation sentence, an arm's size as a bare number in brackets after its phrase, one of two or "
                   "more: 'randomized to A (34) or the control arm (17)' (a list word or punctuation must follow)",
        "pattern": r"(?<=[\w)])\s+\(\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s*\)(?=\s*(?:[,;.]|\b(?:or|and|versus|vs|in|to|with)\b|$))",
        "examples": ["randomized to drug A (34) or", "or the control arm (17).", "drug B (1,002),"],
    },
    {
        "label": "arm_size_named_group",
        "comment": "one arm known by a name, not a drug, with its size in brackets: 'the control group (n = 28)', "
                   "'arm B (n = 40)', 'the experimental arm (N = 112)' (read alone, unlike the lists)",
        "pattern": r"\b(?P<name>(?:arm|group|cohort)\s+[A-D1-4]|(?:the\s+)?(?!(?:in|of|for|to|and|or|with|from|on|at|by|among|the)\b)"
                   r"[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,2}?\s+(?:group|arm|cohort))"
                   rf"\s*\(\s*n\s*=\s*(?P<n>{_N_COUNT})\s*\)",
        "examples": ["the control group (n = 28)", "arm B (n = 40)", "the experimental arm (N = 112)",
                     "In the control group (n = 28)"],
    },
    {
        "label": "arm_size_each",
        "comment": "one size for every arm: '32 women per arm', '(21 patients in each group)', 'n = 50 each', "
                   "'25 per group'",
        "pattern": rf"(?<![\w.,/])(?P<n>{_COUNT})\s+(?:(?:patients|women|men|participants|subjects|individuals)\s+)?"
                   r"(?:(?:per|in\s+each|for\s+each|to\s+each)\s+(?:treatment\s+|study\s+)?(?:arm|group|cohort)\b|each\s*\))",
        "examples": ["32 women per arm", "21 patients in each group", "(n = 50 each)", "25 per group"],
    },
    {
        "label": "arm_size_each_verb",
        "comment": "one size for every arm, told after the arms: 'the A group and the B group each contained 24 "
                   "patients', 'both arms each included 30 women'",
        "pattern": rf"\beach\s+(?:contained|included|comprised|had|enrolled|consisted\s+of)\s+(?P<n>{_COUNT})\s+"
                   r"(?:[a-z]+\s+)?(?:patients|women|men|participants|subjects|individuals)\b",
        "examples": ["each contained 24 individuals", "each included thirty women"],
    },
    {
        "label": "arm_size_first",
        "comment": "an arm's size before its name, one of a bracketed list: '(n = 35, A; n = 29, B)', "
                   "'n = 40 drug A; n = 41 drug B'",
        "pattern": rf"\bn\s*=\s*(?P<n>{_N_COUNT})\s*,?\s*(?P<name>[A-Za-z][^;,()=\d]{{0,40}}?)\s*(?=[;)]|,?\s*and\b|$)",
        "examples": ["(n = 35, drug A; n = 29, placebo)", "n = 40 cream A; n = 41 cream B"],
    },
    {
        "label": "arm_size_item",
        "comment": "one item of a list of arm sizes in brackets or after a colon: 'N X', 'N to the X group', 'N had X', "
                   "'X, N', 'X N' (matched against the whole item)",
        "pattern": rf"\s*(?:and\s+)?(?:(?P<n>{_COUNT})\s+(?:(?:patients|women|men|participants|subjects)\s+)?"
                   r"(?:(?:were\s+)?(?:to|in|on|with|had|received|underwent|were\s+given)\s+)?(?:the\s+)?"
                   r"(?P<name>[^\d;,()=%]{1,50}?(?:\s*\([^()\d]{1,15}\))?)|"
                   rf"(?P<name2>(?:[^\d;,()=%]|(?:(?<=[A-Za-z])|(?<=[A-Za-z]-))\d+(?![\d]|[.,]\d))+?)\s*[,:=]?\s*(?:n\s*=\s*)?(?P<n2>{_COUNT})"
                   r"(?:\s+(?:patients|women|men|participants|subjects|cases))?)\s*",
        "examples": ["198 drug A", " 48 to the intervention group", "drug A + drug B, 482", "and 34 had no treatment",
                     "drug A, n = 96", "seven in the other group", "217 to drug B (B)", "drug B 44 patients",
                     "XB7, n = 380", "AB-12 191"],
    },
    {
        "label": "arm_size_group_had",
        "comment": "an arm named first, then its size, one of two or more in a sentence: 'the A arm had 52 assessable "
                   "patients; the B arm had 51', 'group A comprised 30 women and group B 28 women' (matched from the "
                   "word arm / group; the words before it name the arm)",
        "pattern": rf"\b(?P<head>(?:arm|group|cohort)(?:\s+[A-D1-4])?)\s+(?:(?:had|included|comprised|contained|enrolled|"
                   rf"consisted\s+of)\s+)?(?P<n>{_COUNT})\s+(?:[a-z]+\s+)?(?:patients|women|men|participants|subjects|"
                   r"individuals|cases)\b",
        "examples": ["arm had 52 assessable patients", "arm had 51 assessable patients", "group A comprised 30 women",
                     "group B 28 women"],
    },
    {
        "label": "arm_size_in_group",
        "comment": "an arm's size as 'N in the X arm / group', one of two or more in a sentence: '23 patients in the "
                   "X arm and 24 patients in the Y arm', 'with 122 women in the A arm and 127 in the B arm'",
        "pattern": rf"(?<![\w.,/])(?P<n>{_COUNT})\s+(?:(?:patients|women|men|participants|subjects|individuals)\s+)?(?:were\s+)?"
                   r"(?:in|to|on|into)\s+(?:the\s+)?(?P<name>[^,;()\d]{1,50}?)[\s-]+(?:arm|group|cohort)s?\b",
        "examples": ["23 patients in the drug A arm", "127 in the placebo arm", "seven in the other group"],
    },
    {
        "label": "arm_size_clause",
        "comment": "an arm's size as the subject of its allocation, one of two or more clauses in a sentence (the verb may "
                   "be left out after the first): '61 patients were allocated to A and 68 to B', '103 received A; 104 "
                   "received B', '7 (28%) had A and 18 (72%) had B', '41 patients who received A and 40 taking B', '42 with A and 19 with B', '262 were enrolled in the A group and 241 patients in the B group'",
        "pattern": rf"(?<![\w.,/])(?P<n>{_COUNT})\s+(?:\(\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*\)\s+)?(?:[a-z]+\s+){{0,2}}?(?:(?:patients|women|men|participants|subjects|females|males|"
                   r"individuals|cases)\s+)?(?:who\s+)?(?:(?:were|was)\s+)?(?:randomly\s+|then\s+)?(?:(?:allocated|assigned|randomi[sz]ed|enrolled)\s+"
                   r"(?:to|into|in)|(?:allocated|assigned)|received|receiving|were\s+given|(?:were\s+)?treated\s+with|with|to|in|into|underwent|"
                   r"using|taking|"
                   r"had(?!\s+(?:received|been|undergone|had|prior|previous|previously|no|a|an|the)\b))\s+"
                   r"(?:receive\s+)?(?:the\s+)?(?P<name>[^,;()]{2,60}?)(?=\s*(?:[,;.\[(]|\band\b|\bwhile\b|\bwhereas\b|\bversus\b|\bvs\b|$))",
        "examples": ["61 patients were allocated to drug A and", "68 to drug B.", "103 received drug A plus drug B;",
                     "42 with standard drug A,", "241 patients in the drug B group.", "360 (55.2%) treated with drug A and",
                     "118 patients allocated drug A,", "7 (28%) had drug B and", "41 patients who received drug A and",
                     "30 women taking drug A and"],
    },
    {
        "label": "arm_size_did_not",
        "comment": "the other arm of a two-arm allocation told by what it did not get, after the first one's clause: "
                   "'2,056 of whom received A and 1,634 did not' (its arm: the one the other clause does not name)",
        "pattern": rf"(?<![\w.,/])(?P<n>{_COUNT})\s+(?:\(\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*\)\s+)?(?:(?:patients|women|men|participants|"
                   r"subjects)\s+)?(?P<name>did\s+not(?:\s+(?:receive|undergo|take|get)\b[^,;.()]{0,40}?)?)(?=\s*(?:[,;.()]|$))",
        "examples": ["1,634 did not.", "40 patients did not receive it,", "12 (30%) did not;"],
    },
    {
        "label": "arm_size_noun_list",
        "comment": "sizes each before its arm's name, the list closed by one noun for all: '580 intervention and 655 "
                   "control women', '41 A, 40 B and 38 C patients were randomized' (items split by arm_size_item)",
        "pattern": rf"(?<![\w.,/])(?P<list>{_COUNT}\s+[A-Za-z][\w\-+/]*(?:\s+[A-Za-z][\w\-+/]*)?"
                   rf"(?:\s*,\s*{_COUNT}\s+[A-Za-z][\w\-+/]*(?:\s+[A-Za-z][\w\-+/]*)?)*\s*,?\s+and\s+"
                   rf"{_COUNT}\s+[A-Za-z][\w\-+/]*(?:\s+[A-Za-z][\w\-+/]*)?)\s+(?:patients|women|men|participants|subjects)\b",
        "examples": ["580 intervention and 655 control women", "41 drug-A, 40 drug-B and 38 drug-C patients"],
    },
    {
        "label": "arm_size_named_respectively",
        "comment": "arms named before their sizes: 'The A and B groups consisted of 22 and 21 patients, respectively' "
                   "(the names are the clause before the match)",
        "pattern": r"(?:(?:groups?|arms?|cohorts?)\s+)?(?:consisted\s+of|comprised|included|contained|enrolled|had)\s+"
                   r"(?P<ns>(?:\d+\s*,\s*)*\d+,?\s+and\s+\d+)\s+(?:patients|women|men|participants|subjects)?,?\s*respectively",
        "examples": ["The drug A and drug B groups consisted of 22 and 21 patients, respectively"],
    },
    {
        "label": "arm_size_respectively",
        "comment": "sizes listed before the arms they belong to: 'N and M patients received A and B, respectively', "
                   "'N and M patients were assigned to the A and the B groups'",
        "pattern": rf"(?<![\d.,])(?P<ns>(?:{_COUNT}\s*,\s*)*{_COUNT},?\s+and\s+{_COUNT})\s+(?:(?:patients|women|men|participants|subjects)\s+)?"
                   r"(?:were\s+)?(?:randomly\s+)?(?:(?:assigned|allocated|randomi[sz]ed|enrolled|included)\s+(?:to|in|into)|received|"
                   r"treated\s+with|given|in)\s+(?:receive\s+)?(?:the\s+)?(?P<names>[^;]{3,160}?)"
                   # the order told by 'respectively', or by a plural that closes the names ("to the A and the B groups")
                   r"(?:,?\s+respectively|(?:(?<=\sgroups)|(?<=\sarms))(?=\s*(?:[.;,]|$)))",
        "examples": ["271 and 278 patients received drug A and drug B, respectively",
                     "40, 41 and 39 women were assigned to A, B and C, respectively",
                     "207 and 201 patients were enrolled to A and B, respectively",
                     "37 and 36 patients were assigned to the control and the experimental groups.",
                     "Forty-one and thirty-eight women were randomized into A and B, respectively"],
    },
    {
        "label": "arm_size_of_n",
        "comment": "a result over an arm's whole size: 'X of N patients treated with A', 'X/N on A', "
                   "'X (52%) of N patients assigned to A' (N is the arm's size)",
        "pattern": r"(?<![\d.,/])(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|none)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?"
                   r"(?:of|/|(?:[a-z]+\s+){0,2}?(?:events?|cases|deaths)\s+(?:(?:occurred|observed|reported)\s+)?among)\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s+"
                   r"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?(?:(?:patients|women|men|participants|subjects)\s+)?"
                   r"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?(?:who\s+were\s+|who\s+)?"
                   r"(?:treated\s+with|receiving|received|given|assigned\s+to|allocated\s+to|randomi[sz]ed\s+to|on|in)\s+"
                   r"(?:the\s+)?(?P<name>[^,;()\d]{2,50}?)(?=\s*(?:arms?|groups?)\b|\s*(?:[,;()\[\]]|\bversus\b|\bvs\b|\band\b|\bcompared\b|$))",
        "examples": ["2/23 patients treated with drug A", "228 of 2448 women on drug A versus", "one (1%) of 77 patients in the",
                     "27 of 40 (68%) patients who received drug A", "352 DFS events among 2,463 women receiving drug A",
                     "442 (52%) of 856 patients assigned to drug A and", "10 of 36 patients (28%) in arm A and"],
    },
    {
        "label": "arm_size_fraction",
        "comment": "a result's count over its arm's size in brackets, one of two or more in a sentence: 'A (7/71) and B "
                   "(7/73)', '51.5% (33 of 64) for arm 1', '[228 of 2448 women (9.3%)]' (N is the arm's size)",
        "pattern": rf"[(\[]\s*(?:\d+(?:\.\d+)?\s*%\s*[,;]?\s*)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER_PATTERN})\s*(?:/|of|out\s+of)\s*"
                   rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)\s*(?:(?:patients|women|men|participants|subjects)\s*)?"
                   r"(?:[,;(]\s*\d+(?:\.\d+)?\s*(?:%|per\s+cent)\s*\)?\s*)?[)\]]",
        "examples": ["(7/71)", "(33 of 64)", "[228 of 2448 women (9.3%)]", "(35 of 37, 95 per cent)", "(61.8%, 21/34)"],
    },
    {
        "label": "arm_size_fraction_after",
        "comment": "right after a bracketed fraction, the arm it is told of: ' for group 1', ' of the women in the "
                   "intervention group', ' of denosumab-treated patients', ' in the A arm'",
        "pattern": r"\s*(?:of\s+(?:the\s+|those\s+)?(?:(?:patients|women|men|participants|subjects)\s+)?(?:(?:in|on|receiving|treated\s+with)\s+)?|"
                   r"(?:for|in|with|among|on|receiving)\s+)(?:the\s+)?"
                   r"(?P<name>(?:arm|group|cohort)\s+[A-D1-4]\b|(?:(?!\b(?:and|or|versus|vs|compared|whereas|while)\b)[^,;()\[\]\d%]){2,50}?)"
                   r"(?:(?<=\bgroup)|(?<=\bgroups)|(?<=\barm)|(?<=\barms)|(?=\s*(?:[,;.()\[\]]|\band\b|\bvs\b|\bversus\b|\bcompared\b|\bwhereas\b|\bwhile\b|$)))",
        "examples": [" for group 1", " of the women in the intervention group", " of denosumab-treated patients",
                     " in the drug A arm"],
    },
    {
        "label": "arm_size_of_assigned",
        "comment": "one arm's size as the set a result is told of: 'Of 511 patients randomised to A, 137 ...', 'Of the "
                   "40 women assigned to B, ...' (read alone; the phrase names one arm, not 'A or B')",
        "pattern": rf"\bOf\s+(?:the\s+|all\s+)?(?P<n>{_COUNT})\s+(?:patients|women|men|participants|subjects)\s+(?:who\s+were\s+)?"
                   r"(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+to\s+(?:receive\s+)?(?:the\s+)?"
                   r"(?P<name>(?:(?!\b(?:and|or|versus|vs|with|who)\b)[^,;()\d]){2,50}?)(?=\s*(?:,|$))",
        "examples": ["Of 511 patients randomised to drug A,", "Of the forty women assigned to the B group,"],
    },
    # ---- an arm's size told alone, one sentence per arm (issue 12, sample sizes): used only where such sizes name
    # ---- every arm once and add up to the study's total (extractors.sample_size.attach_arm_counts)
    {
        "label": "arm_size_given_in",
        "comment": "a sentence opening with the patients an arm's treatment was given to: 'In 73 patients, A (dose) was "
                   "administered ...', 'In forty women, B was given weekly'",
        "pattern": rf"(?:^|(?<=[.;:]))\s*(?:[A-Z][a-z]+:\s*)?In\s+(?P<n>{_COUNT})\s+(?:patients|women|men|participants|subjects|cases)\s*,\s+"
                   r"(?P<name>[^,;()]{2,40}?)\s*(?:\([^()]{0,40}\)\s*)?(?:was|were)\s+(?:\w+ly\s+)?(?:administered|given|used)\b",
        "examples": ["In 73 patients, drug A (1000 mg/m2) was administered intravenously",
                     "In forty women, drug B was given weekly"],
    },
    {
        "label": "arm_size_received_by",
        "comment": "an arm's treatment and the patients who had it: 'The AB regimen received by 34 patients consisted of "
                   "...', 'drug B was given to 41 patients'",
        "pattern": rf"(?P<name>(?:the\s+)?[^\s,;()]+(?:\s+[^\s,;()]+){{0,3}}?)\s+(?:regimen\s+|combination\s+)?(?:was\s+)?"
                   rf"(?:received\s+by|given\s+to|administered\s+to)\s+(?P<n>{_COUNT})\s+(?:patients|women|men|participants|subjects)\b",
        "examples": ["The AB regimen received by 34 patients", "drug B was given to 41 patients"],
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
    # ---- subgroup and subset values (issue 12, subgroups; extractors.attribution) ----
    {
        "label": "subgroup_lead_count",
        "comment": "a clause opened by a counted group of the patients, before its values: 'Among 42 patients with "
                   "pancreatic tumours (pNET), the ORR was', 'In the 15 patients with G3 disease, median PFS' (the count "
                   "is the subgroup's n; a count equal to the whole study's is the study itself)",
        "pattern": rf"(?:^|[;,.:]\s*|\band\s+)(?:in|among|of|for)\s+(?:the\s+|these\s+|those\s+)?(?P<n>{_COUNT})\s+"
                   r"(?:(?:evaluable|assessable|treated|eligible)\s+)?(?P<phr>(?:patients|cases|subjects|women|men)\s+(?:with|who\s+had|harbou?ring)\s+"
                   r"[^,;()]{2,60}?)\s*(?:\([^()]{0,30}\)\s*)?,",
        "examples": ["Among 42 patients with pancreatic tumours (pNET),", "In the 15 patients with G3 disease,",
                     "; in twelve patients with liver metastases,", "Results: Among 30 evaluable patients with KRAS-mutant tumours,"],
    },
    {
        "label": "subgroup_lead_break",
        "comment": "between a counted group's clause and a value, words that end the group's scope: a new clause about "
                   "other patients or all of them ('; ', 'whereas', 'versus', 'overall,'); 'overall survival' is no break",
        "pattern": r";|\boverall,|\b(?:whereas|while|but|however|compared (?:with|to)|versus|vs\.?|in contrast|all patients|"
                   r"the (?:whole|entire) (?:cohort|population))\b",
        "examples": ["4.1 months; the", "whereas in the", "versus ", "overall, the ORR"],
    },
    # ---- a partner drug given to one arm only: "A with or without B" (extractors.arms.detect_arms) ----
    {
        "label": "optional_partner",
        "comment": "between two regimens, what makes the second an add-on to one arm only: 'A with or without B', "
                   "'A plus or minus B', 'A \u00b1 B', 'A alone or in combination with B' (arms A + B and A; group with_first: the arm with B is named "
                   "first in the lists that follow)",
        "pattern": r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:(?P<with_first>(?:either\s+)?with\s+or\s+without|plus\s+or\s+minus|\u00b1|"
                   r"\+\s*/\s*[-\u2212])|(?:either\s+)?without\s+or\s+with|"
                   r"(?:either\s+)?alone\s+or\s+(?:in\s+combination\s+with|combined\s+with|together\s+with|with|plus))\s+"
                   r"(?:the\s+)?(?:addition\s+of\s+)?",
        "examples": [" with or without ", " plus or minus ", " \u00b1 ", " +/- ", " alone or in combination with ",
                     " (PCR) either without or with ", " either with or without "],
    },
    # ---- cohorts counted by treatment in one list (extractors.arms.detect_arms) ----
    {
        "label": "cohort_count_before",
        "comment": "right before a regimen (the text is cut there), one item of a list of cohorts counted by treatment: "
                   "'50 received A, 40 received B and 30 received C', 'Of 120, 50 were treated with A, 40 with B and 30 "
                   "with C', '60 received A, 50 B and 40 C' (the count is group a; group verb is set on an item that says how they "
                   "were treated: a list starts there)",
        "pattern": rf"(?:^|[,;:]\s*(?:and\s+)?|\band\s+|\bwhile\s+|\bwhereas\s+)(?P<a>{_COUNT})\s+"
                   r"(?:(?:patients|pts|women|men|subjects|cases)\s+)?(?:(?:were|was|had)\s+)?"
                   r"(?:(?:(?P<verb>(?:randomly\s+)?(?:allocated|assigned|randomi[sz]ed)\s+to|received|(?:treated|managed)\s+"
                   r"with|given|underwent)|with|to|on)\s+)?(?:the\s+)?(?:combination\s+of\s+)?\Z",
        "examples": ["50 received ", "Of 120 patients, 50 received ", ", 40 with ", " and 30 were treated with ",
                     "; 12 patients received the ", ", 50 "],
    },
    {
        "label": "subgroup_list_after",
        "comment": "after the last value of a list, the groups it lines up with, in order: '19.3 and 6.3 months (P<0.01) "
                   "in patients with Ki-67 of 55% or less or above, respectively', '40% and 10% among those with and "
                   "without liver metastases' (names a and b)",
        "pattern": r"\s*(?:months?|mo|mos|weeks?|days?|years?|%)?\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:respectively\s*,?\s*)?"
                   r"(?:in|among|for)\s+(?:the\s+)?(?P<who>(?:[\w\-]+\s+)?(?:patients|those|subjects|cases|women|men)\s+"
                   r"(?:with|who\s+had|harbou?ring)\s+)?(?P<a>[^,;()]{1,50}?)\s+(?:and|or|vs\.?|versus)\s+"
                   r"(?:(?:those|patients)\s+(?:with\s+)?)?(?P<b>[^,;()]{1,50}?)(?=\s*(?:,?\s*respectively|\(|[,;]|\.(?!\d)|$))",
        "examples": [" months (P<0.01) in mGEP patients with Ki-67 below 55% or above 55%, respectively",
                     "% among those with and without liver metastases", " months, respectively, in the G1 and G2 tumours."],
    },
    {
        "label": "subgroup_list_before",
        "comment": "before a list of two values, the two groups they line up with, named once with a shared head noun: "
                   "'PFS in the KRAS-mutant and wild-type groups was', 'ORR for G1 and G2 tumours was' (names a and b)",
        "pattern": r"\b(?:in|for|among|of)\s+(?:the\s+)?(?P<a>[^,;()]{1,40}?)\s+(?:and|or|vs\.?|versus)\s+(?P<b>[^,;()]{1,40}?"
                   r"\b(?:groups|subgroups|cohorts|subsets|patients|tumou?rs|cases|disease))\s+(?:was|were|had|reached)\b",
        "examples": ["median PFS in the KRAS-mutant and wild-type groups was", "The ORR for G1 and G2 tumours was"],
    },
    # ---- issue 12, RCT-ART development half: constructions of result sentences of randomised trials
    {
        "label": "endpoint_verdict_pair",
        "comment": "right after an endpoint's name, a verdict on the arms, then their two values in brackets, each value "
                   "perhaps with its arm: 'overall survival was similar (18 and 19 months', 'TTP did not differ "
                   "[5.1 v 4.8 months', 'survival (26.5 months for A v 25.2 months' (each is an arm's median)",
        "pattern": rf"(?:\s+(?:was|were|did|is|are)\s+(?:not\s+)?(?:[a-z]+ly\s+)?(?:similar|comparable|different|differ|"
                   rf"identical|equivalent|longer|shorter|improved|prolonged|better|worse|superior|inferior)\b"
                   rf"(?:(?!follow)[^.;()\[\]\d]){{0,40}}?)?\s*[(\[]\s*(?:median[:,]?\s*)?\d+(?:\.\d+)?\s*{_UNIT}?"
                   rf"(?:\s+(?:for|in|with|on)\s+[^,;()\[\]\d]{{1,40}}?)?\s*,?\s*(?:and|vs\.?|versus|v\.?)\s*"
                   rf"\d+(?:\.\d+)?\s*{_UNIT}",
        "examples": [" was similar (18 and 19 months", " were comparable between the two arms [10.4 versus 9.9 months",
                     " did not differ significantly (5.1 v 4.8 months", " (26.5 months for arm A v 25.2 months",
                     " was significantly longer (14 weeks with X vs. 9 weeks"],
    },
    {
        "label": "favoured_arm",
        "comment": "before the arm a comparison favours (for every outcome of ours, the arm with the higher value): "
                   "'13 versus 17 months, in favour of A', 'a trend favoring the A arm', 'TTP favoured A (3.8 vs 5.9'",
        "pattern": r"\b(?:in\s+favou?r\s+of|favou?r(?:ed|ing|s))\s+(?:the\s+)?",
        "examples": ["a trend in favor of ", "favouring the ", "Median TTP favored "],
    },
    # ---- how arms are built from their mentions (issue 12, session 5; extractors.arms) ----
    {
        "label": "alternatives_gap",
        "comment": "between two alternative arms, each with an optional bracket (its size or dose): 'A (n = 76) or B', "
                   "'A, or B', 'A versus B' (whole text between the two)",
        "pattern": r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:or|versus|vs\.?)\s*",
        "examples": [" (n = 76) or ", " or ", ", or ", " versus ", " (400 mg daily) vs. "],
    },
    {
        "label": "shared_partner_after",
        "comment": "after the last of two alternative arms, the partner drug every arm takes: 'A (n = 76) or placebo "
                   "(n = 73) plus C', 'A or B, each in combination with C' (whole text between the arm and the partner)",
        "pattern": r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:(?:each|both|all|respectively)\s+(?:arms?\s+|groups?\s+)?)?"
                   r"(?:plus|in combination with|combined with|with|added to|together with|\+)\s*",
        "examples": [" (n = 73) plus ", ", each in combination with ", ", both with ", " added to ", " (n=40) + "],
    },
    {
        "label": "drug_code_name",
        "comment": "the shape of an investigational drug's code name: 2-5 capitals, an optional hyphen and 3-6 digits "
                   "('ABI-007', 'XY-1234', 'LA-EP2006'); a gene ('BRCA1', 'HER-2'), a cell line ('MDA-MB-231') or a stage "
                   "has fewer digits or another shape; a trial number has the shape but no drug's context (code_name_cue_*)",
        "pattern": r"(?<![\w\-.])[A-Z]{2,5}(?:-[A-Z]{1,5})?-?\d{3,6}[A-Za-z]?(?![\w\-]|\.\d)",
        "examples": ["ABI-007", "XY-1234", "ABC-007", "LA-EP2006", "MK3475", "MYL-1401H"],
    },
    {
        "label": "code_name_cue_after",
        "comment": "after a code name, what shows it is a drug: its dose ('ABI-007 260 mg/m2', 'XY-1234 at 400 mg') or "
                   "its group size in an allocation ('XY-1234 (n = 81) or')",
        "pattern": r"\s*(?:(?:at|,)\s*)?\d+(?:\.\d+)?\s*(?:mg|\u00b5g|mcg|g/m|IU)\b|\s*\(\s*n\s*=\s*\d+\s*\)\s*(?:or|vs\.?|versus|and)\b",
        "examples": [" 260 mg/m(2)", " at 400 mg daily", " (n = 81) or", " 6 mg"],
    },
    {
        "label": "code_name_cue_before",
        "comment": "before a code name, an allocation that makes it an arm: 'randomly assigned to receive either XY-1234', "
                   "'randomized (2:1) to XY-1234'",
        "pattern": r"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|assigned|allocated)\s+(?:\([^()]{1,10}\)\s+)?"
                   r"to\s+(?:receive\s+)?(?:either\s+)?$",
        "examples": ["randomly assigned to receive either ", "randomized (2:1) to ", "were allocated to "],
    },
    {
        "label": "dose_arm_pair",
        "comment": "after a drug, two doses of it given as alternatives (two dose arms): 'A 20 mg (n = 55) and 50 mg "
                   "(n = 57)', 'A 1 mg daily or A 10 mg daily', 'A at 250 mg versus 500 mg'",
        "pattern": r"\s*(?:at\s+)?(?P<d1>\d+(?:\.\d+)?)\s*(?P<u1>mg|g|\u00b5g|mcg|IU|GBq|mCi)(?!\w)"
                   r"(?:\s*/\s*(?:m2|m\(2\)|m\u00b2|kg|day|d)(?!\w))*(?:\s+(?:once\s+|twice\s+)?(?:daily|weekly|orally|per day|a day))?"
                   r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:or|and|versus|vs\.?)\s+(?:(?P<drug2>[A-Za-z][\w\-]*)\s+)?(?:at\s+)?"
                   r"(?P<d2>\d+(?:\.\d+)?)\s*(?P<u2>mg|g|\u00b5g|mcg|IU|GBq|mCi)(?!\w)(?:\s*/\s*(?:m2|m\(2\)|m\u00b2|kg|day|d)(?!\w))*",
        "examples": [" 20 mg (n = 55) and 50 mg", " 1 mg daily or anastrozole 10 mg", " at 250 mg versus 500 mg",
                     " 75 mg/m(2) or 100 mg/m(2)"],
    },
    {
        "label": "choice_open",
        "comment": "before the first option of a choice arm, the bracket that opens its list, maybe after the arm's short "
                   "name: 'TPC (paclitaxel, ...', 'physician's choice (TPC; paclitaxel, ...' (searched right before the option)",
        "pattern": r"\(\s*(?:(?P<acr>[A-Z]{2,6})\s*[;:,]\s*)?$",
        "examples": ["TPC (", "(TPC; ", "taxane therapy ("],
    },
    {
        "label": "choice_option_gap",
        "comment": "between two options of a choice arm: 'paclitaxel, docetaxel or vinorelbine' (whole text between two options)",
        "pattern": r"\s*(?:,\s*(?:or\s+)?|or\s+)",
        "examples": [", ", " or ", ", or "],
    },
    {
        "label": "choice_head",
        "comment": "before a choice arm's bracket, the words that make its options one arm: a drug class ('taxane therapy "
                   "(', 'taxane-based chemotherapy (') or the physician's choice (searched right before the bracket)",
        "pattern": r"(?:\bchoice\b[^()]{0,12}|[\s\-]*(?:based\s+)?(?:therapy|chemotherapy|regimen|treatment)?\s*)$",
        "examples": ["treatment of physician's choice (TPC) ", " therapy ", "-based chemotherapy "],
    },
    {
        "label": "study_name_after",
        "comment": "after a short name the text defines, the word that makes it a study's name, not a treatment's: "
                   "'the A and B or C (ABCD) study', 'ABCD trial'",
        "pattern": r"\s*\)?\s+(?:study|trial)\b",
        "examples": [") study", " trial", ") trial"],
    },
    {
        "label": "study_name_long",
        "comment": "in the long form of a short name, a word that makes it a study's name: 'Breast Cancer Trials of Oral "
                   "X 2 (ABCDE-2)'",
        "pattern": r"\b(?:trials?|study|studies)\b",
        "examples": ["Breast Cancer Trials of Oral Everolimus 2", "the A study"],
    },
    # --- one value for two arms; rates by other response criteria (issue 12, s5-values2) ---------------------------
    {
        "label": "same_value_arms_before",
        "comment": "before a value alone in its bracket: a verdict that the arms it names had the same value, 'the same in "
                   "the A and B arms (10.3%)', 'similar in both arms (' (the value is each of those arms')",
        "pattern": r"\b(?:the same|identical|similar|equal|comparable|equivalent)\s+(?:in|for|between|with|among|across)\s+"
                   r"(?P<phr>[^,;()]{2,60}?)\s*\(\s*$",
        "examples": ["was the same in the 10-mg and 40-mg arms (", "identical for A and B (", "similar in both arms ("],
    },
    {
        "label": "both_arms_after",
        "comment": "after a value: the arms it holds for, 'in both the A and B arms', 'in both groups' (each arm's value)",
        "pattern": r"\s*(?:months?|mo|mos|%)?\s*,?\s*(?:in|for|with)\s+(?P<phr>both\s+(?:the\s+)?[^,;()]{0,50}?"
                   r"(?:arms|groups|cohorts))\b",
        "examples": ["% in both the A and B arms", " months in both groups", " for both treatment arms"],
    },
    {
        "label": "criteria_after",
        "comment": "after a rate: the response criteria it was read by, 'by RECIST 1.1', 'according to Choi criteria', "
                   "'(mRECIST)' (group 'c': the criteria's first words)",
        "pattern": r"\s*%?\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:(?:as\s+)?(?:assessed|evaluated|measured|determined)\s+)?"
                   r"(?:by|according to|per|using|based on|with|\()\s*(?:the\s+)?(?P<c>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,2})",
        "examples": ["% by RECIST 1.1", " according to Choi criteria", "% (mRECIST)", " as assessed by the WHO criteria"],
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
    # issue 12: arms named by role in trials compared with a control ("the study group", "the treatment group")
    "study": "experimental", "treatment": "experimental", "test": "experimental", "active": "experimental",
}


#: Words that make "the X group" a group of patients, not an arm (a subgroup, a comparison, an anaphor): a label arm's
#: name holds none of them. Example: "the high-risk group", "the two arms", "the historical control group".
LABEL_STOPWORDS: frozenset = frozenset("""
a an the this that these those which whose its their our each both all either neither any same other another whole
entire overall first second third one two three four treatments randomized randomised total respective
age aged risk high-risk low-risk positive negative younger older elderly premenopausal postmenopausal responder
responders nonresponder nonresponders historical matched healthy comparison subgroup patient patients women men
to or and in of for with on than versus vs vs. at by from was were is are had has not no arm arms group groups
her2 er pgr triple node luminal basal mutated mutation mutant expression obese young old
""".split())

#: What a label's short name must not be: the names of outcomes, statistics and diseases that papers also write in
#: parentheses ("(HR)", "(ORR)", "(MBC)").
LABEL_ACRONYM_STOP: frozenset = frozenset("""
HR CI OR RR OS PFS DFS RFS EFS TTP TTF ORR DCR CBR CR PR SD PD pCR QOL QoL AE AEs SAE BCS NAC MBC ABC TNBC ER PgR
HER2 ECOG PS LVEF BMI ITT IQR SE SEM NS
""".split())

#: A short name whose description says this names no arm: a disease, a population, a study design or an outcome.
#: Example: "early breast cancer (EBC)", "randomized controlled trials (RCT)", "chemotherapy-induced alopecia (CIA)".
LABEL_NOT_ARM: re.Pattern = re.compile(
    r"\b(?:cancers?|carcinomas?|tumou?rs?|metasta\w*|neoplas\w*|disease|patients?|women|men|trials?|study|studies|"
    r"alopecia|toxicit\w*|induced|surviv\w*|respon\w*|progress\w*|negative|positive|stage|grade|score|scale|"
    r"questionnaire|quality of life|rates?|reactions?|measure\w*|spectroscopy|imaging)\b", re.IGNORECASE)


def required_literals(seq) -> list[str] | None:
    """Literals (lower case) one of which every match of the parsed pattern ``seq`` holds; None when unknown.

    A run of literal characters outside any repeat is in every match; so is one literal of each alternative of a
    group outside any repeat. Lookarounds, anchors, classes and repeats break a run.
    """
    best, cur, alts = "", "", None
    for op, av in seq:
        if op is sre_constants.LITERAL:
            cur += chr(av)
            continue
        best, cur = max(best, cur, key=len), ""
        if op is sre_constants.SUBPATTERN and alts is None:
            alts = required_literals(av[3])
        elif op is sre_constants.BRANCH and alts is None:
            subs = [required_literals(b) for b in av[1]]
            if all(subs):
                alts = [k for sub in subs for k in sub]
    best = max(best, cur, key=len)
    if not alts or len(best) >= 3 and len(best) >= min(map(len, alts)):
        return [best.lower()] if best else None
    return alts


def literals_of(rx: re.Pattern) -> list[str] | None:
    """:func:`required_literals` of a compiled pattern."""
    return required_literals(sre_parse.parse(rx.pattern, rx.flags))


def may_match(keys: list[str] | None, s: str, low: str) -> bool:
    """False only when no match of a pattern whose required literals are ``keys`` can be in ``s`` (``low``: its lower
    case). (The check is exact on ASCII text only: elsewhere it says True.)"""
    if not keys:
        return True
    for k in keys:  # (a plain loop: this runs for every sentence and pattern)
        if k in low:
            return True
    return not s.isascii()


@lru_cache(maxsize=None)
def pattern(label: str) -> re.Pattern:
    """The compiled pattern named ``label`` (KeyError for an unknown label: a bug)."""
    for p in PATTERNS:
        if p["label"] == label:
            return re.compile(p["pattern"], re.IGNORECASE)
    raise KeyError(label)
