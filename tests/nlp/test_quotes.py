"""Quote extraction: one fixture text per construction, the seed article, and odd quote marks."""

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


def _verbatim(record, quote) -> list[str]:
    return [record.article.text[v.start : v.end] for v in quote.verbatim]


# name, content, kind, verbatim, cue, speaker mention, resolved entity name
CASES = [
    (
        "direct_after.txt",
        "We will not give up on this agreement,",
        "direct",
        ["We will not give up on this agreement"],
        "said",
        "Merkel",
        "Angela Merkel",
    ),
    (
        "direct_before.txt",
        "The Games belong to the athletes, not to governments.",
        "direct",
        ["The Games belong to the athletes, not to governments."],
        "told",
        "Bach",
        "Thomas Bach",
    ),
    (
        "colon.txt",
        "Sport must build bridges and never walls.",
        "direct",
        ["Sport must build bridges and never walls."],
        ":",
        "Thomas Bach",
        "Thomas Bach",
    ),
    (
        "dash.txt",
        "Sport must build bridges and never walls.",
        "direct",
        ["Sport must build bridges and never walls."],
        "―",
        "Thomas Bach",
        "Thomas Bach",
    ),
    (
        "mixed.txt",
        'it was "deeply saddened" by the deaths of the athletes',
        "mixed",
        ["deeply saddened"],
        "claimed",
        "The International Olympic Committee",
        "International Olympic Committee",
    ),
    (
        "indirect.txt",
        "that his country will consider boycotting the Games in Paris",
        "indirect",
        [],
        "warned",
        "Guttsait",
        "Vadym Guttsait",
    ),
    (
        "according.txt",
        "more than 200 athletes have been killed since the invasion began",
        "indirect",
        [],
        "According to",
        "the Ukrainian Ministry",
        "Ukrainian Ministry of Sport",
    ),
    (
        "pronoun.txt",
        "that Poland would lead a coalition against the participation of Russia",
        "indirect",
        [],
        "said",
        "He",
        "Kamil Bortniczuk",
    ),
    (
        "they.txt",
        "A boycott is a violation of the Olympic Charter and punishes the athletes,",
        "direct",
        ["A boycott is a violation of the Olympic Charter and punishes the athletes"],
        "said",
        "they",
        "International Olympic Committee",
    ),
    (
        "interrupted.txt",
        "We are ready, The athletes have worked for this all year.",
        "direct",
        ["We are ready", "The athletes have worked for this all year."],
        "said",
        "coach Olena Petrenko",
        "Olena Petrenko",
    ),
    (
        "medial.txt",
        "The qualifying rules would apply to every athlete from Russia and Belarus",
        "indirect",
        [],
        "said",
        "Olympic spokesman Mark Adams",
        "Mark Adams",
    ),
    (
        "unknown.txt",
        "The delegation will return to Moscow on Friday",
        "indirect",
        [],
        "said",
        "a source",
        None,
    ),
]


@pytest.mark.parametrize(("name", "content", "kind", "verbatim", "cue", "mention", "entity"), CASES)
def test_construction(nlp, name, content, kind, verbatim, cue, mention, entity):
    record = _extract(name)
    assert len(record.quotes) == 1, [q.text for q in record.quotes]
    q = record.quotes[0]
    assert q.text == content
    assert q.kind == kind
    assert _verbatim(record, q) == verbatim
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.text == mention
    assert q.speaker.name == entity
    if entity is not None:
        ent = record.entity(q.speaker.entity)
        assert ent is not None and ent.name == entity


def test_a_clause_after_a_quote_is_no_attribution(nlp):
    """`"Don't you do it," until gunshots are heard`: the words after the comma are a clause
    of the sentence, not `X verbed`; the speaker is the one before the quote."""
    text = (
        "Video\n\n"
        'In the video, the woman pleads with the officers and repeatedly says, "Please put the '
        'gun down," until sirens are heard.\n'
    )
    assert [sp for _, sp in _quotes(text)] == ["the woman"]


def test_a_participle_after_what_someone_said_is_that_speakers(nlp):
    """`X has said the province will ..., insisting ...`: X insists, not the province."""
    text = (
        "Budget\n\n"
        "Premier Anna Roy has said the province will keep its promise to spend $10 million on "
        "the Games, insisting her government will not spend another cent.\n"
    )
    quotes = _quotes(text)
    assert ("her government will not spend another cent", "Premier Anna Roy") in quotes, quotes


def test_a_sentence_opening_with_a_subordinate_clause_does_not_attribute_the_quote(nlp):
    """`"B." While some critics say ...`: B is still the director's (`"A," says X. "B."`)."""
    text = (
        "Fund\n\n"
        '"We are very pleased with the first year," says fund director Omar Haddad. "We are '
        'ready for the second and third rounds." While some critics say the fund is too small, '
        "Haddad says it works.\n"
    )
    record = newsgraph.extract(text)
    first = record.quotes[0]
    assert [record.article.text[p.start : p.end] for p in first.parts] == [
        "We are very pleased with the first year,",
        "We are ready for the second and third rounds.",
    ]
    assert first.speaker is not None and first.speaker.name == "Omar Haddad"


def test_an_abbreviation_inside_the_speakers_title_does_not_end_the_attribution(nlp):
    """`"...," St. Ellis Police Lt. Tom Brandt said.`: the tokenizer splits `Lt.`; its period
    sits inside the name, not at a sentence end."""
    text = (
        "Shooting\n\n"
        '"During that call, the operator could hear shots in the background," St. Ellis Police '
        "Lt. Tom Brandt said.\n"
    )
    (q,) = newsgraph.extract(text).quotes
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.name == "Tom Brandt"


def test_a_name_parsed_as_an_adverb_of_the_cue_still_speaks(nlp):
    """`Still, McNeely said disease can ...`: the parser makes the name an adverb of `said`;
    it is no part of the cue, and it speaks."""
    text = "Cancer\n\nStill, McNeely said disease can complicate a relationship.\n"
    (q,) = newsgraph.extract(text).quotes
    assert (q.cue and q.cue.text, q.speaker and q.speaker.text) == ("said", "McNeely")


def test_according_to_after_a_quote_is_its_cue(nlp):
    text = (
        "Clinics\n\n"
        '"The waiting lists have never been this long," according to Dr. Amara Osei, a family '
        "doctor in Halifax.\n"
    )
    record = newsgraph.extract(text)
    (q,) = record.quotes
    assert (q.kind, q.cue and q.cue.text, q.speaker and q.speaker.text) == (
        "direct",
        "according to",
        "Dr. Amara Osei",
    )


def test_the_speaker_of_said_in_a_statement_and_of_a_statement_released_by(nlp):
    """`X said in a statement that ...` (the statement noun heads the quote: X still speaks)
    and `"...," said a statement released by X`."""
    text = (
        "Juice\n\n"
        "The Maritime Growers Association said in a statement that apple juice is a source of "
        "vitamins for children.\n\n"
        '"The harvest was late this year," said a statement released by the Nova Scotia Fruit '
        "Board.\n"
    )
    assert [sp for _, sp in _quotes(text)] == [
        "The Maritime Growers Association",
        "the Nova Scotia Fruit Board",
    ]


def test_a_colon_lead_in_without_a_speech_verb_names_its_own_speaker(nlp):
    """`X, the ..., is more blunt: "..."` (the parse makes the quote's `think` the root) and
    `... was on display when X took to social media with this: "..."`: the subject of the verb
    nearest the colon speaks, not the previous paragraph's speaker."""
    record = _extract("colon_lead_in.txt")
    speakers = [(q.kind, q.speaker and q.speaker.name) for q in record.quotes[-2:]]
    assert speakers == [("direct", "Daniel Lindqvist"), ("direct", "Daniel Lindqvist")]
    assert [q.cue and q.cue.text for q in record.quotes[-2:]] == ["is", "again took"]


def test_a_reported_content_never_ends_inside_quoted_words(nlp):
    """The parse cuts `called the contract "a clear violation and ..."` at the `and` and `as "a
    good news story in an era when ..."` at the `when`; the content runs to the closing mark,
    and the quoted clause's own verb (`see ... going`) is no second quote."""
    record = _extract("mixed_cut.txt")
    assert [(q.kind, q.text, q.speaker and q.speaker.text) for q in record.quotes] == [
        (
            "mixed",
            'the new contract "a clear violation and in flagrant disregard"',
            "The union",
        ),
        (
            "mixed",
            'the strike as "a good news story in an era when so often we see workers and owners'
            ' going the opposite way."',
            "Port director Anna de Vries",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("interrupted.txt", ["We are ready,", "The athletes have worked for this all year."]),
        (
            "medial.txt",
            ["The qualifying rules", "would apply to every athlete from Russia and Belarus"],
        ),
        ("direct_after.txt", ["We will not give up on this agreement,"]),
    ],
)
def test_interrupted_quotes_have_parts_without_the_attribution(nlp, name, parts):
    """`"A," she said. "B."` and `A, X said, B`: the content pieces, never the cue or speaker."""
    record = _extract(name)
    (q,) = record.quotes
    text = record.article.text
    assert [text[p.start : p.end] for p in q.parts] == parts
    assert q.text == " ".join(parts)
    assert q.act == "speech"
    for p in q.parts:
        assert not (p.start < q.cue.end and q.cue.start < p.end)
        assert not (p.start < q.speaker.end and q.speaker.start < p.end)


def test_continuation_paragraphs_inherit_the_speaker(nlp):
    record = _extract("continuation.txt")
    texts = [q.text for q in record.quotes]
    assert texts == [
        "The IOC President visited Ukraine in summer 2022,",
        "During this visit, he met athletes who are impacted by the war.",
        "Currently there are no plans for another visit to Ukraine.",
    ]
    first, *rest = record.quotes
    assert first.cue is not None and first.cue.text == "read"
    assert first.speaker is not None and first.speaker.text == "the IOC"
    ioc = record.entity(first.speaker.entity)
    assert ioc is not None and ioc.type == "ORG" and "IOC" in [ioc.name, *ioc.aliases]
    for q in record.quotes:
        assert q.kind == "direct"
        assert q.speaker is not None and q.speaker.entity == ioc.id
    assert all(q.cue is None for q in rest)
    # the unclosed quotes stop at their paragraph: nothing reaches the last paragraph
    assert all("weather" not in q.text for q in record.quotes)


def test_scare_quotes_are_not_quotes(nlp):
    assert _extract("scare.txt").quotes == []


def test_titles_in_quote_marks_are_not_quotes(nlp):
    assert _extract("title.txt").quotes == []


def test_captions_are_not_quotes(nlp):
    record = _extract("caption.txt")
    assert [p.role for p in record.paragraphs if p.role == "caption"]
    assert record.quotes == []


def test_quotes_do_not_overlap_and_are_numbered(nlp):
    record = _extract("continuation.txt")
    spans = sorted((q.start, q.end) for q in record.quotes)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [q.id for q in record.quotes] == ["Q1", "Q2", "Q3"]


# -- the seed article, end to end -------------------------------------------------------------
SEED_EXPECTED = [
    # (start of the content, kind, speaker entity)
    # PolNeAR annotates `X rejected a request from Y to ...` as X's attribution (4 of 4 such
    # objects in train/dev are gold), so this stays; its speaker is Bach, not the IOC
    ("an invitation from Ukrainian leader Volodymyr Zelenskyy", "indirect", "Thomas Bach"),
    ('that "currently there are no plans', "mixed", "International Olympic Committee"),
    ('Bach to Bakhmut to "see with his own eyes', "mixed", "Volodymyr Zelenskyy"),
    ('that "any neutral flag of Russian athletes', "mixed", "Volodymyr Zelenskyy"),
    ("Bach had since spoken to Zelenskyy", "indirect", "International Olympic Committee"),
    ("The IOC President visited Ukraine", "direct", "International Olympic Committee"),
    ("During this visit, he met athletes", "direct", "International Olympic Committee"),
    ("After this visit they also exchanged", "direct", "International Olympic Committee"),
    ("Currently there are no plans", "direct", "International Olympic Committee"),
    ('it was "deeply saddened"', "mixed", "International Olympic Committee"),
    ("The IOC took a very strong stance", "direct", "International Olympic Committee"),
    ("The IOC firmly stands", "direct", "International Olympic Committee"),
    ("And this position is guided", "direct", "International Olympic Committee"),
    ("that his country will consider boycotting", "indirect", "Vadym Guttsait"),
    ('that "Poland and Britain are at the forefront"', "mixed", "Kamil Bortniczuk"),
    ('it was "extremely regretful', "mixed", "International Olympic Committee"),
    (
        "The participation of individual, neutral athletes",
        "direct",
        "International Olympic Committee",
    ),
    ("It is also important to note", "direct", "International Olympic Committee"),
    ("Despite the immeasurable human suffering", "direct", "International Olympic Committee"),
    ("These other NOCs, also impacted", "direct", "International Olympic Committee"),
    ("that Ukraine would be in violation", "indirect", "International Olympic Committee"),
    ("Threatening a boycott of the Olympic Games", "direct", "International Olympic Committee"),
    (
        "A boycott is a violation of the Olympic Charter",
        "direct",
        "International Olympic Committee",
    ),
    ("As history has shown", "direct", "International Olympic Committee"),
    ('it "remains on standby"', "mixed", "Olympic Council of Asia"),
]


def _find(record, prefix):
    return next((q for q in record.quotes if q.text.startswith(prefix)), None)


@pytest.mark.parametrize(("prefix", "kind", "entity"), SEED_EXPECTED)
def test_seed_quote(seed_record, prefix, kind, entity):
    q = _find(seed_record, prefix)
    assert q is not None, prefix
    assert q.kind == kind
    assert q.speaker is not None
    assert q.speaker.name == entity
    if kind != "indirect":
        assert q.verbatim


def test_seed_details(seed_record):
    assert_offsets(seed_record)
    text = seed_record.article.text
    # NER misses Guttsait: the speaker's full name becomes a PERSON entity
    g = _find(seed_record, "that his country will consider boycotting")
    assert g.speaker is not None and "Guttsait" in g.speaker.text
    guttsait = seed_record.entity(g.speaker.entity)
    assert guttsait is not None and (guttsait.name, guttsait.type) == ("Vadym Guttsait", "PERSON")
    bach = _find(seed_record, "an invitation from Ukrainian leader")
    assert bach.speaker is not None and bach.speaker.text == "President Thomas Bach"
    # the nested single quote stays inside the quote
    boycott = _find(seed_record, "A boycott is a violation")
    assert "'participate in the Games of the Olympiad by sending athletes'" in boycott.text
    # "a statement from the IOC read": the speaker is the IOC, the cue is "read"
    statement = _find(seed_record, "The IOC President visited Ukraine")
    assert statement.cue is not None and statement.cue.text == "read"
    assert statement.speaker is not None and statement.speaker.text == "the IOC"
    # partial quotes keep the quoted words as verbatim
    sad = _find(seed_record, 'it was "deeply saddened"')
    assert next(text[v.start : v.end] for v in sad.verbatim) == "deeply saddened"
    # no caption or credit paragraph holds a quote, and no quote runs into one
    others = [p for p in seed_record.paragraphs if p.role != "body"]
    for q in seed_record.quotes:
        for p in others:
            assert q.end <= p.start or q.start >= p.end, (q.text, p)
    # quotes do not overlap
    spans = sorted((q.start, q.end) for q in seed_record.quotes)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


# -- odd quote marks never raise and never overlap ---------------------------------------------
_PIECES = st.sampled_from(
    [
        "The minister said",
        '"',
        "“",
        "”",
        "'",
        "‘",
        "’",
        "''",
        " we will win",
        ", ",
        ".",
        "\n\n",
        " Bach told reporters: ",
        "according to the IOC ",
        "©Getty Images",
        " he added.",
    ]
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_PIECES, min_size=1, max_size=30))
def test_odd_quote_marks(nlp, pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    record = newsgraph.extract(text)
    assert_offsets(record)
    spans = sorted((q.start, q.end) for q in record.quotes)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    for q in record.quotes:
        assert q.kind in ("direct", "mixed", "indirect")


@given(st.text(alphabet="ab \"“”‘’'\n.,", max_size=60))
@settings(max_examples=50, deadline=None)
def test_scan_marks_segments_are_ordered(text):
    segs = scan_marks(text, 0, len(text), 0)
    for s in segs:
        assert 0 <= s.open < s.start <= s.end <= s.close <= len(text)
    assert all(a.close <= b.open for a, b in itertools.pairwise(segs))


def _quotes(text: str) -> list[tuple[str, str | None]]:
    record = newsgraph.extract(text)
    assert_offsets(record)
    return [(q.text, q.speaker.text if q.speaker else None) for q in record.quotes]


def test_topics_and_intentions_are_not_statements(nlp):
    text = (
        "Ukraine and the IOC\n\n"
        "Bach discussed the restoration of sporting infrastructure in the war-torn country.\n\n"
        "Russian troops aim to seize control of the city.\n\n"
        "The minister plans to visit Kyiv next week.\n"
    )
    assert _quotes(text) == [("to visit Kyiv next week", "The minister")]


def test_object_and_its_predicate_are_the_content(nlp):
    text = "Senate vote\n\nIn his speech, Graham urged Republicans to join the ranks of the reformers.\n"
    assert _quotes(text) == [("Republicans to join the ranks of the reformers", "Graham")]


def test_speech_verb_before_a_colon_wins_over_words_after_the_quote(nlp):
    text = (
        "Coal deal\n\n"
        'In a statement, Peabody said: "Patriot Coal was highly successful when it became an '
        'independent company." The company lost half its market capitalization, analysts said.\n'
    )
    quotes = _quotes(text)
    assert (
        "Patriot Coal was highly successful when it became an independent company.",
        "Peabody",
    ) in quotes


def test_participle_on_a_person_takes_that_person(nlp):
    text = (
        "Campaign ad\n\n"
        'Protesters held up a photo of Senator Mary Jones saying, "We will never raise taxes on '
        'working families."\n'
    )
    assert _quotes(text) == [
        ("We will never raise taxes on working families.", "Senator Mary Jones")
    ]


def test_nested_pronoun_speaker_is_the_outer_speaker(nlp):
    text = (
        "Hearing\n\n"
        'Lynch said she recalled thinking, "This is what people have talked about for years."\n'
    )
    # the quotation is part of what Lynch said (the rest of her sentence), by her
    quotes = [(q, s) for q, s in _quotes(text) if "talked about for years" in q]
    assert quotes and all(speaker == "Lynch" for _, speaker in quotes), quotes


def test_a_cue_inside_quoted_words_is_not_the_cue(nlp):
    text = (
        "Debate\n\n"
        'The Indiana governor said the media are to blame for focusing on "he said this, he '
        'tweeted that" stories.\n'
    )
    quotes = _quotes(text)
    assert [sp for _, sp in quotes] == ["The Indiana governor"], quotes


def test_a_statement_noun_with_a_possessor_is_a_cue(nlp):
    text = (
        "Fact check\n\n"
        "The site seized on Trump's claim that there have been thousands of shootings in Chicago.\n"
    )
    assert _quotes(text) == [("that there have been thousands of shootings in Chicago", "Trump")]


def test_names_right_before_a_cue_the_parser_left_without_subject(nlp):
    text = (
        "Attack\n\n"
        "When terrorists are revealed as part of the second front of the radical Islamic terror "
        'war, Obama and Clinton call them "lone wolves" and describe their actions as crimes.\n'
    )
    quotes = dict(_quotes(text))
    assert quotes['them "lone wolves"'] == "Obama and Clinton", quotes


def test_a_name_in_apposition_to_a_misparsed_subject_speaks(nlp):
    text = (
        "Campaign\n\n"
        "With 50 days until the election, Minyon Moore, a senior adviser to the Clinton "
        'campaign, called Mr. Obama\'s remarks on Saturday "a true wake-up call" to his '
        "coalition of supporters.\n"
    )
    quotes = _quotes(text)
    assert [sp for _, sp in quotes] == ["Minyon Moore"], quotes


def _attributions(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(content, kind, speaker mention, resolved entity name) of every quote."""
    record = newsgraph.extract(text)
    assert_offsets(record)
    return [
        (
            q.text,
            q.kind,
            q.speaker.text if q.speaker else None,
            q.speaker.name if q.speaker else None,
        )
        for q in record.quotes
    ]


def test_a_clause_after_the_cue_beats_a_misparsed_one_before_it(nlp):
    text = (
        "Debate\n\n"
        "Writing for a newspaper panel that all agreed Pence won the debate, Mark Barabak noted "
        "that the way Pence carried himself was critical to his success.\n"
    )
    assert _attributions(text) == [
        (
            "that the way Pence carried himself was critical to his success",
            "indirect",
            "Mark Barabak",
            "Mark Barabak",
        )
    ]


def test_a_predicative_adjective_with_a_clause_is_a_cue(nlp):
    text = (
        "Senate\n\nSenator Mary Jones is confident that the bill will pass the House next week.\n"
    )
    assert _attributions(text) == [
        (
            "that the bill will pass the House next week",
            "indirect",
            "Senator Mary Jones",
            "Mary Jones",
        )
    ]


def test_a_predicative_as_joins_the_object(nlp):
    text = (
        "Taxes\n\n"
        'Senator Mary Jones described the proposal as a "giveaway to the rich" on Tuesday.\n'
    )
    assert _attributions(text) == [
        (
            'the proposal as a "giveaway to the rich"',
            "mixed",
            "Senator Mary Jones",
            "Mary Jones",
        )
    ]


def test_a_verb_parsed_as_a_modifier_of_the_root_name_takes_that_name(nlp):
    text = (
        "Debate\n\n"
        "Aaron Kall, the director of debate at the University of Michigan, compared Trump to a "
        'coach at a basketball game who is "working the referees" in hopes that they will go '
        "easier on him.\n"
    )
    assert _attributions(text)[0] == (
        'Trump to a coach at a basketball game who is "working the referees"',
        "mixed",
        "Aaron Kall",
        "Aaron Kall",
    )


def test_object_control_the_object_speaks(nlp):
    text = (
        "Baltics\n\n"
        'Trump\'s remarks led Latvian journalist Dainis Ivans to fear a "secret pact" between '
        "the two men.\n"
    )
    assert _attributions(text) == [
        (
            'a "secret pact" between the two men',
            "mixed",
            "Latvian journalist Dainis Ivans",
            "Dainis Ivans",
        )
    ]
    # a person noun object with the name in apposition: the name speaks
    text = (
        "Baltics\n\n"
        'All this has led the Latvian journalist Dainis Ivans to fear a "secret pact" between '
        "the two men.\n"
    )
    assert _attributions(text) == [
        ('a "secret pact" between the two men', "mixed", "Dainis Ivans", "Dainis Ivans")
    ]


def test_footage_of_a_person_asking_takes_that_person(nlp):
    text = (
        "Campaign ad\n\n"
        "The new ad uses footage of Hillary Clinton asking, \"Why aren't I fifty points ahead, "
        'you might ask?"\n'
    )
    assert _attributions(text) == [
        (
            "Why aren't I fifty points ahead, you might ask?",
            "direct",
            "Hillary Clinton",
            "Hillary Clinton",
        )
    ]


def test_what_x_called_is_attributed_to_the_outer_cue(nlp):
    text = (
        "Nuclear test\n\n"
        'Secretary General Ban Ki-moon condemned what he called a "brazen breach" of U.N. '
        "resolutions.\n"
    )
    assert _attributions(text) == [
        (
            'a "brazen breach" of U.N. resolutions',
            "mixed",
            "Secretary General Ban Ki-moon",
            "Ban Ki-moon",
        )
    ]


def test_a_subject_before_a_quoted_title_still_speaks(nlp):
    text = (
        "Forum\n\n"
        "Hillary Clinton, the former secretary of State, stressed her record during a "
        '"Commander-in-Chief Forum" sponsored by NBC News and said she has the essential '
        'quality for the job: "Steadiness, an absolute rock steadiness."\n'
    )
    quotes = _attributions(text)
    assert (
        "Steadiness, an absolute rock steadiness.",
        "direct",
        "Hillary Clinton",
        "Hillary Clinton",
    ) in quotes


def test_a_name_split_into_two_subjects_speaks_by_its_head(nlp):
    text = (
        "Boycott\n\n"
        "International Olympic Committee (IOC) President Thomas Bach has said that the Games "
        "will go ahead.\n"
    )
    assert _attributions(text) == [
        ("that the Games will go ahead", "indirect", "President Thomas Bach", "Thomas Bach")
    ]


def test_a_noun_of_the_lexicon_with_a_to_infinitive_is_a_cue(nlp):
    text = "Taxes\n\nSenator Mary Jones renewed her pledge to cut taxes for working families.\n"
    assert _attributions(text) == [
        ("to cut taxes for working families", "indirect", "her", "Mary Jones")
    ]


def test_a_statement_noun_takes_its_source_from_a_by_phrase(nlp):
    text = (
        "Taxes\n\n"
        "Democrats rejected the suggestion by Senator Mary Jones that the tax should be cut.\n"
    )
    assert _attributions(text) == [
        ("that the tax should be cut", "indirect", "Senator Mary Jones", "Mary Jones")
    ]


def test_a_statement_noun_without_a_source_keeps_no_speaker(nlp):
    text = (
        "Governor\n\n"
        "Senator Mary Jones dismissed the speculation that she would run for governor.\n"
    )
    assert _attributions(text) == [("that she would run for governor", "indirect", None, None)]


def test_the_subject_of_a_passive_cue_with_an_agent_is_its_content(nlp):
    text = "Taxes\n\nThe new tax plan was praised by Senator Mary Jones on Tuesday.\n"
    assert _attributions(text) == [
        ("The new tax plan", "indirect", "Senator Mary Jones", "Mary Jones")
    ]


def test_a_coordinated_verb_that_reports_nothing_stays_in_the_content(nlp):
    text = (
        "Shooting\n\n"
        "Police officials say Scott posed a deadly threat and refused to drop the gun.\n"
    )
    assert _attributions(text) == [
        (
            "Scott posed a deadly threat and refused to drop the gun",
            "indirect",
            "Police officials",
            None,
        )
    ]


def test_a_second_argument_after_the_object_joins_the_content(nlp):
    text = "Police\n\nSenator Mary Jones criticized the officer for shooting an unarmed man.\n"
    assert _attributions(text) == [
        ("the officer for shooting an unarmed man", "indirect", "Senator Mary Jones", "Mary Jones")
    ]


def test_a_second_argument_after_a_prepositional_content_joins_it(nlp):
    text = "Budget\n\nSenator Mary Jones agreed with the governor about the budget.\n"
    assert _attributions(text) == [
        ("the governor about the budget", "indirect", "Senator Mary Jones", "Mary Jones")
    ]


def test_any_verb_after_a_comma_closed_quote_and_a_name_is_its_cue(nlp):
    text = (
        "Press conference\n\n"
        '"Go back to Univision," Donald Trump barked, and a security guard escorted Jorge Ramos '
        "out.\n"
    )
    quotes = _attributions(text)
    assert quotes[0] == ("Go back to Univision,", "direct", "Donald Trump", "Donald Trump")


def test_a_quote_nested_with_the_same_double_marks_stays_inside(nlp):
    text = (
        "Voices\n\n"
        "“As a young woman, I would rather live in what he calls “hell” than live in a world "
        "where he is president.” ― Adriana Rodarte\n"
    )
    assert _attributions(text) == [
        (
            "As a young woman, I would rather live in what he calls “hell” than live in a world "
            "where he is president.",
            "direct",
            "Adriana Rodarte",
            "Adriana Rodarte",
        )
    ]
    segs = scan_marks(text, 0, len(text), 0)
    assert len(segs) == 1 and segs[0].closed


def test_a_predicative_adjective_with_a_prepositional_object_is_a_cue(nlp):
    text = "Trade\n\nSenator Mary Jones is skeptical of the new trade deal.\n"
    assert _attributions(text) == [
        ("the new trade deal", "indirect", "Senator Mary Jones", "Mary Jones")
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The room went quiet when Senator Mary Jones said the bill would pass the Senate, "
            "whereas the governor expects a veto.",
            "the bill would pass the Senate",
        ),
        (
            "The room went quiet when Senator Mary Jones said the plan would hurt Hillary "
            "Clinton, who may have to decide how far to distance herself from Obama.",
            "the plan would hurt Hillary Clinton",
        ),
        (
            "The room went quiet when Senator Mary Jones said she would vote for Bill Smith, a "
            "retired teacher from Ohio.",
            "she would vote for Bill Smith",
        ),
    ],
)
def test_comma_tails_end_the_content(nlp, sentence, content):
    """Of a cue inside a sentence, the writer's comma tails are no content."""
    quotes = _attributions(f"Senate\n\n{sentence}\n")
    assert quotes[0] == (content, "indirect", "Senator Mary Jones", "Mary Jones")


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Senator Mary Jones said she would vote for Bill Smith, a retired teacher from Ohio.",
            "she would vote for Bill Smith, a retired teacher from Ohio",
        ),
        (
            "Senator Mary Jones said she will support the nominee, but beyond that, she does "
            "not want to be involved in the race.",
            "she will support the nominee, but beyond that, she does not want to be involved in "
            "the race",
        ),
    ],
)
def test_the_main_verbs_content_runs_to_the_end_of_the_sentence(nlp, sentence, content):
    """Of the sentence's main speech verb, the content is the rest of the sentence, as both
    gold sets annotate it; a later speech verb (`adding that`) attributes what follows it."""
    quotes = _attributions(f"Senate\n\n{sentence}\n")
    assert quotes[0] == (content, "indirect", "Senator Mary Jones", "Mary Jones")
    later = _attributions(
        "Senate\n\nSenator Mary Jones said the bill would pass, adding that it was fair.\n"
    )
    assert later[0][0] == "the bill would pass"


def test_a_time_phrase_after_the_object_is_no_argument(nlp):
    text = "Taxes\n\nSenator Mary Jones criticized the tax plan on Friday.\n"
    assert _attributions(text) == [("the tax plan", "indirect", "Senator Mary Jones", "Mary Jones")]


def test_the_predicate_of_a_prepositional_object_joins_the_content(nlp):
    text = (
        "Speeches\n\n"
        "Senator Mary Jones called for the governor to release the transcripts of his speeches.\n"
    )
    assert _attributions(text) == [
        (
            "the governor to release the transcripts of his speeches",
            "indirect",
            "Senator Mary Jones",
            "Mary Jones",
        )
    ]


def test_a_quote_with_its_own_attribution_ends_the_clause_before_it(nlp):
    text = (
        "Budget\n\n"
        "Senator Mary Jones said the budget bill would pass the Senate easily, and when asked "
        'about the governor, her spokesman Tom Brady replied, "We fully expect a veto from him '
        'next week."\n'
    )
    quotes = _attributions(text)
    assert quotes[0] == (
        "the budget bill would pass the Senate easily",
        "indirect",
        "Senator Mary Jones",
        "Mary Jones",
    )
    assert quotes[-1] == (
        "We fully expect a veto from him next week.",
        "direct",
        "Tom Brady",
        "Tom Brady",
    )


def test_a_poll_named_by_in_is_the_source_of_its_sentence(nlp):
    text = (
        "Polls\n\n"
        "In the latest Washington Post poll, Clinton led Trump by five points among likely "
        "voters.\n"
    )
    assert _attributions(text) == [
        (
            "Clinton led Trump by five points among likely voters",
            "indirect",
            "the latest Washington Post poll",
            None,
        )
    ]
    # a speech verb in the sentence attributes instead
    text = "Polls\n\nIn an interview with CNN, Senator Mary Jones said the bill would pass.\n"
    assert _attributions(text) == [
        ("the bill would pass", "indirect", "Senator Mary Jones", "Mary Jones")
    ]
