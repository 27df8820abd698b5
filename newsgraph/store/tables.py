"""The store's tables (SQLAlchemy Core, one definition for SQLite and PostgreSQL) and migrations.

Readable names on purpose: the SQLite file is meant to be opened with ``sqlite3`` or Datasette.
Offsets are ``start_char``/``end_char`` (Python ``str`` indices into ``articles.text``); JSON lists
(authors, aliases, verbatim parts, warnings) are stored as JSON text so both backends share them.

Migrations are numbered steps recorded in ``schema_migrations``; :func:`migrate` applies the
missing ones in order, each in its own transaction. (Alembic would do, but a handful of explicit
steps with dialect-specific full-text DDL is clearer here than an autogenerate setup.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("external_id", Text),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("authors", Text, nullable=False, default="[]"),
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("schema_version", String(32), nullable=False),
    Column("words", Integer, nullable=False, default=0),
    Column("n_entities", Integer, nullable=False, default=0),
    Column("n_quotes", Integer, nullable=False, default=0),
    Column("ingested_at", String(40), nullable=False),
)
Index("ix_articles_published", articles.c.published)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("role", String(20), nullable=False),
)

corpus_entities = Table(
    "corpus_entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(20), nullable=False),
    Column("key", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("surname", Text),  # last name of a full-named PERSON (lone-surname rule)
    Column("initials", Text),  # initials of a multi-word name (acronym rule)
    UniqueConstraint("type", "key", name="uq_corpus_entities_type_key"),
)
Index("ix_corpus_entities_surname", corpus_entities.c.surname)
Index("ix_corpus_entities_initials", corpus_entities.c.initials)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(32), nullable=False),  # the record's id: E1, E2...
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("key", Text, nullable=False),
    Column("acronym", Text),
    Column("mention_count", Integer, nullable=False, default=0),
    Column("group_id", Integer, ForeignKey("corpus_entities.id"), nullable=False),
    Column("corpus_entity_id", Integer, ForeignKey("corpus_entities.id"), nullable=False),
    Column("link", String(20), nullable=False),  # which merge rule linked it (docs/store.md)
    UniqueConstraint("article_id", "entity_id", name="uq_entities_article_entity"),
)
Index("ix_entities_corpus_entity", entities.c.corpus_entity_id)
Index("ix_entities_group", entities.c.group_id)
Index("ix_entities_type_key", entities.c.type, entities.c.key)
Index("ix_entities_type_acronym", entities.c.type, entities.c.acronym)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
)
Index("ix_entity_aliases_key", entity_aliases.c.alias_key)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("paragraph", Integer),
)
Index("ix_mentions_entity", mentions.c.entity_id)
Index("ix_mentions_article_paragraph", mentions.c.article_id, mentions.c.paragraph)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("quote_id", String(32), nullable=False),  # the record's id: Q1, Q2...
    Column("position", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("verbatim", Text, nullable=False, default="[]"),
    Column("act", String(10), nullable=False, server_default="speech"),  # migration 3
    Column("parts", Text, nullable=False, server_default="[]"),  # migration 3; [] = one part
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_text", Text),
    Column("speaker_record_entity", String(32)),  # the record's speaker.entity (E-id)
    Column("speaker_name", Text),
    Column("speaker_key", Text),
    Column("speaker_entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE")),
    Column("paragraph", Integer),
)
Index("ix_quotes_article", quotes.c.article_id)
Index("ix_quotes_speaker_entity", quotes.c.speaker_entity_id)
Index("ix_quotes_speaker_key", quotes.c.speaker_key)

quote_mentions = Table(
    "quote_mentions",
    metadata,
    Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_quote_mentions_entity", quote_mentions.c.entity_id)

dates = Table(
    "dates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(16)),
    Column("paragraph", Integer),
)
Index("ix_dates_article_paragraph", dates.c.article_id, dates.c.paragraph)

# The who-quotes-about-whom graph, kept for `export` and `GET /graph`: a dump of it costs a grouped
# join over every quote and mention (~60 ms of SQL on 924 articles, growing with the corpus),
# while reading this table is a scan of its edges. It is rebuilt, whole, when ``store_state``'s
# ``data_version`` (bumped by every article written) is ahead of its ``graph_version``.
graph_edges = Table(
    "graph_edges",
    metadata,
    Column(
        "source_id",
        Integer,
        ForeignKey("corpus_entities.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column(
        "target_id",
        Integer,
        ForeignKey("corpus_entities.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("weight", Integer, nullable=False),
    Column("quote_ids", Text, nullable=False),  # comma-separated quotes.id values
)

store_state = Table(
    "store_state",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

DATA_TABLES = (
    "articles",
    "paragraphs",
    "corpus_entities",
    "entities",
    "entity_aliases",
    "mentions",
    "quotes",
    "quote_mentions",
    "dates",
)

_VIEWS = (
    """CREATE VIEW quotes_with_speakers AS
    SELECT q.id AS quote_row, q.article_id, a.published, a.title, q.quote_id, q.kind,
           q.text AS quote, q.speaker_text, q.speaker_name,
           'C' || ce.id AS speaker_corpus_id, ce.name AS speaker, ce.type AS speaker_type,
           q.start_char, q.end_char
    FROM quotes q
    JOIN articles a ON a.id = q.article_id
    LEFT JOIN entities e ON e.id = q.speaker_entity_id
    LEFT JOIN corpus_entities ce ON ce.id = e.corpus_entity_id""",
    """CREATE VIEW entity_mentions AS
    SELECT m.id AS mention_row, m.article_id, a.published, 'C' || ce.id AS corpus_id,
           ce.name AS entity, ce.type, e.entity_id AS record_entity_id, m.text, m.role,
           m.start_char, m.end_char
    FROM mentions m
    JOIN entities e ON e.id = m.entity_id
    JOIN corpus_entities ce ON ce.id = e.corpus_entity_id
    JOIN articles a ON a.id = m.article_id""",
    """CREATE VIEW corpus_entity_counts AS
    SELECT 'C' || ce.id AS corpus_id, ce.name, ce.type,
           COUNT(DISTINCT e.article_id) AS articles, SUM(e.mention_count) AS mentions
    FROM corpus_entities ce
    JOIN entities e ON e.corpus_entity_id = ce.id
    GROUP BY ce.id, ce.name, ce.type""",
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
    for view in _VIEWS:
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


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (
        1,
        "initial schema: articles, paragraphs, entities, corpus entities, quotes, dates, FTS",
        _m1_initial,
    ),
    (2, "graph_edges, kept with a data version in store_state", _m2_graph_edges),
    (3, "quotes.act and quotes.parts (records newsgraph/2)", _m3_quote_acts),
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
