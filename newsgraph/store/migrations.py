"""The store's migrations: numbered steps recorded in ``schema_migrations``.

:func:`migrate` applies the missing ones in order, each in its own transaction, whenever a store
is opened. (Alembic would do, but a handful of explicit steps with dialect-specific full-text DDL
is clearer here than an autogenerate setup.) Step 1 creates the tables as
:mod:`newsgraph.store.tables` defines them now; later steps bring older stores up to it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import Connection, Index, bindparam, inspect, select, text, update

from newsgraph.store import corpus, derived, keys, linking
from newsgraph.store.search import FTS5_TOKENIZE
from newsgraph.store.tables import (
    DATA_TABLES,
    LONE_SURNAME,
    VIEWS,
    articles,
    corpus_aliases,
    entities,
    entity_timeline,
    graph_edges,
    metadata,
    name_spellings,
    quote_about,
    quotes,
    schema_migrations,
    store_state,
    surname_owners,
)


def _m1_initial(conn: Connection) -> None:
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t.name in DATA_TABLES])
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', "
                "content_rowid='id', tokenize='porter unicode61')"
            )
        )
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
                "content_rowid='id', tokenize='porter unicode61')"
            )
        )
    else:
        conn.execute(
            text(
                "ALTER TABLE quotes ADD COLUMN text_tsv tsvector "
                "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
            )
        )
        conn.execute(text("CREATE INDEX ix_quotes_text_tsv ON quotes USING GIN (text_tsv)"))
        conn.execute(
            text(
                "ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS "
                "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
            )
        )
        conn.execute(text("CREATE INDEX ix_articles_search_tsv ON articles USING GIN (search_tsv)"))
    for view in VIEWS:
        conn.execute(text(view))


def _m2_graph_edges(conn: Connection) -> None:
    metadata.create_all(conn, tables=[graph_edges, store_state])
    conn.execute(
        store_state.insert(),
        # graph_version behind data_version: the first graph() builds the table
        [{"key": "data_version", "value": 0}, {"key": "graph_version", "value": -1}],
    )


def _m3_quote_acts(conn: Connection) -> None:
    """Quotes get what kind of act they report and their content parts (``newsgraph/2``); a
    store made by migration 1 today already has them (it creates the current tables)."""
    have = {c["name"] for c in inspect(conn).get_columns("quotes")}
    if "act" not in have:
        conn.execute(
            text("ALTER TABLE quotes ADD COLUMN act VARCHAR(10) NOT NULL DEFAULT 'speech'")
        )
    if "parts" not in have:
        conn.execute(text("ALTER TABLE quotes ADD COLUMN parts TEXT NOT NULL DEFAULT '[]'"))
    if "ix_quotes_act" not in {i["name"] for i in inspect(conn).get_indexes("quotes")}:
        conn.execute(text("CREATE INDEX ix_quotes_act ON quotes (act)"))


# ----------------------------------------------------------------------------------- step 4
# Full-text search, the same on both engines: the Porter stemmer, no stop words, words split at
# anything that is not a letter or a digit, diacritics kept. FTS5's ``porter unicode61``
# tokenizer does that on SQLite; on PostgreSQL the text search configuration ``newsgraph`` (the
# Snowball ``porter`` stemmer, the algorithm FTS5 implements) over the text with every run of
# other characters turned into one space.
PG_TS_CONFIG = "newsgraph"
PG_WORDS = "regexp_replace({col}, '[^[:alnum:]]+', ' ', 'g')"

_PG_TEXT_SEARCH = (
    "CREATE TEXT SEARCH DICTIONARY newsgraph_porter (TEMPLATE = snowball, Language = porter)",
    "CREATE TEXT SEARCH CONFIGURATION newsgraph (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION newsgraph ALTER MAPPING FOR asciiword, word, numword, "
    "asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart "
    "WITH newsgraph_porter",
)

COUNTS_VIEW = """CREATE VIEW corpus_entity_counts AS
    SELECT 'C' || id AS corpus_id, name, type, n_articles AS articles, n_mentions AS mentions,
           n_quotes AS quotes, n_quoted_about AS quoted_about
    FROM corpus_entities WHERE n_articles > 0"""

_NEW_COLUMNS = {
    "articles": [("sort_key", "BIGINT")],
    "entities": [("sort_key", "BIGINT")],
    "quotes": [("sort_key", "BIGINT"), ("speaker_corpus_id", "INTEGER")],
    "corpus_entities": [
        ("n_articles", "INTEGER NOT NULL DEFAULT 0"),
        ("n_mentions", "INTEGER NOT NULL DEFAULT 0"),
        ("n_quotes", "INTEGER NOT NULL DEFAULT 0"),
        ("n_quoted_about", "INTEGER NOT NULL DEFAULT 0"),
    ],
}
# replaced by indexes that also hold the sort key
_OLD_INDEXES = ("ix_quotes_speaker_key", "ix_quotes_act", "ix_entities_corpus_entity")


def _m4_scale(conn: Connection) -> None:
    """Sort keys, counters and derived rows kept as articles are written, the stored graph
    without its quote-id lists, and full-text search rebuilt the same way on both engines."""
    insp = inspect(conn)
    for table, columns in _NEW_COLUMNS.items():
        have = {c["name"] for c in insp.get_columns(table)}
        for name, ddl in columns:
            if name not in have:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {ddl}"))
    if "quote_ids" in {c["name"] for c in insp.get_columns("graph_edges")}:
        conn.execute(text("ALTER TABLE graph_edges DROP COLUMN quote_ids"))
    for table, names in (("quotes", _OLD_INDEXES[:2]), ("entities", _OLD_INDEXES[2:])):
        have_ix = {i["name"] for i in insp.get_indexes(table)}
        for name in names:
            if name in have_ix:
                conn.execute(text(f"DROP INDEX {name}"))
    _fill_sort_keys(conn)
    metadata.create_all(conn, tables=[quote_about, entity_timeline, corpus_aliases])
    for kept in (articles, entities, quotes, metadata.tables["corpus_entities"], graph_edges):
        for index in kept.indexes:
            _create_index(conn, index)
    _full_text(conn)
    conn.execute(text("DROP VIEW corpus_entity_counts"))
    conn.execute(text(COUNTS_VIEW))
    derived.rebuild(conn)
    data = conn.execute(
        select(store_state.c.value).where(store_state.c.key == "data_version")
    ).scalar_one()
    conn.execute(update(store_state).where(store_state.c.key == "graph_version").values(value=data))


def _create_index(conn: Connection, index: Index) -> None:
    table = index.table
    assert table is not None
    if index.name not in {i["name"] for i in inspect(conn).get_indexes(table.name)}:
        index.create(conn)


def _fill_sort_keys(conn: Connection) -> None:
    """Sort keys of the articles, entities and quotes stored before step 4."""
    published = {a: p for a, p in conn.execute(select(articles.c.id, articles.c.published))}
    if not published:
        return
    art = [{"aid": a, "skey": keys.article_key(p, a)} for a, p in published.items()]
    conn.execute(
        update(articles)
        .where(articles.c.id == bindparam("aid"))
        .values(sort_key=bindparam("skey")),
        art,
    )
    conn.execute(
        update(entities)
        .where(entities.c.article_id == bindparam("aid"))
        .values(sort_key=bindparam("skey")),
        art,
    )
    rows = [
        {"qid": qid, "skey": keys.quote_key(published[aid], aid, pos)}
        for qid, aid, pos in conn.execute(
            select(quotes.c.id, quotes.c.article_id, quotes.c.position)
        )
    ]
    if rows:
        conn.execute(
            update(quotes)
            .where(quotes.c.id == bindparam("qid"))
            .values(sort_key=bindparam("skey")),
            rows,
        )


def _full_text(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name, columns in (("quotes_fts", "text"), ("articles_fts", "title, text")):
            content = name.removesuffix("_fts")
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
            conn.execute(
                text(
                    f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, content='{content}', "
                    f"content_rowid='sort_key', tokenize='{FTS5_TOKENIZE}')"
                )
            )
            conn.execute(text(f"INSERT INTO {name}({name}) VALUES ('rebuild')"))
        return
    have = conn.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsgraph'")).first()
    if not have:
        for statement in _PG_TEXT_SEARCH:
            conn.execute(text(statement))
    words = PG_WORDS.format(col="text")
    title_words = PG_WORDS.format(col="coalesce(title, '') || ' ' || text")
    for table, column, source in (
        ("quotes", "text_tsv", words),
        ("articles", "search_tsv", title_words),
    ):
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}"))
        conn.execute(
            text(
                f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                f"(to_tsvector('{PG_TS_CONFIG}', {source})) STORED"
            )
        )
        conn.execute(text(f"CREATE INDEX ix_{table}_{column} ON {table} USING GIN ({column})"))


def _m5_name_spellings(conn: Connection) -> None:
    """Canonical names chosen from kept spelling counts, not from every entity of the group."""
    metadata.create_all(conn, tables=[name_spellings])
    counts = linking.recount_spellings(conn)
    rows = [{"group_id": g, "spelling": n, "n": c} for (g, n), c in sorted(counts.items())]
    for i in range(0, len(rows), 10_000):
        derived.upsert_add(conn, name_spellings, ["group_id", "spelling"], rows[i : i + 10_000])


def _m6_dominant_surnames(conn: Connection) -> None:
    """Lone surnames link to the person who owns them, in the article (rule 3a) and in the
    corpus (rule 3b): each name group's own mentions counted, the lone surnames whose article
    names several people of that surname linked as :func:`linking.article_owner` says, then
    every lone surname as :func:`linking.surname_owner` says."""
    if "n_named" not in {c["name"] for c in inspect(conn).get_columns("corpus_entities")}:
        conn.execute(
            text("ALTER TABLE corpus_entities ADD COLUMN n_named INTEGER NOT NULL DEFAULT 0")
        )
    conn.execute(
        text(
            "UPDATE corpus_entities SET n_named = coalesce((SELECT sum(e.mention_count) "
            "FROM entities e WHERE e.group_id = corpus_entities.id), 0)"
        )
    )
    _m6_article_owners(conn)
    full = conn.execute(
        text("SELECT id FROM corpus_entities WHERE type = 'PERSON' AND surname IS NOT NULL")
    ).scalars()
    linking.relink_surnames_of(conn, sorted(full))
    _forget_owners(conn)


def _forget_owners(conn: Connection) -> None:
    """After a migration that relinks lone surnames: no recorded owner holds any more (only a
    store that had migration 10 and reruns an older one has any)."""
    if inspect(conn).has_table(surname_owners.name):
        conn.execute(surname_owners.delete())


def _m6_article_owners(conn: Connection) -> None:
    linking.apply_moves(conn, *linking.article_link_changes(conn))


def _m7_name_suffixes(conn: Connection) -> None:
    """A Jr./Sr./III suffix is part of a person's key (Donald Trump Jr. is not Donald Trump):
    the people whose name or aliases carry one move to the name group of their new key."""
    found = conn.execute(
        text(
            "SELECT id, name, aliases, type, key FROM entities WHERE type = 'PERSON' AND ("
            + " OR ".join(
                f"lower(name) LIKE '%{s}%' OR lower(aliases) LIKE '%{s}%'"
                for s in sorted(corpus.NAME_SUFFIXES)
            )
            + ")"
        )
    )
    changes = []
    for eid, name, aliases, type_, key in found:
        new = corpus.entity_key(name, type_, json.loads(aliases))
        if new != key:
            changes.append((eid, name, type_, new))
    linking.rekey(conn, changes)
    _forget_owners(conn)


# Indexes that cost every write and that no query needs any more (migration 8).
_UNUSED_INDEXES = (
    "ix_entity_aliases_key",  # names are looked up in corpus_aliases
    "ix_entities_group",  # read only by migrations 6 and 7, which come before
    "ix_entities_type_key",  # now ix_entities_lone_surname
    "ix_entities_type_acronym",  # now ix_entities_acronym
)


def _m8_write_indexes(conn: Connection) -> None:
    """Fewer, smaller indexes on ``entities`` and ``entity_aliases``: on a big store an index of
    every entity costs a page written at a random place for nearly every entity stored, so the
    relinks' look-ups get partial indexes of just the entities they look up."""
    for name in _UNUSED_INDEXES:
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    for index in entities.indexes:
        _create_index(conn, index)


def _m9_article_leads(conn: Connection) -> None:
    """Rule 3c for the stored lone surnames that rule 3a left ambiguous: linked to the corpus's
    owner of the surname where their article names that person most too
    (:func:`linking.article_lead`)."""
    found = conn.execute(
        select(entities.c.key)
        .where(LONE_SURNAME, entities.c.link == "article-ambiguous")
        .distinct()
    ).scalars()
    linking.relink_lone_surnames(conn, sorted(found))
    _forget_owners(conn)


def _m10_surname_owners(conn: Connection) -> None:
    """The owner each surname's stored lone surnames are linked by (empty: every surname is
    relinked in full the first time a refresh touches it, as before)."""
    surname_owners.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (
        1,
        "initial schema: articles, paragraphs, entities, corpus entities, quotes, dates, FTS",
        _m1_initial,
    ),
    (2, "graph_edges, kept with a data version in store_state", _m2_graph_edges),
    (3, "quotes.act and quotes.parts (records newsgraph/2)", _m3_quote_acts),
    (
        4,
        "sort keys, kept counters, quote_about, entity_timeline, corpus_aliases; full-text "
        "search the same on both engines",
        _m4_scale,
    ),
    (5, "name_spellings: canonical names from kept counts", _m5_name_spellings),
    (6, "lone surnames link to the full-named person who owns them", _m6_dominant_surnames),
    (7, "a Jr./Sr./III suffix is part of a person's key", _m7_name_suffixes),
    (
        8,
        "partial indexes for the relinks' look-ups; unused entity indexes dropped",
        _m8_write_indexes,
    ),
    (
        9,
        "a lone surname its article leaves ambiguous goes to the owner the article names most",
        _m9_article_leads,
    ),
    (
        10,
        "surname_owners: a refresh relinks a surname's stored entities only when its owner changes",
        _m10_surname_owners,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(engine_connect: Callable[[], Connection]) -> list[int]:
    """Apply the missing migrations; returns the versions applied."""
    with engine_connect() as conn:
        schema_migrations.create(conn, checkfirst=True)
        conn.commit()
        done = set(conn.execute(select(schema_migrations.c.version)).scalars())
    applied = []
    for version, name, step in MIGRATIONS:
        if version in done:
            continue
        with engine_connect() as conn, conn.begin():
            step(conn)
            conn.execute(
                schema_migrations.insert().values(
                    version=version, name=name, applied_at=dt.datetime.now(dt.UTC).isoformat()
                )
            )
        applied.append(version)
    return applied
