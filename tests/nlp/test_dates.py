"""``newsgraph_dates``: body and caption paragraphs (with their role), spaCy spans trimmed and
resolved, the regex pass."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

import newsgraph
from newsgraph.nlp.dates import DateResolver
from tests.conftest import DATA, assert_offsets

BODY = DATA / "dates" / "body.txt"
PUB = "2023-02-03"

EXPECTED = [
    ("last June", "2022-06"),
    ("Tuesday", "2023-01-31"),
    ("March 2021", "2021-03"),  # in a caption
    ("24 February 2022", "2022-02-24"),
    ("yesterday", "2023-02-02"),
    ("next month", "2023-03"),
    ("the 1990s", None),
    ("January", "2023-01"),  # "since January": the last one
    ("last week", "2023-W04"),
    ("two years ago", "2021"),
    ("2021", "2021"),
    ("July 2022", "2022-07"),
    ("summer 2022", "2022"),
    ("Sept. 11 next year", "2024-09-11"),
    ("Monday", "2023-02-06"),  # "will decide on Monday": future tense
]
ABSOLUTE = {"March 2021", "24 February 2022", "2021", "July 2022", "summer 2022"}


@pytest.fixture(scope="module")
def body_text() -> str:
    return BODY.read_text(encoding="utf-8")


def test_body_fixture_dates(nlp, body_text: str) -> None:
    record = newsgraph.extract(body_text, published=PUB)
    assert [(d.text, d.value) for d in record.dates] == EXPECTED
    assert_offsets(record)
    starts = [d.start for d in record.dates]
    assert starts == sorted(starts)


def test_caption_dates_carry_the_caption_role(nlp, body_text: str) -> None:
    record = newsgraph.extract(body_text, published=PUB)
    captions = [p for p in record.paragraphs if p.role == "caption"]
    assert captions and "March 2021" in body_text[captions[0].start : captions[0].end]
    for d in record.dates:
        in_caption = any(p.start <= d.start < p.end for p in captions)
        assert d.role == ("caption" if in_caption else "body"), d
    assert [d.text for d in record.dates if d.role == "caption"] == ["March 2021"]


def test_without_publication_date_relative_values_are_none(nlp, body_text: str) -> None:
    record = newsgraph.extract(body_text)
    assert [d.text for d in record.dates] == [text for text, _ in EXPECTED]
    for d, (_, value) in zip(record.dates, EXPECTED, strict=True):
        assert d.value == (value if d.text in ABSOLUTE else None), d


# --- the component on hand-made docs (no NER: the spans are set here) ---------------------------


def make(nlp, text: str, ents: list[tuple[str, str]], published: str | None = PUB) -> Doc:
    """A doc of one body paragraph with the given (surface, label) entities."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    doc._.ng_paragraphs = [{"start": 0, "end": len(text), "role": "body"}]
    doc._.ng_published = published
    return doc


def dates(doc: Doc) -> list[tuple[str, str | None]]:
    out = DateResolver()(doc)._.ng_dates
    for d in out:
        assert doc.text[d["start"] : d["end"]] == d["text"]
    return [(d["text"], d["value"]) for d in out]


def test_spacy_extras_are_trimmed(nlp) -> None:
    doc = make(nlp, "a boycott of next year's 2024 Olympics", [("next year's", "DATE")])
    assert dates(doc) == [("next year", "2024")]


def test_ages_and_durations_from_spacy_are_left_out(nlp) -> None:
    text = "A 22-year-old athlete, aged 25, trained for six months, hours after the attack."
    doc = make(nlp, text, [("22-year-old", "DATE"), ("six months", "DATE"), ("hours", "TIME")])
    assert dates(doc) == []


def test_event_names_give_their_year(nlp) -> None:
    doc = make(nlp, "a boycott of Paris 2024 by Ukraine", [("Paris 2024", "EVENT")])
    assert dates(doc) == [("2024", "2024")]


def test_regex_pass_finds_what_spacy_missed(nlp) -> None:
    text = "He died last week. The war began on 24 February 2022, two years ago, in 2022."
    doc = make(nlp, text, [])
    assert dates(doc) == [
        ("last week", "2023-W04"),
        ("24 February 2022", "2022-02-24"),
        ("two years ago", "2021"),
        ("2022", "2022"),
    ]


def test_regex_pass_extends_a_span_spacy_cut_short(nlp) -> None:
    doc = make(nlp, "It began more than a year ago.", [("a year ago", "DATE")])
    assert dates(doc) == [("more than a year ago", None)]


def test_regex_pass_skips_other_entities(nlp) -> None:
    text = "A USA TODAY analysis found 2016 donors since 2016."
    doc = make(nlp, text, [("USA TODAY", "ORG"), ("2016", "CARDINAL")])
    assert dates(doc) == [("2016", "2016")]
    assert DateResolver()(doc)._.ng_dates[0]["start"] == text.rindex("2016")


def test_body_and_caption_paragraphs_count(nlp) -> None:
    text = "Seen last June ©Getty Images\n\nHe came last week.\n\nUpdated last month"
    doc = make(nlp, text, [("last June", "DATE"), ("last week", "DATE"), ("last month", "DATE")])
    doc._.ng_paragraphs = [
        {"start": 0, "end": 28, "role": "caption"},
        {"start": 30, "end": 48, "role": "body"},
        {"start": 50, "end": len(text), "role": "byline"},
    ]
    assert dates(doc) == [("last June", "2022-06"), ("last week", "2023-W04")]
    assert [d["role"] for d in DateResolver()(doc)._.ng_dates] == ["caption", "body"]


def test_published_none_in_component(nlp) -> None:
    doc = make(nlp, "On Tuesday, in July 2022", [("Tuesday", "DATE"), ("July 2022", "DATE")], None)
    assert dates(doc) == [("Tuesday", None), ("July 2022", "2022-07")]


# --- the seed article ---------------------------------------------------------------------------


def test_seed_article_dates(seed_record) -> None:
    got = {(d.text, d.value) for d in seed_record.dates}
    for expected in [
        ("24 February 2022", "2022-02-24"),
        ("July 2022", "2022-07"),
        ("last week", "2023-W04"),
        ("next year", "2024"),
        ("2024", "2024"),
        ("summer 2022", "2022"),
    ]:
        assert expected in got
    assert_offsets(seed_record)
    # nothing that is not a date: the age and "recently" are not there
    texts = {d.text for d in seed_record.dates}
    assert not texts & {"22-year-old", "25", "recently"}


def test_seed_article_dates_in_captions(seed_record) -> None:
    for d in seed_record.dates:
        (paragraph,) = [p for p in seed_record.paragraphs if p.start <= d.start < p.end]
        assert paragraph.role == d.role in ("body", "caption"), d
    # "during his visit to Kyiv last June" is under a photo; the repeated captions (role
    # duplicate) give no dates.
    assert ("last June", "2022-06", "caption") in {
        (d.text, d.value, d.role) for d in seed_record.dates
    }
    assert [d.role for d in seed_record.dates if d.text == "July 2022"] == ["body", "caption"]
