"""Corpus entities: the ranking, summaries with their counts, and an entity's profile.

Counts are read from what :mod:`newsgraph.store.derived` keeps (``corpus_entities.n_*``,
``corpus_aliases``); the ranking is an index on those counts, read from where the previous page
ended; a profile's lists are index ranges too (``quotes.speaker_corpus_id``, ``quote_about``,
``entities.sort_key``, ``entity_timeline``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select, tuple_

from newsgraph.model import EntityProfile, EntitySummary, TimelineItem
from newsgraph.store import corpus, keys
from newsgraph.store.keys import Page
from newsgraph.store.queries import QuoteFilter, quote_page
from newsgraph.store.read import SUMMARY_COLUMNS, article_summary
from newsgraph.store.tables import (
    articles,
    corpus_aliases,
    corpus_entities,
    dates,
    entities,
    entity_timeline,
    paragraphs,
)

_CURSOR = (int, int, str, int)  # n_quotes, n_mentions, name, id of the last entity of a page


def keyset_stages(after: list[Any] | None, stages: Any) -> list[Any]:
    """The conditions that, read one after another in the list's order, continue a list after
    the item whose sort values are ``after``. A mixed-direction order (counts descending, then
    name and id ascending) is no single row comparison, so each is one index range:
    ``stages(after)`` lists them, from the item's own tie group outwards."""
    return [None] if after is None else stages(after)


def _entity_stages(after: list[Any]) -> list[Any]:
    q, m, name, id_ = after
    ce = corpus_entities.c
    return [
        and_(ce.n_quotes == q, ce.n_mentions == m, tuple_(ce.name, ce.id) > tuple_(name, id_)),
        and_(ce.n_quotes == q, ce.n_mentions < m),
        ce.n_quotes < q,
    ]


def top_entities(
    conn: Connection, type: str | None, top: int, after: str | None = None
) -> Page[EntitySummary]:
    """Most quoted, then most mentioned corpus entities (then by name and id), optionally of one
    type; ``after``: the cursor of the previous page."""
    ce = corpus_entities.c
    cursor = keys.decode(after, _CURSOR) if after else None
    ids: list[int] = []
    last: list[Any] = []
    for stage in keyset_stages(cursor, _entity_stages):
        if len(ids) >= top:
            break
        stmt = (
            select(ce.id, ce.n_quotes, ce.n_mentions, ce.name)
            .where(ce.n_articles > 0)
            .order_by(ce.n_quotes.desc(), ce.n_mentions.desc(), ce.name, ce.id)
            .limit(top - len(ids))
        )
        if type:
            stmt = stmt.where(ce.type == type)
        if stage is not None:
            stmt = stmt.where(stage)
        for id_, q, m, name in conn.execute(stmt):
            ids.append(id_)
            last = [q, m, name, id_]
    summaries = entity_summaries(conn, ids)
    nxt = keys.encode(last) if len(ids) == top and last else None
    return Page([summaries[i] for i in ids if i in summaries], nxt)


def entity_summaries(conn: Connection, ids: Sequence[int]) -> dict[int, EntitySummary]:
    """Counts and aliases of the given corpus entities (those that some entity links to)."""
    if not ids:
        return {}
    ids = sorted(set(ids))
    ce = corpus_entities.c
    base = {
        r.id: r
        for r in conn.execute(
            select(
                ce.id,
                ce.name,
                ce.type,
                ce.n_articles,
                ce.n_mentions,
                ce.n_quotes,
                ce.n_quoted_about,
            ).where(ce.id.in_(ids), ce.n_articles > 0)
        )
    }
    aliases: dict[int, Counter[str]] = defaultdict(Counter)
    for cid, alias, n in conn.execute(
        select(corpus_aliases.c.corpus_entity_id, corpus_aliases.c.alias, corpus_aliases.c.n).where(
            corpus_aliases.c.corpus_entity_id.in_(ids), corpus_aliases.c.n > 0
        )
    ):
        aliases[cid][alias] += n
    return {
        cid: EntitySummary(
            id=corpus.corpus_id(cid),
            name=row.name,
            type=row.type,
            aliases=_best_aliases(aliases[cid]),
            articles=row.n_articles,
            mentions=row.n_mentions,
            quotes=row.n_quotes,
            quoted_about=row.n_quoted_about,
        )
        for cid, row in base.items()
    }


def _best_aliases(counts: Counter[str]) -> list[str]:
    """One spelling per normalised alias, the most frequent; most frequent aliases first."""
    best: dict[str, tuple[int, str]] = {}
    for alias, n in counts.items():
        k = corpus.normalise(alias)
        if k not in best or (n, alias) > best[k]:
            best[k] = (n, alias)
    return [a for _, a in sorted(best.values(), key=lambda t: (-t[0], t[1]))]


# ----------------------------------------------------------------------------------- profile
def entity_profile(conn: Connection, summary: EntitySummary, limit: int) -> EntityProfile:
    """Everything the corpus says about the entity ``summary``: its articles, quotes by and
    about it, and its timeline (each list its first ``limit`` items)."""
    cid = corpus.parse_corpus_id(summary.id)
    assert cid is not None
    keys_ = list(
        conn.execute(
            select(entities.c.sort_key)
            .where(entities.c.corpus_entity_id == cid)
            .distinct()
            .order_by(entities.c.sort_key.desc())
            .limit(limit)
        ).scalars()
    )
    found = {
        r.sort_key: r
        for r in conn.execute(
            select(*SUMMARY_COLUMNS, articles.c.sort_key).where(articles.c.sort_key.in_(keys_))
        )
    }
    return EntityProfile(
        **summary.model_dump(),
        article_list=[article_summary(found[k]) for k in keys_ if k in found],
        quotes_by=list(quote_page(conn, QuoteFilter(speaker=cid), limit)),
        quotes_about=list(quote_page(conn, QuoteFilter(mentions=cid), limit)),
        timeline=[_timeline_item(r) for r in conn.execute(_timeline_stmt(cid, limit))],
    )


def _timeline_stmt(cid: int, limit: int) -> Select[Any]:
    """The entity's first ``limit`` timeline rows (date order), each with its paragraph's text."""
    t = entity_timeline.c
    chosen = (
        select(t.date_id, t.value, t.published, t.article_id, t.position)
        .where(t.corpus_entity_id == cid)
        .order_by(t.value, t.published, t.article_id, t.position)
        .limit(limit)
        .subquery()
    )
    return (
        select(
            dates,
            articles.c.title,
            articles.c.published,
            func.substr(
                articles.c.text,
                paragraphs.c.start_char + 1,
                paragraphs.c.end_char - paragraphs.c.start_char,
            ).label("context"),
        )
        .select_from(chosen)
        .join(dates, dates.c.id == chosen.c.date_id)
        .join(articles, articles.c.id == chosen.c.article_id)
        .join(
            paragraphs,
            and_(
                paragraphs.c.article_id == dates.c.article_id,
                paragraphs.c.position == dates.c.paragraph,
            ),
        )
        .order_by(chosen.c.value, chosen.c.published, chosen.c.article_id, chosen.c.position)
    )


def _timeline_item(r: Any) -> TimelineItem:
    return TimelineItem(
        date=r.value,
        article_id=r.article_id,
        title=r.title,
        published=r.published,
        text=r.text,
        start=r.start_char,
        end=r.end_char,
        context=r.context or "",
    )
