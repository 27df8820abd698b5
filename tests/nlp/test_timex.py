"""The rules of ``newsgraph.nlp.timex``: one small phrase per rule, with its value."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.nlp import timex
from newsgraph.nlp.timex import find

PUB = "2023-02-03"  # a Friday, ISO week 2023-W05


def found(text: str, published: str | None = PUB, tense: timex.Tense = None, strict: bool = False):
    return [(text[t.start : t.end], t.value) for t in find(text, published, tense, strict=strict)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute dates at the precision written
        ("24 February 2022", [("24 February 2022", "2022-02-24")]),
        ("Feb. 24, 2022", [("Feb. 24, 2022", "2022-02-24")]),
        ("the 3rd of February, 2021", [("3rd of February, 2021", "2021-02-03")]),
        ("2022-02-24", [("2022-02-24", "2022-02-24")]),
        ("July 2022", [("July 2022", "2022-07")]),
        ("late September 2016", [("late September 2016", "2016-09")]),
        ("summer 2022", [("summer 2022", "2022")]),
        ("the fall of 2010", [("the fall of 2010", "2010")]),
        ("in 2021", [("2021", "2021")]),
        ("late 2014", [("late 2014", "2014")]),
        ("1995 to 1997", [("1995", "1995"), ("1997", "1997")]),
        ("September 16-19", [("September 16-19", "2022-09")]),
        # relative to the publication date
        ("last June", [("last June", "2022-06")]),
        ("next March", [("next March", "2023-03")]),
        ("last week", [("last week", "2023-W04")]),
        ("this week", [("this week", "2023-W05")]),
        ("next week", [("next week", "2023-W06")]),
        ("last weekend", [("last weekend", "2023-W04")]),
        ("over the weekend", [("the weekend", "2023-W04")]),
        ("this month", [("this month", "2023-02")]),
        ("next month", [("next month", "2023-03")]),
        ("last month", [("last month", "2023-01")]),
        ("earlier this month", [("earlier this month", "2023-02")]),
        ("last year", [("last year", "2022")]),
        ("next year's", [("next year", "2024")]),
        ("the end of the year", [("the end of the year", "2023")]),
        ("yesterday", [("yesterday", "2023-02-02")]),
        ("tomorrow night", [("tomorrow night", "2023-02-04")]),
        ("last night", [("last night", "2023-02-02")]),
        ("today", [("today", "2023-02-03")]),
        ("on Tuesday", [("Tuesday", "2023-01-31")]),
        ("Friday", [("Friday", "2023-02-03")]),  # publication day itself
        ("Sunday morning", [("Sunday morning", "2023-01-29")]),
        ("early Sunday morning", [("early Sunday morning", "2023-01-29")]),
        ("last Friday", [("last Friday", "2023-01-27")]),
        ("next Monday", [("next Monday", "2023-02-06")]),
        ("Monday of last week's", [("Monday of last week", "2023-01-23")]),
        ("Sept. 11", [("Sept. 11", "2022-09-11")]),  # nearest Sept. 11
        ("Jan. 20", [("Jan. 20", "2023-01-20")]),
        ("since January", [("January", "2023-01")]),
        ("June 16th of last year", [("June 16th of last year", "2022-06-16")]),
        ("March of next year", [("March of next year", "2024-03")]),
        ("two years ago", [("two years ago", "2021")]),
        ("Twenty-two years ago", [("Twenty-two years ago", "2001")]),
        ("three months ago", [("three months ago", "2022-11")]),
        ("two weeks ago", [("two weeks ago", "2023-W03")]),
        ("five days ago", [("five days ago", "2023-01-29")]),
        ("last summer", [("last summer", "2022")]),
        ("this fall", [("this fall", "2023")]),
        ("Christmas", [("Christmas", "2022-12-25")]),
        # temporal, but no value in the schema's vocabulary or anchored elsewhere: None
        ("the 1990s", [("the 1990s", None)]),
        ("the early '80s", [("the early '80s", None)]),
        ("this century", [("this century", None)]),
        ("a few days ago", [("a few days ago", None)]),
        ("more than a year ago", [("more than a year ago", None)]),
        ("two years later", [("two years later", None)]),
        ("that year", [("that year", None)]),
        ("the day after", [("the day after", None)]),
        ("last winter", [("last winter", None)]),
        # spaCy extras trimmed, or two expressions in one span
        ("essay last week", [("last week", "2023-W04")]),
        ("Sunday's Sept. 11", [("Sunday", "2023-01-29"), ("Sept. 11", "2022-09-11")]),
        ("September 30th.https://t.co/x", [("September 30th", "2022-09-30")]),
        ("10 in 2000", [("2000", "2000")]),
        # not points in time: ages, durations, frequencies, vague words
        ("22-year-old", []),
        ("aged 25", []),
        ("43", []),
        ("six months", []),
        ("the past two weeks", []),
        ("the last week", []),
        ("hours", []),
        ("decades", []),
        ("daily", []),
        ("each year", []),
        ("recently", []),
        ("recent weeks", []),
        ("the 13th", []),  # no month: dateparser would invent the publication's month
    ],
)
def test_rule(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("24 February 2022", "2022-02-24"),
        ("July 2022", "2022-07"),
        ("summer 2022", "2022"),
        ("in 2021", "2021"),
        ("last June", None),
        ("last week", None),
        ("next year", None),
        ("yesterday", None),
        ("on Tuesday", None),
        ("Sept. 11", None),
        ("June", None),
        ("two years ago", None),
        ("Christmas", None),
    ],
)
def test_without_publication_date_only_absolute_expressions_resolve(
    text: str, value: str | None
) -> None:
    (t,) = find(text, None)
    assert t.value == value


def test_published_with_time_part_is_read_as_its_date() -> None:
    assert found("yesterday", "2023-02-03T10:00:00") == [("yesterday", "2023-02-02")]


def test_bare_month_follows_tense_hint() -> None:
    assert found("June") == [("June", "2023-06")]  # nearest: 4 months ahead vs 8 back
    assert found("June", tense="past") == [("June", "2022-06")]
    assert found("January", tense="future") == [("January", "2024-01")]


def test_weekday_follows_future_tense() -> None:
    assert found("Monday", tense="future") == [("Monday", "2023-02-06")]
    assert found("Monday") == [("Monday", "2023-01-30")]


def test_movable_us_holidays_are_computed() -> None:
    pub = "2016-09-20"
    assert found("Election Day", pub) == [("Election Day", "2016-11-08")]
    assert found("Labor Day", pub) == [("Labor Day", "2016-09-05")]
    assert found("Thanksgiving", pub, tense="past") == [("Thanksgiving", "2015-11-26")]


def test_the_weekend_is_the_latest_one() -> None:
    assert found("the weekend", "2023-02-05") == [("the weekend", "2023-W05")]  # a Sunday
    assert found("the weekend", "2023-02-06") == [("the weekend", "2023-W05")]  # a Monday
    assert found("the weekend", tense="future") == [("the weekend", "2023-W05")]


def test_iso_week_at_year_boundary() -> None:
    assert found("last week", "2021-01-06") == [("last week", "2020-W53")]
    assert found("this week", "2021-01-01") == [("this week", "2020-W53")]


def test_strict_mode_ignores_names_and_bare_words() -> None:
    assert found("a USA TODAY analysis", strict=True) == []
    assert found("told CBS This Morning on Monday", strict=True) == []
    assert found("the May report", strict=True) == []  # bare months only inside spaCy spans
    assert found("Stocks fell last week.", strict=True) == [("last week", "2023-W04")]
    assert found("He came back in 2019.", strict=True) == [("2019", "2019")]
    assert found("There were 2019 votes.", strict=True) == []


def test_dateparser_fallback_keeps_only_what_it_is_sure_of() -> None:
    # unambiguous numeric date: dateparser's day
    assert found("3/15/2023") == [("3/15/2023", "2023-03-15")]
    # 03/02/2023 is 2 March or 3 February: only the year is certain
    assert found("03/02/2023") == [("03/02/2023", "2023")]
    assert found("03/02/2023", None) == [("03/02/2023", "2023")]


def test_find_is_cached() -> None:
    timex.find.cache_clear()
    find("last week", PUB)
    find("last week", PUB)
    assert timex.find.cache_info().hits == 1


VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
WORDS = st.sampled_from(
    ["last", "next", "this", "week", "June", "Sept.", "11", "2022", "ago", "years", "99999",
     "the", "of", "Monday", "yesterday", "summer", "1990s", "03/02/2023", " ", ",", "-"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=60), st.lists(WORDS, max_size=8).map(" ".join)),
    st.sampled_from([PUB, None, "2020-12-31", "0001-01-01", "9999-12-31"]),
    st.sampled_from([None, "past", "future"]),
    st.booleans(),
)
def test_find_never_raises_and_values_are_well_formed(text, published, tense, strict) -> None:
    out = find(text, published, tense, strict=strict)
    ends = [0]
    for t in out:
        assert ends[-1] <= t.start < t.end <= len(text)
        ends.append(t.end)
        assert t.value is None or VALUE.match(t.value), t
