"""Quotes on any outlet's news: every quote mark, interrupted and floating quotes, acts, what is
not a quote, and the attribution forms (dash, colon, headline, interview turns, datelines).

One invented fixture per construction in ``tests/data/quotes/``.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsgraph
from newsgraph.nlp.quotes import scan_marks
from tests.conftest import DATA, assert_offsets

FIXTURES = DATA / "quotes"


def _extract(name: str):
    record = newsgraph.extract((FIXTURES / name).read_text(encoding="utf-8"))
    assert_offsets(record)
    return record


def _quotes(name: str) -> list[tuple[list[str], str, str, str | None, str | None]]:
    """(parts, kind, act, speaker mention, speaker entity name) per quote."""
    record = _extract(name)
    text = record.article.text
    return [
        (
            [text[p.start : p.end] for p in q.parts],
            q.kind,
            q.act,
            q.speaker.text if q.speaker else None,
            q.speaker.name if q.speaker else None,
        )
        for q in record.quotes
    ]


def _segments(text: str) -> list[str]:
    return [text[s.start : s.end] for s in scan_marks(text, 0, len(text), 0)]


# ----------------------------------------------------------------------------- quote marks
@pytest.mark.parametrize(
    ("text", "segments"),
    [
        (
            "'We will not go back on our promise,' she told MPs.",
            ["We will not go back on our promise"],
        ),
        ("'Heathrow needs it.'", ["Heathrow needs it."]),
        ("‘We will win,’ said Bach. ‘It’s our time.’", ["We will win", "It’s our time."]),
        ("« Nous gagnerons », a-t-il dit.", ["Nous gagnerons"]),
        ("„Wir schaffen das“, sagte sie.", ["Wir schaffen das"]),
        ("‹Non›, dit-il.", ["Non"]),
        (
            "\"He told me 'we are not ready' and left,\" she said.",
            ["He told me 'we are not ready' and left"],
        ),
        (
            "'He told me \"we are not ready\" and left,' she said.",
            ['He told me "we are not ready" and left'],
        ),
        ("'The athletes' decision was wrong,' she said.", ["The athletes' decision was wrong"]),
        ("'I would say, 'uh huh,' and wait,' she said.", ["I would say, 'uh huh,' and wait"]),
        ("'I hate the term 'outreach,' ' he said.", ["I hate the term 'outreach,'"]),
        # two closers at once: a quote nested in a quote, both typed single
        (
            "‘We find the labels of ‘criminal, super predator,’’ Malkia Cyril told the Post.",
            ["We find the labels of ‘criminal, super predator,’"],
        ),
        (
            "'It feels like, 'Meh, we can put this off,'' he said.",
            ["It feels like, 'Meh, we can put this off,'"],
        ),
        ("''We can put this off,'' he said.", ["We can put this off"]),
        ("his appraisal (”This guy is landing rockets”) stands", ["This guy is landing rockets"]),
    ],
)
def test_every_quote_mark_a_news_text_uses(text, segments):
    assert _segments(text) == segments


@pytest.mark.parametrize(
    "text",
    [
        "Don't say it's Ukraine's fault.",
        "It was the athletes' decision, not the coaches'.",
        "In the '90s they played rock 'n' roll.",
        "O'Brien met Ng'ang'a on Tuesday.",
        "She wasn’t sure the team’s plan would work in ’24.",
    ],
)
def test_apostrophes_never_open_or_close_a_quote(text):
    assert _segments(text) == []


def test_british_quotes_among_apostrophes():
    quotes = _quotes("british.txt")
    direct = [q for q in quotes if q[1] == "direct"]
    assert direct == [
        (
            ["We will not go back on our promise,", "Heathrow needs it."],
            "direct",
            "speech",
            "she",
            "Louise Haigh",
        )
    ]
    # the apostrophes of the last paragraph make no quote marks: one reported clause, whole
    said = [q for q in quotes if q[3] == "Critics"]
    assert len(said) == 1 and said[0][1] == "indirect"
    assert said[0][0][0].startswith("the athletes' village") and "roll campaign" in said[0][0][0]


def test_quotes_nested_both_ways():
    quotes = _quotes("nested.txt")
    assert [q[0] for q in quotes] == [
        ["He told me 'we are not ready' and walked out,"],
        ['She said "never again" to the whole room,'],
    ]
    assert [q[4] for q in quotes] == ["Priya Shah", "Tom Reid"]


# ------------------------------------------------------------------- interrupted, floating
def test_floating_quotes_carry_the_speaker_of_the_statement_before():
    quotes = _quotes("floating.txt")
    floating = [q for q in quotes if q[0][0].startswith(("We have never", "Nobody should"))]
    assert [(q[1], q[4]) for q in floating] == [("direct", "Daniel Ruiz"), ("direct", "Ana Lopez")]
    record = _extract("floating.txt")
    assert all(q.cue is None for q in record.quotes if q.text.startswith(("We have", "Nobody")))


# ------------------------------------------------------------------------------------ acts
def test_each_act():
    assert [(q[2], q[0][0][:20]) for q in _quotes("acts.txt")] == [
        ("speech", "that the bill would "),
        ("thought", "that voters want cha"),
        ("finding", "that 62 per cent of "),
        ("finding", "most respondents are"),
    ]


# ----------------------------------------------------------------------------- not quotes
def test_titles_names_nicknames_and_scare_quotes_are_not_quotes():
    quotes = _quotes("titles.txt")
    texts = " ".join(p for q in quotes for p in q[0])
    for not_a_quote in ("The Kid Who Would Be King", "The Rock", "Bam Bam", "blockbuster"):
        assert not_a_quote not in texts
    # a label verb's quoted predicate is reported speech
    assert [(q[1], q[2], q[3]) for q in quotes] == [("mixed", "speech", "Critics")]


def test_verbs_whose_object_is_not_a_statement_in_a_sports_text():
    record = _extract("sports.txt")
    text = record.article.text
    assert [q for q in record.quotes if q.act == "speech"] == []
    covered = " ".join(text[q.start : q.end] for q in record.quotes)
    for not_a_quote in ("Nathan Ake", "Foden", "a second goal", "to comment", "the report"):
        assert not_a_quote not in covered


# ----------------------------------------------------------------------- attribution forms
def test_dash_and_colon_attributions():
    quotes = _quotes("forms.txt")
    assert [(q[0][0][:16], q[3]) for q in quotes] == [
        ("We will rebuild ", "Governor Helen Marsh"),
        ("The wiring was n", "fire chief Daniel Ruiz"),
        ("We have the best", "Trump"),
        ("The storm expose", "Seib"),
    ]
    assert all(q[1] == "direct" and q[2] == "speech" for q in quotes)


def test_a_horizontal_bar_after_a_single_closer_names_the_speaker():
    """``‘...’― Tom Lindgren``: a closer set right against a dash (U+2015) still closes."""
    quotes = _quotes("reader_voices.txt")
    assert [(q[0][0][:12], q[1], q[3]) for q in quotes] == [
        ("It is a tax ", "direct", "Maria Okafor"),
        ("The toll wil", "direct", "Tom Lindgren"),
        ("I will drive", "direct", "Priya Nair"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "speaker"),
    [
        ("headline.txt", "We will win Ohio", "Mike Pence"),
        ("headline_says.txt", "the economy is strong", "Barack Obama"),
    ],
)
def test_headline_attributions(name, content, speaker):
    record = _extract(name)
    title = next(p for p in record.paragraphs if p.role == "title")
    q = record.quotes[0]
    assert title.start <= q.start < q.end <= title.end
    assert q.text == content and q.speaker is not None and q.speaker.name == speaker


def test_interview_turns():
    quotes = _quotes("qa.txt")
    texts = [q[0][0] for q in quotes]
    assert "I will give the young players more time on the ice." in texts
    assert "What will you change first?" not in texts  # the writer's own question
    answer = quotes[texts.index("I will give the young players more time on the ice.")]
    assert (answer[1], answer[2], answer[4]) == ("direct", "speech", "Sara Lind")
    assert "Let's start with the economy." in texts


@pytest.mark.parametrize("name", ["dateline.txt", "dateline_tail.txt"])
def test_a_dateline_is_never_inside_a_quote(name):
    record = _extract(name)
    assert record.quotes
    for q in record.quotes:
        assert "Reuters" not in q.text and "LONDON" not in q.text


# ------------------------------------------------------------------------------- hypothesis
_PIECES = st.lists(
    st.sampled_from(
        [
            "'",
            '"',
            "‘",
            "’",
            "“",
            "”",
            "«",
            "»",
            " ",
            "\n\n",
            ", she said. ",
            " said Bach, ",
            "don't",
            "Ukraine's",
            "the athletes' ",
            "'90s",
            "We will win",
            "it is over",
            "Thomas Bach",
            ".",
            ",",
        ]
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PIECES)
def test_any_mix_of_marks_and_apostrophes(pieces):
    """No exception; parts never overlap and never hold the cue or the speaker; every part
    slices article.text."""
    text = "Report\n\n" + "".join(pieces)
    record = newsgraph.extract(text)
    assert_offsets(record)
    spans = sorted((p.start, p.end) for q in record.quotes for p in q.parts)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for q in record.quotes:
        for p in q.parts:
            assert 0 <= p.start < p.end <= len(text)
            for other in (q.cue, q.speaker):
                if other is not None:
                    assert not (p.start < other.end and other.start < p.end), (q, other)


def test_a_quote_with_a_cue_and_a_nearby_name_gets_a_speaker():
    """The small model tags `Trump` as a verb here; the attribution is still read."""
    quotes = _quotes("obvious_speaker.txt")
    assert [(q[0][0], q[3]) for q in quotes] == [
        ("Go register,", "Trump"),
        ("We are going to win big.", "Trump"),
    ]


def test_a_pronoun_names_the_description_it_refers_to():
    """`Protesters ... they said`: no entity, but the speaker's name is what `they` stands for."""
    quotes = _quotes("they_description.txt")
    assert quotes[0][3] == "they" and quotes[0][4] == "Protesters"


# ------------------------------------------------------------------ lead-ins and sources
def _spoken(text: str) -> list[tuple[str, str | None]]:
    record = newsgraph.extract(text)
    assert_offsets(record)
    return [(q.text, q.speaker.name if q.speaker else None) for q in record.quotes]


def test_a_pronoun_continues_a_speaker_described_but_not_named():
    """The last speaker was a description with no entity: `he`/`it` continue it, rather than
    fall back to the person or place named before it."""
    shop = (
        "Mayor John Reed opened the bridge on Monday.\n\nThe crowd cheered, a local official"
        " told reporters. Later the traffic returned, he said."
    )
    assert _spoken(shop)[-1] == ("Later the traffic returned", "a local official")
    office = (
        "Anna Kovacs, the mayor of Riverton, met Canada's trade envoy on Monday.\n\nThe city's "
        "planning office also published a notice saying that the bridge would close in March."
        "\n\nIt urged drivers to plan other routes."
    )
    assert _spoken(office)[-1] == ("drivers to plan other routes", "The city's planning office")


def test_a_pronoun_does_not_continue_what_a_document_showed():
    """`A video showed ...` is a finding, not a speaker: `he` stays the mayor."""
    text = (
        "Mayor John Reed opened the bridge on Monday.\n\nA video showed the crowd cheering. "
        "Later the traffic returned, he said."
    )
    assert _spoken(text)[-1] == ("Later the traffic returned", "John Reed")


def test_a_lead_in_that_only_says_what_something_is_names_no_speaker():
    quotes = _spoken(
        "“Forget about Ford and GM,” Larry Ellison said. And here was the big reveal: “My "
        "second largest investment, I will disclose it now.”"
    )
    # no speaker in "the big reveal": the quote goes on with Ellison's (here: one interrupted)
    last = quotes[-1]
    assert last[0].endswith("My second largest investment, I will disclose it now.")
    assert last[1] == "Larry Ellison"


def test_according_to_ends_where_a_joined_clause_has_its_own_speaker():
    quotes = _spoken(
        "Terry Chapman leads the union. According to EHS, the target is being met in 90 per "
        "cent of cases but Chapman says that is not what the union is seeing. “Response "
        "times can be 45 minutes.”"
    )
    assert ("the target is being met in 90 per cent of cases", None) in quotes
    assert quotes[-2:] == [
        ("that is not what the union is seeing", "Terry Chapman"),
        ("Response times can be 45 minutes.", "Terry Chapman"),
    ]


def test_a_quote_over_a_line_broken_mid_sentence_stays_one_quote():
    quotes = _spoken(
        'Trevor Nicholson is an analyst.\n\n"Who may be included is at the discretion of the '
        'decision-maker\n\nbased on the recommendation of the professional," said Nicholson in '
        'an email.\n\n"The department may include family in treatment sessions."'
    )
    assert quotes[0][0].startswith("Who may be included") and quotes[0][0].endswith("professional,")
    assert [name for _, name in quotes] == ["Trevor Nicholson", "Trevor Nicholson"]


def test_a_date_is_never_a_speaker_but_an_age_is():
    quotes = _spoken(
        "Toronto retiree Doug Purdy, who lost 16 lbs. “and two belt loops” between May and "
        "October, says the program changed his life.\n\n"
        "“What if Trump had elocution lessons?” the 43-year-old asked in the video."
    )
    assert all(name != "October" for _, name in quotes)
    record = newsgraph.extract(
        "“What if Trump had elocution lessons?” the 43-year-old asked in the video."
    )
    asked = record.quotes[0]
    assert asked.text == "What if Trump had elocution lessons?"
    assert asked.speaker is not None and asked.speaker.text == "the 43-year-old"


def test_a_relative_clause_that_quotes_the_speaker_stays_in_the_content():
    quotes = _spoken(
        "Jane Hill added that most of the vote seems anti-Trump, which is a problem because, "
        "“In the end, we don’t vote against somebody.”\n\n"
        "DeSantis said he backs a bill on accreditation bodies, which he called “a cartel.”"
    )
    texts = [text for text, _ in quotes]
    assert any(t.endswith("we don’t vote against somebody.”") for t in texts)
    # a relative clause that attributes its own quote is not the first statement's content
    assert "he backs a bill on accreditation bodies" in texts


def test_a_quote_that_goes_on_after_its_cue_in_the_same_sentence_is_one_quote():
    for text, second in [
        (
            "“Every time you say that,” Tester said, referring to the excuse, “you give "
            "ammunition to the people who want to break up the big banks.”",
            "you give ammunition to the people who want to break up the big banks.",
        ),
        (
            '"You know, I love Larry," he said, but "when it comes to energy, Larry has a '
            'history of representing fossil fuel industries."',
            "when it comes to energy, Larry has a history of representing fossil fuel industries.",
        ),
    ]:
        record = newsgraph.extract(text)
        assert_offsets(record)
        first = record.quotes[0]
        assert [text[p.start : p.end] for p in first.parts][1:] == [second]
    # a speech verb between the parts attributes the second itself
    record = newsgraph.extract('"We will win," Bach said, adding that "the Games belong to us."')
    assert len(record.quotes[0].parts) == 1
