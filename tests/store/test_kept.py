"""What the store keeps as articles are written (migration 4) is exact: after adds, relinks and
re-ingests it equals a full recount, and a version-3 store gains it on opening."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from newsgraph.store import Store
from tests.store.builders import make_record
from tests.store.recount import assert_exact
from tests.store.test_store import A1, A2, A3, A4, CORPUS

JOHN = make_record(
    'John Smith said "Ukraine and the IOC agree." Smith left.',
    [
        ("John Smith", "PERSON", ["John Smith", "Smith"]),
        ("Ukraine", "GPE", ["Ukraine"]),
        ("IOC", "ORG", ["IOC"]),
    ],
    quotes=[{"text": "Ukraine and the IOC agree.", "speaker": "John Smith", "entity": 1}],
    published="2024-04-01",
)
JANE = make_record("Jane Smith spoke.", [("Jane Smith", "PERSON", ["Jane Smith"])])
SMITH_SAYS = make_record(
    'Smith said "Bach and the IOC are wrong." Smith said "Ukraine wins."',
    [
        ("Smith", "PERSON", ["Smith", "Smith"]),
        ("Bach", "PERSON", ["Bach"]),
        ("IOC", "ORG", ["IOC"]),
        ("Ukraine", "GPE", ["Ukraine"]),
    ],
    quotes=[
        {"text": "Bach and the IOC are wrong.", "speaker": "Smith", "entity": 1},
        {"text": "Ukraine wins.", "speaker": "Smith", "entity": 1},
    ],
    dates=[],
    published="2024-05-01",
)
OLYMPIC = make_record(
    'The International Olympic Committee said "We hear Thomas Bach." On Friday it met.',
    [
        ("International Olympic Committee", "ORG", ["International Olympic Committee"]),
        ("Thomas Bach", "PERSON", ["Thomas Bach"]),
    ],
    quotes=[
        {
            "text": "We hear Thomas Bach.",
            "speaker": "International Olympic Committee",
            "entity": 1,
        }
    ],
    dates=[("Friday", "2024-05-03")],
    published="2024-05-04",
)


def test_kept_counts_equal_a_recount_through_adds_relinks_and_reingests(store: Store) -> None:
    # A lone "Smith" (A3, SMITH_SAYS) links to John Smith while he is the only full-named Smith,
    # and back to itself when Jane Smith arrives; "IOC" links to its expansion once that exists;
    # "Bach" to Thomas Bach. Each of those moves counts, edges, aliases and timeline rows.
    steps = [A3, SMITH_SAYS, JOHN, A4, A2, JANE, OLYMPIC, A1]
    for record in steps:
        assert store.add(record) is True
        assert_exact(store)
        if record is JOHN:  # the lone Smiths' quotes are John's now
            assert store.resolve("John Smith").quotes == 1 + 1 + 2
        if record is A2:  # Jane Smith (in A2) sends them back
            assert store.resolve("John Smith").quotes == 1
    # stored again: skipped, nothing changes
    counts = store.counts()
    for record in steps:
        assert store.add(record.model_copy(deep=True)) is False
    assert store.counts() == counts
    assert_exact(store)


def test_kept_counts_on_real_records(polnear_store: Store) -> None:
    """84 PolNeAR texts through the pipeline: every relink the merge rule made on the way."""
    assert_exact(polnear_store)
    with polnear_store.engine.connect() as conn:
        moved = conn.execute(
            sa.text("SELECT COUNT(*) FROM entities WHERE link LIKE 'corpus-%'")
        ).scalar_one()
    assert moved > 0  # corpus-level links were made, so the relink path ran


def _as_version_3(store: Store) -> None:
    """Turn a store into what migration 3 left: no sort keys, counters, derived tables or
    spelling counts, the graph with its quote-id lists, full-text search as step 1 made it."""
    sqlite = store.dialect == "sqlite"
    with store.engine.begin() as conn:

        def run(sql: str) -> None:
            conn.execute(sa.text(sql))

        for table in ("quote_about", "entity_timeline", "corpus_aliases", "name_spellings"):
            run(f"DROP TABLE {table}")
        run("DROP VIEW corpus_entity_counts")
        for index in (
            "ix_articles_sort_key",
            "ix_quotes_sort_key",
            "ix_quotes_speaker_corpus_sort",
            "ix_quotes_speaker_key_sort",
            "ix_quotes_kind_sort",
            "ix_quotes_act_sort",
            "ix_entities_corpus_sort",
            "ix_corpus_entities_rank",
            "ix_corpus_entities_type_rank",
            "ix_graph_edges_rank",
        ):
            run(f"DROP INDEX {index}")
        if sqlite:
            run("DROP TABLE quotes_fts")
            run("DROP TABLE articles_fts")
        else:
            run("ALTER TABLE quotes DROP COLUMN text_tsv")
            run("ALTER TABLE articles DROP COLUMN search_tsv")
        for table, column in (
            ("articles", "sort_key"),
            ("entities", "sort_key"),
            ("quotes", "sort_key"),
            ("quotes", "speaker_corpus_id"),
            ("corpus_entities", "n_articles"),
            ("corpus_entities", "n_mentions"),
            ("corpus_entities", "n_quotes"),
            ("corpus_entities", "n_quoted_about"),
            ("corpus_entities", "n_named"),
        ):
            run(f"ALTER TABLE {table} DROP COLUMN {column}")
        # links as version 3 made them: no surname owners, no article-ambiguous mark
        run(
            "UPDATE entities SET link = 'name', corpus_entity_id = group_id "
            "WHERE link IN ('article-ambiguous', 'article-dominant', 'corpus-dominant')"
        )
        run("ALTER TABLE graph_edges ADD COLUMN quote_ids TEXT NOT NULL DEFAULT ''")
        run("DELETE FROM graph_edges")
        run("UPDATE store_state SET value = -1 WHERE key = 'graph_version'")
        run("CREATE INDEX ix_quotes_speaker_key ON quotes (speaker_key)")
        run("CREATE INDEX ix_quotes_act ON quotes (act)")
        run("CREATE INDEX ix_entities_corpus_entity ON entities (corpus_entity_id)")
        run(
            "CREATE VIEW corpus_entity_counts AS SELECT 'C' || ce.id AS corpus_id, ce.name, ce.type, "
            "COUNT(DISTINCT e.article_id) AS articles, SUM(e.mention_count) AS mentions "
            "FROM corpus_entities ce JOIN entities e ON e.corpus_entity_id = ce.id "
            "GROUP BY ce.id, ce.name, ce.type"
        )
        if sqlite:
            run(
                "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', "
                "content_rowid='id', tokenize='porter unicode61')"
            )
            run(
                "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
                "content_rowid='id', tokenize='porter unicode61')"
            )
            run("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
            run("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        else:
            run(
                "ALTER TABLE quotes ADD COLUMN text_tsv tsvector "
                "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
            )
            run(
                "ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS "
                "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
            )
        run("DELETE FROM schema_migrations WHERE version >= 4")


def _answers(store: Store) -> dict[str, object]:
    return {
        "entities": [e.model_dump() for e in store.entities(top=50)],
        "quotes": [q.model_dump() for q in store.quotes(limit=500)],
        "about": [q.id for q in store.quotes(about="wrong")],
        "articles": [a.model_dump() for a in store.articles(q="olympic")],
        "graph": [g.model_dump() for g in store.graph()],
        "bach": store.entity("Thomas Bach").model_dump(),
    }


def test_a_version_3_store_gains_the_kept_counts(store_url: str) -> None:
    with Store.open(store_url) as s:
        for record in [*CORPUS, JOHN, SMITH_SAYS, JANE, OLYMPIC]:
            s.add(record)
        s.refresh_names()
        fresh = _answers(s)
        _as_version_3(s)
        with s.engine.connect() as conn:
            assert "sort_key" not in {c["name"] for c in sa.inspect(conn).get_columns("quotes")}
    with Store.open(store_url) as upgraded:
        with upgraded.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version FROM schema_migrations")).scalars()
            assert sorted(versions) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        assert_exact(upgraded)
        assert _answers(upgraded) == fresh
        assert upgraded.refresh_graph() is False  # the migration built the graph


@pytest.mark.parametrize("size", [1, 2, 7])
def test_pages_by_cursor_are_the_whole_list(polnear_store: Store, size: int) -> None:
    s = polnear_store
    everyone = s.entities(top=10_000)
    pages = _walk(lambda after: s.entities(top=size * 3, after=after))
    assert [e.id for e in pages] == [e.id for e in everyone]
    quotes = s.quotes(limit=10_000)
    assert [q.id for q in _walk(lambda after: s.quotes(limit=size * 40, after=after))] == [
        q.id for q in quotes
    ]
    top = everyone[0].id
    by_top = s.quotes(speaker=top, limit=10_000)
    assert len(by_top) > size * 5
    walked = _walk(lambda after: s.quotes(speaker=top, limit=size * 5, after=after))
    assert [q.id for q in walked] == [q.id for q in by_top]
    found = s.quotes(about="people", limit=10_000)
    walked = _walk(lambda after: s.quotes(about="people", limit=size * 5, after=after))
    assert [q.id for q in walked] == [q.id for q in found] and len(found) > 20
    edges = s.graph()
    walked_edges = _walk(lambda after: s.graph(limit=size * 100, after=after))
    assert [(g.source.id, g.target.id, g.weight, g.quote_ids) for g in walked_edges] == [
        (g.source.id, g.target.id, g.weight, g.quote_ids) for g in edges
    ]
    arts = s.articles(limit=10_000)
    assert [a.id for a in _walk(lambda after: s.articles(limit=size * 4, after=after))] == [
        a.id for a in arts
    ]
    # the offsets of old still work
    assert [q.id for q in s.quotes(limit=10, offset=30)] == [q.id for q in quotes[30:40]]


def _walk(page_after: object) -> list[object]:
    out: list[object] = []
    after = None
    for _ in range(10_000):
        page = page_after(after)  # type: ignore[operator]
        out.extend(page)
        after = page.next
        if after is None:
            return out
    raise AssertionError("never ended")


def test_orders_are_explicit_and_stable(polnear_store: Store) -> None:
    quotes = polnear_store.quotes(limit=10_000)
    keys = [(q.published or "", q.article_id) for q in quotes]
    dated = [k for k in keys if k[0]]
    assert dated == sorted(dated, reverse=True)  # newest first, then the newest article id
    ranked = polnear_store.entities(top=500)
    assert [(-e.quotes, -e.mentions, e.name) for e in ranked] == sorted(
        (-e.quotes, -e.mentions, e.name) for e in ranked
    )
    edges = polnear_store.graph()
    order = [(-g.weight, int(g.source.id[1:]), int(g.target.id[1:])) for g in edges]
    assert order == sorted(order)


def test_a_bad_cursor_is_refused(store: Store) -> None:
    from newsgraph.store.keys import BadCursor

    store.add(A1)
    for call in (
        lambda: store.quotes(after="nonsense"),
        lambda: store.entities(after=store.quotes(limit=1).next or "e30"),
        lambda: store.graph(limit=1, after="W10"),
    ):
        with pytest.raises(BadCursor):
            call()
