"""Rows back into models: a stored article's whole record, quotes, summaries of articles (the
result types of ``newsgraph.model``; corpus entities: :mod:`newsgraph.store.profiles`)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from newsgraph.model import (
    Article,
    ArticleSummary,
    DateMention,
    Entity,
    Mention,
    Paragraph,
    Quote,
    Record,
    Span,
    Speaker,
    TextSpan,
)
from newsgraph.store.tables import (
    articles,
    dates,
    entities,
    mentions,
    paragraphs,
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
