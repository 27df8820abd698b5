"""The speaker sieve: overlap, name, pronoun and description rules over ``doc._.ng_entities``."""

from __future__ import annotations

import re

from newsgraph.nlp.quotes.resolve import SpeakerResolver


def _doc(nlp, text, entities):
    """A parsed doc with hand-made entities (so each sieve step is tested alone)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in (
            "parser",
            "tagger",
            "attribute_ruler",
            "lemmatizer",
            "newsgraph_morphology",
            "tok2vec",
            "senter",
        ):
            doc = proc(doc)
    out = []
    for i, (name, etype, extra) in enumerate(entities, 1):
        mentions = []
        start = text.find(name)
        while start >= 0:
            mentions.append({"start": start, "end": start + len(name), "text": name})
            start = text.find(name, start + 1)
        out.append({"id": f"E{i}", "name": name, "type": etype, "mentions": mentions, **extra})
    doc._.ng_entities = out
    return doc


def _mention(doc, text, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.find(text, start + 1)
    return doc.char_span(start, start + len(text))


def _word(doc, word, occurrence=0):
    """The ``occurrence``-th whole-word ``word`` of the doc (`he`, not the `he` of `the`)."""
    found = list(re.finditer(rf"\b{re.escape(word)}\b", doc.text))[occurrence]
    return doc.char_span(found.start(), found.end())


def test_overlap_resolves_the_full_mention(nlp):
    text = "Polish Sports Minister Kamil Bortniczuk said the plan was ready."
    doc = _doc(nlp, text, [("Kamil Bortniczuk", "PERSON", {})])
    r = SpeakerResolver(doc).resolve(_mention(doc, "Polish Sports Minister Kamil Bortniczuk"))
    assert (r["entity"], r["name"]) == ("E1", "Kamil Bortniczuk")
    assert r["text"] == "Polish Sports Minister Kamil Bortniczuk"


def test_surname_resolves_by_name(nlp):
    text = "Thomas Bach arrived. Later Bach said the Games would go ahead."
    doc = _doc(nlp, text, [("Thomas Bach", "PERSON", {})])
    r = SpeakerResolver(doc).resolve(_mention(doc, "Bach", 1))
    assert r["name"] == "Thomas Bach"


def test_a_full_name_ner_missed_becomes_a_person(nlp):
    text = (
        "Ukraine's Sports Vadym Guttsait has warned that his country may stay away. "
        "Guttsait spoke on Monday. The Olympic Committee replied."
    )
    doc = _doc(nlp, text, [("Olympic Committee", "ORG", {})])
    resolver = SpeakerResolver(doc)
    r = resolver.resolve(_mention(doc, "Ukraine's Sports Vadym Guttsait"))
    assert r["name"] == "Vadym Guttsait" and r["entity"] == "E2"
    added = doc._.ng_entities[-1]
    assert (added["id"], added["type"]) == ("E2", "PERSON")
    assert [m["text"] for m in added["mentions"]] == ["Vadym Guttsait", "Guttsait"]
    # later mentions resolve to it; organisation names and role words never become persons
    assert resolver.resolve(_mention(doc, "Guttsait", 1))["entity"] == "E2"
    assert resolver.resolve(_mention(doc, "The Olympic Committee"))["name"] == "Olympic Committee"
    assert len(doc._.ng_entities) == 2


def test_pronoun_takes_the_nearest_gender_compatible_person(nlp):
    text = "Anna Kowalska met Piotr Nowak in Warsaw. She said the deal was done."
    ents = [
        ("Anna Kowalska", "PERSON", {"_gender": "f"}),
        ("Piotr Nowak", "PERSON", {"_gender": "m"}),
    ]
    doc = _doc(nlp, text, ents)
    assert SpeakerResolver(doc).resolve(_mention(doc, "She"))["name"] == "Anna Kowalska"
    text2 = "Anna Kowalska met Piotr Nowak in Warsaw. He said the deal was done."
    doc2 = _doc(nlp, text2, ents)
    assert SpeakerResolver(doc2).resolve(_mention(doc2, "He"))["name"] == "Piotr Nowak"


def test_they_takes_the_nearest_organisation_outside_quotes(nlp):
    text = 'The IOC met on Friday. "Paris will host the Games," they said.'
    doc = _doc(nlp, text, [("IOC", "ORG", {}), ("Paris", "GPE", {})])
    quoted = [(text.index('"'), text.index('," they') + 2)]
    r = SpeakerResolver(doc, quoted).resolve(_mention(doc, "they"))
    assert r["name"] == "IOC"


def test_it_is_never_a_people(nlp):
    """`it` passes over a demonym (NORP) to the organisation: `they` may still be a people."""
    text = (
        "The Foreign Office issued a warning. Britons travelling abroad were told to check "
        'their passports. "Plan ahead," it said.'
    )
    doc = _doc(nlp, text, [("Foreign Office", "ORG", {}), ("Britons", "NORP", {})])
    quoted = [(text.index('"'), text.index('," it') + 2)]
    r = SpeakerResolver(doc, quoted).resolve(_word(doc, "it"))
    assert r["name"] == "Foreign Office"


def test_descriptions_resolve_to_the_entity_so_described(nlp):
    text = (
        "IOC President Thomas Bach met Volodymyr Zelenskyy and the International Olympic "
        "Committee board. The organisation said it was saddened. The IOC President said he "
        "would return."
    )
    ents = [
        ("Thomas Bach", "PERSON", {}),
        ("Volodymyr Zelenskyy", "PERSON", {}),
        ("International Olympic Committee", "ORG", {}),
    ]
    doc = _doc(nlp, text, ents)
    res = SpeakerResolver(doc)
    assert (
        res.resolve(_mention(doc, "The organisation"))["name"] == "International Olympic Committee"
    )
    assert res.resolve(_mention(doc, "The IOC President"))["name"] == "Thomas Bach"


def test_unknown_speakers_keep_the_mention(nlp):
    text = "The talks ended. A source said the delegation would leave."
    doc = _doc(nlp, text, [])
    r = SpeakerResolver(doc).resolve(_mention(doc, "A source"))
    assert r == {"start": 17, "end": 25, "text": "A source", "entity": None, "name": None}


def test_quote_component_leaves_no_user_hooks(nlp):
    """The sentence cache must not live in ``doc.user_hooks``: spaCy pickles those when docs
    cross processes (``nlp.pipe(n_process=2)``) and warns W109 on every doc."""
    import warnings

    text = '"We will go," Bach said. He added that the team was ready.'
    doc = nlp(text)
    assert doc._.ng_quotes, "the component ran and found the quote"
    assert doc.user_hooks == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc.to_bytes()


def test_sentences_are_per_document(nlp):
    """Sentence look-ups belong to one document (no cache shared between documents or threads:
    Dask workers run several threads)."""
    from newsgraph.nlp.quotes.context import Sentences

    a = nlp.make_doc("One. Two. Three.")
    b = nlp.make_doc("A long first sentence here. Short.")
    for d in (a, b):
        for i, tok in enumerate(d):
            tok.is_sent_start = i == 0 or d[i - 1].text == "."
    in_a, in_b = Sentences(a), Sentences(b)
    assert in_a.of(a[2]).text == "Two."
    assert in_b.of(b[0]).text == "A long first sentence here."
    assert in_a.of(a[4]).text == "Three."
    assert [in_b.of(t).text for t in b] == [t.sent.text for t in b]


def test_pronoun_takes_the_nearest_subject_not_the_nearest_mention(nlp):
    text = (
        "Audrey Parker urged the Liberals to change the law. Given his views, Shanaaz Gokool "
        "is hopeful David Lametti might be receptive to Parker's plea. "
        '"Our hope is that the minister will follow through," she said.'
    )
    ents = [
        ("Audrey Parker", "PERSON", {"_gender": "f"}),
        ("Shanaaz Gokool", "PERSON", {}),
        ("David Lametti", "PERSON", {"_gender": "m"}),
    ]
    doc = _doc(nlp, text, ents)
    doc._.ng_entities[0]["mentions"].append(
        {"start": text.index("Parker's"), "end": text.index("Parker's") + 6, "text": "Parker"}
    )
    quoted = [(text.index('"'), text.index('," she') + 2)]
    assert SpeakerResolver(doc, quoted).resolve(_word(doc, "she"))["name"] == "Shanaaz Gokool"


def test_pronoun_takes_a_person_the_sentence_before_introduces(nlp):
    text = (
        'Doug Purdy joined the program in May. "It changed my life," he says. Regular exercise '
        "also produced positive results for accountant Babatunji Farinloye, 50. "
        '"I had a health club membership, but this program helped me," he says.'
    )
    ents = [
        ("Doug Purdy", "PERSON", {"_gender": "m"}),
        ("Babatunji Farinloye", "PERSON", {}),
    ]
    doc = _doc(nlp, text, ents)
    first, second = text.index('"It'), text.index('"I had')
    quoted = [(first, text.index('," he') + 2), (second, text.index('," he', second) + 2)]
    res = SpeakerResolver(doc, quoted)
    assert res.resolve(_word(doc, "he"))["name"] == "Doug Purdy"
    assert res.resolve(_word(doc, "he", 1))["name"] == "Babatunji Farinloye"


def test_pronoun_passes_over_a_previous_speaker_of_another_kind(nlp):
    text = (
        'Darian Lonechild spoke in Regina. "We are ready," she said. '
        + "The council heard reports on housing, water and schools for two days. " * 8
        + "The AFN Youth Council "
        "stated in July it opposed the Kinder Morgan pipeline. "
        '"This land is who we are," she said.'
    )
    ents = [
        ("Darian Lonechild", "PERSON", {"_gender": "f"}),
        ("AFN Youth Council", "ORG", {}),
        ("Kinder Morgan", "PERSON", {}),
    ]
    doc = _doc(nlp, text, ents)
    first, second = text.index('"We'), text.index('"This')
    quoted = [(first, text.index('," she') + 2), (second, text.index('," she', second) + 2)]
    res = SpeakerResolver(doc, quoted)
    assert res.resolve(_word(doc, "she"))["name"] == "Darian Lonechild"
    assert res.resolve(_mention(doc, "The AFN Youth Council"))["name"] == "AFN Youth Council"
    assert res.resolve(_word(doc, "she", 1))["name"] == "Darian Lonechild"


def test_pronoun_gender_falls_back_on_the_first_name(nlp):
    text = (
        "Bernie Sanders won Vermont on Tuesday. His opponent, Hillary Clinton, won Georgia. "
        'He told the crowd that "the people who know me best" gave him a victory.'
    )
    ents = [("Bernie Sanders", "PERSON", {}), ("Hillary Clinton", "PERSON", {})]
    doc = _doc(nlp, text, ents)
    assert SpeakerResolver(doc).resolve(_word(doc, "He"))["name"] == "Bernie Sanders"


def test_protestors_spelled_either_way_are_people(nlp):
    text = 'Protestors said the plan has done nothing. "It is a bandage," they said.'
    doc = _doc(nlp, text, [])
    quoted = [(text.index('"'), text.index('," they') + 2)]
    assert SpeakerResolver(doc, quoted).resolve(_word(doc, "they"))["name"] == "Protestors"


def test_a_role_noun_speaker_takes_the_person_apposed_to_it(nlp):
    text = (
        "Director, security response at cybersecurity firm Symantec, Kevin Haley, agreed "
        "with this finding."
    )
    ents = [("Symantec", "ORG", {}), ("Kevin Haley", "PERSON", {})]
    doc = _doc(nlp, text, ents)
    assert SpeakerResolver(doc).resolve(_word(doc, "Director"))["name"] == "Kevin Haley"


def test_a_surname_ner_missed_takes_the_full_name_given_earlier(nlp):
    text = (
        "For Carole Laurin, a series of strokes meant she had to leave her job. "
        "Laurin said she was fortunate."
    )
    doc = _doc(nlp, text, [])
    for tok in doc:  # as NER left it: no entity, a proper noun
        if tok.text == "Laurin":
            tok.pos_, tok.ent_type_ = "PROPN", ""
    r = SpeakerResolver(doc).resolve(_word(doc, "Laurin", 1))
    assert r["name"] == "Carole Laurin" and r["entity"] == "E1"
