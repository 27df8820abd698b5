"""The store's tables (SQLAlchemy Core, one definition for SQLite and PostgreSQL) and migrations.

Readable names on purpose: the SQLite file is meant to be opened with ``sqlite3`` or Datasette.
Offsets are ``start_char``/``end_char`` (Python ``str`` indices into ``articles.text``); JSON lists
(authors, aliases, verbatim parts, warnings) are stored as JSON text so both backends share them.

The numbered migrations that create and upgrade these tables are in
:mod:`newsgraph.store.migrations`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    literal_column,
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
    Column("sort_key", BigInteger),  # migration 4: the listing order, see newsgraph.store.keys
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_sort_key", articles.c.sort_key, unique=True)

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
    # migration 4: counts kept up to date as articles are written (newsgraph.store.derived)
    Column("n_articles", Integer, nullable=False, server_default="0"),
    Column("n_mentions", Integer, nullable=False, server_default="0"),
    Column("n_quotes", Integer, nullable=False, server_default="0"),
    Column("n_quoted_about", Integer, nullable=False, server_default="0"),
    # migration 6: mentions of the group's own entities (by this name, not linked to it): what
    # the corpus-dominant surname rule weighs (newsgraph.store.linking.surname_owner)
    Column("n_named", Integer, nullable=False, server_default="0"),
    UniqueConstraint("type", "key", name="uq_corpus_entities_type_key"),
)
Index("ix_corpus_entities_surname", corpus_entities.c.surname)
Index("ix_corpus_entities_initials", corpus_entities.c.initials)
# the ranking of `entities`: most quoted, then most mentioned, then by name (and id)
Index(
    "ix_corpus_entities_rank",
    corpus_entities.c.n_quotes.desc(),
    corpus_entities.c.n_mentions.desc(),
    corpus_entities.c.name,
    corpus_entities.c.id,
)
Index(
    "ix_corpus_entities_type_rank",
    corpus_entities.c.type,
    corpus_entities.c.n_quotes.desc(),
    corpus_entities.c.n_mentions.desc(),
    corpus_entities.c.name,
    corpus_entities.c.id,
)

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
    Column("sort_key", BigInteger),  # migration 4: the article's sort_key
    UniqueConstraint("article_id", "entity_id", name="uq_entities_article_entity"),
)
# an entity's articles, newest first (replaces migration 1's ix_entities_corpus_entity)
Index("ix_entities_corpus_sort", entities.c.corpus_entity_id, entities.c.sort_key)
# Migration 8: the relinks look entities up by lone surname (a one-word PERSON key) or by
# acronym only, so only those entities are indexed (3% and 5% of them), with every column the
# relinks test, so that finding what moves reads the index alone. An index of every entity (by
# type and key, by type and acronym; by name group, which only migrations 6 and 7 read) cost a
# page written at a random place of a big index for nearly every entity of every article. A
# query uses a partial index only when its WHERE has the index's condition: lone-surname
# look-ups add LONE_SURNAME itself (newsgraph.store.linking); ``acronym = x`` implies
# ``acronym IS NOT NULL`` to both planners.
LONE_SURNAME = and_(
    entities.c.type == literal_column("'PERSON'"),
    entities.c.key.not_like(literal_column("'% %'")),
)
Index(
    "ix_entities_lone_surname",
    entities.c.key,
    entities.c.corpus_entity_id,
    entities.c.link,
    entities.c.group_id,
    entities.c.article_id,
    entities.c.type,  # what SQLite needs to see that the index covers the relink's SELECT
    sqlite_where=LONE_SURNAME,
    postgresql_where=LONE_SURNAME,
)
_HAS_ACRONYM = entities.c.acronym.is_not(None)
Index(
    "ix_entities_acronym",
    entities.c.acronym,
    entities.c.type,
    entities.c.corpus_entity_id,
    entities.c.link,
    entities.c.group_id,
    entities.c.article_id,
    sqlite_where=_HAS_ACRONYM,
    postgresql_where=_HAS_ACRONYM,
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
)
# (migration 8 dropped ix_entity_aliases_key: names are looked up in corpus_aliases)

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
    # migration 4: the listing order (newsgraph.store.keys), also the full-text rowid on SQLite
    Column("sort_key", BigInteger),
    # migration 4: the speaker's corpus entity (its entity's corpus_entity_id, kept through relinks)
    Column("speaker_corpus_id", Integer),
)
Index("ix_quotes_article", quotes.c.article_id)
Index("ix_quotes_speaker_entity", quotes.c.speaker_entity_id)
Index("ix_quotes_sort_key", quotes.c.sort_key, unique=True)
Index("ix_quotes_speaker_corpus_sort", quotes.c.speaker_corpus_id, quotes.c.sort_key)
Index("ix_quotes_speaker_key_sort", quotes.c.speaker_key, quotes.c.sort_key)
Index("ix_quotes_kind_sort", quotes.c.kind, quotes.c.sort_key)
Index("ix_quotes_act_sort", quotes.c.act, quotes.c.sort_key)

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

# The who-quotes-about-whom graph: one row per (speaker, mentioned entity) pair of corpus entities,
# weight = the quotes by the one that mention the other. Kept up to date as articles are written
# (newsgraph.store.derived); the quotes behind an edge are in quote_about. Migration 4 dropped
# the comma-separated quote_ids column of migration 2.
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
)
Index(
    "ix_graph_edges_rank",
    graph_edges.c.weight.desc(),
    graph_edges.c.source_id,
    graph_edges.c.target_id,
)

# Derived rows (migration 4), rewritten for an article whenever its links change:
# quote_about: each quote once per corpus entity it mentions, with its speaker's corpus entity.
quote_about = Table(
    "quote_about",
    metadata,
    Column("corpus_entity_id", Integer, primary_key=True, autoincrement=False),
    Column("sort_key", BigInteger, primary_key=True, autoincrement=False),  # the quote's
    Column("quote_id", Integer, nullable=False),
    Column("speaker_corpus_id", Integer),
    Column("article_id", Integer, nullable=False),
)
Index(
    "ix_quote_about_speaker",
    quote_about.c.speaker_corpus_id,
    quote_about.c.corpus_entity_id,
    quote_about.c.sort_key,
)
Index("ix_quote_about_article", quote_about.c.article_id)

# entity_timeline: each dated expression (with a value) once per corpus entity mentioned in its
# paragraph, in timeline order; ``published`` is '' for an undated article.
entity_timeline = Table(
    "entity_timeline",
    metadata,
    Column("corpus_entity_id", Integer, primary_key=True, autoincrement=False),
    Column("value", String(16), primary_key=True),
    Column("published", String(10), primary_key=True),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("date_id", Integer, nullable=False),
)
Index("ix_entity_timeline_article", entity_timeline.c.article_id)

# corpus_aliases: how many of a corpus entity's article entities carry each alias spelling.
corpus_aliases = Table(
    "corpus_aliases",
    metadata,
    Column("corpus_entity_id", Integer, primary_key=True, autoincrement=False),
    Column("alias", Text, primary_key=True),
    Column("alias_key", Text, nullable=False),  # as in entity_aliases: what names are looked up by
    Column("n", Integer, nullable=False),
)
Index("ix_corpus_aliases_key", corpus_aliases.c.alias_key)

# name_spellings (migration 5): how often the entities of a name group spell it each way (the
# spellings that have the group's key), what its canonical name is chosen from. Only ever added
# to: an entity's name group never changes.
name_spellings = Table(
    "name_spellings",
    metadata,
    Column("group_id", Integer, primary_key=True, autoincrement=False),
    Column("spelling", Text, primary_key=True),
    Column("n", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# surname_owners (migration 10): the owner (rules 3b-3c, newsgraph.store.linking) that every
# stored lone-surname entity of a surname is linked by. ``owner_id`` NULL: nobody owns it. A row
# is a promise: new entities are linked by it, and a refresh that finds a different owner relinks
# the surname's stored entities and rewrites it; a surname without a row is relinked in full at
# its next refresh. So code that changes lone-surname links otherwise must delete the rows of
# the surnames it touches.
surname_owners = Table(
    "surname_owners",
    metadata,
    Column("surname", Text, primary_key=True),
    Column("owner_id", Integer),
    Column("link", String(20), nullable=False),
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

VIEWS = (
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
