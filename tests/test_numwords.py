"""Numbers written in digits or English words (extractors.numwords)."""

import re

import pytest

from extractors.numwords import NUMBER_PATTERN, NUMBER_RE, find_numbers, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("34", 34),
        ("1,011", 1011),
        ("12,500", 12500),
        ("Thirty-four", 34),
        ("thirty four", 34),
        ("THIRTY-FOUR", 34),
        ("twelve", 12),
        ("Sixty", 60),
        ("ninety-nine", 99),
        ("one hundred and two", 102),
        ("one hundred two", 102),
        ("a hundred", 100),
        ("a thousand", 1000),
        ("Two hundred", 200),
        ("Three-hundred fifty-one", 351),
        ("Hundred and forty-three", 143),
        ("one thousand and eleven", 1011),
        ("two thousand three hundred and forty-five", 2345),
        ("  seven  ", 7),
        ("zero", 0),
        ("16 000", 16000),
        ("27\u2009347", 27347),
        ("1 250 000", 1250000),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "3.5", "1,01", "34a", "first", "third", "a", "and", "one two", "twelve three",
        "thirty twelve", "one hundred two hundred", "forty and two", "patients", "-", "½",
        "trente-quatre", "vierunddreißig", "x" * 500, "16 00", "1 2", "12 345 6",
    ],
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("value", [None, 34, 3.5, b"34", ["34"]])
def test_parse_number_non_string(value):
    assert parse_number(value) is None


def test_find_numbers_spans_and_values():
    text = "Forty-two women and 1,250 men; a hundred controls, not 3.5 mg."
    found = list(find_numbers(text))
    assert [(n.value, n.text) for n in found] == [(42, "Forty-two"), (1250, "1,250"), (100, "a hundred")]
    for n in found:
        assert text[n.start:n.end] == n.text


@pytest.mark.parametrize(
    "text", ["several hundred patients", "a few hundred women", "hundreds of people", "p = 0.04", ""]
)
def test_find_numbers_no_whole_number(text):
    assert [n.value for n in find_numbers(text)] == []


def test_patterns_are_reusable():
    rx = re.compile(rf"(?P<n>{NUMBER_PATTERN})\s+patients", re.IGNORECASE)
    m = rx.search("In all, one hundred and six patients took part.")
    assert m and parse_number(m.group("n")) == 106
    assert NUMBER_RE.search("Eighty") is not None


def test_large_garbage_is_fast_and_safe():
    junk = ("zq%&*§ 7.7.7 ---" * 70000)[:1_000_000]
    assert isinstance(list(find_numbers(junk)), list)
