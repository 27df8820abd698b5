"""Rows back into models: a stored article's whole record, quotes, summaries of articles and of
corpus entities (the result types of ``newsgraph.model``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.model import (
    Article,
    ArticleSummary,
    DateMention,
    Entity,
    EntitySummary,
    Mention,
    Paragraph,
    Quote,
    Record,
    Span,
    Speaker,
    TextSpan,
)
from newsgraph.store import corpus
from newsgraph.store.tables import (
    articles,
    corpus_entities,
    dates,
    entities,
    entity_aliases,
    mentions,
    paragraphs,
    quote_mentions,
    quotes,
)

# The columns an ArticleSummary is built from (see ``article_summary``).
SUMMARY_COLUMNS = (
    articles.c.id,
    articles.c.title,
    articles.c.url,
    articles.c.source,
    articles.c.published,
    articles.c.content_hash,
    articles.c.words,
    articles.c.n_quotes,
    articles.c.n_entities,
)


def read_record(conn: Connection, aid: int) -> Record | None:
    """The full ``newsgraph/2`` record of article ``aid``, rebuilt from the tables (None: none)."""
    art = conn.execute(select(articles).where(articles.c.id == aid)).first()
    if art is None:
        return None
    paras = [
        Paragraph(start=r.start_char, end=r.end_char, role=r.role)
        for r in conn.execute(
            select(paragraphs).where(paragraphs.c.article_id == aid).order_by(paragraphs.c.position)
        )
    ]
    ents = _record_entities(conn, aid)
    qs = [
        record_quote(r)
        for r in conn.execute(
            select(quotes).where(quotes.c.article_id == aid).order_by(quotes.c.position)
        )
    ]
    ds = [
        DateMention(
            start=r.start_char,
            end=r.end_char,
            text=r.text,
            value=r.value,
            role=paras[r.paragraph].role if r.paragraph is not None else "body",
        )
        for r in conn.execute(
            select(dates).where(dates.c.article_id == aid).order_by(dates.c.position)
        )
    ]
    return Record.model_validate(
        {
            "schema": art.schema_version,
            "source": art.source,
            "article": Article(
                id=art.external_id,
                url=art.url,
                title=art.title,
                published=art.published,
                authors=json.loads(art.authors),
                language=art.language,
                text=art.text,
            ),
            "paragraphs": paras,
            "entities": ents,
            "quotes": qs,
            "dates": ds,
            "warnings": json.loads(art.warnings),
        }
    )


def _record_entities(conn: Connection, aid: int) -> list[Entity]:
    ent_rows = list(
        conn.execute(
            select(entities).where(entities.c.article_id == aid).order_by(entities.c.position)
        )
    )
    by_entity: dict[int, list[Mention]] = defaultdict(list)
    for m in conn.execute(
        select(mentions)
        .where(mentions.c.article_id == aid)
        .order_by(mentions.c.entity_id, mentions.c.position)
    ):
        by_entity[m.entity_id].append(
            Mention(start=m.start_char, end=m.end_char, text=m.text, role=m.role)
        )
    return [
        Entity(
            id=r.entity_id,
            name=r.name,
            type=r.type,
            aliases=json.loads(r.aliases),
            mentions=by_entity.get(r.id, []),
        )
        for r in ent_rows
    ]


def record_quote(r: Any) -> Quote:
    """A ``quotes`` row as the record's :class:`Quote`."""
    cue = (
        TextSpan(start=r.cue_start, end=r.cue_end, text=r.cue_text)
        if r.cue_start is not None
        else None
    )
    speaker = (
        Speaker(
            start=r.speaker_start,
            end=r.speaker_end,
            text=r.speaker_text,
            entity=r.speaker_record_entity,
            name=r.speaker_name,
        )
        if r.speaker_start is not None
        else None
    )
    return Quote(
        id=r.quote_id,
        kind=r.kind,
        text=r.text,
        start=r.start_char,
        end=r.end_char,
        act=r.act,
        parts=[Span(start=s, end=e) for s, e in json.loads(r.parts)],
        verbatim=[Span(start=s, end=e) for s, e in json.loads(r.verbatim)],
        cue=cue,
        speaker=speaker,
    )


def article_summary(row: Any) -> ArticleSummary:
    """A row of :data:`SUMMARY_COLUMNS` as an :class:`ArticleSummary`."""
    return ArticleSummary(
        id=row.id,
        title=row.title,
        url=row.url,
        source=row.source,
        published=row.published,
        content_hash=row.content_hash,
        words=row.words,
        quotes=row.n_quotes,
        entities=row.n_entities,
    )


# ----------------------------------------------------------------------------------- entities
def entity_summaries(conn: Connection, ids: Sequence[int]) -> dict[int, EntitySummary]:
    """Counts and aliases of the given corpus entities."""
    if not ids:
        return {}
    ids = list(ids)
    e = entities
    base = {
        r.id: r
        for r in conn.execute(
            select(
                corpus_entities.c.id,
                corpus_entities.c.name,
                corpus_entities.c.type,
                func.count(func.distinct(e.c.article_id)).label("articles"),
                func.coalesce(func.sum(e.c.mention_count), 0).label("mentions"),
            )
            .join(e, e.c.corpus_entity_id == corpus_entities.c.id)
            .where(corpus_entities.c.id.in_(ids))
            .group_by(corpus_entities.c.id, corpus_entities.c.name, corpus_entities.c.type)
        )
    }
    by, about = _quote_counts(conn, ids)
    aliases = _alias_counts(conn, ids)
    out = {}
    for cid in ids:
        row = base.get(cid)
        if row is None:
            continue
        out[cid] = EntitySummary(
            id=corpus.corpus_id(cid),
            name=row.name,
            type=row.type,
            aliases=_best_aliases(aliases[cid]),
            articles=row.articles,
            mentions=int(row.mentions),
            quotes=by.get(cid, 0),
            quoted_about=about.get(cid, 0),
        )
    return out


def _quote_counts(conn: Connection, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Quotes by each corpus entity, and quotes that mention it."""
    e = entities
    by: dict[int, int] = {
        cid: n
        for cid, n in conn.execute(
            select(e.c.corpus_entity_id, func.count(quotes.c.id))
            .select_from(quotes)
            .join(e, e.c.id == quotes.c.speaker_entity_id)
            .where(e.c.corpus_entity_id.in_(ids))
            .group_by(e.c.corpus_entity_id)
        )
    }
    about: dict[int, int] = {
        cid: n
        for cid, n in conn.execute(
            select(e.c.corpus_entity_id, func.count(func.distinct(quote_mentions.c.quote_id)))
            .select_from(quote_mentions)
            .join(e, e.c.id == quote_mentions.c.entity_id)
            .where(e.c.corpus_entity_id.in_(ids))
            .group_by(e.c.corpus_entity_id)
        )
    }
    return by, about


def _alias_counts(conn: Connection, ids: list[int]) -> dict[int, Counter[str]]:
    e = entities
    aliases: dict[int, Counter[str]] = defaultdict(Counter)
    for cid, alias in conn.execute(
        select(e.c.corpus_entity_id, entity_aliases.c.alias)
        .select_from(entity_aliases)
        .join(e, e.c.id == entity_aliases.c.entity_id)
        .where(e.c.corpus_entity_id.in_(ids))
    ):
        aliases[cid][alias] += 1
    return aliases


def _best_aliases(counts: Counter[str]) -> list[str]:
    """One spelling per normalised alias, the most frequent; most frequent aliases first."""
    best: dict[str, tuple[int, str]] = {}
    for alias, n in counts.items():
        k = corpus.normalise(alias)
        if k not in best or (n, alias) > best[k]:
            best[k] = (n, alias)
    return [a for _, a in sorted(best.values(), key=lambda t: (-t[0], t[1]))]
