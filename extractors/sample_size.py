"""Document-level sample sizes of a trial abstract: patients enrolled and evaluable.

    >>> s = sample_sizes("Forty-two patients were enrolled, and 40 were evaluable for response.")
    >>> (s.n_enrolled, s.n_evaluable)
    (42, 40)

``sample_sizes(text)`` is a pure function: it never raises and returns ``None`` for a
field it cannot read with confidence (abstaining is preferred to guessing). Every
value comes with its evidence: the kind of mention, the value, the character offsets
of the number in ``text``, the sentence and a confidence in [0, 1].

Only numbers *written* as a count of the study's participants are used ("only as
written": never summed or subtracted). Doses, years, ages, percentages, counts of
events, cycles, centres or trials, per-arm and subgroup counts are not sample sizes.

Which count is ``n_enrolled``, in order: the best-supported enrolment count (enrolled,
randomised, recruited, included ...); else the number analysed; else, only in a protocol,
the planned sample size ("aims to recruit 350 women", "target accrual is 200"). A protocol
is an abstract that counts no participant, tells no enrolment in the past tense and reports
no results: there the planned N is the study's N, as a curator would list it; anywhere else
a target is not what happened (trials close early, over-accrue) and is never reported.
An evaluable or completer count is never promoted to ``n_enrolled``.

Speed: patterns are compiled once, alternations are built as tries, each sentence is
scanned once for the words that open a rule, and a rule runs only where its words occur.

Layout: vocabularies and rule templates (data) first, then the matching logic.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extractors.numwords import (
    DIGIT_NUMBER_PATTERN,
    SCALES,
    TEENS,
    TENS,
    UNITS,
    WORD_NUMBER_FIRST_LETTERS,
    WORD_NUMBER_PATTERN,
    parse_number,
)
from extractors.text import split_sentences
from extractors.vocab import alternation

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "Mention", "SampleSizes", "sample_sizes"]

EXTRACTOR_NAME = "sample_size"
EXTRACTOR_VERSION = "0.2.0"

# ===========================================================================
# Data: vocabularies
# ===========================================================================

#: Nouns naming the people counted in a study.
PARTICIPANT_NOUNS: tuple[str, ...] = (
    "patients", "participants", "subjects", "women", "men", "persons", "people",
    "individuals", "survivors", "volunteers", "adults", "children", "girls", "boys",
    "adolescents", "mothers", "couples", "dyads", "pairs", "cases", "outpatients",
    "inpatients", "recipients", "respondents", "smokers", "veterans", "nurses",
    "caregivers", "carers", "families", "infants", "ladies", "females", "males",
    "pts",
)

#: Participles that state enrolment after "N patients were ...", with confidence.
#: A kind other than "enrolled"/"evaluable" is kept as evidence but never reported as N.
PASSIVE_CUES: dict[str, tuple[str, float]] = {
    "enrolled": ("enrolled", 0.92), "enroled": ("enrolled", 0.92),
    "randomized": ("enrolled", 0.92), "randomised": ("enrolled", 0.92),
    "randomly assigned": ("enrolled", 0.92), "randomly allocated": ("enrolled", 0.92),
    "randomly divided": ("enrolled", 0.9), "randomly selected": ("enrolled", 0.6),
    "divided": ("enrolled", 0.8), "randomly": ("enrolled", 0.0), "selected": ("enrolled", 0.65),
    "assigned": ("enrolled", 0.8), "allocated": ("enrolled", 0.8),
    "included": ("enrolled", 0.88), "recruited": ("enrolled", 0.9),
    "accrued": ("enrolled", 0.92), "registered": ("enrolled", 0.88),
    "entered": ("enrolled", 0.85), "studied": ("enrolled", 0.8),
    "treated": ("enrolled", 0.75), "identified": ("enrolled", 0.65),
    "analyzed": ("analysed", 0.6), "analysed": ("analysed", 0.6),
    "investigated": ("enrolled", 0.65), "examined": ("enrolled", 0.55),
    "reviewed": ("enrolled", 0.6), "followed": ("enrolled", 0.55),
    "stratified": ("enrolled", 0.7), "interviewed": ("enrolled", 0.65),
    "surveyed": ("enrolled", 0.65), "eligible": ("enrolled", 0.7),
    "evaluable": ("evaluable", 0.92), "assessable": ("evaluable", 0.92),
    "analysable": ("evaluable", 0.9), "analyzable": ("evaluable", 0.9),
    "screened": ("screened", 0.9), "approached": ("screened", 0.9),
    "contacted": ("screened", 0.9),
}

#: Verbs that state participation after "N patients ..." without "were".
ACTIVE_SUBJECT_CUES: dict[str, tuple[str, float]] = {
    "participated": ("enrolled", 0.85), "took part": ("enrolled", 0.85),
    "entered": ("enrolled", 0.8), "underwent randomization": ("enrolled", 0.9),
    "underwent randomisation": ("enrolled", 0.9), "consented": ("enrolled", 0.75),
    "agreed to participate": ("enrolled", 0.75), "completed": ("completed", 0.8),
    "underwent random assignment": ("enrolled", 0.9), "underwent randomisation": ("enrolled", 0.9),
    "were randomly assigned": ("enrolled", 0.9), "enrolled": ("enrolled", 0.75),
    "randomized": ("enrolled", 0.75), "randomised": ("enrolled", 0.75),
    "agreed to randomization": ("enrolled", 0.8), "agreed to randomisation": ("enrolled", 0.8),
    "agreed to be randomized": ("enrolled", 0.8), "agreed to be randomised": ("enrolled", 0.8),
    "agreed to participation": ("enrolled", 0.75), "accepted participation": ("enrolled", 0.75),
    "accepted randomization": ("enrolled", 0.8), "accepted randomisation": ("enrolled", 0.8),
}

#: Weaker verbs, trusted only when "N patients" opens the sentence (the study's subject).
WEAK_SUBJECT_CUES: dict[str, tuple[str, float]] = {
    "received": ("enrolled", 0.55), "underwent": ("enrolled", 0.5), "were given": ("enrolled", 0.5),
}

#: Cues for "X of (the) N patients were ...": X is the count (not N, the denominator).
SUBSET_CUES: dict[str, tuple[str, float]] = {
    "enrolled": ("enrolled", 0.8), "randomized": ("enrolled", 0.8), "randomised": ("enrolled", 0.8),
    "randomly assigned": ("enrolled", 0.8), "recruited": ("enrolled", 0.8), "accrued": ("enrolled", 0.8),
    "registered": ("enrolled", 0.75), "participated": ("enrolled", 0.8), "took part": ("enrolled", 0.8),
    "consented": ("enrolled", 0.7), "agreed to participate": ("enrolled", 0.75),
    "included": ("enrolled", 0.75), "evaluable": ("evaluable", 0.85), "assessable": ("evaluable", 0.85),
    "screened": ("screened", 0.8), "agreed to randomization": ("enrolled", 0.8),
    "agreed to randomisation": ("enrolled", 0.8), "agreed to be randomized": ("enrolled", 0.8),
    "agreed to be randomised": ("enrolled", 0.8), "accepted participation": ("enrolled", 0.75),
}

#: Verbs that take the participants as object: "we enrolled N patients".
ACTIVE_OBJECT_CUES: dict[str, tuple[str, float]] = {
    "enrolled": ("enrolled", 0.9), "enrolling": ("enrolled", 0.85), "enrolls": ("enrolled", 0.85),
    "enrol": ("enrolled", 0.85), "enroll": ("enrolled", 0.85),
    "randomized": ("enrolled", 0.9), "randomised": ("enrolled", 0.9),
    "randomize": ("enrolled", 0.8), "randomise": ("enrolled", 0.8),
    "randomly assigned": ("enrolled", 0.9), "randomly allocated": ("enrolled", 0.9),
    "assigned": ("enrolled", 0.8), "allocated": ("enrolled", 0.8),
    "included": ("enrolled", 0.85), "include": ("enrolled", 0.8), "includes": ("enrolled", 0.8),
    "recruited": ("enrolled", 0.88), "recruit": ("enrolled", 0.8), "accrued": ("enrolled", 0.9),
    "registered": ("enrolled", 0.85), "studied": ("enrolled", 0.8), "involved": ("enrolled", 0.75),
    "involving": ("enrolled", 0.75), "comprising": ("enrolled", 0.7), "comprised": ("enrolled", 0.7),
    "treated": ("enrolled", 0.7), "analyzed": ("enrolled", 0.6), "analysed": ("enrolled", 0.6),
    "evaluated": ("enrolled", 0.6), "assessed": ("enrolled", 0.55), "reviewed": ("enrolled", 0.65),
    "investigated": ("enrolled", 0.6), "examined": ("enrolled", 0.55),
    "identified": ("enrolled", 0.6), "report": ("enrolled", 0.55), "describe": ("enrolled", 0.55),
    "screened": ("screened", 0.85), "approached": ("screened", 0.85),
}

#: Adjectives before the noun in "N randomized patients", "of N evaluable women".
ADJECTIVE_CUES: dict[str, tuple[str, float]] = {
    "randomized": ("enrolled", 0.85), "randomised": ("enrolled", 0.85),
    "randomly assigned": ("enrolled", 0.85), "enrolled": ("enrolled", 0.85),
    "eligible": ("enrolled", 0.7), "consecutive": ("enrolled", 0.7),
    "evaluable": ("evaluable", 0.88), "assessable": ("evaluable", 0.88),
    "analysable": ("evaluable", 0.85), "analyzable": ("evaluable", 0.85),
}

#: After "were evaluated / assessed / analysed for ...": what makes it an evaluable count.
EVALUATED_FOR: tuple[str, ...] = (
    "response", "efficacy", "activity", "tumor response", "tumour response", "objective response",
    "the primary end point", "the primary endpoint", "toxicity and response", "efficacy and safety",
    "efficacy and adverse events", "response and toxicity", "ORR", "effectiveness",
    "treatment effectiveness", "treatment response", "treatment efficacy", "antitumor activity",
    "antitumour activity", "clinical response", "radiological response", "radiologic response",
)
EVALUATED_VERBS: tuple[str, ...] = ("evaluated", "assessed", "analyzed", "analysed", "eligible")

#: Nouns whose preceding "(n = N)" is an arm or a subgroup, never the whole study.
GROUP_NOUNS: tuple[str, ...] = (
    "arm", "arms", "group", "groups", "cohort", "cohorts", "subgroup", "subgroups", "stratum",
)

#: Words after a number that make it something else than a head count.
UNIT_WORDS: tuple[str, ...] = (
    "%", "percent", "per cent", "mg", "g", "kg", "mcg", "µg", "ug", "ml", "mL", "l", "mmol", "µmol",
    "nmol", "IU", "U", "Gy", "cGy", "cm", "mm", "m", "km", "years", "year", "yrs", "yr", "y",
    "months", "month", "mo", "weeks", "week", "wk", "wks", "days", "day", "d", "hours", "hour", "h",
    "hrs", "minutes", "min", "seconds", "cycles", "cycle", "courses", "course", "doses", "dose",
    "times", "fold", "sessions", "visits", "centres", "centers", "centre", "center", "sites",
    "hospitals", "institutions", "countries", "trials", "studies", "arms", "groups", "events",
    "deaths", "points", "items", "questions", "fractions", "lesions", "tumors", "tumours",
    "samples", "specimens", "biopsies", "nodes", "clinics", "practices", "schools", "communities",
    "villages", "clusters", "wards", "units", "physicians", "surgeons", "oncologists", "doctors",
    "cells", "genes", "mice", "rats", "articles", "papers", "records", "images", "mammograms",
    "breasts", "teeth", "pieces", "members",
)

#: Heads of a noun phrase that name things, not people: an "any noun" reading is rejected when the
#: words between the number and the verb contain one ("included 12 randomized trials").
NON_PERSON_WORDS: frozenset[str] = frozenset(w.lower() for w in UNIT_WORDS) | frozenset({
    "rcts", "trial", "study", "publications", "reports", "datasets", "databases", "cells", "cell", "genes",
    "variants", "snps", "proteins", "markers", "biomarkers", "sections", "slides", "blocks", "cores",
    "scans", "procedures", "operations", "surgeries", "treatments", "regimens", "drugs", "agents",
    "injections", "infusions", "tablets", "capsules", "episodes", "fractures", "cancers", "metastases",
    "questionnaires", "surveys", "interviews", "vignettes", "messages", "calls", "letters", "leaflets",
    "mg", "more", "less", "fewer", "older", "younger", "greater", "higher", "lower", "above", "below",
    "beds", "steps", "kcal", "calories", "servings", "minutes", "hrs", "cases", "pairs",
})

#: Words that make a number a threshold, not a count ("4,000 or more cells").
_QUANTITY_WORDS = frozenset({"more", "less", "fewer", "greater", "higher", "lower", "above", "below", "older", "younger"})

#: Nouns naming the act of enrolling: "after inclusion of 167 patients", "accrual of 475 women".
ENROLMENT_NOUNS: tuple[str, ...] = (
    "inclusion", "enrolment", "enrollment", "accrual", "over-accrual", "recruitment", "randomization",
    "randomisation", "registration",
)

#: Subjects of "X were N women ...": the study's participants described by a copula.
COPULAR_SUBJECTS: tuple[str, ...] = (
    "participants", "subjects", "the participants", "the subjects", "the sample", "the study sample",
    "the study population", "the population", "the study participants",
)

#: Words just before a number that make it an age, a range bound, a ratio or an arm's count
#: ("aged 45", "range 3 to 12", "each arm 30").
PRECEDING_BLOCKERS: tuple[str, ...] = (
    "aged", "age", "ages", "age of", "range", "ranging", "median", "mean", "average", "±", "+/-",
    "than", "to", "vs", "vs.", "versus", "from", "between", "each", "per", "every",
    "day", "days", "week", "cycle", "grade", "stage", "phase", "arm", "group", "cohort", "only",
    "remaining", "another", "additional", "further", "other", "first", "last", "next",
    "≥", "≤", ">", "<",
)

#: Words before a number that make it a subset of the study ("Of these, 40 were ...").
SUBSET_BLOCKERS: tuple[str, ...] = (
    "of whom", "of which", "of these", "of those", "of them", "among them", "among these",
    "among those", "among whom", "in whom", "including", "of the remaining", "whom",
)

#: Words before a number that make it a target, not a count ("a planned total of 200 patients").
TARGET_WORDS: tuple[str, ...] = (
    "planned", "plan", "target", "targeted", "required", "requires", "needed", "expected",
    "anticipated", "estimated", "projected", "intended", "goal", "sample size",
    "power", "powered", "aim", "aimed", "aims", "designed",
)

#: Cues of allocation: followed by "to <one treatment>" they give an arm's count, not the total.
ASSIGNMENT_CUES: tuple[str, ...] = (
    "randomized", "randomised", "randomly assigned", "randomly allocated", "assigned", "allocated",
    "selected", "randomly selected",
)
#: Words after "randomized to" that show the sentence still counts everyone ("to two groups",
#: "to A or B", "to either").
TOTAL_ALLOCATION_WORDS: tuple[str, ...] = (
    "or", "versus", "vs", "v", "either", "one of", "both", "each", "groups",
    "arms", "equally", "evenly", "between", "among", "receive either", "study", "trial", "compared",
    "control", "controls", "respectively",
)

#: Verbs whose presence means a sentence is not a bare noun phrase naming the participants.
FINITE_VERBS: tuple[str, ...] = (
    "were", "was", "is", "are", "had", "has", "have", "did", "does", "do", "will", "would", "could",
    "may", "might", "can", "should", "received", "underwent", "showed", "developed", "experienced",
    "responded", "achieved", "died", "relapsed", "progressed", "reported", "completed", "discontinued",
    "withdrew", "dropped", "presented", "remained", "required", "needed", "gained", "lost", "scored",
    "improved", "demonstrated", "exhibited", "suffered", "chose", "preferred", "continued", "stopped",
    "participated", "took", "entered", "agreed", "declined", "refused", "met", "showed", "obtained",
)

#: Words that show "in N patients" counts an outcome, not the study ("toxicity occurred in 12 patients").
EVENT_WORDS: tuple[str, ...] = (
    "occurred", "occurring", "observed", "seen", "reported", "experienced", "developed", "found",
    "detected", "recorded", "noted", "response", "responses", "toxicity", "toxicities", "event",
    "events", "died", "death", "deaths", "relapse", "recurrence", "progression", "achieved", "showed",
    "grade", "adverse", "complete", "partial", "stable", "subgroup", "subset", "only",
)

#: Month names: a number after one is a year or a day.
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
)

#: Confidence taken off for weaker readings.
PENALTIES: dict[str, float] = {
    "no_noun": 0.15,         # "82 were randomized" (no participant noun)
    "cases": 0.15,           # "20 cases were identified" (cases can be events)
    "subset_prefix": 0.3,    # "Of these, 120 were randomized"
    "definite_of": 0.1,      # "Of the 20 women with X who were randomized, ..."
}

#: Confidence of a planned sample size ("aims to recruit 350 women", "target accrual is 200").
CONFIDENCE_TARGET = 0.7

#: Confidence added for readings that summarise the whole study ("Overall, 528 patients were ...").
BONUSES: dict[str, float] = {"summary": 0.03}

# ===========================================================================
# Data: rule templates
# ===========================================================================
# Placeholders: {N} the number (named group n), {NOUN} a participant noun, {MODS} up to six
# modifier words before the noun, {BE} an auxiliary, {ADV} an optional adverb, {GAP} a stretch of
# the clause without a finite verb. Each rule gives the cue's group name that selects the kind
# and confidence from one of the dicts above, or a fixed (kind, confidence).

RULES: tuple[dict, ...] = (
    # "Sixty patients with X were enrolled", "82 were randomised", "220 were evaluable"
    {"name": "subject_passive", "cues": "PASSIVE_CUES", "anchor": "number",
     "pattern": r"{N}(?:\s+{MODS}(?P<noun>{NOUN})\b{GAP})?(?:\s+|(?<=[-–—])){BE}\s+{ADV}(?P<cue>{PASSIVE})\b"},
    # "74 of the 92 patients were enrolled", "24 (80%) of 30 women were evaluable"
    {"name": "subset_subject_passive", "cues": "SUBSET_CUES", "anchor": "number",
     "pattern": r"{N}\s+{PCT}(?:out\s+)?of\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?(?:\w+\s+)?{NUM2}\s+{MODS}(?P<noun>{NOUN})\b{GAP}\s+(?:{BE}\s+)?{ADV}(?P<cue>{SUBSET})\b"},
    # "breast cancer patients (n = 569) were randomized"
    {"name": "noun_n_equals_passive", "cues": "PASSIVE_CUES", "anchor": "number", "parens_ok": True, "closed": True,
     "before": r"(?P<noun>{NOUN})\s*[(\[]\s*n\s*[=:]\s*",
     "pattern": r"{N}\s*[)\]]{GAP}\s+{BE}\s+{ADV}(?P<cue>{PASSIVE})\b"},
    # "patients with early breast cancer (N = 128) were recruited"
    {"name": "qualified_noun_n_equals", "cues": "SUBSET_CUES", "anchor": "number", "parens_ok": True, "closed": True,
     "window": 110, "before": r"(?P<noun>{NOUN})\s+(?:with|who|at|from|of|aged?|ages|\w+ing)\s+[^()\[\].;]{0,60}?[(\[]\s*n\s*[=:]\s*",
     "pattern": r"{N}\s*[)\]]\s+{BE}\s+{ADV}(?P<cue>{SUBSET})\b"},
    # "a consecutive series of breast cancer patients (n = 96)"
    {"name": "study_of_noun_n_equals", "starts": ("trial", "study", "series", "cohort", "sample"), "fixed": ("enrolled", 0.7), "anchor": "search", "parens_ok": True, "prefilter": r"[(\[,]\s*n\s*[=:]",
     "pattern": r"\b(?:trial|study|series|cohort|sample)\s+(?:of|in|among|with|including|enrolling)\s+[^()\[\].;]{0,60}?(?P<noun>{NOUN})\s*[(\[]\s*n\s*[=:]\s*{N}\s*[)\]]"},
    # "46 postmenopausal BCS were randomized": any head noun, strong cues only
    {"name": "subject_passive_any_noun", "cues": "SUBSET_CUES", "anchor": "number",
     "pattern": r"{N}\s+(?:(?!{NUMWORD}\b){MOD}){1,6}?(?:[(\[][^()\[\]]*[)\]]\s+)?{BE}\s+{ADV}(?P<cue>{SUBSET})\b"},
    # "Enrolled in the study were forty patients"
    {"name": "inverted", "cues": "PASSIVE_CUES", "anchor": "search",
     "pattern": r"\b(?P<cue>{PASSIVE})\s+(?:in|into|onto|on)\s+(?:the|this|our)\s+(?:\w+\s+){0,3}?(?:study|trial|protocol|analysis)\s+(?:were|was)\s+{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "a randomized trial of exercise in 400 postmenopausal women"
    # (the trial word comes first, anywhere before: what lies between is checked for events and targets)
    {"name": "trial_in_n", "fixed": ("enrolled", 0.6), "anchor": "number", "keywords": ("trial", "study", "rct"),
     "cue_before": True, "between_from_keyword": 250,
     "before": r"\b(?:in|among|of|on|involving|enrolling|with)\s+(?:a\s+total\s+of\s+)?",
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "We measured X in 141 sedentary women in a clinical trial comparing ...": the people of the trial
    {"name": "n_in_trial", "fixed": ("enrolled", 0.55), "anchor": "start", "keywords": ("trial", "study", "rct"),
     "pattern": r"^(?P<between>[^.;]*?)\b(?:in|among|of|from)\s+{N}\s+{MODS}(?P<noun>{NOUN})\b[^.;]{0,60}?"
                r"\b(?:participating\s+|enrolled\s+|included\s+|taking\s+part\s+)?in\s+(?:a|an|the|our|this)\s+"
                r"(?:[\w\-]+,?\s+){0,6}?(?:trial|study|RCT)\b"},
    # "Of 625 patients, 297 ..." at the start of a sentence
    {"name": "of_n_comma", "near_start": True, "fixed": ("enrolled", 0.6), "anchor": "start",
     "pattern": r"{LEAD}(?:of|among|out\s+of)\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\s*(?:[(\[][^)\]]*[)\]]\s*)?,"},
    # "Of the 25 patients with X treated with A in our unit between 2009 and 2020, 7 ...": the cohort a results
    # sentence opens with, told by a participle after its description (also after a run-on label, "ResultsOf")
    {"name": "of_n_with_verb_comma", "near_start": True, "cues": "PASSIVE_CUES", "anchor": "start",
     "pattern": r"{RUNON}{LEAD}(?:of|among)\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\s+"
                r"(?:with|who\s+had|having)\s+[^,;()]{1,60}?\s+(?P<cue>{PASSIVE})\b[^;,]{0,100},"},
    # a sentence that is only a noun phrase: "140 women with stage I-III breast cancer." (structured abstracts)
    {"name": "verbless_np", "near_start": True, "fixed": ("enrolled", 0.55), "anchor": "start", "verbless": True,
     "pattern": r"{LEAD}{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # the title: "... a randomized trial in 159 patients"
    {"name": "title_in_n", "fixed": ("enrolled", 0.6), "anchor": "start", "first_sentence": True,
     "pattern": r"^(?P<between>[^.;]*?)\b(?:in|of|among|with|involving)\s+{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "women with early disease (n = 320) were randomized": any subject, the count in "(n = N)"
    {"name": "n_equals_passive", "cues": "SUBSET_CUES", "anchor": "search", "parens_ok": True, "starts": ("n",),
     "prefilter": r"[(\[]\s*n\s*[=:]",
     "pattern": r"\bn\s*[=:]\s*{N}\s*[)\]]\s*,?\s+{BE}\s+{ADV}(?P<cue>{SUBSET})\b"},
    # "We randomly assigned women who ... (N = 230) to A, B or C"
    {"name": "cue_np_n_equals", "cues": "SUBSET_CUES", "anchor": "search", "parens_ok": True, "single_n": True, "prefilter": r"[(\[]\s*n\s*[=:]",
     "pattern": r"\b(?P<cue>{SUBSET})\s+(?!to\b|in\b|into\b)[^.;()\[\]]{3,100}?[(\[]\s*n\s*[=:]\s*{N}\s*[)\]]"},
    # "a randomised trial (RCT; N = 160)", "a pilot study (n = 40)"
    {"name": "study_n_equals", "fixed": ("enrolled", 0.7), "anchor": "search", "parens_ok": True,
     "starts": ("trial", "study", "rct"), "prefilter": r"[(\[;,]\s*n\s*[=:]",
     "pattern": r"\b(?:trial|study|RCT)\s*[(\[](?:[^()\[\]]{0,40}?[;,]\s*)?n\s*[=:]\s*{N}\s*[)\]]"},
    # "... a trial which included women with early disease (n = 38)." : the one "(n = N)", closing the sentence
    {"name": "study_np_n_equals_end", "fixed": ("enrolled", 0.6), "anchor": "search", "parens_ok": True, "single_n": True,
     "starts": ("trial", "study", "rct"), "prefilter": r"[(\[]\s*n\s*[=:]",
     "pattern": r"\b(?:trial|study|RCT)\b[^.;()\[\]]{0,200}?\b(?:in|among|of|included|including|enrolled|enrolling|with)\s+[^.;()\[\]]{0,100}?[(\[]\s*n\s*[=:]\s*{N}\s*[)\]]\s*\.?\s*$"},
    # "Eight hundred patients randomly assigned to the trials were classified": a reduced relative clause
    {"name": "reduced_relative", "near_start": True, "cues": "SUBSET_CUES", "anchor": "start",
     "pattern": r"{LEAD}{N}\s+{MODS}(?P<noun>{NOUN})\b{GAP}\s+{ADV}(?P<cue>randomly\s+assigned|randomi[sz]ed|enrolled|recruited|accrued|registered)\s+(?:to|in|into|onto|on|at|from|between)\b"},
    # "Participants were 181 women aged ...", "The sample comprised 60 survivors"
    {"name": "copular", "fixed": ("enrolled", 0.75), "anchor": "search", "any_noun": True,
     "keywords": ("participants", "subjects", "sample", "population"),
     "starts": ("participants", "subjects", "the"),
     "pattern": r"\b{COPULAR}\s+(?:were|was|comprised|included|consisted\s+of)\s+(?:a\s+total\s+of\s+)?{N}\s+{ANYNP}"},
    # "The trial enrolled 1905 community-dwelling beneficiaries": any plural noun phrase after a strong cue
    {"name": "verb_object_any_noun", "cues": "ACTIVE_OBJECT_CUES", "anchor": "number", "any_noun": True, "cue_before": True,
     "keywords": ("enrolled", "enrolling", "enrol", "enroll", "randomized", "randomised", "randomly", "recruited",
                  "accrued", "registered", "assigned", "allocated", "recruit", "randomize", "randomise"),
     "before": r"\b(?P<cue>enrolled|enrolling|enrol|enroll|randomi[sz]ed|randomi[sz]e|randomly\s+assigned|randomly\s+allocated|assigned|recruited|recruit|accrued|registered)\s+(?:a\s+total\s+of\s+|approximately\s+|about\s+)?",
     "pattern": r"{N}\s+{ANYNP}"},
    # "after inclusion of 167 eligible patients", "over-accrual of 475 patients"
    {"name": "enrolment_of", "fixed": ("enrolled", 0.75), "anchor": "search",
     "starts": ENROLMENT_NOUNS,
     "pattern": r"\b{ENROLMENT}\s+of\s+(?:a\s+total\s+of\s+|all\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "Of 159 approached, 150 (94%) agreed to randomisation", "63 enrolled and 48 completed"
    {"name": "subject_active_no_noun", "cues": "ACTIVE_SUBJECT_CUES", "anchor": "number", "pct_ok": True,
     "pattern": r"{N}\s+{PCT}{ADV}(?P<cue>enrolled|consented|agreed\s+to\s+\w+(?:\s+randomi[sz]ed)?|accepted\s+\w+|underwent\s+randomi[sz]ation|took\s+part|participated)\b"},
    # "120 patients participated", "Thirty women took part"
    {"name": "subject_active", "cues": "ACTIVE_SUBJECT_CUES", "anchor": "number",
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\b{GAP}\s+{ADV}(?P<cue>{ACTIVE_SUBJECT})\b"},
    # sentence-initial only: "Twenty-nine patients received a median of four cycles"
    {"name": "subject_active_weak", "near_start": True, "cues": "WEAK_SUBJECT_CUES", "anchor": "start",
     "pattern": r"{LEAD}{N}\s+{MODS}(?P<noun>{NOUN})\b(?:\s*[(\[][^()\[\]]*[)\]])?(?:,?\s+(?:with|from|aged|of)\s+[^,.;()]{1,60}?,?)?\s+{ADV}(?P<cue>{WEAK_SUBJECT})\b"},
    # "we enrolled 120 patients", "the trial randomized a total of 300 women"
    {"name": "verb_object", "cues": "ACTIVE_OBJECT_CUES", "anchor": "number", "cue_before": True,
     "before": r"\b(?P<cue>{ACTIVE_OBJECT})\s+(?:a\s+total\s+of\s+|in\s+total\s+|all\s+|only\s+|approximately\s+|about\s+)?",
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "a total of 338 patients", "In total, 105 women"
    {"name": "total_of", "fixed": ("enrolled", 0.8), "anchor": "number", "keywords": ("total", "overall", "altogether"),
     "cue_before": True, "before": r"\b(?:a\s+total\s+of|in\s+total,?|overall,|altogether,?|total\s+of)\s+(?:n\s*=\s*)?",
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "Of the 188 patients enrolled," "among 300 women randomized"
    {"name": "of_the_n_verb", "cues": "PASSIVE_CUES", "anchor": "number",
     "before": r"\b(?:of|among|in|with)\s+(?:the\s+|all\s+|these\s+|a\s+total\s+of\s+)?",
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\s+(?:[(\[][^)\]]*[)\]]\s*)?(?:who\s+(?:were|was|had\s+been)\s+|that\s+were\s+)?{ADV}(?P<cue>{PASSIVE})\b"},
    # "Of 243 eligible patients", "Among 162 evaluable patients", "79 randomized patients"
    {"name": "adjective", "cues": "ADJECTIVE_CUES", "anchor": "number",
     "pattern": r"{N}\s+{ADV}(?P<cue>{ADJECTIVE})\s+{MODS}(?P<noun>{NOUN})\b"},
    # "Patients (n = 79) with ...", "Women (N = 1200)" at the start of a sentence
    {"name": "noun_n_equals", "near_start": True, "prefilter": r"[(\[]\s*n\s*[=:]", "fixed": ("enrolled", 0.75), "anchor": "start", "parens_ok": True,
     "pattern": r"{LEAD}(?:(?:all|the|eligible|enrolled|randomi[sz]ed|consecutive|overall|total)\s+)?(?P<noun>{NOUN})\s*(?:\w+\s+){{0,2}}?[(\[]\s*n\s*[=:]\s*{N}\s*[)\],;]"},
    # "enrolled (n = 120)"
    {"name": "cue_n_equals", "cues": "ACTIVE_OBJECT_CUES", "anchor": "search", "parens_ok": True, "prefilter": r"[(\[,]\s*n\s*[=:]",
     "pattern": r"\b(?P<cue>{ACTIVE_OBJECT})\s+[(\[]\s*n\s*[=:]\s*{N}\s*[)\]]"},
    # "a total of n = 120", "total sample (N = 200)", "all patients (n = 64)"
    {"name": "total_n_equals", "starts": ("a", "in", "total", "overall", "sample", "all"),
     "keywords": ("total", "overall", "sample", "all"), "fixed": ("enrolled", 0.8), "anchor": "search", "parens_ok": True, "prefilter": r"\bn\s*[=:]",
     "pattern": r"\b(?:a\s+total\s+of|in\s+total|total(?:\s+sample|\s+of)?|overall(?:\s+sample)?|sample(?:\s+size)?(?:\s+of)?|all\s+(?P<noun>{NOUN}))\s*[(\[,]?\s*n\s*[=:]\s*{N}\b"},
    # "data from 96 patients (were analysed)": the analysed set; the study's N when nothing else is written
    {"name": "data_of", "starts": ("data", "records", "charts", "files", "information"), "fixed": ("analysed", 0.7), "anchor": "search",
     "keywords": ("data", "record", "chart", "file", "information"),
     "pattern": r"\b(?:data|records|charts|files|information)\s+(?:were\s+\w+\s+)?(?:from|of|on|in|with|involving|including|enrolling|comprising)\s+(?:a\s+total\s+of\s+|all\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "a cohort of 136 patients", "a trial of 400 women", "a review of 38 patients"
    {"name": "study_of", "starts": ("cohort", "series", "sample", "trial", "study", "analysis", "population", "review"), "fixed": ("enrolled", 0.7), "anchor": "search",
     "keywords": ("cohort", "series", "sample", "trial", "study", "analysis", "population", "review"),
     "pattern": r"\b(?:cohort|series|sample|trial|study|analysis|population|review)\s+(?:were\s+\w+\s+)?(?:from|of|on|in|with|involving|including|enrolling|comprising)\s+(?:a\s+total\s+of\s+|all\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "we reviewed the records of 136 patients"
    {"name": "verb_records_of", "starts": ("reviewed", "analyzed", "analysed", "evaluated", "examined", "studied", "assessed", "collected", "retrieved", "extracted", "identified", "describe", "report"),
     "fixed": ("enrolled", 0.7), "anchor": "search", "keywords": ("records", "data", "charts", "files", "management", "outcome", "outcomes", "cases", "results", "experience", "course"),
     "pattern": r"\b(?:reviewed|analy[sz]ed|evaluated|examined|studied|assessed|collected|retrieved|extracted|identified|describe|report)\s+(?:the\s+)?(?:medical\s+|clinical\s+|hospital\s+)?(?:records|data|charts|files|management|outcomes?|cases|results|experience|course)\s+(?:of|from|on|for)\s+(?:all\s+|a\s+total\s+of\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # "available in 30 patients", "was conducted on 64 women"
    {"name": "available_in", "starts": ("available", "conducted", "performed", "carried", "undertaken", "extracted", "collected", "obtained", "retrieved", "evaluated", "assessed", "investigated", "studied", "examined"),
     "fixed": ("enrolled", 0.6), "anchor": "search",
     "keywords": ("available", "conducted", "performed", "carried", "undertaken", "extracted", "collected",
                  "obtained", "retrieved", "evaluated", "assessed", "investigated", "studied", "examined"),
     "pattern": r"\b(?:available|conducted|performed|carried\s+out|undertaken|extracted|collected|obtained|retrieved|evaluated|assessed|investigated|studied|examined)\s+(?:for|in|on|among|from)\s+{N}\s+{MODS}(?P<noun>{NOUN})\b"},
    # protocols: "The trial aims to recruit 350 women", "We will randomize 300 patients"
    {"name": "planned_recruitment", "fixed": ("target", CONFIDENCE_TARGET), "anchor": "search", "any_noun": True,
     "keywords": ("recruit", "enrol", "enroll", "randomize", "randomise", "include", "accrue", "enlist", "study", "involve"),
     "starts": ("aims", "aim", "aimed", "plans", "plan", "planned", "intends", "intend", "seeks", "seek", "expects",
                "expect", "will", "proposes", "propose", "hope", "hopes"),
     "pattern": r"\b(?:(?:aims?|aimed|plans?|planned|intends?|seeks?|expects?|proposes?|hopes?)\s+to|will)\s+"
                r"(?:recruit|enrol|enroll|randomi[sz]e|include|accrue|enlist|study|involve)\s+"
                r"(?:a\s+total\s+of\s+|approximately\s+|about\s+|up\s+to\s+|at\s+least\s+)?{N}\s+{ANYNP}"},
    # "Target accrual is 200 patients", "A sample size of 230 patients will allow ...", "sample size of 80"
    {"name": "planned_size", "fixed": ("target", CONFIDENCE_TARGET), "anchor": "search",
     "starts": ("target", "targeted", "planned", "projected", "anticipated", "expected", "estimated", "required",
                "calculated", "total", "sample", "accrual", "enrolment", "enrollment", "recruitment", "a", "the"),
     "keywords": ("sample", "accrual", "enrolment", "enrollment", "recruitment"),
     "pattern": r"\b(?:(?:a|the|target(?:ed)?|planned|projected|anticipated|expected|estimated|required|calculated|total)\s+){0,3}"
                r"(?:sample\s+size|accrual|enrol?ment|enrollment|recruitment)(?:\s+(?:target|goal))?\s+"
                r"(?:of|is|was|will\s+be|=|:)\s+(?:approximately\s+|about\s+|n\s*=\s*)?{N}(?![\d.,]*\s*%)"
                r"(?:\s+{MODS}(?P<noun>{NOUN})\b)?"},
    # "To detect this difference, 180 patients were required": a power calculation
    {"name": "subject_target", "fixed": ("target", CONFIDENCE_TARGET), "anchor": "number",
     "keywords": ("required", "needed", "necessary", "planned", "sufficient"),
     "pattern": r"{N}(?:\s+{MODS}(?P<noun>{NOUN})\b)?\s+(?:were|was|are|is|will\s+be|would\s+be)\s+(?:\w+\s+)?"
                r"(?:required|needed|necessary|planned|sufficient)\b"},
    # "61 were evaluated for efficacy", "48 patients were assessed for response"
    {"name": "evaluated_for", "fixed": ("evaluable", 0.88), "anchor": "number", "keywords": EVALUATED_VERBS,
     "pattern": r"{N}(?:\s+{MODS}(?P<noun>{NOUN})\b{GAP})?\s+{BE}\s+{ADV}(?:{EVALUATED})\s+for\s+(?:the\s+|their\s+)?(?:{EVALUATED_FOR})\b"},
    # "the per-protocol population (n = 244)", "per protocol set (N = 98)": the patients analysed as planned
    {"name": "per_protocol_n_equals", "starts": ("per",), "fixed": ("evaluable", 0.8), "anchor": "search", "parens_ok": True,
     "keywords": ("protocol",), "prefilter": r"[(\[,]\s*n\s*[=:]",
     "pattern": r"\bper[\s\-]protocol\s+(?:population|set|analysis|cohort)\s*[(\[,]\s*n\s*[=:]\s*{N}\b"},
    # "avelumab was supplied to 335 patients", "the drug was given to 64 women": the treated, the study's N
    {"name": "given_to", "fixed": ("enrolled", 0.65), "anchor": "search",
     "starts": ("supplied", "given", "administered", "provided"),
     "pattern": r"\b(?:supplied|given|administered|provided)\s+to\s+(?:a\s+total\s+of\s+|all\s+)?{N}\s+{MODS}(?P<noun>{NOUN})\b"
                r"(?!\s+(?:who|whose|that|in\s+whom|of\s+whom)\b|\s*(?:,|and|or)\s*\d|[^.;]*\brespectively\b)"},
    # "In 150 patients for whom response data were available, ...": the evaluable set
    {"name": "data_available_for", "fixed": ("evaluable", 0.8), "anchor": "number", "keywords": ("available",),
     "pattern": r"{N}\s+{MODS}(?P<noun>{NOUN})\s+(?:for\s+whom|with)\s+(?:[\w\-]+\s+){0,3}?(?:data|information|assessments?|"
                r"measurements?|scans?)\s+(?:were|was)\s+available\b"},
    # "evaluable patients (n = 40)"
    {"name": "evaluable_n_equals", "starts": ("evaluable", "assessable"), "fixed": ("evaluable", 0.85), "anchor": "search", "parens_ok": True,
     "keywords": ("evaluable", "assessable"),
     "pattern": r"\b(?:evaluable|assessable)\s+(?:for\s+\w+\s+)?(?:(?P<noun>{NOUN})\s+)?[(\[]?\s*n\s*[=:]\s*{N}\b"},
)

# ===========================================================================
# Logic
# ===========================================================================


@dataclass(frozen=True)
class Mention:
    """One number read as a sample size, with its evidence."""

    kind: str            # "enrolled" | "evaluable" | "screened" | "completed" | "analysed" | "eligible" | "target"
    value: int
    start: int           # offsets of the number in the text: text[start:end]
    end: int
    sentence: str
    confidence: float
    rule: str
    cue: str | None = None


@dataclass(frozen=True)
class SampleSizes:
    """Document-level sample sizes; ``None`` when not written or not read with confidence."""

    n_enrolled: int | None = None
    n_evaluable: int | None = None
    evidence: list[Mention] = field(default_factory=list)
    extractor: str = EXTRACTOR_NAME
    version: str = EXTRACTOR_VERSION


def _trie(words) -> str:
    """A regex matching any of ``words``, factored as a trie (much faster than a flat alternation), spaces matching
    any whitespace."""
    return alternation(words, space=r"\s+")


def _alt(words) -> str:
    """A regex alternation of phrases, factored as a trie (fast to try), spaces matching any whitespace."""
    return "(?:" + _trie(set(words)) + ")"


_CUE_TABLES = {
    "PASSIVE_CUES": PASSIVE_CUES,
    "ACTIVE_SUBJECT_CUES": ACTIVE_SUBJECT_CUES,
    "WEAK_SUBJECT_CUES": WEAK_SUBJECT_CUES,
    "ACTIVE_OBJECT_CUES": ACTIVE_OBJECT_CUES,
    "ADJECTIVE_CUES": ADJECTIVE_CUES,
    "SUBSET_CUES": SUBSET_CUES,
}

# A number: digits (not part of a decimal, a range, a ratio, an identifier or "16 608") or words;
# a word number may follow a run-on section label ("ResultsEighty patients").
_DIGITS_AFTER = r"(?![\w%]|[.,:·]\d|\s*%|\s*[-–]\s*\d|\s+\d{3}\b)"
#: thousands grouped by spaces ("16 000 women", "27 347"), as many journals print them
_SPACED_THOUSANDS = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])"
_DIGITS = (rf"(?<![\w.,/\-±+<>≥≤·])(?<!\d\s)(?:{_SPACED_THOUSANDS}|{DIGIT_NUMBER_PATTERN})" + _DIGITS_AFTER)
# atomic: a number in words is read whole, never re-split when what follows fails ("forty two
# hundred and forty two ..." would otherwise backtrack exponentially)
_WORDS = rf"(?:(?<![\w\-])|(?<=[a-z])(?=[A-Z]))(?>{WORD_NUMBER_PATTERN})(?![\w\-])"
_NUM = rf"(?P<n>{_DIGITS}|{_WORDS})"
_NUM2 = rf"(?:{_DIGITS}|{_WORDS})"
_STOP = (
    r"(?:and\s+\d|or\s+\d|of|in|to|from|were|was|had|have|has|with|by|for|at|on|per|each|who|which|that|the|"
    r"a|an|received|underwent|did|are|is|be|been|as|into|than|vs|versus|after|before|during)"
)
_MOD = rf"(?:(?!{_STOP}\b)(?!\d+[\s,])[A-Za-z0-9(][\w\-+/'’()]*,?\s+)"
_FRAGMENTS = {
    "N": _NUM,
    "NUM2": _NUM2,
    "NUMWORD": WORD_NUMBER_PATTERN,
    "MOD": _MOD,
    "NOUN": _alt(PARTICIPANT_NOUNS),
    "MODS": _MOD + "{0,9}?",
    # any plural noun phrase naming people: "community-dwelling beneficiaries", "BCS", "GPs"
    "ANYNP": r"(?P<np>(?:(?!"+_STOP+r"\b)[A-Za-z][\w\-'’]*\s+){{0,6}}?(?:[A-Z]{{2,}}s?|[A-Za-z][a-z\-]*(?:s|men|people|ren)))"
             r"(?=\s*[,.;:(\[]|\s+(?:who|with|from|aged?|in|at|between|and|were|was|to|of|for|during|attending|undergoing|receiving|scheduled|diagnosed)\b)",
    "COPULAR": _alt(COPULAR_SUBJECTS),
    "ENROLMENT": _alt(ENROLMENT_NOUNS),
    "PCT": r"(?:[(\[]\s*\d+(?:[.,·]\d+)?\s*%\s*[)\]]\s+)?",
    "BE": r"(?:were|was|had\s+been|have\s+been|has\s+been|are|being|got|will\s+be|would\s+be|are\s+to\s+be|could\s+be|can\s+be)",
    "ADV": r"(?:(?:\w+ly|all|then|also|subsequently|finally|successfully|prospectively|retrospectively)\s+(?:and\s+(?=\w+ly\s))?){0,2}",
    # the rest of a noun phrase: "with HER2-negative disease", "(56% with carcinoid)", "who met ..."
    # Matched a word at a time; a stop is checked only where it can start (a space or a comma).
    # A relative clause between commas ("Fifty patients with X, whose condition had ..., were enrolled") and an aside
    # between dashes ("18 patients with X-including nine with Y, seven with Z-were treated") are read whole.
    "GAP": (r"(?:,\s*(?:whose|who|which)\s[^,.;:()\[\]]{1,120}?,(?=\s)"
            r"|[-–—]\s*(?:including|such\s+as|mostly|mainly|namely)\s[^.;()\[\]]{1,200}?[-–—](?=\s*(?:were|was)\b)"
            r"|[^\s,.;:()\[\]\-–—]++|[\-–—]|\.(?=\d)|[(\[](?:[^()\[\]]|[(\[][^()\[\]]*[)\]])*[)\]]"
            r"|(?!(?<!\bwho)(?<!\bthat)(?<!\bwhich)(?<!\band)\s(?:were|was|had|has|have|are|is)\b"
            r"|\s(?:but|whereas|while)\b(?!\s+not\b)|\sand\s+\d+\s+(?:\S+\s+){0,3}?" + _alt(PARTICIPANT_NOUNS)
            + r"|\s\d+\s+(?:[^\s()\[\]]+\s+){0,3}?" + _alt(PARTICIPANT_NOUNS) + r")\s"
            r"|(?!,\s*\d|,\s*" + _WORDS + r"),)*?"),
    # a section label run into the sentence: "ResultsOf the 25 patients"
    "RUNON": r"(?-i:[A-Z][a-z]{2,20}(?=[A-Z]))?",
    # an optional opening adverbial: "Between 1996 and 1999, ", "In total, ", "Overall, "
    "LEAD": r"(?:(?:between|from|during|in|over|overall|in\s+total|altogether|finally|thus)\b[^,;]{0,60},\s*)?",
    "PASSIVE": _alt(PASSIVE_CUES),
    "ACTIVE_SUBJECT": _alt(ACTIVE_SUBJECT_CUES),
    "WEAK_SUBJECT": _alt(WEAK_SUBJECT_CUES),
    "ACTIVE_OBJECT": _alt(ACTIVE_OBJECT_CUES),
    "ADJECTIVE": _alt(ADJECTIVE_CUES),
    "SUBSET": _alt(SUBSET_CUES),
    "EVALUATED": _alt(EVALUATED_VERBS),
    "EVALUATED_FOR": _alt(EVALUATED_FOR),
}


#: start words too common to gate a sentence with
_COMMON_STARTS = frozenset({"a", "an", "the", "in", "of", "on", "with", "all", "among"})


def _compile(rule: dict) -> tuple[dict, re.Pattern, frozenset[str], re.Pattern | None, tuple[str, ...]]:
    # the first participant noun after the number is the head: never retried (keeps matching linear)
    pattern = rule["pattern"].replace(r"{MODS}(?P<noun>{NOUN})\b", r"(?>{MODS}(?P<noun>{NOUN})\b)")
    for key, frag in _FRAGMENTS.items():
        pattern = pattern.replace("{" + key + "}", frag)
    pattern = pattern.replace("{{", "{").replace("}}", "}")
    keywords = rule.get("keywords")
    if keywords is None and "cues" in rule:  # the longest word of each cue: the most distinctive
        keywords = tuple(max(k.lower().split(), key=len) for k in _CUE_TABLES[rule["cues"]])
    if keywords is None and "starts" in rule:
        keywords = tuple(w for w in rule["starts"] if w not in _COMMON_STARTS)
    prefilter = re.compile(rule["prefilter"], re.IGNORECASE) if "prefilter" in rule else None
    starts = rule.get("starts")
    if starts is None and rule.get("anchor") == "search":
        if rule["pattern"].startswith(r"\b(?P<cue>"):
            starts = _CUE_TABLES[rule["cues"]]
        elif rule["pattern"].startswith("(?P<noun>{NOUN})"):
            starts = PARTICIPANT_NOUNS
        else:  # pragma: no cover - a rule table error
            raise ValueError(f"search rule {rule['name']} needs 'starts'")
    starts = tuple(sorted({w.split()[0].lower() for w in starts or ()}))
    if _COMMON_STARTS.intersection(starts) or prefilter is not None:
        starts = ()  # a match may open on a very common word, or the prefilter is rare: scan instead
    return (rule, re.compile(pattern, re.IGNORECASE), frozenset(k.lower() for k in keywords or ()), prefilter,
            starts)


def _compile_before(rule: dict) -> re.Pattern | None:
    """What must end right before the number of a number-anchored rule ("we enrolled |42 women")."""
    if "before" not in rule:
        return None
    pattern = rule["before"]
    for key, frag in _FRAGMENTS.items():
        pattern = pattern.replace("{" + key + "}", frag)
    return re.compile("(?:" + pattern.replace("{{", "{").replace("}}", "}") + ")$", re.IGNORECASE)


_COMPILED = [_compile(r) for r in RULES]
#: (rule, regex, keywords, prefilter, start words, anchor, first sentence only, verbless, number near the
#: start, what must precede the number) in table order
_RULE_TABLE = [
    (rule, rx, keywords, prefilter, starts, rule.get("anchor", "search"), bool(rule.get("first_sentence")),
     bool(rule.get("verbless")), bool(rule.get("near_start")), _compile_before(rule))
    for rule, rx, keywords, prefilter, starts in _COMPILED
]
#: which rules a keyword opens; rules without keywords are tried on every sentence with a number
_RULES_BY_WORD: dict[str, set[int]] = {}
for _i, _entry in enumerate(_RULE_TABLE):
    for _w in _entry[2]:
        _RULES_BY_WORD.setdefault(_w, set()).add(_i)
_UNGATED = frozenset(i for i, entry in enumerate(_RULE_TABLE) if not entry[2])
#: every keyword and start word of a rule: one scan per sentence says which rules can match, and where
_INDEX_WORD = re.compile(
    r"\b(?:" + _trie({w for c in _COMPILED for w in c[2] | set(c[4])}) + r")\b"
)
_CUE_LOOKUP = {
    name: {re.sub(r"\s+", " ", k.lower()): v for k, v in table.items()} for name, table in _CUE_TABLES.items()
}
# the same numbers, found faster: the first digit is matched before the look-behind tests, so the scan
# skips non-digits at C speed (a leading look-behind is tried at every position)
_DIGIT_SCAN = re.compile(
    r"[0-9](?<![\w.,/\-±+<>≥≤·][0-9])(?<!\d\s[0-9])(?:\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])"
    r"|\d{0,2}(?:,\d{3})+|\d*)" + _DIGITS_AFTER
)
_WORD_CANDIDATE = re.compile(_WORDS, re.IGNORECASE)
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | frozenset(SCALES)


# where a number may start: a run of digits; a lower-case number word at a word start ("a hundred"
# included); a capitalised one glued to a run-on section label ("ResultsEighty"). The full patterns
# (_DIGITS, _WORD_CANDIDATE) then decide.
_DIGIT_RUN = re.compile(r"[0-9]+")
_WORD_START = re.compile(rf"(?=[{WORD_NUMBER_FIRST_LETTERS}])(?<![a-z])(?:a\s+(?:hundred|thousand)|" + _trie(_NUMBER_WORDS) + ")")
_RUN_ON_LABEL = re.compile(r"\s*[A-Z][a-z]{2,20}(?=" + _trie(w.capitalize() for w in _NUMBER_WORDS) + ")")
_TOKEN = re.compile(r"[a-z]+")
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_UNIT_AFTER = re.compile(r"\s*(?:-\s*)?" + _alt(UNIT_WORDS) + r"(?![A-Za-z])", re.IGNORECASE)
_BLOCK_BEFORE = re.compile(r"(?:^|[\s(\[])" + _alt(PRECEDING_BLOCKERS) + r"\s*$", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"\b" + _alt(SUBSET_BLOCKERS) + r",?\s*(?:\w+\s+){0,2}$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b" + _alt(TARGET_WORDS) + r"\b[^.;]{0,30}$", re.IGNORECASE)
_TARGET_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:was|is|were|are|will\s+be|would\s+be)\s+(?:\w+\s+)?(?:planned|required|needed|calculated|targeted|estimated|necessary|sufficient)\b",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(r"\b" + _alt(MONTHS) + r"\.?\s*(?:\d{1,2},?\s*)?$", re.IGNORECASE)
_DENOMINATOR_BEFORE = re.compile(
    rf"(?:{_NUM2}|\d+(?:[.,·]\d+)?\s*%)\s*(?:[(\[][^)\]]{{0,20}}[)\]]\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SUM_OR_RANGE_BEFORE = re.compile(r"(?:\d|\+)\s*(?:\+|and|to|or|-|–)\s*$|\+\s*$")
_SUM_AFTER = re.compile(r"\s*\+\s*\d")
# (used with fullmatch over the sentence up to the number)
_SUMMARY_BEFORE = re.compile(r"\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?(?:overall|in\s+total|altogether|in\s+all),?\s*", re.IGNORECASE)
_DEFINITE_OF_BEFORE = re.compile(r"\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?(?:of|among|in)\s+(?:the|these|those)\s+", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\s*(?:[-–/]|and\b|to\b|,\s*\d)", re.IGNORECASE)
_LIST_JOINERS = ("and", "or", "vs", "vs.", "versus")
_TARGET_STEMS = ("plan", "target", "requir", "need", "expect", "anticipat", "estimat", "project", "intend", "goal",
                 "sample size", "power", "aim", "design")
_SUBSET_STEMS = ("of", "among", "whom", "including")
#: what the people of "a total of N patients ..." did next, when it is not taking part
_NOT_ENROLMENT_AFTER = re.compile(
    r"\s*(?:[(\[][^)\]]*[)\]]\s*)?,?\s*(?:who\s+)?(?:completed|withdrew|dropped\s+out|were\s+lost|was\s+lost|died|"
    r"discontinued|responded|developed|experienced|finished)\b",
    re.IGNORECASE,
)
_LIST_MEMBER_BEFORE = re.compile(
    r"\b" + _alt(PARTICIPANT_NOUNS) + r"\s*(?:[(\[][^)\]]*[)\]]\s*)?,?\s+(?:and|or|vs\.?|versus)\s+$", re.IGNORECASE
)
_PCT_AFTER_NOUN = re.compile(r"\s*[(\[]\s*\d+(?:[.,·]\d+)?\s*%\s*(?:[)\]]|[;,]\s*(?:95|CI|confidence))")
_NOUN_TAIL = re.compile(r"\s*(?:[\w\-+/'’]+\s+){0,6}?" + _FRAGMENTS["NOUN"] + r"\b", re.IGNORECASE)
_GROUP_AFTER = re.compile(
    r"^\s*(?:[(\[][^)\]]{0,40}[)\]]\s*)?(?:,\s*)?(?:(?:were|was)\s+)?"
    r"(?:(?:in|per|for|of)\s+(?:each|every|both|either)\s+(?:\w+\s+)?(?:arm|group|cohort|treatment)s?\b"
    r"|in\s+(?:the|this|that)\s+(?:[^\s,;.]+\s+){0,3}?(?:arm|group|cohort)\b(?!s)"
    r"|per\s+(?:arm|group|cohort)\b|each\b)",
    re.IGNORECASE,
)
_GROUP_BEFORE = re.compile(r"\b" + _alt(GROUP_NOUNS) + r"\s*[A-Z0-9]?\s*[(\[]?\s*(?:n\s*=\s*)?$", re.IGNORECASE)
_SPLIT_AFTER = re.compile(  # "... randomized to A and 68 to B", "... to A, 40 to B"
    rf"^\s*(?:\w+\s+){{0,2}}?(?:to|into|from)\b[^.;]{{0,100}}?(?:,|\band\b|;|\bwhile\b|\bwhereas\b)\s*(?:\w+\s+)?"
    rf"{_NUM2}\s+(?:(?:\S+\s+){{0,3}}?{_alt(PARTICIPANT_NOUNS)}\s+)?(?:(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|assigned|allocated)\s+)?"
    r"(?:to|into|in\s+the|from\s+the|received)\b",
    re.IGNORECASE,
)
_WEAK_VERB_AFTER = re.compile(r"\s*(?:received|underwent|were\s+treated|were\s+given|had)\b", re.IGNORECASE)
_SPLIT_WEAK_AFTER = re.compile(  # "58 patients received A, and 64 received B"
    rf"^[^.;]{{0,100}}?(?:,|\band\b|;|\bwhile\b|\bwhereas\b)\s*(?:\w+\s+)?{_NUM2}\s+(?:\w+\s+){{0,2}}?"
    r"(?:received|underwent|were\s+treated|treated|were\s+given|had)\b",
    re.IGNORECASE,
)
_ASSIGN_TO = re.compile(r"^\s*to\s+(?:receive\s+)?(?P<rest>.{0,200})", re.IGNORECASE | re.DOTALL)
#: an arm's size inside an allocation: "(n = 40)", "(control, 288; drug, 297)"
_ARM_SIZE = re.compile(r"[(\[,;]\s*n\s*=\s*\d|[A-Za-z]\w*,\s*\d+\s*[;)\]]")
_TOTAL_ALLOCATION = re.compile(
    r"\b" + _alt(TOTAL_ALLOCATION_WORDS) + r"\b|\b(?:\d+|two|three|four|five|six)\s+(?:\w+\s+)?(?:groups?|arms?|cohorts?)\b"
    r"|\d\s*:\s*\d|(?<![\d/])(?<!mg)/(?![\d/]|m\b|m2|m\(|kg|day|d\b)",
    re.IGNORECASE,
)
#: where the allocation phrase ends: another clause opens with a count ("to A, 137 (27%) received")
_CLAUSE_CUT = re.compile(
    r";|[,;]\s*(?:\d+(?:/\d+)?|" + _WORDS + r")\s*(?:[(\[]\s*\d|(?:\w+\s+)?(?:were|was|had|received|underwent)\b)",
    re.IGNORECASE,
)
#: an enrolment told as done: "were randomized", "we enrolled", "was terminated", "accrual was closed"
_ENROLMENT_DONE = re.compile(
    r"\b(?:were|was|had\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:enrolled|enroled|randomi[sz]ed|recruited|accrued|"
    r"registered|assigned|allocated|included|terminated|closed|stopped)\b"
    r"|\bwe\s+(?:\w+ly\s+)?(?:enrolled|randomi[sz]ed|recruited|accrued|included|assigned|allocated)\b",
    re.IGNORECASE,
)
#: results: a protocol reports none
_RESULTS_REPORTED = re.compile(
    r"\b[Pp]\s*(?:[=<>≤]|&lt;)\s*0?[.·]\d|\b95\s*%\s*(?:CI|confidence)|\b(?:hazard|odds)\s+ratio", re.IGNORECASE
)
_COUNT_OF_PEOPLE = re.compile(r"\b\d+\s+(?:[\w\-]+\s+){0,2}?" + _alt(PARTICIPANT_NOUNS) + r"\b", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[;]|\.(?!\d)")
_N_EQUALS = re.compile(r"\bn\s*[=:]\s*\d", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_ASSIGNMENT = frozenset(re.sub(r"\s+", " ", c) for c in ASSIGNMENT_CUES)
_WEAK_SPLIT_CUES = frozenset(WEAK_SUBJECT_CUES) | {"treated"}
_FINITE_VERB_SET = frozenset(FINITE_VERBS)
#: the usual finite verbs, found in one scan (outside a relative clause)
_COMMON_FINITE = re.compile(r"(?<!who\s)(?<!that\s)(?<!which\s)\b(?:were|was|is|are|had|has|have)\b", re.IGNORECASE)
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
_ALPHA_WORD = re.compile(r"[A-Za-z]+")
_MAY_MONTH = re.compile(r"\s+(?:\d|of\b)")
_EVENT_WORDS = re.compile(r"\b" + _alt(EVENT_WORDS) + r"\b", re.IGNORECASE)
_LABEL = re.compile(r"\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?")

#: How far into a sentence (after its label) the number of a "near_start" rule may be: room for an
#: opening adverbial such as "Between January 2001 and December 2005, ".
NEAR_START = 90
_SPACES = frozenset(" \t\n\r\u00a0\u2009\u202f")

#: How far before its number the "before" part of a rule may start ("randomly assigned a total of ").
BEFORE_WINDOW = 48

#: Cap on the text size examined (a very long input is not an abstract; keep the cost bounded).
MAX_CHARS = 200_000
#: Minimum confidence for a value to be reported as a document-level N.
MIN_CONFIDENCE = 0.5
#: Plausible head counts; a count read without a participant noun must be at least MIN_N_NO_NOUN.
MIN_N, MAX_N, MIN_N_NO_NOUN = 2, 1_000_000, 10


def _inside_parentheses(sentence: str, pos: int) -> bool:
    depth = 0
    for ch in sentence[:pos]:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
    return depth > 0


def _has_number(text: str) -> bool:
    return _DIGIT_RUN.search(text) is not None or _WORD_START.search(text.lower()) is not None


def _has_target_word(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _TARGET_STEMS)


def _has_subset_word(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _SUBSET_STEMS)


def _has_finite_verb(sentence: str) -> bool:
    """A finite verb outside a relative clause ("who had ..."); "May" before a number is a month."""
    if _COMMON_FINITE.search(sentence):
        return True
    prev = ""
    for m in _ALPHA_WORD.finditer(sentence):
        word = m.group().lower()
        if word in _FINITE_VERB_SET and prev not in _RELATIVE_PRONOUNS and not (
                m.group() == "May" and _MAY_MONTH.match(sentence, m.end())):
            return True
        prev = word
    return False


def _allocation(at: re.Match) -> str:
    """What a number was "randomized to": parentheticals dropped, up to the end of its clause."""
    rest = at.group("rest")
    for _ in range(2):  # nested parentheses, inside out
        rest = _PARENTHETICAL.sub("", rest)
    cut = _CLAUSE_CUT.search(rest)
    return rest[:cut.start()] if cut else rest


def _between_keyword(sentence: str, where: dict, keywords: frozenset, end: int, limit: int) -> str | None:
    """The text from the last keyword before ``end`` to ``end``, within one clause; None if there is none."""
    best = -1
    for w in keywords.intersection(where):
        for p in where[w]:
            if best < p < end:
                best = p + len(w)
    if best < 0 or end - best > limit or _CLAUSE_BREAK.search(sentence, best, end):
        return None
    return sentence[best:end]


#: A noun phrase's modifier saying its people were only screened: "250 screened patients", "250 consecutively
#: assessed patients".
_SCREENED_MODIFIER = re.compile(r"(?i)\b(?:screened|approached|contacted|assessed)\b")


def _assess(sentence: str, m: re.Match, rule: dict, b: re.Match | None = None,
            between: str | None = None) -> tuple[str, float, str | None] | None:
    """Kind, confidence and cue of a rule match, or None when the context says it is no head count.

    ``b`` is what matched right before the number (rules with a "before" pattern), ``between`` the text
    from the rule's keyword to there."""
    n_start, n_end = m.span("n")
    raw = m.group("n")
    value = parse_number(raw)
    if value is None or not (MIN_N <= value <= MAX_N):
        return None
    if raw[0] == "0":  # "SWOG 0307": an identifier
        return None
    groups = m.re.groupindex
    has_noun = ("noun" in groups and m.group("noun") is not None
                or b is not None and "noun" in b.re.groupindex and b.group("noun") is not None)
    if rule.get("any_noun") or rule["name"] == "subject_passive_any_noun":
        if "np" in groups:  # a noun phrase: its head (last word) names what is counted
            words = _TOKEN.findall(m.group("np").lower())
            words = words[-1:] + [w for w in words if w in _QUANTITY_WORDS]
        else:  # everything between the number and the verb
            words = _TOKEN.findall(sentence[n_end:m.start("cue")].lower())
        if not words or not NON_PERSON_WORDS.isdisjoint(words):
            return None  # "included 12 randomized trials", "4,000 or more cells were randomized"
        has_noun = True
    if not has_noun and value < MIN_N_NO_NOUN:
        return None
    if rule.get("single_n") and len(_N_EQUALS.findall(sentence)) != 1:
        return None
    after = sentence[n_end:n_end + 60]
    m_start = b.start() if b is not None else m.start()
    before_match = sentence[max(0, m_start - 40):m_start]
    if between is None and "between" in groups:
        between = m.group("between")
    before_n = sentence[max(0, n_start - 40):n_start]
    if _UNIT_AFTER.match(after):
        return None
    # the checks on what precedes look at short windows: patterns anchored at their end ($) are tried
    # from every start position, so the window length is their cost
    if _BLOCK_BEFORE.search(before_match[-16:]) or _GROUP_BEFORE.search(before_n[-24:]):
        return None
    month = _MONTH_BEFORE.search(before_n[-20:])
    if month or 1900 <= value <= 2100 and (not has_noun or _YEAR_AFTER.match(after)):
        return None
    if _SUM_OR_RANGE_BEFORE.search(before_n[-12:]) or _SUM_AFTER.match(after):
        return None  # "191 + 191 patients", "between the ages of 40 and 69"
    if before_match.rstrip().endswith(_LIST_JOINERS) and _LIST_MEMBER_BEFORE.search(before_match):
        return None
    if "of" in before_n and _DENOMINATOR_BEFORE.search(before_n):  # "5 of 34 patients": 34 is a denominator
        return None
    if not rule.get("parens_ok") and _inside_parentheses(sentence, n_start):
        return None
    tail = sentence[n_end:n_end + 160]
    nm = _NOUN_TAIL.match(tail) if has_noun else None
    rest = tail[nm.end():] if nm else tail
    if not rule.get("pct_ok") and (_PCT_AFTER_NOUN.match(rest) or _PCT_AFTER_NOUN.match(tail)):  # "12 patients (40%)": a subset
        return None
    if _GROUP_AFTER.match(rest):  # "30 patients in each arm"
        return None

    if between and (_EVENT_WORDS.search(between) or _COUNT_OF_PEOPLE.search(between)):
        return None
    if "fixed" in rule:
        kind, conf = rule["fixed"]
        cue = None
        if kind == "enrolled" and has_noun and "noun" in groups and m.group("noun") and _SCREENED_MODIFIER.search(
                sentence, n_end, m.start("noun")):
            kind = "screened"  # "Out of 250 screened patients, 88 were eligible": those screened, not the study
    else:
        cue_match = m if "cue" in groups and m.group("cue") else b
        cue = _WHITESPACE.sub(" ", cue_match.group("cue").lower())
        kind, conf = _CUE_LOOKUP[rule["cues"]].get(cue, ("other", 0.0))
        if cue.startswith("were "):  # "were randomly assigned": the same cue for the checks below
            cue = cue[5:]
        if conf <= 0:
            return None
    if kind == "enrolled":
        after_match = sentence[m.end():m.end() + 240]
        number_follows = _has_number(after_match[:200])
        if number_follows and cue in _ASSIGNMENT and _SPLIT_AFTER.match(after_match):
            return None  # "61 patients were allocated to A and 68 to B": an arm's count
        if (number_follows and (cue in _WEAK_SPLIT_CUES or _WEAK_VERB_AFTER.match(after_match))
                and _SPLIT_WEAK_AFTER.match(after_match)):
            return None
        if cue in _ASSIGNMENT:
            at = _ASSIGN_TO.match(after_match)
            if at and len(_ARM_SIZE.findall(at.group("rest"))) < 2 and not _TOTAL_ALLOCATION.search(_allocation(at)):
                return None  # "40 were randomized to placebo": an arm's count
        if (_has_target_word(before_match) and _TARGET_BEFORE.search(before_match)
                or _TARGET_AFTER.match(sentence, m.end())
                or between and _TARGET_BEFORE.search(between)):
            # "a planned total of 200 patients", "200 patients were needed": the study's N only in a
            # protocol (see sample_sizes), never next to a count of people actually enrolled
            kind, conf = "target", min(conf, CONFIDENCE_TARGET)
    if not has_noun:
        conf -= PENALTIES["no_noun"]
    elif "noun" in groups and m.group("noun") and m.group("noun").lower() == "cases":
        conf -= PENALTIES["cases"]
    if _has_subset_word(before_match) and _SUBSET_BEFORE.search(before_match):
        if cue == "eligible" and kind == "enrolled":
            # "Ninety patients were enrolled. Of them, 88 were eligible": those kept for the analysis (the
            # evaluable N when it is smaller than the enrolment; see sample_sizes)
            kind = "eligible"
        elif kind != "evaluable":  # "41 were enrolled, of whom 39 were evaluable": evaluable is always a subset
            conf -= PENALTIES["subset_prefix"]
    if rule["name"] == "of_the_n_verb" and conf < 0.8 and sentence[m_start:m_start + 2].lower() in ("in", "wi"):
        return None  # "rates in 1031 patients treated without X": a comparison, not the study
    if kind == "enrolled" and _SUMMARY_BEFORE.fullmatch(sentence, 0, n_start):
        conf += BONUSES["summary"]
    if _DEFINITE_OF_BEFORE.fullmatch(sentence, 0, n_start):
        conf -= PENALTIES["definite_of"]  # "Of the 20 patients who ...": a set already introduced
    if "fixed" in rule and kind == "enrolled" and _NOT_ENROLMENT_AFTER.match(rest):
        return None  # "A total of 134 women completed follow-up"
    return kind, round(conf, 3), cue


def _candidates(text: str, lower: str, sentence_starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of every number in ``text``: digits, and number words (``lower`` is ``text``
    lower-cased, same length), in text order."""
    found = [m.span() for m in _DIGIT_SCAN.finditer(text)]
    covered = -1
    word = _WORD_CANDIDATE.match
    for tok in _WORD_START.finditer(lower):
        pos = tok.start()
        if pos >= covered:
            m = word(text, pos)
            if m:
                found.append(m.span())
                covered = m.end()
    for start in sentence_starts:  # "ResultsEighty patients": a number word glued to a section label
        tok = _RUN_ON_LABEL.match(text, start)
        m = tok and word(text, tok.end())
        if m:
            found.append(m.span())
    found.sort()
    return found


def find_mentions(text: str) -> list[Mention]:
    """Every sample-size mention found in ``text`` (all kinds), in text order."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_CHARS]
    best: dict[tuple[int, int], Mention] = {}
    described: dict[tuple[int, int], Mention] = {}  # numbers an adjective calls evaluable ("20 evaluable patients")
    lower_text = text.lower()
    if len(lower_text) != len(text):  # case folding changed offsets (rare scripts): fold ASCII only
        lower_text = text.translate(_ASCII_LOWER)
    spans = split_sentences(text)
    numbers = _candidates(text, lower_text, [start for start, _ in spans])
    if not numbers:
        return []
    positions = [start for start, _ in numbers]
    first_start = spans[0][0] if spans else 0
    unit_after = _UNIT_AFTER.match
    for s_start, s_end in spans:
        lo, hi = bisect.bisect_left(positions, s_start), bisect.bisect_left(positions, s_end)
        if lo == hi:
            continue
        # numbers directly followed by a unit ("12 mg", "34%") open no rule
        heads = [start - s_start for start, end in numbers[lo:hi] if not unit_after(text, end, s_end)]
        if not heads:
            continue
        # rules that start at a number go on with a space after it ("42 patients", "42 (80%) of")
        spaced = [start - s_start for start, end in numbers[lo:hi]
                  if end < s_end and text[end] in _SPACES and not unit_after(text, end, s_end)]
        sentence = text[s_start:s_end]
        lower = lower_text[s_start:s_end]
        where: dict[str, list[int]] = {}
        for w in _INDEX_WORD.finditer(lower):
            where.setdefault(w.group(), []).append(w.start())
        body = -1
        active = set(_UNGATED)
        for w in where:
            if w in _RULES_BY_WORD:
                active |= _RULES_BY_WORD[w]
        for index in sorted(active):
            rule, rx, keywords, prefilter, starts, anchor, first_only, verbless, near_start, before = _RULE_TABLE[index]
            if first_only and s_start != first_start:
                continue
            if anchor == "number":
                numbers_here = heads if rule.get("closed") else spaced  # "(n = 42) were": a bracket follows
                if keywords and rule.get("cue_before"):  # the cue precedes the number
                    first = min(where[w][0] for w in keywords.intersection(where))
                    numbers_here = [pos for pos in numbers_here if pos > first]
                elif keywords:  # the cue follows the number: numbers after the last cue open nothing
                    last = max(where[w][-1] for w in keywords.intersection(where))
                    numbers_here = [pos for pos in numbers_here if pos < last]
                if before is None:
                    matches = [rx.match(sentence, pos) for pos in numbers_here]
                else:
                    matches = []
                    for pos in numbers_here:
                        b = before.search(sentence, max(0, pos - rule.get("window", BEFORE_WINDOW)), pos)
                        if b is not None:
                            m = rx.match(sentence, pos)
                            if m is not None:
                                matches.append((m, b))
            elif anchor == "start":
                if body < 0:
                    body = _LABEL.match(sentence).end()
                if near_start and heads[0] > body + NEAR_START:
                    continue
                if prefilter is not None and not prefilter.search(sentence):
                    continue
                matches = (rx.match(sentence, body), rx.match(sentence, 0) if body else None)
            else:
                if prefilter is not None and not prefilter.search(sentence):
                    continue
                if starts:
                    matches = [rx.match(sentence, p) for w in starts if w in where for p in where[w]]
                else:
                    matches = rx.finditer(sentence)
            for m in matches:
                b = None
                if type(m) is tuple:
                    m, b = m
                if m is None or m.group("n") is None:
                    continue
                if verbless and _has_finite_verb(sentence):
                    continue
                between = None
                if b is not None and rule.get("between_from_keyword"):
                    between = _between_keyword(sentence, where, keywords, b.start(), rule["between_from_keyword"])
                    if between is None:
                        continue
                assessed = _assess(sentence, m, rule, b, between)
                if assessed is None:
                    continue
                kind, conf, cue = assessed
                start, end = s_start + m.start("n"), s_start + m.end("n")
                key = (start, end)
                mention = Mention(kind, parse_number(m.group("n")), start, end, sentence.strip(), conf, rule["name"], cue)
                if key not in best or best[key].confidence < conf:
                    best[key] = mention
                if kind == "evaluable" and rule["name"] == "adjective":
                    described[key] = mention
    # "Twenty evaluable patients ... were enrolled": one number, both the enrolled and the evaluable count as written
    extra = [m for key, m in described.items() if best[key].kind == "enrolled"]
    return sorted([*best.values(), *extra], key=lambda x: (x.start, -x.confidence))


def _choose(mentions: list[Mention], kind: str) -> int | None:
    cands = [m for m in mentions if m.kind == kind]
    if not cands:
        return None
    score: dict[int, float] = {}
    first: dict[int, int] = {}
    for m in cands:
        # agreement between mentions of the same value raises confidence a little
        score[m.value] = max(score.get(m.value, 0.0), m.confidence) + (0.03 if m.value in score else 0.0)
        first.setdefault(m.value, m.start)
    value = max(score, key=lambda v: (round(score[v], 6), -first[v]))
    return value if score[value] >= MIN_CONFIDENCE else None


def _is_protocol(text: str, mentions: list[Mention]) -> bool:
    """True when ``text`` reads as a protocol or design paper: it counts nobody who actually took part.

    Then the planned sample size is the study's N (a curator lists a protocol with its target);
    next to any count of real participants, an enrolment told in the past tense, or results
    (P values, confidence intervals, hazard or odds ratios), it is not.
    """
    if any(m.kind not in ("target",) for m in mentions):
        return False
    text = text[:MAX_CHARS]
    return not _ENROLMENT_DONE.search(text) and not _RESULTS_REPORTED.search(text)


def sample_sizes(text: str) -> SampleSizes:
    """Patients enrolled and evaluable as written in ``text`` (an abstract), with evidence.

    An "analysed" count ("data from 161 patients were analysed") is the study's N when no
    enrolment is written, and the evaluable N when a larger enrolment is. So is an "eligible" count
    told of a set already introduced ("Of them, 88 were eligible"), when no evaluable count is written.
    """
    if not isinstance(text, str):
        return SampleSizes()
    try:
        mentions = find_mentions(text)
    except Exception:  # a pure extractor never raises on odd input  # pragma: no cover
        return SampleSizes()
    enrolled = _choose(mentions, "enrolled")
    evaluable = _choose(mentions, "evaluable")
    if enrolled is None:
        enrolled = _choose(mentions, "analysed")
    elif evaluable is None:
        evaluable = _choose([m for m in mentions if m.kind == "analysed" and m.value < enrolled], "analysed")
        if evaluable is None:  # "... were enrolled. Of them, 88 were eligible"
            evaluable = _choose([m for m in mentions if m.kind == "eligible" and m.value < enrolled], "eligible")
    if enrolled is None and evaluable is None and _is_protocol(text, mentions):
        enrolled = _choose(mentions, "target")
    return SampleSizes(n_enrolled=enrolled, n_evaluable=evaluable, evidence=mentions)


# ===========================================================================
# Per-arm sizes: "randomly assigned to A (n = 18) or B (n = 15)"
# ===========================================================================
# The grammar is in extractors.grammar (labels "arm_size_*"). A size is read only where one sentence gives the
# sizes of two or more arms side by side (a parallel construction), so a subgroup's or a single cohort's count
# is not taken for an arm; the phrase naming each arm is resolved to an arm by the caller (``attach_arm_counts``).

#: What listed sizes count, from the sentence's words (``_count_kind``): events ("214 events occurred (A, n = 96;
#: B, n = 118)"), an allocation ("397 (198 A and 199 B) were randomized and qualified for the analyses"), a result for
#: each arm, evaluable patients.
_EVENT_VERBS = r"(?<!-)\b(?:developed|experienced|died|occurred|relapsed|progressed|achieved|suffered|reported)\b"
_ARM_EVENT_CUE = re.compile(
    r"(?i)\bevents?\b|\bdeaths?\b|\bdied\b|\boccurred\b|\brelapse|\brecurrence|\bfracture|\bincidence\b|\btoxicit|"
    r"\badverse\b|\bresponders?\b|\bsurviv(?:ed|ing|ors?)\b|\balive\b|"
    r"\bcomplications?\b|\binfections?\b|\bnumber of (?!patients|women|participants|subjects)|" + _EVENT_VERBS)
#: A result told for each arm: its bracketed sizes are the arms' analysed patients ("Median OS was 15 months for A
#: (n = 554) and 14 months for B (n = 548)"), unless the sentence is about a subset of them ("median age" or "median
#: follow-up" describe the patients, they are no result).
_ARM_RESULT_CUE = re.compile(r"(?i)\bmedian\b(?!\s+(?:age|follow))|\bPFS\b|\bOS\b|\bhazard\b|\bodds\b|\bCBR\b|\bORR\b|\bpCR\b|\bresponse|"
                             r"\brates?\b|\bprogress|\bsurvival\b")
_SUBSET_CUE = re.compile(
    r"(?i)\bsub(?:group|set|population)s?\b|\bamong\b|\b(?:pre|post|peri)menopausal\b|-(?:positive|negative)\b|"
    r"\b(?:patients|women|men|those) (?:with|who|aged|older|younger)\b|\bcohort\b|\bstratum\b")
#: Verbs that make the sizes before them counts of events: "1 in the A arm and 13 in the B arm developed a thrombosis".
_ARM_EVENT_AFTER = re.compile(_EVENT_VERBS, re.IGNORECASE)
_ARM_ALLOCATION_CUE = re.compile(
    r"(?i)randomi[sz]|randomly|\bassigned\b|\ballocated\b|\bdivided\b|\benrol|\bincluded\b|\brecruited\b|\baccrued\b|"
    r"\bregistered\b|\bentered\b|\breceived\b|\btreated\b|\bunderwent\b|\bconsisted\b|\bcomprised\b|\bcontained\b|"
    r"\bdistributed\b|intention[- ]to[- ]treat|\bITT\b")
_ARM_EVALUABLE_CUE = re.compile(
    r"(?i)evaluable|assessable|analy[sz]|\bsafety\b|\bavailable\b|\bcompleted\b|\bqualified\b|per[- ]protocol")
#: A bracketed size right after a percentage counts the patients with an event: "23% (n = 45) in the X group".
_PCT_BEFORE = re.compile(r"%\s*$")
#: Where the phrase naming the first arm of a list begins: after the last of these words.
_LIST_OPENER = re.compile(r"(?i)(?:\b(?:to|into|receive|receiving|either|between|among|or|and|versus|vs\.?|with)\b|[,;:(\[])\s*")
#: Confidence of each reading (an allocation list is the surest; a result's denominator the least).
ARM_COUNT_CONFIDENCE: dict[str, float] = {
    "arm_size_paren": 0.85, "arm_size_first": 0.85, "arm_size_item": 0.8, "arm_size_respectively": 0.85,
    "arm_size_of_n": 0.6, "arm_size_fraction": 0.55, "arm_size_group_had": 0.8, "arm_size_bare": 0.75, "arm_size_in_group": 0.8, "arm_size_clause": 0.8, "arm_size_named_group": 0.7,
    "arm_size_each": 0.75, "arm_size_given_in": 0.75, "arm_size_received_by": 0.75, "arm_size_of_assigned": 0.75,
}
#: Taken off when the sentence names no allocation (nor events nor evaluable patients) at all, or counts evaluable ones.
ARM_COUNT_UNKNOWN_PENALTY = 0.2


@dataclass(frozen=True)
class ArmCount:
    """The size of one arm as written, with the phrase that names the arm (offsets into the text read)."""

    phrase: str           # "drug A 10 mg daily", "the intervention", "DA+"
    phrase_start: int
    phrase_end: int
    value: int
    start: int            # offsets of the number
    end: int
    kind: str             # allocated | evaluable | material | rate | events | result | subset | target | unknown | denominator
    confidence: float
    rule: str
    group: int            # counts read from one construction share a group (one list of arms)
    defined_at: int | None = None  # a short name defined earlier, "A 120 mg (A120)": where its bracket opens
    order: int | None = None  # a 'respectively' list: the k-th of the arms its phrase names


#: An arm's letter or number in brackets right after the phrase that names it: "71 (51%) to drug B (group B)".
_LABEL_AFTER = re.compile(r"\s*\(\s*(?:arm|group|cohort)\s+[A-D1-4]\s*\)", re.IGNORECASE)

#: A plan, not what happened: the sizes are targets (a protocol), never an arm's n.
_ARM_TARGET_CUE = re.compile(r"(?i)\b(?:targets?|planned\s+(?:sample|total|enrol\w*|accrual|to)|sample\s+size|"
                             r"powered|\d+\s*%\s+power|aims?\s+to|(?:are|were|is|was|will\s+be)\s+(?:needed|required))\b(?!-)")
#: Where the clause of a list of sizes ends, for the event verbs after it.
_CLAUSE_AFTER_SIZES = re.compile(r"(?i);|\b(?:until|unless|before|after|when|if)\b")


def _count_kind(sentence: str, first: int, last: int, gaps: list[str]) -> str:
    """What sizes listed from ``first`` in ``sentence`` count, from the sentence's words (the cues above); ``gaps``
    are the words between each size and its arm's name ("31 deaths in the A group"); ``last`` is where the list ends.

    The nearest cue before the sizes decides ("with disease progression were randomized to A (n = 20) or ...":
    allocated; "Median OS was 9 months for A (n = 41) and ...": a result for each arm); an event verb right after
    them makes them events ("(74 A, 62 B) developed breast cancer"; not "until progressive disease occurred")."""
    if _ARM_TARGET_CUE.search(sentence):
        return "target"  # "The target sample size is 100 patients per group" (a protocol's arms "will be
        # randomized to A (n = 50) or B (n = 50)": the planned sizes are what a curator lists, as for the total)
    after = _CLAUSE_AFTER_SIZES.search(sentence, first, min(len(sentence), last + 40))
    if (_ARM_EVENT_AFTER.search(sentence, first, after.start() if after else min(len(sentence), last + 40))
            or any(_ARM_EVENT_CUE.search(g) for g in gaps)):
        return "events"
    at = {kind: max((m.start() for m in rx.finditer(sentence, 0, first)), default=-1)
          for kind, rx in (("events", _ARM_EVENT_CUE), ("allocated", _ARM_ALLOCATION_CUE), ("result", _ARM_RESULT_CUE),
                           ("evaluable", _ARM_EVALUABLE_CUE))}
    if at["evaluable"] > at["allocated"]:  # "evaluable for response (31 A and 26 B)"
        return "evaluable"
    nearest = max(("events", "allocated", "result"), key=lambda k: at[k]) if max(at.values()) >= 0 else None
    if nearest == "result":
        return "subset" if _SUBSET_CUE.search(sentence) else "result"
    if nearest == "events":
        return "events"
    if _ARM_ALLOCATION_CUE.search(sentence):
        return "allocated"
    if _ARM_EVALUABLE_CUE.search(sentence):
        return "evaluable"
    return "unknown"


def _phrase_start(sentence: str, lo: int, hi: int) -> int:
    """Where the phrase naming the first arm of a list, ending at ``hi``, begins: after the last list opener
    between ``lo`` and ``hi`` ("randomized to | drug A (n = 18)")."""
    last = lo
    for m in _LIST_OPENER.finditer(sentence, lo, hi):
        if m.end() < hi:
            last = m.end()
    return last


#: A rate's base, not a head count: "42.5 per 1000 women in the A group", "3 per 100 patient-years".
_RATE_BEFORE = re.compile(r"(?i)\bper\s*$")


def _is_year(sentence: str, start: int, value: int) -> bool:
    """'from August 1987 to March 1995 to A': a year, not a size."""
    before = sentence[max(0, start - 20):start]
    return 1900 <= value <= 2100 and bool(_MONTH_BEFORE.search(before) or _YEAR_BEFORE.search(before))


_YEAR_BEFORE = re.compile(r"(?i)\b(?:in|from|since|between|until|through|to|and)\s*$")


def _trimmed(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    """The span of a phrase without the list words and punctuation around it: " or drug B " -> "drug B"."""
    m = _LEAD_EDGE.match(sentence, lo, hi)
    lo = m.end() if m else lo
    while hi > lo and sentence[hi - 1] in " ,;:.\t\n":
        hi -= 1
    return lo, hi


_LEAD_EDGE = re.compile(r"(?i)(?:\s|\b(?:and|or|versus|vs\.?|to|into|with|either|receive|receiving)\b|[,;:.])+")


#: What groups the thousands of a number: "1,087", "1 087".
_GROUPING = re.compile(r"(?<=\d)[,\u00a0\u2009\u202f ](?=\d{3}(?!\d))")


def _sized(raw: str) -> int | None:
    """A head count written in digits ("1,087") or words ("forty-one"), else None."""
    value = parse_number(_GROUPING.sub("", raw)) if raw else None
    return value if value is not None and 1 <= value <= MAX_N else None


def arm_counts(text: str, sentences: list[tuple[int, int]] | None = None) -> list[ArmCount]:
    """Sizes of arms written side by side in one sentence of ``text``, each with the phrase naming its arm.

    >>> [(c.phrase, c.value) for c in arm_counts("Women were randomized to drug A (n = 18) or drug B (n = 15).")]
    [('drug A', 18), ('drug B', 15)]

    Speed: the numbers of the text are found once; a sentence with fewer than two is skipped, patterns that begin
    with a number are tried only where one begins, and the others only where their words occur.
    """
    from extractors.grammar import pattern

    if not isinstance(text, str) or not text:
        return []
    spans = sentences if sentences is not None else split_sentences(text)
    lower = text.lower()
    if len(lower) != len(text):
        lower = text.translate(_ASCII_LOWER)
    numbers = [start for start, _ in _candidates(text, lower, [])]
    out: list[ArmCount] = []
    group = 0
    for s, e in spans:
        lo_i, hi_i = bisect.bisect_left(numbers, s), bisect.bisect_left(numbers, e)
        if hi_i == lo_i or hi_i - lo_i < 2 and "=" not in text[s:e] and not _ONE_NUMBER_WORD.search(lower, s, e):
            continue  # lists need two numbers; one arm known by its name needs "(n = N)"; "25 per group" says all
        sentence = text[s:e]
        low = lower[s:e]
        at = [p - s for p in numbers[lo_i:hi_i]]

        def anchored(label: str) -> list[re.Match]:
            """Matches of a pattern that begins with a number, where one begins; none overlapping."""
            rx, got, end = pattern(label), [], -1
            for p in at:
                m = rx.match(sentence, p) if p >= end else None
                if m is not None:
                    got.append(m)
                    end = m.end()
            return got

        found: list[list[tuple]] = []  # lists of (phrase_start, phrase_end, n_start, n_end, value, rule, extra)
        # "A (n = 18) or B (n = 15)": the phrase of each runs from the previous size (or the list opener)
        parens = [m for m in pattern("arm_size_paren").finditer(sentence)
                  if not _PCT_BEFORE.search(sentence, 0, m.start())] if "(" in sentence else []
        if len(parens) >= 2:
            items, prev = [], 0
            for k, m in enumerate(parens):
                g = "n" if m.group("n") else "n2"
                if g == "n2" and not _ARM_ALLOCATION_CUE.search(sentence):
                    items = []  # "(14 patients)" in a sentence that allocates nobody: a count of events
                    break
                value = _sized(m.group(g))
                lo = prev if k else _phrase_start(sentence, 0, m.start())
                if m.group("label"):  # "(DA+; n = 615)": the label names the arm when the phrase does not
                    items.append((lo, m.start(), m.start(g), m.end(g), value, "arm_size_paren", m.span("label")))
                else:
                    items.append((lo, m.start(), m.start(g), m.end(g), value, "arm_size_paren", None))
                prev = m.end()
            if items:
                found.append(items)
        # "randomized to A (34) or the control arm (17)": bare numbers, read only as an allocation (below)
        if len(parens) < 2 and "(" in sentence and _BARE_ALLOCATION.search(sentence):
            bares = list(pattern("arm_size_bare").finditer(sentence))
            if len(bares) >= 2:
                items, prev = [], _phrase_start(sentence, 0, bares[0].start())
                for m in bares:
                    items.append((prev, m.start(), m.start("n"), m.end("n"), _sized(m.group("n")), "arm_size_bare", None))
                    prev = m.end()
                found.append(items)
        # "the control group (n = 28)": one arm known by its name; each is a list of one
        if "(" in sentence and "=" in sentence and len(parens) < 2:
            for m in pattern("arm_size_named_group").finditer(sentence):
                found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                               "arm_size_named_group", None)])
        # "(32 women per arm)": every arm's size; a list of one whose phrase names no arm
        if "each" in low or "per " in low:
            for m in (*anchored("arm_size_each"), *pattern("arm_size_each_verb").finditer(sentence)):
                found.append([(m.start(), m.start(), m.start("n"), m.end("n"), _sized(m.group("n")), "arm_size_each", None)])
        # "In 73 patients, A was administered ...", "The B regimen received by 34 patients": one arm per sentence
        if "given" in low or "administered" in low or "received by" in low:
            for label in _ALONE_RULES:
                if label == "arm_size_received_by" and not _RECEIVED_BY.search(sentence):
                    continue  # the pattern's verb is not there (a cheap check: the pattern is tried at every word)
                for m in pattern(label).finditer(sentence):
                    found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                                   label, None)])
        # "Of 511 patients randomised to A, 137 ...": one arm's size, the set a result is told of
        if "of " in low and ("randomi" in low or "assigned" in low or "allocated" in low):
            for m in pattern("arm_size_of_assigned").finditer(sentence):
                found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                               "arm_size_of_assigned", None)])
        # "(n = 35, A; n = 29, B)"
        firsts = list(pattern("arm_size_first").finditer(sentence)) if "=" in sentence else []
        if len(firsts) >= 2:
            found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                           "arm_size_first", None) for m in firsts])
        # "(198 A and 199 B)", "enrolled: A 440, B 438, and C 188"
        for lo, hi in _bracketed_lists(sentence):
            items = []
            for a, b in _list_items(sentence, lo, hi):
                if not items and not _DIGIT_OR_WORD.search(sentence, a, b):
                    continue  # a lead-in before the sizes: "(local recurrences or deaths; A, n = 96; B, n = 118)"
                m = pattern("arm_size_item").fullmatch(sentence, a, b)
                if m is None or m.group("name2") and _NUMBERED_NAME.fullmatch(m.group("name2")):
                    items = []  # "(n = 439, group 1)": the number names the arm ("group 1"), it counts nobody
                    break
                g, name = ("n", "name") if m.group("n") else ("n2", "name2")
                items.append((m.start(name), m.end(name), m.start(g), m.end(g), _sized(m.group(g)), "arm_size_item", None))
            if len(items) >= 2:
                found.append(items)
        # "23 patients in the A arm and 24 patients in the B arm": events told after the sizes count too
        # ("1 in the A arm and 13 in the B arm developed a thrombosis")
        ins = anchored("arm_size_in_group") if ("group" in low or "arm" in low or "cohort" in low) else []
        if len(ins) >= 2:
            found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                           "arm_size_in_group", None) for m in ins])
        # "580 intervention and 655 control women completed ...": one noun after the last item
        for m in anchored("arm_size_noun_list") if " and " in low else ():
            items = []
            for a, b in _list_items(sentence, m.start("list"), m.end("list")):
                it = pattern("arm_size_item").fullmatch(sentence, a, b)
                if it is None or not it.group("n"):
                    items = []
                    break
                items.append((it.start("name"), it.end("name"), it.start("n"), it.end("n"), _sized(it.group("n")),
                              "arm_size_item", None))
            if len(items) >= 2:
                found.append(items)
        # "The A arm had 52 assessable patients; the B arm had 51 assessable patients"
        hads = list(pattern("arm_size_group_had").finditer(sentence)) if len(ins) < 2 and (
            "group" in low or "arm" in low or "cohort" in low) else []
        if len(hads) >= 2:  # each arm's name: the words before its 'arm' / 'group', back to the previous size
            items, prev = [], 0
            for m in hads:
                items.append((_phrase_start(sentence, prev, m.start()), m.end("head"), m.start("n"), m.end("n"),
                              _sized(m.group("n")), "arm_size_group_had", None))
                prev = m.end()
            found.append(items)
        # "61 patients were allocated to A and 68 to B", "103 received A; 104 received B"
        clauses = anchored("arm_size_clause")
        if clauses and "did not" in low:  # "... received A and 1,634 did not": the other arm (``_complement``)
            clauses = sorted(clauses + anchored("arm_size_did_not"), key=lambda m: m.start())
        pcts = [float(m.group("pct")) for m in clauses if m.group("pct")]
        if pcts and not (len(pcts) == len(clauses) and abs(sum(pcts) - 100) <= 1.5):
            # "65 (3.4%) in the A arm and 31 (1.6%) in the B arm": shares of the arms, not their sizes
            clauses = [m for m in clauses if not m.group("pct")]
        if len(clauses) >= 2:
            found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                           "arm_size_clause", None) for m in clauses])
        # "271 and 278 patients received A and B, respectively", "the A and B groups consisted of 22 and 21
        # patients, respectively": the names are split by the caller
        for m in ((*anchored("arm_size_respectively"), *pattern("arm_size_named_respectively").finditer(sentence))
                  if "respectively" in low or "groups" in low or "arms" in low else ()):
            if "names" in m.re.groupindex:
                n0, n1 = m.span("names")
            else:  # the names are the clause before: "The A and B groups consisted of ..."
                n0, n1 = max(sentence.rfind(";", 0, m.start()), sentence.rfind(":", 0, m.start())) + 1, m.start()
            nums = list(_LIST_NUMBER.finditer(m.group("ns")))
            items = [(n0, n1, m.start("ns") + x.start(), m.start("ns") + x.end(),
                      _sized(x.group()), "arm_size_respectively", k) for k, x in enumerate(nums)]
            found.append(items)
        # "A (7/71) and B (7/73)", "51.5% (33 of 64) for group 1 and 47.2% (26 of 55) for group 2"
        if ("/" in sentence or "of" in low) and ("(" in sentence or "[" in sentence):
            items = _fraction_items(sentence, pattern)
            if len(items) >= 2:
                found.append(items)
        # "2/23 patients treated with A ... 3/24 patients treated with B"
        ofs = anchored("arm_size_of_n") if ("of" in low or "/" in sentence or "among" in low) else []
        if len(ofs) >= 2:
            found.append([(m.start("name"), m.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")),
                           "arm_size_of_n", None) for m in ofs])
        for items in found:
            items = [i for i in items if i[4] is None or not _is_year(sentence, i[2], i[4])]
            if len(items) < (1 if items and items[0][5] in _SINGLE_RULES else 2) or any(i[4] is None for i in items):
                continue
            group += 1
            rule = items[0][5]
            gaps = [sentence[i[3]:i[0]] for i in items if i[0] > i[3]]
            first, last = min(i[2] for i in items), max(max(i[1], i[3]) for i in items)
            if rule == "arm_size_fraction":  # a result's denominators, unless the result is a subset's
                kind = "subset" if _SUBSET_CUE.search(sentence) else "target" if _ARM_TARGET_CUE.search(sentence) \
                    else "denominator"
            else:
                kind = "denominator" if rule == "arm_size_of_n" else _count_kind(sentence, first, last, gaps)
            if rule == "arm_size_bare" and kind != "allocated":
                continue  # a bare bracketed number is a size only where the sentence allocates
            if kind == "evaluable" and _MATERIAL_CUE.search(sentence):
                kind = "material"  # samples of the arms' patients, not the arms
            if any(_RATE_BEFORE.search(sentence, 0, i[2]) for i in items):
                kind = "rate"  # "42.5 per 1000 women in the A group": a rate's base
            conf = ARM_COUNT_CONFIDENCE[rule] - (ARM_COUNT_UNKNOWN_PENALTY if kind in ("unknown", "result", "evaluable") else 0.0)
            for p0, p1, n0, n1, value, rule, extra in items:
                if rule == "arm_size_paren" and extra is not None:  # the bracket's own label, tried first
                    out.append(ArmCount(sentence[extra[0]:extra[1]], s + extra[0], s + extra[1], value, s + n0, s + n1,
                                        kind, conf, rule, group))
                order = extra if rule == "arm_size_respectively" else None  # resolved in order by the caller
                p0, p1 = _trimmed(sentence, p0, p1)
                label = _LABEL_AFTER.match(sentence, p1)
                if label and rule != "arm_size_paren":  # "71 to B (group B)": the arm's label right after its phrase
                    p1 = label.end()
                out.append(ArmCount(sentence[p0:p1], s + p0, s + p1, value, s + n0, s + n1, kind, conf, rule, group,
                                    _definition(text, sentence[p0:p1], s + p0), order))
    return out


#: The verbs of an allocation, for sizes written as bare bracketed numbers ("randomized to A (34) or B (17)").
_BARE_ALLOCATION = re.compile(r"(?i)randomi[sz]ed\s+(?:to|into|in)|(?:assigned|allocated|divided)\s+(?:to|into)")

#: Right before a bracketed fraction whose arm is named before it: a word ("the placebo group (7/73)"), not a value
#: ("51.5% (33 of 64)": its arm is named after it, or in a 'respectively' list).
_WORD_BEFORE = re.compile(r"[A-Za-z][\w\-+/]*\s*$")


def _fraction_items(sentence: str, pattern) -> list[tuple]:
    """The bracketed fractions of ``sentence`` ("(7/71)", "(33 of 64)") with the phrase naming each one's arm: the
    words right after it ("for group 1", "of the women in the A group") when every fraction has them, else the
    phrase before it when every fraction follows a word ("A (7/71) and the B group (7/73)"); else none."""
    fracs = list(pattern("arm_size_fraction").finditer(sentence))
    if len(fracs) < 2:
        return []
    after = [pattern("arm_size_fraction_after").match(sentence, m.end()) for m in fracs]
    if all(after):
        return [(a.start("name"), a.end("name"), m.start("n"), m.end("n"), _sized(m.group("n")), "arm_size_fraction",
                 None) for m, a in zip(fracs, after)]
    if not all(_WORD_BEFORE.search(sentence, 0, m.start()) for m in fracs):
        return []
    items, prev = [], _phrase_start(sentence, 0, fracs[0].start())
    for m in fracs:
        items.append((prev, m.start(), m.start("n"), m.end("n"), _sized(m.group("n")), "arm_size_fraction", None))
        prev = m.end()
    return items


#: The numbers of a list of sizes, in digits or words: "40, 41 and 39", "Forty-one and thirty-eight".
_LIST_NUMBER = re.compile(rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+|\b(?:{WORD_NUMBER_PATTERN})\b", re.IGNORECASE)

#: Words of a size said of every arm ("Twenty-five patients per group") or of one arm alone ("received by 34
#: patients", "Of the 40 women assigned to A"): one number is enough to read.
_ONE_NUMBER_WORD = re.compile(r"\b(?:each|per|received\s+by|given|administered)\b|\bof\s+(?:the\s+|all\s+)?[\w\-]+\s+"
                              r"(?:patients|women|men|participants|subjects)\s+(?:who\s+were\s+)?(?:randomly\s+)?"
                              r"(?:randomi|assigned|allocated)")
#: Rules of a size told alone, one sentence per arm (attach_arm_counts keeps them only when they add up to the total).
_ALONE_RULES = frozenset({"arm_size_given_in", "arm_size_received_by"})
#: What every match of extractors.grammar "arm_size_received_by" holds: its verb, a count and the patients.
_RECEIVED_BY = re.compile(rf"(?:received\s+by|given\s+to|administered\s+to)\s+(?:[\d,]+|{WORD_NUMBER_PATTERN})\s+"
                          r"(?:patients|women|men|participants|subjects)\b", re.IGNORECASE)

#: Rules read alone, not as a list of two or more sizes.
_SINGLE_RULES = frozenset({"arm_size_named_group", "arm_size_each", "arm_size_given_in", "arm_size_received_by",
                           "arm_size_of_assigned"})

#: A short name an arm may be given in brackets after its regimen: "TOR120", "EXE", "CP-CEF".
_SHORT_NAME = re.compile(r"[A-Za-z][\w+\-/]{0,11}")


def _definition(text: str, phrase: str, before: int) -> int | None:
    """Where ``text`` defines the short name ``phrase`` before offset ``before``: "toremifene 120 mg (TOR120)"."""
    name = _PHRASE_EDGES.sub("", phrase)
    if not _SHORT_NAME.fullmatch(name):
        return None
    m = re.search(r"\(\s*" + re.escape(name) + r"\s*[);,]", text[:before])
    return m.start() if m else None


#: Brackets or a colon-led tail holding a list of arm sizes: "(198 A and 199 B)", ": A 440, B 438, and C 188."
_LIST_SPAN = re.compile(r"\(((?:[^()]|\([^()\d]{1,15}\)){3,160})\)|\b(?:enrol(?:l?ed)?|randomi[sz]ed|assigned|allocated|included|treated|recruited|accrued|"
                        r"registered|entered|divided|groups)\s*:\s*((?:[^:;()]|\([^()\d]{1,15}\)){3,160}?)\s*(?:[.;]|$)", re.IGNORECASE)
_DIGIT_OR_WORD = re.compile(rf"\d|\b{WORD_NUMBER_PATTERN}\b", re.IGNORECASE)
#: A name whose number only tells which one it is: "group 1", "arm 2", "cohort 3", "stage 4".
_NUMBERED_NAME = re.compile(r"(?i)\s*(?:the\s+)?(?:arm|group|cohort|stage|grade|phase|step|part|level)s?\s*")
_LIST_SPLIT = re.compile(r"\s*(?:,(?!\d{3}\b)\s*(?:and\s+)?|\band\b)\s*")  # not "1,640"
_LIST_SPLIT_SEMICOLON = re.compile(r"\s*;\s*(?:and\s+)?")


def _bracketed_lists(sentence: str) -> list[tuple[int, int]]:
    """Spans of the brackets and colon-led tails of ``sentence`` that may list arm sizes (two digits, no %)."""
    out = []
    for m in _LIST_SPAN.finditer(sentence):
        g = 1 if m.group(1) is not None else 2
        if sum(ch.isdigit() for ch in m.group(g)) >= 2 and "%" not in m.group(g):
            out.append(m.span(g))
    return out


def _list_items(sentence: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The items of a list: split at semicolons when it has any ("A, 482; B, 238"), else at commas and "and"."""
    items, start = [], lo
    split = _LIST_SPLIT_SEMICOLON if ";" in sentence[lo:hi] else _LIST_SPLIT
    for m in split.finditer(sentence, lo, hi):
        if m.start() > start:
            items.append((start, m.start()))
        start = m.end()
    if start < hi:
        items.append((start, hi))
    return items


#: Kinds of size that are an arm's n (allocated or treated as written), best first; event counts never are. An
#: evaluable count ("249 were evaluable, with 122 women in the A arm and 127 in the B arm") is the arm's n only when
#: the text gives that arm no other size: the labels then take the size written (as "A arm n = 220 (evaluable)").
ARM_N_KINDS: dict[str, int] = {"allocated": 4, "unknown": 3, "result": 2, "denominator": 1, "evaluable": 0}
#: What an evaluable count counts when it is not patients: "Tumour samples from 57 patients were analysed (...)".
_MATERIAL_CUE = re.compile(r"(?i)\b(?:samples?|specimens?|tissues?|biops(?:y|ies)|blocks|questionnaires?|images|scans)\b")
#: Words around a phrase that do not name the arm: "or drug B", "the intervention", "on tamoxifen."
_PHRASE_EDGES = re.compile(r"(?i)^(?:\s|\b(?:and|or|versus|vs\.?|to|into|with|either|receive|receiving|the)\b|[,;:.])+|[\s,;:.]+$")
_NAME_SPLIT = re.compile(r"(?i)\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|\bversus\b|\bvs\.?)\s*")


def _arm_named(arms, regs, start: int, end: int, phrase: str, defined_at: int | None = None):
    """The arm a phrase names: by the regimen nearest its end (extractors.arms.match_arm), else by its name
    ('the control group', 'arm B', an alias; extractors.arms.arm_by_name). None when no single arm fits."""
    from extractors.arms import Arm, arm_by_name, arm_key, match_arm

    inside = [r for r in regs if start <= r.start < end]
    if not inside and defined_at is not None:  # the regimen the short name was given to
        inside = [r for r in regs if defined_at - 40 <= r.end <= defined_at]
    if inside:  # the regimen nearest the end that is an arm ("drug B (arm D)": D may be no arm's letter)
        for r in reversed(inside):
            a = match_arm(arms, arm_key(r))
            if a is not None:
                return a if not a.pooled else None
        return None
    name = _PHRASE_EDGES.sub("", phrase)
    if not name:
        return None
    for variant in (name, name + " group"):
        a = arm_by_name(arms, variant)
        if isinstance(a, Arm):
            return a
    return _arm_in_phrase(arms, name)


def _arm_in_phrase(arms, name: str):
    """The one arm whose name (not a drug's: those are found as regimens) the phrase holds as whole words:
    'external WBI' -> the arm 'WBI', 'the wait-list control' -> 'control'. None when none or several do."""
    low = name.lower()
    hits = [a for a in arms if not a.pooled and len(a.label) >= 2
            and re.search(r"(?<![\w-])" + re.escape(a.label.lower()) + r"(?![\w-])", low)]
    return hits[0] if len(hits) == 1 else None


def _alone_sizes(counts: list[ArmCount], arms: list, regs: list, total: int | None) -> list[ArmCount]:
    """The sizes told alone, one sentence per arm ("In 73 patients, A was administered"; "The B regimen received by 34
    patients"), when they name every arm once and add up to the study's ``total``; else none (a subset told so)."""
    real = [a for a in arms if not a.pooled]
    alone = [c for c in counts if c.rule in _ALONE_RULES and c.kind in ARM_N_KINDS and c.kind != "evaluable"]
    if total is None or len(real) < 2 or len(alone) != len(real):
        return []
    named = {id(_arm_named(arms, regs, c.phrase_start, c.phrase_end, c.phrase, c.defined_at)) for c in alone}
    if named != {id(a) for a in real} or sum(c.value for c in alone) != total:
        return []
    return alone


def attach_arm_counts(counts: list[ArmCount], arms: list, regs: list, total: int | None = None) -> list[tuple]:
    """(arm, ArmCount) for each arm whose size ``counts`` give: the phrase of each count is resolved to one of
    ``arms`` (extractors.arms.Arm) through the regimen mentions ``regs`` it holds or the name it gives. Evaluable
    and event counts are never an arm's n. A list whose items give one arm two different sizes says nothing of that arm
    ("every 4 weeks (n = 911) vs every 12 weeks (n = 911)", two schedules of one drug). Arms that already have
    an n keep it. Best per arm: allocation lists, then lists of unknown use, then results' denominators. Sizes told
    alone, one sentence per arm, count only when they add up to the study's ``total`` (``_alone_sizes``)."""
    counts = [c for c in counts if c.rule not in _ALONE_RULES] + _alone_sizes(counts, arms, regs, total)
    by_span: dict[tuple[int, int], tuple] = {}  # one arm per number (a bracket's label, else the phrase)
    real = [a for a in arms if not a.pooled]
    each = []  # (arm, count) of sizes said of every arm
    for c in counts:
        if c.kind not in ARM_N_KINDS or (c.start, c.end) in by_span:
            continue
        if c.rule == "arm_size_each":
            each.extend((a, c) for a in real if len(real) >= 2)
            continue
        if c.order is not None:
            a = _nth_arm(arms, regs, c.phrase_start, c.phrase_end, c.phrase, c.order,
                         sum(1 for x in counts if x.group == c.group))
        else:
            a = _arm_named(arms, regs, c.phrase_start, c.phrase_end, c.phrase, c.defined_at)
        if a is not None:
            by_span[(c.start, c.end)] = (a, c)
    _complement(counts, real, by_span, total)
    per_group: dict[tuple[int, int], set] = {}  # the sizes one list gives an arm: two different ones say nothing
    for a, c in by_span.values():
        per_group.setdefault((c.group, id(a)), set()).add(c.value)
    twice = _named_twice(counts, regs)
    best: dict[int, tuple] = {}
    for a, c in by_span.values():
        if a.n is not None or len(per_group[(c.group, id(a))]) > 1 or (c.start, c.end) in twice:
            continue
        rank = (ARM_N_KINDS[c.kind], c.confidence, -c.start)
        if id(a) not in best or rank > best[id(a)][0]:
            best[id(a)] = (rank, a, c)
    for a, c in each:  # the sizes the lists did not give
        if a.n is None and id(a) not in best:
            best[id(a)] = ((0, c.confidence, -c.start), a, c)
    return [(a, c) for _, a, c in sorted(best.values(), key=lambda x: x[2].start)]


def _complement(counts: list[ArmCount], real: list, by_span: dict, total: int | None) -> None:
    """A two-arm trial whose allocation names one arm and leaves the other to be understood: "2,056 of whom received
    A and 1,634 did not", "89 were assigned to A and the remaining 92 to standard care". When the two sizes add up to
    the study's ``total`` and one names an arm, the other is the other arm's (added to ``by_span``)."""
    if total is None or len(real) != 2:
        return
    groups: dict[int, dict] = {}
    for c in counts:
        if c.kind == "allocated":
            groups.setdefault(c.group, {})[(c.start, c.end)] = c
    named = {id(a) for a, _ in by_span.values()}
    for spans in groups.values():
        if len(spans) != 2 or sum(c.value for c in spans.values()) != total:
            continue
        known = [sp for sp in spans if sp in by_span]
        if len(known) != 1:
            continue
        other = next(a for a in real if a is not by_span[known[0]][0])
        if id(other) not in named:
            sp = next(sp for sp in spans if sp not in by_span)
            by_span[sp] = (other, spans[sp])
            named.add(id(other))


def _nth_arm(arms, regs, start: int, end: int, names: str, k: int, total: int):
    """The k-th of ``total`` arms a 'respectively' list names: its regimens in order, else its names split."""
    from extractors.arms import arm_key, match_arm

    found = []
    for r in regs:
        if start <= r.start < end:
            a = match_arm(arms, arm_key(r))
            if a is not None and not a.pooled and a not in found:
                found.append(a)
    if len(found) != total:  # "A and B": names without regimens ("the intervention and control groups")
        found = [_arm_named(arms, (), 0, 0, part) for part in _NAME_SPLIT.split(names) if part.strip()]
        found = found if all(found) and len({id(a) for a in found}) == len(found) else []
    return found[k] if len(found) == total else None


def has_arm_split(counts: list[ArmCount], regs: list) -> bool:
    """Whether one sentence lists the sizes of two or more treatments (the study is no single-arm study, even when
    only one of its arms is known): two items of one list name regimens with different drugs. A list of
    subgroups ("41 with tumour A and 95 with tumour B", "17 men, 3 women") is no split."""
    from extractors.arms import arm_key

    groups: dict[int, set] = {}
    for c in counts:
        if c.kind in ("allocated", "unknown"):
            keys = {arm_key(r) for r in regs if c.phrase_start <= r.start < c.phrase_end}
            if len(keys) == 1:
                groups.setdefault(c.group, set()).update(keys)
    return any(len(v) >= 2 for v in groups.values())


#: Rules whose counts each name their arm by the phrase alone (not a bracket's label, not a 'respectively' list).
_ONE_NAME_RULES = frozenset({"arm_size_first", "arm_size_item", "arm_size_clause", "arm_size_in_group", "arm_size_of_n",
                             "arm_size_named_group", "arm_size_fraction", "arm_size_group_had"})


def _named_twice(counts: list[ArmCount], regs: list) -> set[tuple[int, int]]:
    """Number spans of lists that name one regimen (the same drugs) for two different sizes: "40 received A weekly and
    39 received A every three weeks" (which size is which arm's is not known)."""
    from extractors.arms import arm_key

    keys: dict[tuple[int, frozenset], list] = {}
    for c in counts:
        if c.rule in _ONE_NAME_RULES:
            inside = [r for r in regs if c.phrase_start <= r.start < c.phrase_end]
            if len(inside) == 1:
                keys.setdefault((c.group, arm_key(inside[0])), []).append((c.start, c.end, c.value))
    # one size told twice for one arm ("3 of 41 in the A group ..., and 7 of 41 in the A group") is no contradiction
    return {(a, b) for spans in keys.values() if len({v for _, _, v in spans}) > 1 for a, b, _ in spans}


def vet_arm_sizes(counts: list[ArmCount], arms: list, regs: list) -> None:
    """Clear the n an arm was given (extractors.arms) from a number that ``counts`` read as an event or evaluable
    count ("214 events occurred (A, n = 96; B, n = 118)"), as the size of another arm ("(n = 35, A; n = 29, B)":
    29 is B's, not A's), or as a longer number ("n = 1 087" is not 1). ``attach_arm_counts`` then gives each arm the size that is its own."""
    held = {a.n_span: a for a in arms if a.n is not None and a.n_span is not None}
    if not held:
        return
    starts = {span[0]: a for span, a in held.items()}
    twice = _named_twice(counts, regs)
    for c in counts:
        part = starts.get(c.start)
        if part is not None and part.n is not None and c.value >= 1000 and part.n < c.value and \
                str(c.value).startswith(str(part.n)):  # "n = 1 087" read as 1: part of the number only
            part.n, part.n_span = None, None
        a = held.get((c.start, c.end))
        if a is None or a.n is None:
            continue
        if c.kind in ("events", "evaluable", "material", "rate", "subset", "target") or (c.start, c.end) in twice:
            # ("40 received A weekly and 39 received A every three weeks": which size is which arm's is unknown)
            a.n, a.n_span = None, None
        elif c.rule == "arm_size_first":
            # the size before its name ("n = 29, B"), not after the arm it follows
            if _arm_named(arms, regs, c.phrase_start, c.phrase_end, c.phrase, c.defined_at) is not a:
                a.n, a.n_span = None, None
    # an arm's size read beside a result ("For A (n = 190) and B (n = 192), toxicities were ...") yields to the size an
    # allocation list gives the same arm ("397 (198 A and 199 B) were randomized"): attach_arm_counts then gives it
    weak = {(c.start, c.end) for c in counts if c.kind in ("unknown", "result", "denominator")}
    if not weak:
        return
    named: dict[int, list] = {}  # group -> (arm, count) of its allocated items
    for c in counts:
        if c.kind == "allocated" and c.rule not in _SINGLE_RULES and c.order is None:
            named.setdefault(c.group, []).append(
                (_arm_named(arms, regs, c.phrase_start, c.phrase_end, c.phrase, c.defined_at), c))
    for items in named.values():
        for a, c in items:
            if a is not None and a.n is not None and a.n != c.value and a.n_span in weak and \
                    sum(x is a for x, _ in items) == 1:  # the list gives the arm one size
                a.n, a.n_span = None, None


# ===========================================================================
# Subgroup sizes: "Nine patients had limited and 7 had extensive disease"
# ===========================================================================
# A subgroup named by the values told of it ("median survival for patients with limited disease") often has its size
# told in another sentence, as a count of patients followed by what they had or were. The subgroup's first word
# names it: "limited disease" <- "9 patients had limited ...", "GI tract group" <- "in 18 patients (GI tract group)".

#: "9 patients had limited", "14 were chemo-naive", "18 (56%) had high-grade disease", "12 patients with bone ..."
_SUBGROUP_COUNT = re.compile(  # (?=...): what a match starts with (a digit, a number word, "in"), a cheap first check
    rf"(?=[\d{WORD_NUMBER_FIRST_LETTERS}i])(?P<n>{_NUM2})\s+(?:[(\[]\s*\d+(?:[.,·]\d+)?\s*%\s*[)\]]\s*)?(?:(?:patients|cases|subjects|women|men|pts)\s+)?"
    r"(?:[(\[]\s*\d+(?:[.,·]\d+)?\s*%\s*[)\]]\s*)?(?:had|were|presented\s+with)\s+(?:an?\s+)?(?P<what>[^\s,;.()]+)"
    # "in 18 patients (GI tract group)": the subgroup's name in brackets after the count
    rf"|\bin\s+(?P<n2>{_NUM2})\s+(?:patients|cases|subjects|women|men|pts)\s*\(\s*(?P<what2>[^\s,;()]+)",
    re.IGNORECASE,
)
#: Words a subgroup's name may open with that do not tell which subgroup it is.
_SUBGROUP_NAME_STOP = frozenset({"patients", "patient", "those", "the", "with", "who", "had", "in", "of", "all", "group",
                                 "subgroup", "cases", "women", "men", "a", "an"})
#: Confidence of a subgroup's size read this way (a count told apart from the subgroup's values).
SUBGROUP_COUNT_CONFIDENCE = 0.7


def _first_word(phrase: str) -> str | None:
    """The first word of ``phrase`` that tells a subgroup apart ("patients with limited disease" -> "limited")."""
    for w in re.findall(r"[\w\-+/]+", phrase.lower()):
        if w not in _SUBGROUP_NAME_STOP:
            return w if len(w) >= 2 else None
    return None


def subgroup_counts(text: str, names: list[str], total: int | None = None) -> dict[str, tuple[int, int, int]]:
    """(size, start, end of the number) of each subgroup in ``names`` whose size ``text`` tells as a count of patients
    followed by the subgroup's first word; a word two counts share, or a count not under the study's ``total``, is
    left out.

    >>> subgroup_counts("Nine patients had limited and 7 had extensive disease.", ["limited disease", "extensive disease"])
    {'limited disease': (9, 0, 4), 'extensive disease': (7, 30, 31)}
    """
    if not isinstance(text, str) or not names:
        return {}
    wanted = {}
    for name in names:
        w = _first_word(name)
        if w is not None:
            wanted.setdefault(w, []).append(name)
    if not wanted:
        return {}
    found: dict[str, set] = {}
    for m in _SUBGROUP_COUNT.finditer(text[:MAX_CHARS]):
        g = "n" if m.group("n") else "n2"
        what = _first_word(m.group("what") or m.group("what2") or "")
        value = _sized(m.group(g))
        if what in wanted and value is not None and (total is None or value < total):
            found.setdefault(what, set()).add((value, m.start(g), m.end(g)))
    out = {}
    for w, hits in found.items():
        if len({v for v, _, _ in hits}) == 1 and len(wanted[w]) == 1:
            out[wanted[w][0]] = min(hits, key=lambda h: h[1])
    return out
