"""Temporal expressions in English news text, normalised against the publication date.

This module knows nothing about spaCy: :func:`find` takes a string (a spaCy DATE span, or a body
paragraph for the regex pass) and returns the temporal expressions in it, each trimmed to the
expression itself, with a ``value`` of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www`` (ISO week)
or ``None``.

Why our own rules before dateparser: dateparser resolves "last June" (published 2023-02-03) to
nothing, fills in a day for "July 2022" (``dateparser.parse`` gives 2022-07-03) and a month for
"the 13th", parses "43" as 1943, and is slow (about 1 ms a phrase, 200 ms on first use). The rules
below cover what news text uses; dateparser is only the fallback for spans the rules do not
recognise but that look like a calendar date (a month name or a numeric d/m/y), and even then its
result is cut to the precision it reports (``period``), never finer.

Decisions (also in ``docs/dates.md``):

- Precision is the one the text gives: "July 2022" is ``2022-07``, "summer 2022" is ``2022``,
  "last week" is an ISO week, "two years ago" is a year. No day or month is invented.
- Relative expressions (yesterday, last week, on Tuesday, "Sept. 11" without a year, a bare month)
  need the publication date; without it their value is ``None``. Absolute ones always resolve.
- Weekdays: the most recent such day up to and including the publication day (news convention),
  or the next one when the sentence is in the future tense (``tense="future"``). Bare months and
  month-days without a year: the nearest one to publication, or the latest/earliest one when the
  tense says past/future.
- Decades ("the 1990s") and centuries have no value in the schema's vocabulary: ``None``.
  Anaphoric expressions ("that year", "two days later", "the next day") and vague ones ("a few
  weeks ago") are kept with ``None``.
- Not temporal expressions, so left out: durations ("six months", "the past two weeks", "hours"),
  ages ("22-year-old", "aged 25"), frequencies ("daily", "each year"), generic "the day", and
  "recently".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Tense = Literal["past", "future"] | None


@dataclass(frozen=True)
class Timex:
    """One temporal expression: ``[start, end)`` relative to the text given to :func:`find`."""

    start: int
    end: int
    value: str | None
    kind: str


# --- vocabulary -------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}  # fmt: skip
VAGUE = {"few", "a few", "several", "many", "a couple of", "a couple", "couple of", "some"}
# Fixed-date holidays resolve like a month-day without a year; movable ones get None.
HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
    "the fourth of july": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "veterans day": (11, 11), "boxing day": (12, 26),
}  # fmt: skip
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

_M_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_M_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
# Month names are matched case-sensitively ("may", "march" are common words).
MONTH = rf"(?-i:(?P<mon>{_M_FULL}|{_M_ABBR}))(?![a-z])"
MONTH_FULL = rf"(?-i:(?P<mon>{_M_FULL}|Sept\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\.))(?![a-z])"
WEEKDAY = r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
YEAR = r"(?<![\d$£€.,:/-])(?P<year>(?:1[5-9]|20)\d\d)(?![\d%]|,\d|\.\d)"
APOS = "['’]"
NUM_WORD = "|".join(sorted(NUMBERS, key=len, reverse=True))
NUM = rf"(?P<num>\d+|(?:{NUM_WORD})(?:[- ](?:{NUM_WORD}))?|a few|a couple(?: of)?|several|many|few|some)"
UNIT = r"(?P<unit>day|week|month|year|decade|century|centuries)s?"
PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
DAY_PREFIX = r"(?:(?:early|late|earlier|later|midnight)\s+(?:on\s+)?)?"
REL = r"(?P<rel>last|this past|this coming|this|next|past|coming)"


# --- date arithmetic --------------------------------------------------------------------------


def _iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _day_value(d: dt.date) -> str:
    return d.isoformat()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _closest_month(month: int, pub: dt.date, tense: Tense) -> tuple[int, int]:
    """The (year, month) a bare month name refers to: nearest to publication, or per tense."""
    here = pub.year * 12 + pub.month - 1
    cands = [(y * 12 + month - 1, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    if tense == "past":
        best = max((c for c in cands if c[0] <= here), key=lambda c: c[0])
    elif tense == "future":
        best = min((c for c in cands if c[0] >= here), key=lambda c: c[0])
    else:  # nearest; a tie goes to the past
        best = min(cands, key=lambda c: (abs(c[0] - here), c[0] > here))
    return best[1], month


def _closest_day(month: int, day: int, pub: dt.date, tense: Tense) -> dt.date | None:
    """The date a month-day without a year refers to: nearest to publication, or per tense."""
    cands = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))]
    if not cands:
        return None
    if tense == "past":
        past = [d for d in cands if d <= pub]
        return max(past) if past else None
    if tense == "future":
        future = [d for d in cands if d >= pub]
        return min(future) if future else None
    return min(cands, key=lambda d: (abs((d - pub).days), d > pub))


def _weekday(wd: int, pub: dt.date, rel: str | None, tense: Tense) -> dt.date:
    today = pub.weekday()
    if rel in ("last", "this past", "past"):
        back = (today - wd) % 7 or 7
        return pub - dt.timedelta(days=back)
    if rel in ("next", "this coming", "coming"):
        ahead = (wd - today) % 7 or 7
        return pub + dt.timedelta(days=ahead)
    if rel == "this":  # the one in the publication's week
        return pub + dt.timedelta(days=wd - today)
    if tense == "future":
        return pub + dt.timedelta(days=(wd - today) % 7)
    return pub - dt.timedelta(days=(today - wd) % 7)


def _number(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        if word not in NUMBERS:
            return None
        total += NUMBERS[word]
    return total


# --- rules ------------------------------------------------------------------------------------
# Each rule: (kind, pattern, resolver, in_pass). ``in_pass`` rules are precise enough to run over
# whole body paragraphs to catch expressions spaCy missed; the others only run inside spaCy's
# DATE/TIME spans. A resolver gets the match, the publication date (or None) and the tense hint and
# returns the value (None = a temporal expression without a value). A group named ``core``, when
# present, is the span reported.

Resolver = Callable[["re.Match[str]", dt.date | None, Tense], str | None]


def _r_full(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    d = _safe_date(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
    return _day_value(d) if d else None


def _r_iso(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    d = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return _day_value(d) if d else None


def _r_month_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    return _month_value(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")])


def _r_month_range(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    # "September 16-19": a range inside one month; the honest precision is the month.
    month = MONTHS[m["mon"].lower().rstrip(".")]
    if m["year"]:
        return _month_value(int(m["year"]), month)
    if pub is None:
        return None
    return _month_value(*_closest_month(month, pub, tense))


def _rel_year(rel: str, pub: dt.date) -> int:
    return pub.year + {"last": -1, "this": 0, "next": 1}[rel.lower()]


def _r_month_of_rel_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    month = MONTHS[m["mon"].lower().rstrip(".")]
    year = _rel_year(m["ry"], pub)
    if m["day"]:
        d = _safe_date(year, month, int(m["day"]))
        return _day_value(d) if d else None
    return _month_value(year, month)


def _r_month_day(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    d = _closest_day(MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]), pub, tense)
    return _day_value(d) if d else None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


# Movable US holidays: (month, weekday, n[, days to add]) -> computed per year.
MOVABLE = {
    "labor day": (9, 0, 1, 0), "memorial day": (5, 0, -1, 0), "thanksgiving": (11, 3, 4, 0),
    "thanksgiving day": (11, 3, 4, 0),
    "election day": (11, 0, 1, 1),  # US: the Tuesday after the first Monday in November
}  # fmt: skip


def _r_holiday(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    key = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'"))
    if pub is None:
        return None
    if key in HOLIDAYS:
        d = _closest_day(*HOLIDAYS[key], pub, tense)
        return _day_value(d) if d else None
    if key in MOVABLE:
        month, weekday, n, plus = MOVABLE[key]
        cands = [
            _nth_weekday(y, month, weekday, n) + dt.timedelta(days=plus)
            for y in (pub.year - 1, pub.year, pub.year + 1)
        ]
        if tense == "past":
            cands = [d for d in cands if d <= pub]
        elif tense == "future":
            cands = [d for d in cands if d >= pub]
        best = min(cands, key=lambda d: (abs((d - pub).days), d > pub))
        return _day_value(best)
    return None  # Easter and others: not computed


def _r_season_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    return m["year"]


def _r_season_rel(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    season = m["season"].lower()
    if pub is None or season == "winter":  # winter straddles two years: no honest year
        return None
    start = SEASONS[season]
    rel = m["rel"].lower()
    # the occurrence in progress or most recent one: year y with months start..start+2
    cur_year = pub.year if pub.month >= start else pub.year - 1
    in_progress = start <= pub.month <= start + 2
    if rel in ("last", "this past", "past"):
        year = cur_year - 1 if in_progress else cur_year
    elif rel in ("next", "this coming", "coming"):
        year = cur_year + 1
    else:  # "this summer": the one of the publication year
        year = pub.year
    return str(year)


def _r_rel_unit(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    rel = (m["rel"] or "this").lower()
    step = {"last": -1, "this past": -1, "past": -1, "this": 0, "next": 1, "this coming": 1}
    delta = step.get(rel, 0)
    unit = m["unit"].lower()
    if unit in ("week", "weekend"):
        if unit == "weekend" and rel == "this past" and pub.weekday() >= 5:
            delta = 0  # "this past weekend" written on the weekend itself
        return _iso_week(pub + dt.timedelta(weeks=delta))
    if unit == "month":
        return _month_value(*_add_months(pub.year, pub.month, delta))
    return str(pub.year + delta)


def _r_end_of(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    # "the end of the year" (no other year in sight): the publication's year/month/week.
    if pub is None:
        return None
    unit = m["unit"].lower()
    if unit == "week":
        return _iso_week(pub)
    if unit == "month":
        return _month_value(pub.year, pub.month)
    return str(pub.year)


def _r_the_weekend(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    # "over the weekend": news for the most recent weekend (this week's if published on it)
    if pub is None:
        return None
    if tense == "future":
        return _iso_week(pub)
    return _iso_week(pub if pub.weekday() >= 5 else pub - dt.timedelta(weeks=1))


def _r_rel_month(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    month = MONTHS[m["mon"].lower().rstrip(".")]
    rel = m["rel"].lower()
    if rel in ("last", "this past", "past"):  # the latest one strictly before this month
        year = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "this coming", "coming"):  # the earliest one strictly after
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year
    return _month_value(year, month)


def _r_rel_weekday(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    return _day_value(_weekday(WEEKDAYS[m["wd"].lower()], pub, m["rel"].lower(), tense))


def _r_weekday_of_week(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    delta = {"last": -1, "this": 0, "next": 1}[m["ry"].lower()]
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=delta)
    return _day_value(monday + dt.timedelta(days=WEEKDAYS[m["wd"].lower()]))


def _r_weekday(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    return _day_value(_weekday(WEEKDAYS[m["wd"].lower()], pub, None, tense))


def _r_deictic(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    word = m["deictic"].lower()
    if word in ("yesterday", "last night"):
        return _day_value(pub - dt.timedelta(days=1))
    if word == "tomorrow":
        return _day_value(pub + dt.timedelta(days=1))
    return _day_value(pub)  # today, tonight, this morning...


def _r_ago(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    num, unit = m["num"].lower(), m["unit"].lower()
    n = None if num in VAGUE else _number(num)
    if n is not None and n > 1000:
        n = None
    if pub is None or n is None or m["approx"] or unit in ("decade", "century", "centuries"):
        return None
    if unit == "day":
        return _day_value(pub - dt.timedelta(days=n))
    if unit == "week":
        return _iso_week(pub - dt.timedelta(weeks=n))
    if unit == "month":
        return _month_value(*_add_months(pub.year, pub.month, -n))
    return str(pub.year - n)


def _r_month(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    if pub is None:
        return None
    return _month_value(*_closest_month(MONTHS[m["mon"].lower().rstrip(".")], pub, tense))


def _r_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    return m["year"]


def _r_none(m: re.Match[str], pub: dt.date | None, tense: Tense) -> str | None:
    return None


_RULES: list[tuple[str, str, Resolver, bool]] = [
    # absolute, day precision
    ("dmy", rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}", _r_full, True),
    ("mdy", rf"\b{MONTH}\s+{DAY},?\s+{YEAR}", _r_full, True),
    ("iso", r"(?<![\d-])(?P<year>(?:1[5-9]|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)(?![\d-])", _r_iso,
     True),
    # month precision
    ("month_range",
     rf"\b{MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?\s*(?:-|–|to|through|and)\s*[0-3]?\d(?:st|nd|rd|th)?"
     rf"(?![\d])(?:,?\s+{YEAR})?", _r_month_range, False),
    ("month_year", rf"(?:\b(?:early|mid-?|late|the\s+(?:end|beginning|start|middle)\s+of)\s*)?"
     rf"\b{MONTH}(?:\s+of)?,?\s+{YEAR}", _r_month_year, True),
    ("month_of_rel_year", rf"\b{MONTH}(?:\s+{DAY})?,?\s+(?:of\s+)?(?P<ry>last|this|next)\s+year\b",
     _r_month_of_rel_year, True),
    # year precision
    ("season_year", r"\b(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?P<season>spring|summer|fall|autumn|"
     rf"winter)\s+(?:of\s+)?{YEAR}", _r_season_year, True),
    ("season_rel", rf"\b{REL}\s+(?P<season>spring|summer|fall|autumn|winter)\b", _r_season_rel,
     True),
    # relative to publication
    ("weekday_of_week", rf"\b{WEEKDAY}\s+of\s+(?P<ry>last|this|next)\s+week\b", _r_weekday_of_week,
     True),
    ("rel_weekday", rf"\b{REL}\s+{WEEKDAY}{PART_OF_DAY}\b", _r_rel_weekday, True),
    ("rel_month", rf"\b(?P<rel>last|this past|this coming|next)\s+{MONTH_FULL}(?!\s*\d)",
     _r_rel_month, True),
    ("end_of", r"\bthe\s+end\s+of\s+the\s+(?P<unit>year|month|week)\b", _r_end_of, False),
    ("the_weekend", r"\bthe\s+(?:past\s+)?weekend\b(?!s)", _r_the_weekend, False),
    # "the last week" / "the past year" are durations ending at publication, not "last week"
    ("rel_unit", r"(?<!the )(?<!the very )\b(?:(?:earlier|later)\s+)?(?:the\s+end\s+of\s+)?"
     rf"(?<!the ){REL}\s+(?P<unit>week|weekend|month|year)\b(?!s)", _r_rel_unit, True),
    ("ago", r"\b(?P<approx>more than|less than|over|under|at least|almost)?\s*(?:(?:about|nearly|"
     rf"roughly|some|only|just)\s+)?{NUM}\s+{UNIT}\s+ago\b", _r_ago, True),
    ("deictic", r"\b(?:(?:early|late|earlier|later)\s+)?(?P<deictic>today|tonight|yesterday|tomorrow|"
     rf"last night|this morning|this afternoon|this evening){PART_OF_DAY}\b", _r_deictic, True),
    ("weekday", rf"\b{DAY_PREFIX}{WEEKDAY}{PART_OF_DAY}\b", _r_weekday, False),
    ("month_day", rf"\b{MONTH}\s+{DAY}(?!,?\s*\d)", _r_month_day, True),
    ("day_month", rf"\b(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}(?!,?\s*\d)", _r_month_day, True),
    ("holiday", r"\b(?:Christmas(?: Day| Eve)?|New Year['’]s (?:Day|Eve)|Independence Day|"
     r"(?:the )?Fourth of July|Halloween|Valentine['’]s Day|Veterans Day|Boxing Day|"
     r"Election Day|Thanksgiving(?: Day)?|Labor Day|Memorial Day|Easter(?: Sunday)?)\b",
     _r_holiday, False),
    ("month", rf"\b(?:(?:early|mid-?|late|the\s+(?:end|beginning|start|middle)\s+of)\s*)?"
     rf"{MONTH_FULL}(?!\s*\d)", _r_month, False),
    # no value in the schema's vocabulary (decades, centuries) or anchored to another event
    ("decade", rf"\b(?:the\s+)?(?:(?:early|mid-?|late)\s*)?(?:(?:1[5-9]|20)\d0s|{APOS}\d0s)\b",
     _r_none, False),
    ("century", r"\b(?:(?:this|last|next|the\s+\w+)\s+century|\d{1,2}(?:st|nd|rd|th)[- ]century)\b",
     _r_none, False),
    ("anaphoric", rf"\b(?:{NUM}\s+{UNIT}\s+(?:later|earlier)|that\s+(?:day|week|month|year)|"
     r"the\s+(?:very\s+)?(?:next|following|previous|same)\s+(?:day|week|month|year)|"
     r"the\s+day\s+(?:before|after))\b", _r_none, False),
    ("year", rf"(?:\b(?:early|mid-?|late)\s*)?{YEAR}", _r_year, False),
    ("year_pass", rf"\b(?:in|since|by|until|till|before|after|during|from|of|through)\s+(?P<core>"
     rf"{YEAR})", _r_year, True),
]  # fmt: skip

# Bare seasons ("the summer") are only temporal when they are the whole span; they have no value.
_BARE_SEASON = re.compile(r"^(?:the\s+)?(?:spring|summer|fall|autumn|winter)$", re.IGNORECASE)

_COMPILED = [(k, re.compile(p, re.IGNORECASE), r, s) for k, p, r, s in _RULES]

# Speed: Python's ``re`` tries every rule at every position, which costs milliseconds on a long
# paragraph. Each rule has a gate, a cheap test that must hold for the rule to match at all
# (a keyword, a month abbreviation, four digits), so most rules never run on most texts.
Gate = Callable[[str, str], bool]


def _words(*words: str) -> Gate:
    return lambda text, low: any(w in low for w in words)


def _has(rx: str) -> Gate:
    compiled = re.compile(rx)
    return lambda text, low: compiled.search(text) is not None


_G_MONTH = _has("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_G_YEAR = _has(r"\d\d\d\d")
_G_SEASON = _words("spring", "summer", "fall", "autumn", "winter")
_GATES: dict[str, tuple[Gate, ...]] = {
    "dmy": (_G_MONTH, _G_YEAR),
    "mdy": (_G_MONTH, _G_YEAR),
    "iso": (_G_YEAR, _words("-")),
    "month_range": (_G_MONTH,),
    "month_year": (_G_MONTH, _G_YEAR),
    "month_of_rel_year": (_G_MONTH, _words("year")),
    "season_year": (_G_SEASON, _G_YEAR),
    "season_rel": (_G_SEASON,),
    "weekday_of_week": (_words("day"), _words("week")),
    "rel_weekday": (_words("day"),),
    "rel_month": (_G_MONTH,),
    "end_of": (_words("end of"),),
    "the_weekend": (_words("weekend"),),
    "rel_unit": (_words("week", "month", "year"),),
    "ago": (_words("ago"),),
    "deictic": (_words("today", "tonight", "yesterday", "tomorrow", "night", "morning",
                       "afternoon", "evening"),),
    "weekday": (_words("day"),),
    "month_day": (_G_MONTH,),
    "day_month": (_G_MONTH,),
    "holiday": (_words("christmas", "new year", "independence", "fourth of july", "halloween",
                       "valentine", "veterans", "boxing", "election", "thanksgiving", "labor",
                       "memorial", "easter"),),
    "month": (_G_MONTH,),
    "decade": (_words("0s"),),
    "century": (_words("centur"),),
    "anaphoric": (_words("later", "earlier", "that", "next", "following", "previous", "same",
                         "day"),),
    "year": (_G_YEAR,),
    "year_pass": (_G_YEAR,),
}  # fmt: skip
assert set(_GATES) == {k for k, *_ in _RULES}

# Spans that may deserve dateparser's opinion: a month name or a numeric d/m/y date.
_FALLBACK_GATE = re.compile(
    rf"\b(?:{_M_FULL}|{_M_ABBR})(?![a-z])|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b"
)


# --- search -----------------------------------------------------------------------------------


_NAME_PRONE = {"deictic", "rel_unit", "ago", "season_rel", "rel_weekday"}


def _looks_like_a_name(surface: str, kind: str) -> bool:
    """In free text, "USA TODAY" or "CBS This Morning" are names, not dates."""
    if any(c.isalpha() for c in surface) and surface.isupper():
        return True
    words = surface.split()
    return kind in _NAME_PRONE and any(
        w[:1].isupper()
        for w in words[1:]
        if w.isalpha() and w.lower() not in WEEKDAYS and w.lower() not in MONTHS
    )


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


_VALUE = re.compile(r"^(?!0000)\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")


@lru_cache(maxsize=8192)
def find(
    text: str, published: str | None = None, tense: Tense = None, *, strict: bool = False
) -> tuple[Timex, ...]:
    """The temporal expressions in ``text``, non-overlapping and ordered by offset.

    ``published`` is ``YYYY-MM-DD`` or None. ``tense`` is a hint from the sentence ("past",
    "future") for bare weekdays and months. ``strict`` keeps only the rules precise enough to run
    over free text (the regex pass over body paragraphs); otherwise ``text`` is taken to be a
    span a tagger already called temporal, and dateparser is asked when no rule matches.
    """
    pub = _parse_published(published)
    chosen = _resolve_longest(_candidates(text, strict), pub, tense)
    if not chosen and not strict:
        chosen = _whole_span(text, published)
    return tuple(sorted(chosen, key=lambda t: t.start))


_Candidate = tuple[int, int, str, re.Match[str], Resolver]


def _candidates(text: str, strict: bool) -> list[_Candidate]:
    """Every rule match in ``text`` ("last week" -> a ``week`` match), rules whose gates fail
    skipped."""
    cands: list[_Candidate] = []
    low = text.lower()
    opened: dict[Gate, bool] = {}  # each distinct gate is tested once per text
    for kind, rx, resolver, in_pass in _COMPILED:
        if strict and not in_pass:
            continue
        if not all(
            opened[g] if g in opened else opened.setdefault(g, g(text, low)) for g in _GATES[kind]
        ):
            continue
        for m in rx.finditer(text):
            start, end = m.span("core") if "core" in rx.groupindex else m.span()
            # leading spaces can come from optional groups
            while start < end and text[start].isspace():
                start += 1
            if strict and _looks_like_a_name(text[start:end], kind):
                continue
            if start < end:
                cands.append((start, end, kind, m, resolver))
    return cands


def _resolve_longest(cands: list[_Candidate], pub: dt.date | None, tense: Tense) -> list[Timex]:
    """Longest match first, then leftmost; earlier rules win ties (they are listed most specific
    first); each kept match is resolved ("next June" -> ``2024-06``)."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[Timex] = []
    for start, end, kind, m, resolver in cands:
        if any(start < t.end and t.start < end for t in chosen):
            continue
        try:
            value = resolver(m, pub, tense)
        except (ValueError, OverflowError):  # "100000 years ago": out of the calendar's range
            value = None
        if value is not None and not _VALUE.match(value):  # years before 1 or after 9999
            value = None
        chosen.append(Timex(start, end, value, kind))
    return chosen


def _whole_span(text: str, published: str | None) -> list[Timex]:
    """No rule matched a span the tagger called temporal: a bare season ("summer", no value), or
    dateparser for a short one ("the 3rd of March")."""
    stripped = text.strip()
    if _BARE_SEASON.match(stripped):
        start = text.index(stripped)
        return [Timex(start, start + len(stripped), None, "season")]
    if len(stripped) <= 40 and _FALLBACK_GATE.search(text):  # a date, not a sentence
        fallback = _dateparser(stripped, published)
        if fallback is not None:
            start = text.index(stripped)
            value = fallback[0] if fallback[0] and _VALUE.match(fallback[0]) else None
            return [Timex(start, start + len(stripped), value, "dateparser")]
    return []


# --- dateparser fallback ----------------------------------------------------------------------

_PRECISION = {"year": 4, "month": 7, "day": 10}


def _dateparser_once(text: str, base: dt.datetime, order: str) -> str | None:
    from dateparser.date import DateDataParser  # slow import: only when a span needs it

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": order,
            "REQUIRE_PARTS": [],
        },
    )
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser can fail on odd input; the rules already had their say
        return None
    if data.date_obj is None:
        return None
    if data.period == "week":
        return _iso_week(data.date_obj.date())
    cut = _PRECISION.get(data.period or "")
    return data.date_obj.date().isoformat()[:cut] if cut else None


@lru_cache(maxsize=2048)
def _dateparser(text: str, published: str | None) -> tuple[str | None] | None:
    """dateparser's reading of ``text`` at the precision it reports, or None if it has none.

    Wrapped because (1) dateparser fills missing parts from its base date, so the value is cut
    to the reported ``period``; (2) without a publication date it would silently use today, so
    we parse against two far-apart bases and keep the value only if it does not depend on the
    base (an absolute date); (3) "03/02/2023" is read both month-first and day-first, and only
    what the two readings agree on (the year) is kept.
    """
    pub = _parse_published(published)
    if pub:
        bases = [dt.datetime(pub.year, pub.month, pub.day)]
    else:
        bases = [dt.datetime(2001, 3, 15), dt.datetime(2019, 9, 5)]
    by_order: dict[str, set[str | None]] = {
        order: {_dateparser_once(text, base, order) for base in bases} for order in ("MDY", "DMY")
    }
    if all(r == {None} for r in by_order.values()):
        return None  # dateparser does not read it as a date either: not one
    if any(len(r) > 1 for r in by_order.values()):
        return (None,)  # the value depends on the base date: relative, and no publication date
    values = {r.pop() for r in by_order.values()}
    if len(values) == 1:
        return (values.pop(),)
    # month-first and day-first readings disagree ("03/02/2023"): keep only the year they share
    years = {v[:4] for v in values if v}
    return (years.pop(),) if len(years) == 1 and None not in values else (None,)
