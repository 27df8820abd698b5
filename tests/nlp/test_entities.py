"""``newsgraph_entities``: mentions, merging, types, junk, descriptors, gender."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, POLNEAR, need_shared

FIXTURES = DATA / "entities"


def assert_offsets(record) -> None:
    """Every entity mention slices ``article.text`` to its text (other stages are not checked
    here: they have their own tests)."""
    text = record.article.text
    for e in record.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, (m, e.name)


def _extract(text: str):
    import newsgraph

    return newsgraph.extract(text, published="2023-02-03")


def _doc(nlp, text: str):
    from newsgraph.ingest.load import document_from_string
    from newsgraph.nlp.pipeline import make_doc

    return nlp(make_doc(nlp, document_from_string(text, source="-", published=None, title=None)))


def _fixture(name: str):
    return _extract((FIXTURES / name).read_text(encoding="utf-8"))


def _with_alias(record, alias: str):
    found = [e for e in record.entities if alias in e.aliases]
    assert len(found) == 1, (alias, [(e.name, e.aliases) for e in record.entities])
    return found[0]


def _names(record) -> set[str]:
    return {a for e in record.entities for a in e.aliases}


# --- merging -------------------------------------------------------------------------------


def test_surname_and_middle_initial_merge_but_junior_stays_apart(nlp):
    record = _fixture("trump.txt")
    trump = _with_alias(record, "Donald J. Trump")
    assert {"Donald Trump", "Trump"} <= set(trump.aliases)
    assert trump.type == "PERSON"
    assert trump.name == "Donald J. Trump"  # the longest name
    junior = _with_alias(record, "Donald Trump Jr.")
    assert junior.id != trump.id
    assert_offsets(record)


def test_clinton_family_stays_apart_and_lone_surname_is_ambiguous(nlp):
    record = _fixture("clinton-family.txt")
    ids = {
        _with_alias(record, n).id for n in ("Hillary Clinton", "Bill Clinton", "Chelsea Clinton")
    }
    assert len(ids) == 3
    lone = _with_alias(record, "Clinton")
    assert lone.id not in ids
    assert lone.aliases == ["Clinton"]


def test_the_obama_couple_is_two_people(nlp):
    """Barack and Michelle Obama in one article: "Mr. Obama" and "President Obama ... he" are
    Barack, "Mrs. Obama" Michelle (before, the lone "Obama" stayed one ambiguous entity)."""
    record = _fixture("obama-couple.txt")
    text = record.article.text
    barack = _with_alias(record, "Barack Obama")
    michelle = _with_alias(record, "Michelle Obama")
    assert barack.id != michelle.id
    assert barack.name == "Barack Obama" and michelle.name == "Michelle Obama"

    def owner(prefix: str, nth: int = 0) -> str:
        at = -1
        for _ in range(nth + 1):
            at = text.index(prefix, at + 1)
        at += prefix.index("Obama")
        found = [e.id for e in record.entities for m in e.mentions if m.start == at]
        assert len(found) == 1, (prefix, found)
        return found[0]

    assert owner("Mr. Obama") == owner("Mr. Obama", 1) == barack.id
    assert owner("Mrs. Obama") == owner("Mrs. Obama", 1) == michelle.id
    assert owner("President Obama said he") == barack.id
    assert not any(e.name == "Obama" for e in record.entities)


def test_mr_obama_is_not_the_only_full_name_with_his_surname(nlp):
    """Only Michelle Obama is named in full: "Mr. Obama" is someone else (his own entity)."""
    record = _extract(
        "The first lady, Michelle Obama, spoke in Ohio on Monday.\n\n"
        "Mr. Obama told reporters in Washington that he would campaign next week.\n"
    )
    michelle = _with_alias(record, "Michelle Obama")
    assert "Obama" not in michelle.aliases
    mr = _with_alias(record, "Obama")
    assert mr.id != michelle.id and mr.type == "PERSON"


def test_trump_junior_by_his_suffix(nlp):
    """ "Trump Jr." is Donald Trump Jr. (the suffix is part of the name); "Trump" his father."""
    record = _fixture("trump-junior.txt")
    junior = _with_alias(record, "Donald Trump Jr.")
    father = _with_alias(record, "Donald Trump")
    assert junior.id != father.id
    assert "Trump Jr." in junior.aliases and "Trump" in father.aliases
    assert junior.name == "Donald Trump Jr." and father.name == "Donald Trump"


def test_an_epithet_is_no_alias_but_an_introduction_is_the_name(nlp):
    record = _extract(
        "Enrique Peña Nieto met the visitors on Monday. Peña Nieto said the talks went well.\n\n"
        "Critics of Peña Nieto called the visit a stunt. Disgraced Enrique Peña Nieto was "
        "how one columnist put it.\n"
    )
    pena = _with_alias(record, "Peña Nieto")
    assert pena.name == "Enrique Peña Nieto"  # the introduction, a known given name first
    assert not any(a.startswith("Disgraced") for a in pena.aliases)


def test_two_smiths_stay_apart(nlp):
    record = _fixture("two-smiths.txt")
    john, anna = _with_alias(record, "John Smith"), _with_alias(record, "Anna Smith")
    assert john.id != anna.id
    assert _with_alias(record, "Smith").id not in {john.id, anna.id}


def test_the_surname_goes_to_the_namesake_not_called_by_the_given_name(nlp):
    """ "Michael Greenspan ... Michael said ...": the writer keeps "Greenspan" for Dorie."""
    record = _fixture("namesakes-given-name.txt")
    dorie = _with_alias(record, "Dorie Greenspan")
    michael = _with_alias(record, "Michael Greenspan")
    assert "Michael" in michael.aliases and "Greenspan" not in michael.aliases
    assert "Greenspan" in dorie.aliases
    assert len(dorie.mentions) == 4
    assert not any(e.aliases == ["Greenspan"] for e in record.entities)


def test_a_given_name_of_the_most_named_namesake_does_not_give_the_surname_away(nlp):
    """ "Hillary" chanted for Hillary Clinton, named in full twice, Bill once: "Clinton" is
    still hers."""
    record = _fixture("namesakes-given-name-famous.txt")
    hillary = _with_alias(record, "Hillary Clinton")
    assert "Clinton" in hillary.aliases
    assert "Clinton" not in _with_alias(record, "Bill Clinton").aliases


def test_spelling_variants_merge(nlp):
    record = _fixture("typos.txt")
    sharpar = _with_alias(record, "Dmytro Sharpar")
    assert {"Dymtro Sharpar", "Sharpar"} <= set(sharpar.aliases)
    assert sharpar.name == "Dmytro Sharpar"  # the spelling seen first wins the tie
    assert len(sharpar.mentions) == 3


def test_short_form_of_a_given_name_merges(nlp):
    text = (
        "Former independent counsel Kenneth Starr spoke at Baylor University on Monday.\n\n"
        "Ken Starr said the board had acted too quickly. Starr left before the vote.\n\n"
        "His colleague Charles Grassley disagreed.\n"
    )
    record = _extract(text)
    starr = _with_alias(record, "Kenneth Starr")
    assert {"Ken Starr", "Starr"} <= set(starr.aliases) and starr.type == "PERSON"
    assert not any("Grassley" in a for a in starr.aliases)
    assert_offsets(record)


def test_acronyms_from_initials_and_parentheses(nlp):
    record = _fixture("acronyms.txt")
    fbi = _with_alias(record, "FBI")
    assert fbi.name == "Federal Bureau of Investigation" and fbi.type == "ORG"
    who = _with_alias(record, "WHO")
    assert who.name == "World Health Organization"
    # "(WHO)" itself is a mention (spaCy tagged it as part of the name; it is split off)
    text = (FIXTURES / "acronyms.txt").read_text(encoding="utf-8")
    paren = text.index("(WHO)") + 1
    assert any(m.start == paren and m.text == "WHO" for m in who.mentions)
    assert_offsets(record)


def test_lone_surname_and_honorific_make_a_person(nlp):
    record = _fixture("descriptors.txt")
    scholz = _with_alias(record, "Olaf Scholz")
    assert "Scholz" in scholz.aliases
    assert scholz.type == "PERSON"


# --- headlines, canonical names ---------------------------------------------------------------


def test_headline_words_make_no_entity(nlp):
    """A Title-Case headline glues words to names ("Donald Trump Tells", "Washington Post
    Reveals Donor Plan"): its mentions keep only the name the story confirms, and nothing is an
    entity from the headline alone."""
    record = _fixture("headline.txt")
    text = record.article.text
    headline_end = text.index("\n")
    for e in record.entities:
        assert any(m.role != "title" for m in e.mentions), e.name
        for a in e.aliases:
            assert not a.endswith(("Tells", "Reveals", "Plan", "Lies")), (e.name, a)
    trump = _with_alias(record, "Donald Trump")
    assert any(m.start == 0 and m.text == "Donald Trump" for m in trump.mentions)
    post = _with_alias(record, "The Washington Post")
    assert any(m.start < headline_end and m.text == "Washington Post" for m in post.mentions)
    assert_offsets(record)


def test_the_canonical_name_is_the_full_name_with_its_the(nlp):
    """ "The Washington Post" (as the story writes it mid-sentence), never "Post"."""
    record = _fixture("headline.txt")
    post = _with_alias(record, "Post")
    assert post.name == "The Washington Post"
    assert {"Washington Post", "The Washington Post"} <= set(post.aliases)


def test_headline_full_name_confirmed_by_the_story(nlp):
    """A full name only the headline spells out stays when the story names that surname as a
    person ("Barack Obama" in the headline, "Mr. Obama" below) and becomes the name."""
    record = _extract(
        "Barack Obama Urges Voters To Turn Out\n\n"
        "Mr. Obama told a crowd in Philadelphia on Tuesday that the election would be close.\n\n"
        "Obama said he would campaign in three more states this week.\n"
    )
    obama = _with_alias(record, "Obama")
    assert obama.name == "Barack Obama" and "Barack Obama" in obama.aliases
    assert not any("Urges" in a for e in record.entities for a in e.aliases)


# --- descriptors, gender ---------------------------------------------------------------------


def _mentioned_in(doc, start: int, end: int) -> list[str]:
    """The names of the entities with a mention overlapping the character span [start, end)."""
    return [
        e["name"]
        for e in doc._.ng_entities
        if any(m["start"] < end and start < m["end"] for m in e["mentions"])
    ]


def test_descriptor_mentions_and_private_keys(nlp):
    text = (FIXTURES / "descriptors.txt").read_text(encoding="utf-8")
    doc = _doc(nlp, text)
    ents = {e["name"]: e for e in doc._.ng_entities}
    kamil = ents["Kamil Bortniczuk"]
    assert "Polish Sports Minister" in kamil["_descriptors"]
    assert "minister" in kamil["_descriptors"]
    later = text.index("The minister") + len("The ")
    assert {"start": later, "end": later + 8, "text": "minister", "role": "body"} in kamil[
        "mentions"
    ]
    assert "minister" not in kamil["aliases"]  # descriptors are mentions, not names
    assert ents["Olaf Scholz"]["_gender"] == "m"  # "Mr Scholz"
    # the speaker phrase holds the person's name (and the NORP "Polish")
    phrase = "Polish Sports Minister Kamil Bortniczuk"
    start = text.index(phrase)
    assert "Kamil Bortniczuk" in _mentioned_in(doc, start, start + len(phrase))
    assert _mentioned_in(doc, later - 4, later + 8) == ["Kamil Bortniczuk"]  # "The minister"
    friday = text.index("on Friday")
    assert _mentioned_in(doc, friday, friday + 9) == []  # a DATE is no entity


def test_gender_from_the_name_list_and_the_article(nlp):
    """A woman and a man named with first names the list knows and no pronoun (Maria
    Lindqvist, Kevin Marsh); a role noun where the list has no answer ("chairwoman Pat
    Okoye"); the article over the list ("Andrea Rossi ... the seat he had held ... Mr. Rossi":
    a man, though the list has Andrea as a woman's name, and one person)."""
    text = (FIXTURES / "gender.txt").read_text(encoding="utf-8")
    doc = _doc(nlp, text)
    by_name = {e["name"]: e for e in doc._.ng_entities}
    assert by_name["Maria Lindqvist"]["_gender"] == "f"
    assert by_name["Kevin Marsh"]["_gender"] == "m"
    assert by_name["Pat Okoye"]["_gender"] == "f"
    rossi = by_name["Andrea Rossi"]
    assert rossi["_gender"] == "m" and "Rossi" in rossi["aliases"]


def test_given_name_list():
    from newsgraph.nlp import names
    from newsgraph.nlp.given_names import is_given_name, name_gender

    assert name_gender("Michelle") == ("f", True) and name_gender("Barack") == ("m", True)
    assert name_gender("Erin") == ("f", False)  # "mostly female": weaker
    assert name_gender("Pat") is None and name_gender("Trump") is None  # andy / unknown
    assert names.given_gender("General") is None  # a title, though the list has it
    assert is_given_name("Ivanka") and not is_given_name("Thoms")
    assert not names.same_given("ivana", "ivanka") and names.same_given("thoms", "thomas")


def test_ambiguous_descriptor_is_not_resolved(nlp):
    text = (
        "Polish Sports Minister Kamil Bortniczuk met French Sports Minister Amelie Oudea-Castera "
        "in Warsaw on Monday.\n\nThe minister said the talks had been useful.\n"
    )
    doc = _doc(nlp, text)
    at = text.index("The minister") + 4
    for e in doc._.ng_entities:
        assert all(m["start"] != at for m in e["mentions"]), e["name"]


def test_private_keys_do_not_reach_the_record(nlp):
    record = _fixture("descriptors.txt")
    data = record.to_dict()
    for e in data["entities"]:
        assert not any(k.startswith("_") for k in e)


# --- types ---------------------------------------------------------------------------------------


def test_types_corrected_by_context(nlp):
    """spaCy types "Nadia Jamil" and "Rodri" ORG, "Twitter" and "La CGT" PERSON: the subject of
    "said" with "she"/"he" after it is a person; "on Twitter" is an organisation; a name with an
    acronym and no person evidence is one too."""
    record = _fixture("types.txt")
    assert _with_alias(record, "Nadia Jamil").type == "PERSON"
    assert _with_alias(record, "Rodri").type == "PERSON"
    assert _with_alias(record, "Kevin Vickers").type == "PERSON"
    assert _with_alias(record, "Twitter").type == "ORG"
    assert _with_alias(record, "La CGT").type == "ORG"
    assert _with_alias(record, "Keele").type == "GPE"


def test_a_subject_that_he_refers_back_to_is_a_person(nlp):
    """spaCy types "Verhoeven" GPE; "Verhoeven didn't hesitate. '...,' he said" makes him a
    person, and the quote's "he" resolves to him."""
    record = _fixture("types-subject-pronoun.txt")
    verhoeven = _with_alias(record, "Verhoeven")
    assert verhoeven.type == "PERSON"
    putting = next(q for q in record.quotes if q.text.startswith("Putting"))
    assert putting.speaker is not None and putting.speaker.entity == verhoeven.id


def test_an_apposition_types_the_name(nlp):
    """ "the founder's brother, Ingvar" (tagged GPE) is a person, and his "told reporters" is
    his; "one of the oldest newspapers, Der Morgen" (tagged PERSON) is an organisation."""
    record = _fixture("types-apposition.txt")
    ingvar = _with_alias(record, "Ingvar")
    assert ingvar.type == "PERSON"
    told = next(q for q in record.quotes if "plant" in q.text)
    assert told.speaker is not None and told.speaker.entity == ingvar.id
    assert _with_alias(record, "Der Morgen").type == "ORG"


def test_a_plural_name_is_a_group_not_a_person(nlp):
    """ "Canadians aged 40 to 61 who ..." (an age, a "who") is no person: NORP."""
    record = _fixture("types-plural-group.txt")
    assert _with_alias(record, "Canadians").type == "NORP"


def test_a_possessive_person_span_is_cut_to_its_owner(nlp):
    """A PERSON span "Justin Trudeau's Liberals" names the party: its mention is "Justin
    Trudeau", who merges with "Trudeau"; "Liberals" is no person."""
    from spacy.tokens import Span

    from newsgraph.nlp.entities import build_entities

    text = (
        "The tax is at stake, as Justin Trudeau's Liberals defend their plan.\n\n"
        "The Liberals hope it helps. Trudeau said he would not back down.\n"
    )
    doc = _doc(nlp, text)
    s = text.index("Justin")
    span = doc.char_span(s, text.index(" defend"), alignment_mode="expand")
    others = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
    doc.ents = sorted([*others, Span(doc, span.start, span.end, "PERSON")], key=lambda e: e.start)
    ents = build_entities(doc)
    trudeau = [e for e in ents if "Justin Trudeau" in e["aliases"]]
    assert len(trudeau) == 1 and trudeau[0]["type"] == "PERSON"
    assert "Trudeau" in trudeau[0]["aliases"]
    assert all(e["type"] != "PERSON" for e in ents if "Liberals" in e["aliases"])


def test_a_misparsed_dateline_agency_is_no_speaker(nlp):
    """ "(Reuters) - Jane Doe said she ..." does not make Reuters a person."""
    record = _extract(
        "LONDON (Reuters) - Jane Doe said she would stand for the party leadership.\n\n"
        "Reuters could not reach her opponents for comment on Monday.\n"
    )
    assert _with_alias(record, "Reuters").type != "PERSON"


# --- mentions: paragraphs, trimming, junk -------------------------------------------------------


def test_no_mention_crosses_a_paragraph_and_trimming_keeps_offsets(nlp):
    text = (
        "Photographers from Getty Images\n\nwere there. The Olympic Movement’s values were "
        "praised by the International Olympic Committee, which met in The Hague.\n"
    )
    record = _extract(text)
    assert_offsets(record)
    paras = [(p.start, p.end) for p in record.paragraphs]
    for e in record.entities:
        for m in e.mentions:
            assert any(s <= m.start and m.end <= end for s, end in paras), m
            assert m.text == m.text.strip()
            assert not m.text.endswith(("’s", "'s", ",", "."))
            assert not m.text.lower().startswith("the ") or m.text.startswith("The Hague")
    names = _names(record)
    assert "Olympic Movement" in names or "Olympic Movement’s" not in names


def test_boycotts_and_numbers_are_junk(nlp):
    record = _extract(
        "History has shown that boycotts did not achieve their ends, the IOC said on "
        "24 February 2022, adding that 25 athletes and 3% of the budget were affected.\n"
    )
    names = _names(record)
    assert "boycotts" not in names
    assert all(any(c.isupper() for c in n) and len(n) > 1 for n in names)
    from newsgraph.model import ENTITY_TYPES

    assert all(e.type in ENTITY_TYPES for e in record.entities)
    assert not any(ch.isdigit() for n in names for ch in n)


def test_credit_fragments_are_cut(nlp):
    text = (
        "IOC President Thomas Bach visited Bakhmut ©Office of Ukraine President\n\n"
        "Thomas Bach met athletes in Bakhmut, the IOC said.\n"
    )
    record = _extract(text)
    names = _names(record)
    assert not any("©" in n or "Office of Ukraine" in n for n in names), names


def test_a_dateline_is_no_credit(nlp):
    """ "WASHINGTON (AP) —" opens a story: the mentions after it stay (so do those after a
    bracketed state, "(Pa.)")."""
    record = _fixture("dateline.txt")
    text = record.article.text
    delgado = _with_alias(record, "Maria Delgado")
    harlan = _with_alias(record, "Tom Harlan")
    assert delgado.id != harlan.id and delgado.type == harlan.type == "PERSON"
    dateline_para = text.index("WASHINGTON (AP)")
    assert any(m.start > dateline_para and m.role == "body" for m in delgado.mentions)
    assert "Delgado" in delgado.aliases  # the same paragraph, after the dateline
    assert {"Paul Brennan", "Ann Kowal"} <= _names(record)  # after "(Pa.)"
    assert_offsets(record)


def test_photo_credits_and_bylines_make_no_person(nlp):
    """A credit closing a paragraph ("Jonah Reyes / CBC News", "(Priya Natarajan/The Canadian
    Press)") and a byline ("By Samuel Otieno") give no mention; the caption's own person stays."""
    record = _fixture("photo-credit.txt")
    names = _names(record)
    for credit in ("Jonah Reyes", "Priya Natarajan", "Samuel Otieno", "CBC News"):
        assert not any(credit in n for n in names), (credit, names)
    okafor = _with_alias(record, "Linda Okafor")
    text = record.article.text
    caption = text.index("Mayor Linda Okafor walks")
    assert any(m.start == caption + len("Mayor ") for m in okafor.mentions)
    assert len(okafor.mentions) == 3  # the byline between them does not stop the last one
    assert_offsets(record)


def test_credit_start_rules():
    from newsgraph.nlp.entities.credits import credit_start

    def cut(line: str) -> str | None:
        at = credit_start(line, 0, len(line))
        return None if at is None else line[at:]

    assert cut("WASHINGTON (AP) — Donald Trump said on Monday.") is None
    assert cut("Kim met Trump. (Evan Vucci/Associated Press)") == "(Evan Vucci/Associated Press)"
    assert cut("A man walks in Ottawa. Lauren Pelley / CBC News") == "Lauren Pelley / CBC News"
    assert cut("Bakhmut ©Office of Ukraine President") == "©Office of Ukraine President"
    assert cut("in a photo (Getty Images)") == "(Getty Images)"
    assert cut("voted with Harry Reid (D-Nev.).") is None
    assert cut("This is and/or that.") is None
    assert cut("Tijana Martin / The Canadian Press Anne Cerato and Pat Bardos at home.") is None
    assert cut("Sen. Pat Toomey (Pa.).") is None  # a state, not the Press Association
    assert cut("said SÃ©golÃ¨ne Royal, the minister.") is None  # mis-decoded "é", no "©"
    assert cut("his re\u0301sume\u0301 and rA\u0303\u00a9sumA\u0303\u00a9 here") is None


def test_ordering_ids_and_sorted_mentions(nlp):
    record = _fixture("trump.txt")
    firsts = [min(m.start for m in e.mentions if m.role == "body") for e in record.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in record.entities] == [f"E{i}" for i in range(1, len(firsts) + 1)]
    for e in record.entities:
        assert [m.start for m in e.mentions] == sorted(m.start for m in e.mentions)


def test_empty_and_entity_free_text(nlp):
    assert nlp("")._.ng_entities == []
    assert nlp("nothing to see here, really.\n")._.ng_entities == []
    assert nlp("   \n\n  ")._.ng_entities == []


# --- the seed article ---------------------------------------------------------------------------


def test_seed_article(seed_record):
    r = seed_record
    assert_offsets(r)
    bach = _with_alias(r, "Thomas Bach")
    assert bach.type == "PERSON" and bach.name == "Thomas Bach"
    assert {"Bach", "Thoms Bach"} <= set(bach.aliases)
    text = r.article.text
    ioc_president = text.index("The IOC President") + 4
    assert any(m.start == ioc_president and m.text == "IOC President" for m in bach.mentions)
    zel = _with_alias(r, "Volodymyr Zelenskyy")
    assert "Zelenskyy" in zel.aliases and zel.type == "PERSON"
    ioc = _with_alias(r, "IOC")
    assert ioc.name == "International Olympic Committee" and ioc.type == "ORG"
    assert _with_alias(r, "Volodymyr Androshchuk").type == "PERSON"
    assert _with_alias(r, "Kamil Bortniczuk").type == "PERSON"
    assert _with_alias(r, "Bakhmut").type in ("GPE", "LOC")
    names = _names(r)
    assert "boycotts" not in names
    assert not any("©" in n or "Getty" in n or "Office of Ukraine" in n for n in names)
    # no caption mention is counted as body, and every mention carries its paragraph's role
    role_at = {(p.start, p.end): p.role for p in r.paragraphs}
    for e in r.entities:
        for m in e.mentions:
            role = next(ro for (s, end), ro in role_at.items() if s <= m.start < end)
            assert m.role == role, (e.name, m)
    assert any(m.role == "caption" for m in bach.mentions)
    # entities are numbered by first body mention: the IOC and Bach open the article
    assert [e.name for e in r.entities[:2]] == ["International Olympic Committee", "Thomas Bach"]


def test_seed_private_hints(nlp, seed_text):
    doc = _doc(nlp, seed_text)
    by_name = {e["name"]: e for e in doc._.ng_entities}
    assert "IOC President" in by_name["Thomas Bach"]["_descriptors"]
    assert by_name["Thomas Bach"]["_gender"] == "m"
    assert "Ukrainian leader" in by_name["Volodymyr Zelenskyy"]["_descriptors"]


# --- PolNeAR: US politics names -------------------------------------------------------------------


def _polnear(name_part: str) -> Path:
    folder = need_shared(POLNEAR / "dev" / "text")
    matches = sorted(folder.glob(f"*{name_part}*"))
    assert matches, name_part
    return matches[0]


def test_polnear_trump_and_clinton(nlp):
    path = _polnear("2016-09-30_the-latest-trump-urges")
    record = _extract(path.read_text(encoding="utf-8"))
    assert_offsets(record)
    trump = _with_alias(record, "Donald Trump")
    assert "Trump" in trump.aliases and trump.type == "PERSON"
    hillary = _with_alias(record, "Hillary Clinton")
    assert hillary.id != trump.id
    # an epithet before the name is cut off: the mention is Hillary's, "Crooked ..." no alias
    # (before, "Crooked Hillary Clinton" was kept as an alias)
    assert hillary.name == "Hillary Clinton" and "Crooked Hillary Clinton" not in hillary.aliases
    text = record.article.text
    crooked = text.index("Crooked Hillary Clinton") + len("Crooked ")
    assert any(m.start == crooked and m.text == "Hillary Clinton" for m in hillary.mentions)
    assert "Clinton" in hillary.aliases  # "Crooked ..." and "Injecting Clinton" left no rival
    machado = _with_alias(record, "Alicia Machado")
    assert "Machado" in machado.aliases and machado.name == "Alicia Machado"
    assert not any(a.startswith("Universe") for a in machado.aliases)  # "Miss Universe ..."


def test_polnear_lone_clinton_is_the_dominant_hillary(nlp):
    """Hillary Clinton is named three times, her daughter Chelsea once: "Clinton’s van ..."
    and "Clinton had told police officials that she ..." are Hillary (the dominant referent).
    (Before, the lone "Clinton" was left ambiguous beside the two full names.)"""
    path = _polnear("2016-09-12_stealth-over-health")
    record = _extract(path.read_text(encoding="utf-8"))
    hillary = _with_alias(record, "Hillary Clinton")
    chelsea = _with_alias(record, "Chelsea Clinton")
    assert hillary.id != chelsea.id
    assert "Clinton" in hillary.aliases and "Clinton" not in chelsea.aliases


@pytest.mark.parametrize("n", [12])
def test_polnear_dev_sample_is_well_formed(nlp, n):
    folder = need_shared(POLNEAR / "dev" / "text")
    for path in sorted(folder.glob("*.txt"))[:n]:
        record = _extract(path.read_text(encoding="utf-8"))
        assert_offsets(record)
        for e in record.entities:
            assert e.name in e.aliases or e.name in {m.text for m in e.mentions}
            assert len({a.casefold() for a in e.aliases}) >= 1
            assert all(any(c.isupper() for c in a) for a in e.aliases), (path.name, e.aliases)


def test_polnear_trump_university_is_not_trump(nlp):
    path = _polnear("usa-today_2016-09-08_with-two-months")
    record = _extract(path.read_text(encoding="utf-8"))
    trump = _with_alias(record, "Donald Trump")
    assert trump.name == "Donald Trump" and trump.type == "PERSON"
    assert "Trump" in trump.aliases
    assert "Trump University" not in trump.aliases


def test_appositive_descriptor_and_later_bare_mention(nlp):
    text = (
        "Brian Fallon, a campaign spokesman, said on Monday that the senator would not attend.\n\n"
        "The spokesman later declined to comment further.\n"
    )
    doc = _doc(nlp, text)
    fallon = next(e for e in doc._.ng_entities if e["name"] == "Brian Fallon")
    assert fallon["_descriptors"] == ["campaign spokesman", "spokesman"]
    at = text.index("The spokesman") + 4
    assert {"start": at, "end": at + 9, "text": "spokesman", "role": "body"} in fallon["mentions"]
    assert fallon["_gender"] == "m"  # "spokesman"


def test_no_descriptor_from_an_ordinary_noun(nlp):
    doc = _doc(nlp, "There is a chance Hillary Clinton will win Ohio, the poll found.\n")
    hillary = next(e for e in doc._.ng_entities if e["name"] == "Hillary Clinton")
    assert hillary["_descriptors"] == []


# --- robustness -----------------------------------------------------------------------------------

_PIECES = [
    "Thomas Bach",
    "Bach",
    "Thoms Bach",
    "the IOC",
    "IOC",
    "(IOC)",
    "International Olympic Committee",
    "©Getty Images",
    "’s",
    "'s",
    " ",
    " ",
    "\n",
    "\n\n",
    ", ",
    ". ",
    "the ",
    "The ",
    "President ",
    "Mr. ",
    '"',
    "“",
    "”",
    "(",
    ")",
    "[",
    "]",
    "Kyiv",
    "boycotts",
    "25",
    "he said",
    "she",
    "Hillary Clinton",
    "Clinton",
    "Bill Clinton",
    "minister",
    "the minister",
    "U.S.",
    "é",
    "—",
]


@pytest.fixture(scope="module")
def entities_only():
    from newsgraph.nlp.pipeline import build_pipeline

    return build_pipeline(components=("newsgraph_entities",))


def test_any_text_gives_well_formed_entities(entities_only):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from newsgraph.model import Entity

    text_st = st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=40).map("".join)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(text_st)
    def check(text):
        doc = entities_only(text)
        ents = doc._.ng_entities
        for i, e in enumerate(ents, 1):
            Entity.model_validate({k: v for k, v in e.items() if not k.startswith("_")})
            assert e["id"] == f"E{i}"
            for m in e["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"] and m["text"].strip() == m["text"]

    check()


def test_polnear_full_name_introduced_first_is_the_name(nlp):
    path = _polnear("nyt_2016-09-28_what-mexico")
    record = _extract(path.read_text(encoding="utf-8"))
    pena = _with_alias(record, "Peña Nieto")
    assert pena.type == "PERSON"  # spaCy typed the full name ORG
    assert pena.name == "Enrique Peña Nieto"


def test_a_no_break_space_after_a_name_is_trimmed(entities_only):
    doc = entities_only("Thomas Bach11\xa0Thomas Bach")
    for e in doc._.ng_entities:
        for m in e["mentions"]:
            assert m["text"] == m["text"].strip(), m


def test_factory_declares_what_it_reads_and_writes(nlp):
    meta = nlp.get_pipe_meta("newsgraph_entities")
    assert meta.assigns == ["doc._.ng_entities"]
    assert {"doc.ents", "token.pos", "doc.sents", "doc._.ng_paragraphs"} <= set(meta.requires)
    assert meta.default_config == {}
    problems = nlp.analyze_pipes(pretty=False)["problems"]["newsgraph_entities"]
    # doc._.ng_paragraphs comes from ingest or newsgraph_paragraphs, which declares no assigns
    assert set(problems) <= {"doc._.ng_paragraphs"}


# --- names NER missed -----------------------------------------------------------------------
def test_a_lone_surname_ner_missed_is_a_mention_of_the_full_name(nlp):
    text = (
        "When Julie Easley met Randy Cable at a bar in 2004, she felt a jolt. It took Cable "
        "some time to realize she was serious. When Easley first told Cable she loved him, "
        "he fell silent. The Cable Street shop and Vince Cable are other stories."
    )
    doc = _doc(nlp, text)
    cable = next(e for e in doc._.ng_entities if e["name"] == "Randy Cable")
    starts = [m["start"] for m in cable["mentions"]]
    occurrences = [i for i in range(len(text)) if text.startswith("Cable", i)]
    # the full name, then the two lone "Cable": not "Cable Street", not Vince Cable
    assert starts == [text.index("Randy Cable"), *occurrences[1:3]]
    # "she" after "told Cable" is Easley's: Randy stays a man
    assert cable["_gender"] == "m"


def test_an_untagged_subject_a_pronoun_refers_to_is_a_person(nlp):
    text = (
        "Yuni, a resident of Lampung in Sumatra, was watching television at home when she "
        "heard the water coming."
    )
    doc = _doc(nlp, text)
    yuni = [e for e in doc._.ng_entities if e["name"] == "Yuni"]
    assert yuni and yuni[0]["type"] == "PERSON"
    assert yuni[0]["mentions"][0]["start"] == 0
