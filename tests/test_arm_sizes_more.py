"""Per-arm sample sizes, more constructions (issue 12): evaluable counts when the text gives an arm no other size.
Every sentence here is written for the test."""
from __future__ import annotations

import pytest

from extractors import summarize

IRI, DOC = frozenset({"irinotecan"}), frozenset({"docetaxel"})
INTRO = "Patients with gastric cancer were randomly assigned to irinotecan or docetaxel. "


def _sizes(text: str, title: str | None = None) -> dict:
    s = summarize(title, text)
    return {frozenset(a["components"]) if a["components"] else a["regimen"]: a["n"] for a in s["arms"] if not a["pooled"]}


@pytest.mark.parametrize("sentence", [
    "In all, 57 patients were evaluable for response (31 irinotecan and 26 docetaxel).",
    "Safety data were available for 57 patients (irinotecan, n = 31; docetaxel, n = 26).",
    "Of 60 patients registered, 57 were assessable, with 31 patients in the irinotecan arm and 26 in the docetaxel arm.",
    "The efficacy analysis included 57 evaluable patients: 31 treated with irinotecan and 26 treated with docetaxel.",
])
def test_evaluable_sizes_are_the_arms_n_when_no_other_size_is_written(sentence):
    """The labels take the size written for an arm, evaluable when that is all the text says of it."""
    sizes = _sizes(INTRO + sentence)
    assert sizes[IRI] == 31
    assert sizes[DOC] == 26


@pytest.mark.parametrize("sentences", [
    "In all, 64 patients were randomized (33 irinotecan and 31 docetaxel). Overall, 57 were evaluable for response "
    "(31 irinotecan and 26 docetaxel).",
    "Overall, 57 were evaluable for response (31 irinotecan and 26 docetaxel). In all, 64 patients were randomized "
    "(33 irinotecan and 31 docetaxel).",
    "Sixty-four patients were assigned to irinotecan (n = 33) or docetaxel (n = 31); 31 and 26 of them, "
    "respectively, were assessable.",
])
def test_an_allocated_size_wins_over_an_evaluable_one(sentences):
    sizes = _sizes(INTRO + sentences)
    assert sizes[IRI] == 33
    assert sizes[DOC] == 31
