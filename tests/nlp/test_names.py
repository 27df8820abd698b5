"""The string rules behind entity merging (no spaCy needed)."""

from __future__ import annotations

import pytest

from newsgraph.nlp import names


def test_norm_ignores_case_spacing_periods_and_quote_style():
    assert names.norm("Donald  J. Trump") == names.norm("donald j trump")
    assert names.norm("Zelenskyy’s") == names.norm("zelenskyy's")
    assert names.norm("U.S.") == "us"


@pytest.mark.parametrize(
    ("text", "first", "middle", "last", "suffix"),
    [
        ("Donald J. Trump", "donald", ("j",), "trump", ""),
        ("Donald Trump Jr.", "donald", (), "trump", "jr"),
        ("Mr. Thomas Bach", "thomas", (), "bach", ""),
        ("Ludwig van Beethoven", "ludwig", (), "van beethoven", ""),
        ("Bach", "", (), "bach", ""),
    ],
)
def test_parse_person(text, first, middle, last, suffix):
    p = names.parse_person(text)
    assert p is not None
    assert (p.first, p.middle, p.last, p.suffix) == (first, middle, last, suffix)


def test_parse_person_rejects_lowercase_words():
    assert names.parse_person("the minister") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Thoms Bach", "Thomas Bach"),
        ("Dymtro Sharpar", "Dmytro Sharpar"),
        ("Donald J. Trump", "Donald Trump"),
        ("Hillary Rodham Clinton", "Hillary Clinton"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("J. Smith", "John Smith"),
        ("Ken Starr", "Kenneth Starr"),  # a short form of the given name
        ("Chuck Grassley", "Charles E. Grassley"),
        ("Joe Biden", "Joseph R. Biden"),
    ],
)
def test_same_person(a, b):
    assert names.same_person(names.parse_person(a), names.parse_person(b))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hillary Clinton", "Bill Clinton"),
        ("Hillary Clinton", "Chelsea Clinton"),
        ("John Smith", "Anna Smith"),
        ("Mark Jones", "Mary Jones"),  # one edit apart, but short names: different people
        ("Donald Trump", "Donald Trump Jr."),
        ("John Paul Smith", "John Mark Smith"),
        ("Thomas Bach", "Thomas Back"),  # surname of 4 letters: no typo tolerance
        ("Ted Cruz", "Rafael Cruz"),  # a short form of neither
        ("Joe Biden", "Joseph R. Biden Jr."),  # short form, but the suffix is part of the name
    ],
)
def test_different_people(a, b):
    assert not names.same_person(names.parse_person(a), names.parse_person(b))  # type: ignore[arg-type]


def test_acronyms_and_initials():
    assert names.is_acronym("IOC") and names.is_acronym("NOCs") and names.is_acronym("U.S.")
    assert not names.is_acronym("Bach") and not names.is_acronym("I")
    assert names.acronym_key("NOCs") == "NOC"
    assert names.acronym_key("U.S.") == "US"
    assert "IOC" in names.initials("International Olympic Committee")
    assert "FBI" in names.initials("Federal Bureau of Investigation")
    assert names.initials("Bach") == set()


def test_typo_needs_five_letters_and_one_edit():
    assert names.typo("thoms", "thomas")
    assert names.typo("dymtro", "dmytro")  # transposition
    assert not names.typo("mark", "mary")
    assert not names.typo("hillary", "hilton")


@pytest.mark.parametrize(
    ("a", "b", "short"),
    [
        ("Ken", "Kenneth", True),
        ("kenneth", "ken", True),  # either way round, any case
        ("Chuck", "Charles", True),
        ("Pete", "Peter", True),
        ("Sandy", "Sandra", True),
        ("Ivana", "Ivanka", False),
        ("Ted", "Ed", False),
        ("Bill", "Hillary", False),
    ],
)
def test_short_forms_of_given_names(a, b, short):
    assert names.is_short_form(a, b) is short
