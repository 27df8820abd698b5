"""Writing one record: its rows in every table, inside the caller's transaction.

:func:`write_record` is what :meth:`newsgraph.store.Store.add` runs: the article, its paragraphs,
its entities (linked to corpus entities by :mod:`newsgraph.store.linking`), their aliases and
mentions, its quotes (with the entities mentioned inside each), its dates, and on SQLite the
full-text rows. Every mention, quote and date also records the paragraph it stands in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, insert, text, update

from newsgraph.model import Paragraph, Quote, Record
from newsgraph.store import corpus, derived, keys
from newsgraph.store.linking import link_entities
from newsgraph.store.tables import (
    articles,
    dates,
    entities,
    entity_aliases,
    mentions,
    paragraphs,
    quote_mentions,
    quotes,
)

_WORD = re.compile(r"\w+")

# The paragraph (its position) a character offset stands in, or None between paragraphs.
ParagraphOf = Callable[[int], int | None]


def word_count(text_: str) -> int:
    """The words of a text, as the store counts them (``articles.words``, ``IngestReport.words``)."""
    return len(_WORD.findall(text_))


def write_record(
    conn: Connection, record: Record, hash_: str, *, dialect: str, dirty_groups: set[int]
) -> int:
    """Insert ``record`` (whose text hashes to ``hash_``); returns its article id.

    ``dirty_groups`` receives the name groups whose canonical name may have changed."""
    article_id = conn.execute(
        insert(articles).returning(articles.c.id), _article_row(record, hash_)
    ).scalar_one()
    sort_key = keys.article_key(record.article.published, article_id)
    conn.execute(update(articles).where(articles.c.id == article_id).values(sort_key=sort_key))
    para = _paragraph_finder(record.paragraphs)
    if record.paragraphs:
        conn.execute(insert(paragraphs), _paragraph_rows(article_id, record.paragraphs))
    entity_rows = link_entities(conn, record, dirty_groups)
    row_ids: dict[str, int] = {}
    if record.entities:
        rows = [{**row, "sort_key": sort_key} for row in entity_rows]
        row_ids = _insert_entities(conn, article_id, record, rows, para)
    if record.quotes:
        _insert_quotes(conn, article_id, record, row_ids, para, dialect)
    if record.dates:
        conn.execute(insert(dates), _date_rows(article_id, record, para))
    if dialect == "sqlite":
        conn.execute(
            text("INSERT INTO articles_fts(rowid, title, text) VALUES (:id, :title, :text)"),
            {"id": sort_key, "title": record.article.title or "", "text": record.article.text},
        )
    derived.add_articles(conn, [article_id])
    return article_id


def _article_row(record: Record, hash_: str) -> dict[str, Any]:
    art = record.article
    return {
        "content_hash": hash_,
        "external_id": art.id,
        "source": record.source,
        "url": art.url,
        "title": art.title,
        "published": art.published,
        "authors": json.dumps(art.authors, ensure_ascii=False),
        "language": art.language,
        "text": art.text,
        "warnings": json.dumps(record.warnings, ensure_ascii=False),
        "schema_version": record.schema_,
        "words": word_count(art.text),
        "n_entities": len(record.entities),
        "n_quotes": len(record.quotes),
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _paragraph_finder(paras: list[Paragraph]) -> ParagraphOf:
    starts = [p.start for p in paras]

    def para(start: int) -> int | None:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < paras[i].end:
            return i
        return None

    return para


def _paragraph_rows(article_id: int, paras: list[Paragraph]) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": i,
            "start_char": p.start,
            "end_char": p.end,
            "role": p.role,
        }
        for i, p in enumerate(paras)
    ]


def _insert_entities(
    conn: Connection,
    article_id: int,
    record: Record,
    entity_rows: list[dict[str, Any]],
    para: ParagraphOf,
) -> dict[str, int]:
    """The entities, their aliases and their mentions; returns each entity's row id."""
    result = conn.execute(
        insert(entities).returning(entities.c.id, sort_by_parameter_order=True),
        [{"article_id": article_id, **row} for row in entity_rows],
    )
    row_ids = {e.id: rid for e, rid in zip(record.entities, result.scalars(), strict=True)}
    alias_rows = _alias_rows(record, row_ids)
    if alias_rows:
        conn.execute(insert(entity_aliases), alias_rows)
    mention_rows = [
        {
            "entity_id": row_ids[e.id],
            "article_id": article_id,
            "position": i,
            "start_char": m.start,
            "end_char": m.end,
            "text": m.text,
            "role": m.role,
            "paragraph": para(m.start),
        }
        for e in record.entities
        for i, m in enumerate(e.mentions)
    ]
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)
    return row_ids


def _alias_rows(record: Record, row_ids: dict[str, int]) -> list[dict[str, Any]]:
    """Each entity's name and aliases, once per normalised form (what names are looked up by)."""
    rows = []
    for e in record.entities:
        seen: set[str] = set()
        for alias in [e.name, *e.aliases]:
            key = corpus.normalise(alias)
            if key and key not in seen:
                seen.add(key)
                rows.append({"entity_id": row_ids[e.id], "alias_key": key, "alias": alias})
    return rows


def _insert_quotes(
    conn: Connection,
    article_id: int,
    record: Record,
    row_ids: dict[str, int],
    para: ParagraphOf,
    dialect: str,
) -> None:
    """The quotes, the entities mentioned inside each, and (SQLite) their full-text rows."""
    published = record.article.published
    rows = [
        {
            **_quote_row(article_id, i, q, row_ids, para),
            "sort_key": keys.quote_key(published, article_id, i),
        }
        for i, q in enumerate(record.quotes)
    ]
    qids = list(
        conn.execute(
            insert(quotes).returning(quotes.c.id, sort_by_parameter_order=True), rows
        ).scalars()
    )
    qm_rows: list[dict[str, int]] = []
    for qid, q in zip(qids, record.quotes, strict=True):
        inside = {
            row_ids[e.id]
            for e in record.entities
            for m in e.mentions
            if q.start <= m.start and m.end <= q.end
        }
        qm_rows.extend({"quote_id": qid, "entity_id": eid} for eid in sorted(inside))
    if qm_rows:
        conn.execute(insert(quote_mentions), qm_rows)
    if dialect == "sqlite":
        conn.execute(
            text("INSERT INTO quotes_fts(rowid, text) VALUES (:id, :text)"),
            [{"id": row["sort_key"], "text": row["text"]} for row in rows],
        )


def _quote_row(
    article_id: int, position: int, q: Quote, row_ids: dict[str, int], para: ParagraphOf
) -> dict[str, Any]:
    sp = q.speaker
    return {
        "article_id": article_id,
        "quote_id": q.id,
        "position": position,
        "kind": q.kind,
        "start_char": q.start,
        "end_char": q.end,
        "text": q.text,
        "verbatim": json.dumps([[v.start, v.end] for v in q.verbatim]),
        "act": q.act,
        "parts": json.dumps([[p.start, p.end] for p in q.parts]),
        "cue_start": q.cue.start if q.cue else None,
        "cue_end": q.cue.end if q.cue else None,
        "cue_text": q.cue.text if q.cue else None,
        "speaker_start": sp.start if sp else None,
        "speaker_end": sp.end if sp else None,
        "speaker_text": sp.text if sp else None,
        "speaker_record_entity": sp.entity if sp else None,
        "speaker_name": sp.name if sp else None,
        "speaker_key": corpus.normalise(sp.name or sp.text) if sp else None,
        "speaker_entity_id": row_ids.get(sp.entity) if sp and sp.entity else None,
        "paragraph": para(q.start),
    }


def _date_rows(article_id: int, record: Record, para: ParagraphOf) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": i,
            "start_char": d.start,
            "end_char": d.end,
            "text": d.text,
            "value": d.value,
            "paragraph": para(d.start),
        }
        for i, d in enumerate(record.dates)
    ]
