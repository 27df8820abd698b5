"""The real pipeline over the 84 PolNeAR dev texts, stored on both backends, then asked questions.

Answers asserted here hold for the data: every file is stored with its metadata date; Donald
Trump is in most of these election articles, under "Trump" too, and is one corpus entity.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newsgraph.store import AmbiguousName, Store
from tests.store.conftest import POLNEAR_DEV, polnear_dates

N_DEV = 84


def test_every_article_stored_with_its_date(polnear_store: Store, polnear_records: list) -> None:
    assert len(polnear_records) == N_DEV
    counts = polnear_store.counts()
    assert counts["articles"] == N_DEV
    dates = polnear_dates()
    listed = polnear_store.articles(limit=200)
    assert len(listed) == N_DEV
    by_stem = {a.source.rsplit("/", 1)[-1].removesuffix(".txt"): a.published for a in listed}
    assert by_stem == {p.stem: dates[p.stem] for p in POLNEAR_DEV.glob("*.txt")}
    # newest first
    published = [a.published for a in listed]
    assert published == sorted(published, reverse=True)


def test_an_article_is_found_by_its_content_hash(
    polnear_store: Store, polnear_records: list
) -> None:
    from newsgraph.store import content_hash

    record = polnear_records[41]
    found = polnear_store.articles(content_hash=content_hash(record.article.text))
    assert [a.source for a in found] == [record.source]
    assert polnear_store.articles(content_hash=content_hash(record.article.text + " ")) == []


def test_records_rebuild_exactly(polnear_store: Store, polnear_records: list) -> None:
    by_hash = {r.article.text: r for r in polnear_records}
    for article_id in polnear_store.article_ids()[::7]:
        rebuilt = polnear_store.article(article_id)
        assert rebuilt.to_dict() == by_hash[rebuilt.article.text].to_dict()


def test_re_adding_adds_nothing(polnear_store: Store, polnear_records: list) -> None:
    before = polnear_store.counts()
    assert not any(polnear_store.add(r) for r in polnear_records[:10])
    assert polnear_store.counts() == before


def test_trump_is_one_entity_across_articles(polnear_store: Store, polnear_records: list) -> None:
    trump = polnear_store.resolve("Donald Trump")
    assert trump.type == "PERSON"
    assert trump.name in ("Donald Trump", "Donald J. Trump")
    assert "Trump" in trump.aliases
    # in how many articles the extractor found a PERSON named or aliased Donald Trump/Trump
    expected = sum(
        1
        for r in polnear_records
        if any(
            e.type == "PERSON" and {"Donald Trump", "Donald J. Trump"} & {e.name, *e.aliases}
            for e in r.entities
        )
    )
    assert expected >= 40
    assert trump.articles >= expected  # plus articles that only say "Trump"
    top_people = [e.name for e in polnear_store.entities(type="PERSON", top=5)]
    assert trump.name in top_people


def test_quotes_by_the_most_quoted_speaker(polnear_store: Store, polnear_records: list) -> None:
    n_quotes = sum(len(r.quotes) for r in polnear_records)
    assert n_quotes > 50  # the quote extractor finds quotes in these articles
    assert polnear_store.counts()["quotes"] == n_quotes
    top = polnear_store.entities(top=1)[0]
    assert top.quotes > 0
    hits = polnear_store.quotes(speaker=top.id, limit=1000)
    assert len(hits) == top.quotes
    assert all(h.speaker_entity is not None and h.speaker_entity.id == top.id for h in hits)
    for h in hits[:20]:
        text = polnear_store.article(h.article_id).article.text
        assert " ".join(text[p.start : p.end] for p in h.parts) == h.text


def test_full_text_and_date_filters(polnear_store: Store, polnear_records: list) -> None:
    word = re.compile(r"\bpresidents?\b", re.IGNORECASE)
    expected = sum(1 for r in polnear_records for q in r.quotes if word.search(q.text))
    assert expected > 0
    hits = polnear_store.quotes(about="president", limit=1000)
    # FTS matches the word and its stemmed forms: at least every quote with the word itself
    assert len(hits) >= expected
    assert all("presid" in h.text.lower() for h in hits)
    since = polnear_store.quotes(since="2016-10-01", limit=1000)
    assert since and all(h.published >= "2016-10-01" for h in since)
    assert len(since) == sum(
        len(r.quotes) for r in polnear_records if (r.article.published or "") >= "2016-10-01"
    )


def test_surname_alone_is_ambiguous_or_resolved_honestly(polnear_store: Store) -> None:
    clintons = [
        e for e in polnear_store.entities(type="PERSON", top=500) if e.name.endswith(" Clinton")
    ]
    assert {"Hillary Clinton", "Bill Clinton"} <= {e.name for e in clintons}
    # "Clinton" fits Hillary, Bill, a lone "Clinton" and others: Hillary has 83% of their
    # mentions, so the name means her, and Bill is named beside her
    taken = polnear_store.resolution("Clinton")
    assert taken.entity.name == "Hillary Clinton" and taken.share >= 0.8
    assert "Bill Clinton" in {o.name for o in taken.others}
    assert "Bill Clinton" in taken.note()
    # "Bush" fits George W. (11 mentions), Jeb (3) and Laura (2): 69%, so it stays ambiguous
    with pytest.raises(AmbiguousName) as err:
        polnear_store.resolve("Bush")
    assert {"George W. Bush", "Jeb Bush", "Laura Bush"} <= {c.name for c in err.value.candidates}


def test_graph_edges_come_from_quotes(polnear_store: Store) -> None:
    edges = polnear_store.graph()
    assert edges
    weights = Counter()
    for e in edges:
        assert e.weight == len(e.quote_ids) and e.source.id != e.target.id
        weights[e.source.id] += e.weight
    src = edges[0].source.name
    assert any(
        q.speaker_entity and q.speaker_entity.name == src
        for q in polnear_store.quotes(speaker=edges[0].source.id)
    )
