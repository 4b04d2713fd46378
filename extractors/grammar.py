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

from .numwords import WORD_NUMBER_PATTERN

_UNIT = r"(?:months?|mo|mos|weeks?|wks?|days?|years?|%)"
#: A head count in digits ("1,087") or words ("seven") (the per-arm size patterns below).
_COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+|{WORD_NUMBER_PATTERN})"

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
        "comment": "arms or groups named by letters or numbers, alone or listed: 'arm A', 'groups 1 and 2', 'arms A, B and C'",
        "pattern": r"(?=[agc])\b(?P<word>arm|group|cohort)s?\s+(?P<ids>[A-D1-4](?!\w|\.\d)(?:\s*(?:,\s*(?:and\s+|or\s+)?|and|or|&|vs\.?|versus)\s*[A-D1-4](?!\w|\.\d))*)",
        "examples": ["arm A", "groups 1 and 2", "arms A, B and C", "group A and B", "Arm B versus C"],
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
        "pattern": r"\(\s*(?:(?P<label>[^();=]{1,60}?)\s*[;,:]\s*)?(?:n\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)|"
                   r"(?P<n2>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s+(?:patients|women|men|participants|subjects|pts))\s*\)",
        "examples": ["assigned to drug A (n = 18)", "without the drug (X-; n = 1,002)", "(Group C, n=140)",
                     "(34 patients)", "drug A (250 mg, orally, once daily; n = 313)"],
    },
    {
        "label": "arm_size_named_group",
        "comment": "one arm known by a name, not a drug, with its size in brackets: 'the control group (n = 28)', "
                   "'arm B (n = 40)', 'the experimental arm (N = 112)' (read alone, unlike the lists)",
        "pattern": r"\b(?P<name>(?:arm|group|cohort)\s+[A-D1-4]|(?:the\s+)?(?!(?:in|of|for|to|and|or|with|from|on|at|by|among|the)\b)"
                   r"[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,2}?\s+(?:group|arm|cohort))"
                   r"\s*\(\s*n\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s*\)",
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
        "label": "arm_size_first",
        "comment": "an arm's size before its name, one of a bracketed list: '(n = 35, A; n = 29, B)', "
                   "'n = 40 drug A; n = 41 drug B'",
        "pattern": r"\bn\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s*,?\s*(?P<name>[A-Za-z][^;,()=\d]{0,40}?)\s*(?=[;)]|,?\s*and\b|$)",
        "examples": ["(n = 35, drug A; n = 29, placebo)", "n = 40 cream A; n = 41 cream B"],
    },
    {
        "label": "arm_size_item",
        "comment": "one item of a list of arm sizes in brackets or after a colon: 'N X', 'N to the X group', 'N had X', "
                   "'X, N', 'X N' (matched against the whole item)",
        "pattern": rf"\s*(?:and\s+)?(?:(?P<n>{_COUNT})\s+(?:(?:patients|women|men|participants|subjects)\s+)?"
                   r"(?:(?:were\s+)?(?:to|in|on|with|had|received|underwent|were\s+given)\s+)?(?:the\s+)?"
                   r"(?P<name>[^\d;,()=%]{1,50}?(?:\s*\([^()\d]{1,15}\))?)|"
                   rf"(?P<name2>[^\d;,()=%]{{1,50}}?)\s*[,:=]?\s*(?:n\s*=\s*)?(?P<n2>{_COUNT})"
                   r"(?:\s+(?:patients|women|men|participants|subjects|cases))?)\s*",
        "examples": ["198 drug A", " 48 to the intervention group", "drug A + drug B, 482", "and 34 had no treatment",
                     "drug A, n = 96", "seven in the other group", "217 to drug B (B)", "drug B 44 patients"],
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
                   "received B', '42 with A and 19 with B', '262 were enrolled in the A group and 241 patients in the B group'",
        "pattern": rf"(?<![\w.,/])(?P<n>{_COUNT})\s+(?:\(\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*\)\s+)?(?:[a-z]+\s+){{0,2}}?(?:(?:patients|women|men|participants|subjects|females|males|"
                   r"individuals|cases)\s+)?(?:(?:were|was)\s+)?(?:randomly\s+|then\s+)?(?:(?:allocated|assigned|randomi[sz]ed|enrolled)\s+"
                   r"(?:to|into|in)|(?:allocated|assigned)|received|receiving|were\s+given|(?:were\s+)?treated\s+with|with|to|in|into|underwent)\s+"
                   r"(?:receive\s+)?(?:the\s+)?(?P<name>[^,;()]{2,60}?)(?=\s*(?:[,;.\[(]|\band\b|\bwhile\b|\bwhereas\b|\bversus\b|\bvs\b|$))",
        "examples": ["61 patients were allocated to drug A and", "68 to drug B.", "103 received drug A plus drug B;",
                     "42 with standard drug A,", "241 patients in the drug B group.", "360 (55.2%) treated with drug A and",
                     "118 patients allocated drug A,"],
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
        "comment": "sizes listed before the arms they belong to: 'N and M patients received A and B, respectively'",
        "pattern": r"(?<![\d.,])(?P<ns>(?:\d+\s*,\s*)*\d+,?\s+and\s+\d+)\s+(?:(?:patients|women|men|participants|subjects)\s+)?"
                   r"(?:were\s+)?(?:randomly\s+)?(?:assigned\s+to|allocated\s+to|randomi[sz]ed\s+to|received|treated\s+with|"
                   r"given|enrolled\s+in|included\s+in|in)\s+(?:receive\s+)?(?:the\s+)?(?P<names>[^;]{3,160}?),?\s+respectively",
        "examples": ["271 and 278 patients received drug A and drug B, respectively",
                     "40, 41 and 39 women were assigned to A, B and C, respectively"],
    },
    {
        "label": "arm_size_of_n",
        "comment": "a result over an arm's whole size: 'X of N patients treated with A', 'X/N on A', "
                   "'X (52%) of N patients assigned to A' (N is the arm's size)",
        "pattern": r"(?<![\d.,/])(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|none)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?"
                   r"(?:of|/|(?:[a-z]+\s+){0,2}?(?:events?|cases|deaths)\s+(?:(?:occurred|observed|reported)\s+)?among)\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)\s+"
                   r"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?(?:(?:patients|women|men|participants|subjects)\s+)?(?:who\s+were\s+|who\s+)?"
                   r"(?:treated\s+with|receiving|received|given|assigned\s+to|allocated\s+to|randomi[sz]ed\s+to|on|in)\s+"
                   r"(?:the\s+)?(?P<name>[^,;()\d]{2,50}?)(?=\s*(?:arms?|groups?)\b|\s*(?:[,;()\[\]]|\bversus\b|\bvs\b|\band\b|\bcompared\b|$))",
        "examples": ["2/23 patients treated with drug A", "228 of 2448 women on drug A versus", "one (1%) of 77 patients in the",
                     "27 of 40 (68%) patients who received drug A", "352 DFS events among 2,463 women receiving drug A",
                     "442 (52%) of 856 patients assigned to drug A and"],
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

@lru_cache(maxsize=None)
def pattern(label: str) -> re.Pattern:
    """The compiled pattern named ``label`` (KeyError for an unknown label: a bug)."""
    for p in PATTERNS:
        if p["label"] == label:
            return re.compile(p["pattern"], re.IGNORECASE)
    raise KeyError(label)
