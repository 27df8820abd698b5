"""What the store keeps up to date as articles are written, so that no query aggregates the corpus.

Every count a query shows is a sum over articles of what each article contributes:

- ``corpus_entities.n_mentions`` / ``n_articles`` / ``n_quotes`` / ``n_quoted_about``: an
  article adds its entities' mentions, 1 per corpus entity it has, its quotes by each speaker
  entity, and its quotes that mention each entity (a quote once per entity);
- ``graph_edges.weight``: an article adds its quotes by A that mention B (A ≠ B);
- ``corpus_aliases.n``: an article adds its entities' alias spellings.

And some rows are derived per article: ``quotes.speaker_corpus_id``, ``quote_about`` (each quote
once per corpus entity it mentions) and ``entity_timeline`` (each dated expression once per
entity mentioned in its paragraph).

All of it depends on one thing that can change after an article is written: the corpus entity
its entities link to (a relink, docs/store.md). So the rule that keeps it exact is: when the
links of some articles change, :func:`remove_articles` takes their contributions out (computed
from the tables, before the change), the links change, and :func:`add_articles` puts them back
(computed after). A new article is just :func:`add_articles`. An article stored again is a skip
(same content hash) and changes nothing. :func:`rebuild` recomputes everything from the base
tables (migration 4; a test compares it with what was kept after adds and relinks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    distinct,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsgraph.store.tables import (
    articles,
    corpus_aliases,
    corpus_entities,
    dates,
    entities,
    entity_aliases,
    entity_timeline,
    graph_edges,
    mentions,
    quote_about,
    quote_mentions,
    quotes,
)

CHUNK = 500  # article ids per IN (...) list
COUNTERS = ("n_articles", "n_mentions", "n_quotes", "n_quoted_about")


class Contributions:
    """What a set of articles adds to the kept counts."""

    def __init__(self) -> None:
        self.entities: dict[int, Counter[str]] = {}
        self.edges: Counter[tuple[int, int]] = Counter()
        self.aliases: Counter[tuple[int, str, str]] = Counter()  # (cid, alias, alias_key)

    def entity(self, cid: int) -> Counter[str]:
        return self.entities.setdefault(cid, Counter())


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


# ----------------------------------------------------------------------------------- rows
def _speaker_corpus_ids(conn: Connection, part: list[int] | None) -> None:
    """``quotes.speaker_corpus_id`` from the speaker entity's current link."""
    linked = (
        select(entities.c.corpus_entity_id)
        .where(entities.c.id == quotes.c.speaker_entity_id)
        .scalar_subquery()
    )
    stmt = update(quotes).values(speaker_corpus_id=linked)
    if part is not None:
        stmt = stmt.where(quotes.c.article_id.in_(part))
    conn.execute(stmt)


def _quote_about_rows(part: list[int] | None) -> Any:
    me = entities.alias("me")
    stmt = (
        select(
            me.c.corpus_entity_id,
            quotes.c.sort_key,
            quotes.c.id,
            quotes.c.speaker_corpus_id,
            quotes.c.article_id,
        )
        .select_from(quote_mentions)
        .join(quotes, quotes.c.id == quote_mentions.c.quote_id)
        .join(me, me.c.id == quote_mentions.c.entity_id)
        .distinct()
    )
    if part is not None:
        stmt = stmt.where(quotes.c.article_id.in_(part))
    return stmt


def _timeline_rows(part: list[int] | None) -> Any:
    stmt = (
        select(
            entities.c.corpus_entity_id,
            dates.c.value,
            func.coalesce(articles.c.published, literal("")),
            dates.c.article_id,
            dates.c.position,
            dates.c.id,
        )
        .select_from(dates)
        .join(
            mentions,
            (mentions.c.article_id == dates.c.article_id)
            & (mentions.c.paragraph == dates.c.paragraph),
        )
        .join(entities, entities.c.id == mentions.c.entity_id)
        .join(articles, articles.c.id == dates.c.article_id)
        .where(dates.c.value.is_not(None))
        .distinct()
    )
    if part is not None:
        stmt = stmt.where(dates.c.article_id.in_(part))
    return stmt


def _insert_rows(conn: Connection, part: list[int] | None) -> None:
    _speaker_corpus_ids(conn, part)
    conn.execute(
        insert(quote_about).from_select(
            ["corpus_entity_id", "sort_key", "quote_id", "speaker_corpus_id", "article_id"],
            _quote_about_rows(part),
        )
    )
    conn.execute(
        insert(entity_timeline).from_select(
            ["corpus_entity_id", "value", "published", "article_id", "position", "date_id"],
            _timeline_rows(part),
        )
    )


# ----------------------------------------------------------------------------------- counts
def contributions(conn: Connection, article_ids: Sequence[int]) -> Contributions:
    """What the articles ``article_ids`` contribute, read from the tables as they are now
    (``quote_about`` and ``quotes.speaker_corpus_id`` included)."""
    found = Contributions()
    se = entities.alias("se")
    for part in _chunks(article_ids):
        for cid, n_mentions, n_articles in conn.execute(
            select(
                entities.c.corpus_entity_id,
                func.sum(entities.c.mention_count),
                func.count(distinct(entities.c.article_id)),
            )
            .where(entities.c.article_id.in_(part))
            .group_by(entities.c.corpus_entity_id)
        ):
            found.entity(cid).update(n_mentions=int(n_mentions or 0), n_articles=n_articles)
        for cid, n in conn.execute(
            select(se.c.corpus_entity_id, func.count())
            .select_from(quotes)
            .join(se, se.c.id == quotes.c.speaker_entity_id)
            .where(quotes.c.article_id.in_(part))
            .group_by(se.c.corpus_entity_id)
        ):
            found.entity(cid)["n_quotes"] += n
        for cid, n in conn.execute(
            select(quote_about.c.corpus_entity_id, func.count())
            .where(quote_about.c.article_id.in_(part))
            .group_by(quote_about.c.corpus_entity_id)
        ):
            found.entity(cid)["n_quoted_about"] += n
        for src, dst, n in conn.execute(
            select(quote_about.c.speaker_corpus_id, quote_about.c.corpus_entity_id, func.count())
            .where(
                quote_about.c.article_id.in_(part),
                quote_about.c.speaker_corpus_id.is_not(None),
                quote_about.c.speaker_corpus_id != quote_about.c.corpus_entity_id,
            )
            .group_by(quote_about.c.speaker_corpus_id, quote_about.c.corpus_entity_id)
        ):
            found.edges[(src, dst)] += n
        for cid, alias, key, n in conn.execute(
            select(
                entities.c.corpus_entity_id,
                entity_aliases.c.alias,
                entity_aliases.c.alias_key,
                func.count(),
            )
            .select_from(entity_aliases)
            .join(entities, entities.c.id == entity_aliases.c.entity_id)
            .where(entities.c.article_id.in_(part))
            .group_by(
                entities.c.corpus_entity_id, entity_aliases.c.alias, entity_aliases.c.alias_key
            )
        ):
            found.aliases[(cid, alias, key)] += n
    return found


def upsert_add(conn: Connection, table: Any, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """Add ``n``/``weight`` to existing rows, insert the others."""
    if not rows:
        return
    column = "weight" if table is graph_edges else "n"
    make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = make(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=keys, set_={column: table.c[column] + stmt.excluded[column]}
    )
    conn.execute(stmt, rows)


def _apply(conn: Connection, found: Contributions, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) ``found`` from the kept counts (in key order, so that
    concurrent PostgreSQL writers lock counter rows in the same order)."""
    if found.entities:
        conn.execute(
            update(corpus_entities)
            .where(corpus_entities.c.id == bindparam("cid"))
            .values({c: corpus_entities.c[c] + bindparam("d_" + c) for c in COUNTERS}),
            [
                {"cid": cid, **{"d_" + c: sign * counts[c] for c in COUNTERS}}
                for cid, counts in sorted(found.entities.items())
            ],
        )
    edge_rows = [
        {"source_id": s, "target_id": t, "weight": sign * n}
        for (s, t), n in sorted(found.edges.items())
    ]
    alias_rows = [
        {"corpus_entity_id": cid, "alias": alias, "alias_key": key, "n": sign * n}
        for (cid, alias, key), n in sorted(found.aliases.items())
    ]
    upsert_add(conn, graph_edges, ["source_id", "target_id"], edge_rows)
    upsert_add(conn, corpus_aliases, ["corpus_entity_id", "alias"], alias_rows)
    if sign < 0:  # what dropped to nothing goes
        if edge_rows:
            conn.execute(
                delete(graph_edges).where(
                    graph_edges.c.source_id == bindparam("s"),
                    graph_edges.c.target_id == bindparam("t"),
                    graph_edges.c.weight <= 0,
                ),
                [{"s": r["source_id"], "t": r["target_id"]} for r in edge_rows],
            )
        if alias_rows:
            conn.execute(
                delete(corpus_aliases).where(
                    corpus_aliases.c.corpus_entity_id == bindparam("c"),
                    corpus_aliases.c.alias == bindparam("a"),
                    corpus_aliases.c.n <= 0,
                ),
                [{"c": r["corpus_entity_id"], "a": r["alias"]} for r in alias_rows],
            )


# ----------------------------------------------------------------------------------- entry points
def add_articles(conn: Connection, article_ids: Sequence[int]) -> None:
    """Derive the rows of ``article_ids`` and add their contributions (a new article, or
    articles whose links just changed, after :func:`remove_articles`)."""
    for part in _chunks(article_ids):
        _insert_rows(conn, part)
    _apply(conn, contributions(conn, article_ids), +1)


def remove_articles(conn: Connection, article_ids: Sequence[int]) -> None:
    """Take the contributions and derived rows of ``article_ids`` out (before their links
    change)."""
    _apply(conn, contributions(conn, article_ids), -1)
    for part in _chunks(article_ids):
        conn.execute(delete(quote_about).where(quote_about.c.article_id.in_(part)))
        conn.execute(delete(entity_timeline).where(entity_timeline.c.article_id.in_(part)))


def rebuild(conn: Connection) -> None:
    """Everything derived, recomputed from the base tables in a few set-based statements."""
    for table in (quote_about, entity_timeline, graph_edges, corpus_aliases):
        conn.execute(delete(table))
    _insert_rows(conn, None)
    e = entities
    ce = corpus_entities.c
    conn.execute(
        update(corpus_entities).values(
            n_mentions=func.coalesce(
                select(func.sum(e.c.mention_count))
                .where(e.c.corpus_entity_id == ce.id)
                .scalar_subquery(),
                0,
            ),
            n_articles=select(func.count(distinct(e.c.article_id)))
            .where(e.c.corpus_entity_id == ce.id)
            .scalar_subquery(),
            n_quotes=select(func.count())
            .select_from(quotes)
            .where(quotes.c.speaker_corpus_id == ce.id)
            .scalar_subquery(),
            n_quoted_about=select(func.count())
            .select_from(quote_about)
            .where(quote_about.c.corpus_entity_id == ce.id)
            .scalar_subquery(),
        )
    )
    qa = quote_about.c
    conn.execute(
        insert(graph_edges).from_select(
            ["source_id", "target_id", "weight"],
            select(qa.speaker_corpus_id, qa.corpus_entity_id, func.count())
            .where(qa.speaker_corpus_id.is_not(None), qa.speaker_corpus_id != qa.corpus_entity_id)
            .group_by(qa.speaker_corpus_id, qa.corpus_entity_id),
        )
    )
    conn.execute(
        insert(corpus_aliases).from_select(
            ["corpus_entity_id", "alias", "alias_key", "n"],
            select(
                e.c.corpus_entity_id,
                entity_aliases.c.alias,
                entity_aliases.c.alias_key,
                func.count(),
            )
            .select_from(entity_aliases)
            .join(e, e.c.id == entity_aliases.c.entity_id)
            .group_by(e.c.corpus_entity_id, entity_aliases.c.alias, entity_aliases.c.alias_key),
        )
    )
