"""Full-text search: word forms, phrases, ranking and highlights, the same on both engines.

One difference is known and left (docs/store.md): PostgreSQL's Porter dictionary also takes the
s off two-letter words ("us" → u), so there a search for "us" also finds "U.S."."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.store.search import Search
from tests.store.builders import make_record
from tests.store.conftest import _new_pg_database

TEXTS = [
    "if they boycotted Paris 2024",
    "we must consider boycotting the games",
    "A boycott of the Olympic Games is off the table.",
    "Boycott, boycott, boycott: the boycott is on.",
    "The U.S. team won 3.5% more medals than in 2021.",
    "a well-known café owner said don't panic",
    "Us and them: as it is, the IOC is wrong.",
    "The generously funded games were generous to nobody.",
    "They were running, and the runner ran.",
    "Ελλάδα and Zürich sent athletes.",
]
QUERIES = [
    "boycott",
    "boycotting",
    "BOYCOTTED",
    '"boycott the games"',
    '"boycotting the games"',
    "games boycott",
    "u s",
    "3 5",
    "2024",
    "well known",
    '"well-known café"',
    "cafe",
    "don't",
    "the",
    "is",
    "generous",
    "generously",
    "run",
    "running",
    "zürich",
    "ελλάδα",
    '"olympic games" table',
    "nothing-like-this",
]


def _records() -> list[object]:
    return [
        make_record(
            t,
            [],
            quotes=[{"text": t, "speaker": None}],
            published=f"2024-01-{i + 1:02d}",
            title=f"title {i}",
        )
        for i, t in enumerate(TEXTS)
    ]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[list[Store]]:
    sqlite = Store.open(str(Path(tmp_path_factory.mktemp("fts")) / "fts.db"))
    pg = Store.open(_new_pg_database(postgres_url))
    for s in (sqlite, pg):
        for r in _records():
            assert s.add(r)  # type: ignore[arg-type]
    yield [sqlite, pg]
    sqlite.close()
    pg.close()


def _hits(store: Store, q: str) -> list[str]:
    return sorted(h.text for h in store.quotes(about=q, limit=100))


@pytest.mark.parametrize("q", QUERIES)
def test_both_engines_find_the_same_quotes(both: list[Store], q: str) -> None:
    sqlite, pg = both
    assert _hits(sqlite, q) == _hits(pg, q)
    arts_sqlite = sorted(a.title or "" for a in sqlite.articles(q=q, limit=100))
    assert arts_sqlite == sorted(a.title or "" for a in pg.articles(q=q, limit=100))


@pytest.mark.parametrize("engine", [0, 1])
def test_word_forms_phrases_ranking_and_highlights(both: list[Store], engine: int) -> None:
    store = both[engine]
    found = store.quotes(about="boycott")
    assert {h.text for h in found} == {TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[3]}
    assert found[0].text == TEXTS[3]  # four times in a short quote: the best match
    assert all(h.score is not None for h in found)
    assert [h.score for h in found] == sorted((h.score or 0.0 for h in found), reverse=True)
    by_date = store.quotes(about="boycott", order="newest")
    assert [h.published for h in by_date] == sorted((h.published for h in by_date), reverse=True)
    for hit in found:
        marked = [hit.text[s.start : s.end] for s in hit.highlights]
        assert marked and all(m.lower().startswith("boycott") for m in marked), marked
    for phrase in ('"boycott the games"', '"boycotting the games"', '"boycotted the game"'):
        assert [h.text for h in store.quotes(about=phrase)] == [TEXTS[1]]  # words in that order
    assert {h.text for h in store.quotes(about="boycott games")} == {TEXTS[1], TEXTS[2]}
    hit = store.quotes(about='"olympic games" table')[0]
    assert [hit.text[s.start : s.end] for s in hit.highlights] == ["Olympic", "Games", "table"]
    assert store.quotes(about="\"'") == []  # nothing searchable


def test_search_parsing_lets_no_syntax_through() -> None:
    s = Search.parse('boycott "Paris 2024" OR NOT* (x) "unclosed')
    assert s.items == (("Paris", "2024"), ("boycott",), ("OR",), ("NOT",), ("x",), ("unclosed",))
    boycott = '("boycott" OR "boycotted" OR "boycotting" OR "boycotts")'
    assert s.fts5() == (
        f'("Paris 2024") AND {boycott} AND ("OR") AND ("NOT") AND ("x") AND ("unclosed")'
    )
    assert s.tsquery() == (
        "((Paris) <-> (2024)) & ((boycott | boycotted | boycotting | boycotts)) & ((OR)) & "
        "((NOT)) & ((x)) & ((unclosed))"
    )
    assert not Search.parse("  ,;  ")


@pytest.mark.parametrize(("walk", "probe"), [(3, 1), (40, 5), (100_000, 4), (100_000, 2_000)])
def test_a_search_beside_a_speaker_finds_the_same_quotes_however_far_it_walks(
    polnear_store: Store, monkeypatch: pytest.MonkeyPatch, walk: int, probe: int
) -> None:
    """PostgreSQL walks the speaker's quotes first (queries.SPEAKER_WALK, after a probe of
    WALK_PROBE quotes): walks that end early (the search index answers), that go as far as the
    probe says or that cover every quote give the answers of no walk at all, in both orders,
    page after page."""
    from newsgraph.store import queries

    top = list(polnear_store.entities(type="PERSON", top=3))
    cases = [(e.id, word) for e in top for word in ("president", "campaign", "said", "zebra")]

    def answers() -> list[list[tuple[str, ...]]]:
        out = []
        for speaker, word in cases:
            for order in ("relevance", "newest"):
                first = polnear_store.quotes(speaker=speaker, about=word, limit=5, order=order)
                second = polnear_store.quotes(
                    speaker=speaker, about=word, limit=5, order=order, after=first.next
                )
                out.append([q.id for q in first] + ["|"] + [q.id for q in second])
        return out

    monkeypatch.setattr(queries, "SPEAKER_WALK", 0)
    expected = answers()
    assert any(len(a) > 6 for a in expected)  # some searches have a second page
    monkeypatch.setattr(queries, "SPEAKER_WALK", walk)
    monkeypatch.setattr(queries, "WALK_PROBE", probe)
    assert answers() == expected
