"""The name keys behind the cross-article merge rule (newsgraph.store.corpus)."""

from __future__ import annotations

from newsgraph.store import corpus


def test_name_key_normalises_case_punctuation_and_initials() -> None:
    assert corpus.name_key("Donald J. Trump", "PERSON") == "donald trump"
    assert corpus.name_key("DONALD TRUMP", "PERSON") == "donald trump"
    assert corpus.name_key("Martin Luther King Jr.", "PERSON") == "martin luther king jr"
    # a suffix is part of the name: the son is not the father
    assert corpus.name_key("Donald J. Trump Jr.", "PERSON") == "donald trump jr"
    assert corpus.name_key("Donald Trump, Jr.", "PERSON") == "donald trump jr"
    assert corpus.name_key("Donald Trump", "PERSON") != corpus.name_key(
        "Donald Trump Jr.", "PERSON"
    )
    assert corpus.name_key("Trump's", "PERSON") == "trump"
    assert corpus.name_key("the White House", "ORG") == "white house"
    # middle initials are only dropped for people
    assert corpus.name_key("A B Testing Ltd", "ORG") == "a b testing ltd"
    assert corpus.name_key("John Smith", "PERSON") != corpus.name_key("Jane Smith", "PERSON")


def test_surnames_and_lone_surnames() -> None:
    assert corpus.surname("thomas bach", "PERSON") == "bach"
    assert corpus.surname("bach", "PERSON") is None
    assert corpus.surname("donald trump jr", "PERSON") == "trump"
    assert corpus.surname("john paul ii", "PERSON") == "paul"
    assert corpus.surname("thomas bach", "ORG") is None
    assert corpus.is_lone_surname("bach", "PERSON")
    assert not corpus.is_lone_surname("thomas bach", "PERSON")
    assert not corpus.is_lone_surname("nato", "ORG")


def test_acronyms_and_initials() -> None:
    assert corpus.acronym_of("IOC") == "ioc"
    assert corpus.acronym_of("U.S.") == "us"
    assert corpus.acronym_of("Ioc") is None
    assert corpus.acronym_of("A") is None
    assert corpus.acronym_of("ABCDEFG") is None
    assert corpus.initials("international olympic committee") == "ioc"
    assert corpus.initials("federal bureau of investigation") == "fbi"
    assert corpus.initials("united states") == "us"
    assert corpus.initials("paris") is None


def test_unique() -> None:
    assert corpus.unique([3, 3]) == 3
    assert corpus.unique([3, 4]) is None
    assert corpus.unique([]) is None
