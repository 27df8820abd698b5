"""The store's queries: articles, quotes, corpus entities and their profiles.

Every function reads through the connection it is given and returns the result types of
``newsgraph.model``; :class:`newsgraph.store.Store` opens the connections (and refreshes the
canonical names first). Full-text search is FTS5 on SQLite, ``tsvector`` on PostgreSQL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Select, and_, func, literal_column, select, text

from newsgraph.model import (
    EntityProfile,
    EntityRef,
    EntitySummary,
    QuoteHit,
    TimelineItem,
)
from newsgraph.store import corpus
from newsgraph.store.errors import NotFound
from newsgraph.store.read import SUMMARY_COLUMNS, article_summary, entity_summaries, record_quote
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

_FTS_TOKEN = re.compile(r"\w+")


def _fts_query(q: str) -> str:
    """User text → an FTS5 query of quoted terms (all must match); no FTS syntax leaks through."""
    terms = _FTS_TOKEN.findall(q)
    return " ".join(f'"{t}"' for t in terms) or '""'


# ----------------------------------------------------------------------------------- articles
def articles_stmt(
    dialect: str, limit: int, offset: int, q: str | None, content_hash: str | None
) -> Select[Any]:
    """Stored articles, newest first (``q``: full-text search over title and text)."""
    stmt = select(*SUMMARY_COLUMNS)
    if q:
        stmt = stmt.where(_fts_articles(dialect, q))
    if content_hash is not None:
        stmt = stmt.where(articles.c.content_hash == content_hash)
    return (
        stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
        .limit(limit)
        .offset(offset)
    )


def _fts_articles(dialect: str, q: str) -> Any:
    if dialect == "sqlite":
        return articles.c.id.in_(
            select(literal_column("rowid"))
            .select_from(text("articles_fts"))
            .where(text("articles_fts MATCH :fts_a").bindparams(fts_a=_fts_query(q)))
        )
    return text("articles.search_tsv @@ plainto_tsquery('english', :fts_a)").bindparams(fts_a=q)


# ----------------------------------------------------------------------------------- names
def candidate_ids(conn: Connection, name_or_id: str) -> list[int]:
    """The corpus entities a name (any alias, case-insensitive) or ``C``-id may stand for."""
    number = corpus.parse_corpus_id(name_or_id)
    if number is not None:
        linked = conn.execute(
            select(entities.c.id).where(entities.c.corpus_entity_id == number).limit(1)
        ).first()
        return [number] if linked else []
    key = corpus.normalise(name_or_id)
    if not key:
        return []
    ids = set(
        conn.execute(
            select(entities.c.corpus_entity_id)
            .join(entity_aliases, entity_aliases.c.entity_id == entities.c.id)
            .where(entity_aliases.c.alias_key == key)
            .distinct()
        ).scalars()
    )
    if " " not in key:
        # a bare surname also names every full-named person who has it: "Smith" with a
        # John Smith and a Jane Smith in the corpus is ambiguous, whatever was written alone
        ids |= set(
            conn.execute(
                select(entities.c.corpus_entity_id)
                .join(corpus_entities, corpus_entities.c.id == entities.c.group_id)
                .where(corpus_entities.c.surname == key)
                .distinct()
            ).scalars()
        )
    return sorted(ids)


# ----------------------------------------------------------------------------------- quotes
def quote_conditions(
    dialect: str,
    resolve: Callable[[str], EntitySummary],
    se: Any,
    *,
    speaker: str | None,
    about: str | None,
    mentions: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    act: str | None = None,
) -> list[Any]:
    """The WHERE conditions of a quote search (``se``: the speaker's ``entities`` alias).
    ``resolve`` turns a name into its corpus entity (and raises AmbiguousName)."""
    conds: list[Any] = []
    if speaker:
        try:
            who = resolve(speaker)
            conds.append(se.c.corpus_entity_id == corpus.parse_corpus_id(who.id))
        except NotFound:
            # no such entity: fall back to the speaker as written (e.g. "a spokesman")
            conds.append(quotes.c.speaker_key == corpus.normalise(speaker))
    if mentions:
        conds.append(_mentioning(corpus.parse_corpus_id(resolve(mentions).id)))
    if about:
        conds.append(_fts_quotes(dialect, about))
    if since:
        conds.append(articles.c.published >= since)
    if until:
        conds.append(articles.c.published <= until)
    if kind:
        conds.append(quotes.c.kind == kind)
    if act:
        conds.append(quotes.c.act == act)
    return conds


def _mentioning(cid: int | None) -> Any:
    """Quotes whose text mentions corpus entity ``cid``."""
    me = entities.alias("me")
    return quotes.c.id.in_(
        select(quote_mentions.c.quote_id)
        .join(me, me.c.id == quote_mentions.c.entity_id)
        .where(me.c.corpus_entity_id == cid)
    )


def _fts_quotes(dialect: str, about: str) -> Any:
    if dialect == "sqlite":
        return quotes.c.id.in_(
            select(literal_column("rowid"))
            .select_from(text("quotes_fts"))
            .where(text("quotes_fts MATCH :fts_q").bindparams(fts_q=_fts_query(about)))
        )
    return text("quotes.text_tsv @@ plainto_tsquery('english', :fts_q)").bindparams(fts_q=about)


def quote_hits(
    conn: Connection, conds: list[Any], se: Any, limit: int, offset: int
) -> list[QuoteHit]:
    """The quotes that meet ``conds``, newest first, with their speaker and mentioned entities."""
    stmt = (
        select(
            quotes,
            articles.c.title,
            articles.c.url,
            articles.c.published,
            corpus_entities.c.id.label("ce_id"),
            corpus_entities.c.name.label("ce_name"),
            corpus_entities.c.type.label("ce_type"),
        )
        .join(articles, articles.c.id == quotes.c.article_id)
        .outerjoin(se, se.c.id == quotes.c.speaker_entity_id)
        .outerjoin(corpus_entities, corpus_entities.c.id == se.c.corpus_entity_id)
        .where(*conds)
        .order_by(
            articles.c.published.desc().nulls_last(),
            quotes.c.article_id.desc(),
            quotes.c.position,
        )
        .limit(limit)
        .offset(offset)
    )
    rows = list(conn.execute(stmt))
    refs = _mentioned(conn, [r.id for r in rows]) if rows else {}
    return [_quote_hit(r, refs.get(r.id, [])) for r in rows]


def _mentioned(conn: Connection, quote_ids: list[int]) -> dict[int, list[EntityRef]]:
    """The corpus entities mentioned inside each quote."""
    refs: dict[int, list[EntityRef]] = defaultdict(list)
    me = entities.alias("me")
    for qid, cid, name, type_ in conn.execute(
        select(
            quote_mentions.c.quote_id,
            corpus_entities.c.id,
            corpus_entities.c.name,
            corpus_entities.c.type,
        )
        .select_from(quote_mentions)
        .join(me, me.c.id == quote_mentions.c.entity_id)
        .join(corpus_entities, corpus_entities.c.id == me.c.corpus_entity_id)
        .where(quote_mentions.c.quote_id.in_(quote_ids))
        .distinct()
        .order_by(quote_mentions.c.quote_id, corpus_entities.c.id)
    ):
        refs[qid].append(EntityRef(id=corpus.corpus_id(cid), name=name, type=type_))
    return refs


def _quote_hit(r: Any, mentioned: list[EntityRef]) -> QuoteHit:
    rq = record_quote(r)
    return QuoteHit(
        id=r.id,
        quote_id=r.quote_id,
        article_id=r.article_id,
        title=r.title,
        url=r.url,
        published=r.published,
        kind=r.kind,
        act=rq.act,
        parts=rq.parts,
        verbatim=rq.verbatim,
        text=r.text,
        start=r.start_char,
        end=r.end_char,
        cue=rq.cue,
        speaker=rq.speaker,
        speaker_entity=EntityRef(id=corpus.corpus_id(r.ce_id), name=r.ce_name, type=r.ce_type)
        if r.ce_id is not None
        else None,
        mentions=mentioned,
    )


# ----------------------------------------------------------------------------------- entities
def top_entities(conn: Connection, type: str | None, top: int) -> list[EntitySummary]:
    """Most quoted, then most mentioned corpus entities (optionally of one type)."""
    e = entities
    mention_stats = (
        select(
            e.c.corpus_entity_id.label("cid"),
            func.sum(e.c.mention_count).label("mentions"),
        )
        .group_by(e.c.corpus_entity_id)
        .subquery()
    )
    se = entities.alias("se")
    quote_stats = (
        select(se.c.corpus_entity_id.label("cid"), func.count(quotes.c.id).label("quotes"))
        .select_from(quotes)
        .join(se, se.c.id == quotes.c.speaker_entity_id)
        .group_by(se.c.corpus_entity_id)
        .subquery()
    )
    n_quotes = func.coalesce(quote_stats.c.quotes, 0)
    stmt = (
        select(corpus_entities.c.id)
        .join(mention_stats, mention_stats.c.cid == corpus_entities.c.id)
        .outerjoin(quote_stats, quote_stats.c.cid == corpus_entities.c.id)
        .order_by(n_quotes.desc(), mention_stats.c.mentions.desc(), corpus_entities.c.name)
        .limit(top)
    )
    if type:
        stmt = stmt.where(corpus_entities.c.type == type)
    ids = list(conn.execute(stmt).scalars())
    summaries = entity_summaries(conn, ids)
    return [summaries[i] for i in ids if i in summaries]


def entity_profile(conn: Connection, summary: EntitySummary, limit: int) -> EntityProfile:
    """Everything the corpus says about the entity ``summary``: its articles, quotes by and
    about it, and its timeline."""
    cid = corpus.parse_corpus_id(summary.id)
    se = entities.alias("se")
    quotes_by = quote_hits(conn, [se.c.corpus_entity_id == cid], se, limit, 0)
    quotes_about = quote_hits(conn, [_mentioning(cid)], entities.alias("se2"), limit, 0)
    in_articles = select(entities.c.article_id).where(entities.c.corpus_entity_id == cid)
    art_stmt = (
        select(*SUMMARY_COLUMNS)
        .where(articles.c.id.in_(in_articles))
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
        .limit(limit)
    )
    arts = [article_summary(r) for r in conn.execute(art_stmt)]
    timeline = [_timeline_item(r) for r in conn.execute(_timeline_stmt(cid, limit))]
    return EntityProfile(
        **summary.model_dump(),
        article_list=arts,
        quotes_by=quotes_by,
        quotes_about=quotes_about,
        timeline=timeline,
    )


def _timeline_stmt(cid: int | None, limit: int) -> Select[Any]:
    """The dates (with a value) that stand in a paragraph mentioning the entity, in date order,
    each with its paragraph's text."""
    paras_with = (
        select(mentions.c.article_id, mentions.c.paragraph)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(entities.c.corpus_entity_id == cid, mentions.c.paragraph.is_not(None))
        .distinct()
        .subquery()
    )
    # The timeline's rows are chosen first and their paragraph text cut out afterwards: with
    # the substring in the same query, PostgreSQL cut (and de-TOASTed) an article text for
    # every candidate date before sorting: 190 ms for the most mentioned entity of the 924
    # PolNeAR texts, against ~40 ms in SQLite.
    chosen = (
        select(dates, articles.c.title, articles.c.published)
        .join(
            paras_with,
            and_(
                paras_with.c.article_id == dates.c.article_id,
                paras_with.c.paragraph == dates.c.paragraph,
            ),
        )
        .join(articles, articles.c.id == dates.c.article_id)
        .where(dates.c.value.is_not(None))
        .order_by(dates.c.value, articles.c.published, dates.c.article_id, dates.c.position)
        .limit(limit)
        .subquery()
    )
    return (
        select(
            chosen,
            func.substr(
                articles.c.text,
                paragraphs.c.start_char + 1,
                paragraphs.c.end_char - paragraphs.c.start_char,
            ).label("context"),
        )
        .join(articles, articles.c.id == chosen.c.article_id)
        .join(
            paragraphs,
            and_(
                paragraphs.c.article_id == chosen.c.article_id,
                paragraphs.c.position == chosen.c.paragraph,
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
