"""The store's queries over articles and quotes (entities: :mod:`newsgraph.store.profiles`).

Every function reads through the connection it is given and returns the result types of
``newsgraph.model``; :class:`newsgraph.store.Store` opens the connections (and refreshes the
canonical names first). None of them aggregates the corpus: a list is a range of an index on a
sort key (:mod:`newsgraph.store.keys`), read from where the previous page ended, and a full-text
search reads its engine's index in the same order. Each list is read in two steps: the ids of
the page (from the narrowest index that fits the filters), then those rows with what they show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Select, column, func, literal_column, select, table, text

from newsgraph.model import ArticleSummary, EntityRef, EntitySummary, QuoteHit
from newsgraph.store import corpus, keys
from newsgraph.store.errors import NotFound
from newsgraph.store.keys import Page
from newsgraph.store.read import SUMMARY_COLUMNS, article_summary, record_quote
from newsgraph.store.search import Search, fts5_highlights, pg_highlights
from newsgraph.store.tables import (
    articles,
    corpus_aliases,
    corpus_entities,
    entities,
    quote_about,
    quote_mentions,
    quotes,
)

Order = Literal["newest", "relevance"]
# A relevance-ranked search ranks the newest RANK_WINDOW matches (all of them when there are
# fewer): ranking every match of a common word would read its whole posting list on every call.
RANK_WINDOW = 1000
_TSQUERY = "to_tsquery('newsgraph', :tsq)"
# A full-text search beside a speaker on PostgreSQL first walks that speaker's quotes newest
# first, at most this many, and keeps those that match: its cost then depends on how common
# the words are, not on how many quotes the speaker (or the word) has in the whole corpus.
# PostgreSQL's own plan ANDs two bitmaps that grow with the corpus (the 100,000-article bench
# store: 60 ms against 26 ms for a common word beside the most quoted speaker). When the walk
# ends before it has enough matches, the search index answers as before.
SPEAKER_WALK = 20_000
WALK_PROBE = 2_000  # the first walk, that measures how common the words are
# SQLite's FTS5 tables (migration 4): their rowid is the sort key of the article or quote
_ARTICLES_FTS = table("articles_fts", column("rowid"))
_QUOTES_FTS = table("quotes_fts", column("rowid"))


@dataclass(frozen=True)
class _Chosen:
    """The ids of one page, in order, with each one's sort key and relevance score."""

    ids: list[int]
    keys: dict[int, int]
    scores: dict[int, float]


def _pick(
    rows: Sequence[Any], order: Order, limit: int, offset: int, after: str | None
) -> tuple[_Chosen, str | None]:
    """The page out of candidate rows ``(id, sort_key, score)`` (already newest first and cut
    after the cursor for ``newest``; ranked here for ``relevance``), and its next cursor."""
    if order == "relevance":
        ranked = sorted(rows, key=lambda r: (-(r[2] or 0.0), -r[1]))
        if after:
            score, key = keys.decode(after, (float, int))
            ranked = [r for r in ranked if (r[2] or 0.0, r[1]) < (score, key)]
        page = ranked[offset : offset + limit]
    else:
        page = list(rows)
    chosen = _Chosen([r[0] for r in page], {r[0]: r[1] for r in page}, {})
    chosen.scores.update({r[0]: float(r[2]) for r in page if r[2] is not None})
    nxt = None
    if len(page) == limit and page:
        last = page[-1]
        nxt = keys.encode([float(last[2] or 0.0), last[1]] if order == "relevance" else [last[1]])
    return chosen, nxt


def _newest_after(after: str | None) -> int | None:
    return keys.decode(after, (int,))[0] if after else None


# ----------------------------------------------------------------------------------- articles
def articles_page(
    conn: Connection,
    limit: int,
    offset: int,
    q: str | None,
    content_hash: str | None,
    after: str | None = None,
    order: Order | None = None,
) -> Page[ArticleSummary]:
    """Stored articles, newest first; ``q``: full-text search over title and text, by relevance
    unless ``order="newest"``."""
    search = Search.parse(q) if q else None
    if q and not search:
        return Page()
    order = order or ("relevance" if search else "newest")
    if search is None:
        order = "newest"
    window = RANK_WINDOW if order == "relevance" else limit
    stmt, key = _article_ids(conn.dialect.name, search)
    if content_hash is not None:
        stmt = stmt.where(articles.c.content_hash == content_hash)
    if order == "newest" and after:
        stmt = stmt.where(key < _newest_after(after))
    stmt = stmt.order_by(key.desc()).limit(window)
    if order == "newest":
        stmt = stmt.offset(offset)
    chosen, nxt = _pick(list(conn.execute(stmt)), order, limit, offset, after)
    if not chosen.ids:
        return Page()
    found = {
        r.id: r for r in conn.execute(select(*SUMMARY_COLUMNS).where(articles.c.id.in_(chosen.ids)))
    }
    return Page([article_summary(found[i]) for i in chosen.ids if i in found], nxt)


def _article_ids(dialect: str, search: Search | None) -> tuple[Select[Any], Any]:
    """``(id, sort_key, score)`` of the articles that match, and the column to order by."""
    if search is None:
        return select(
            articles.c.id, articles.c.sort_key, literal_column("NULL")
        ), articles.c.sort_key
    if dialect == "sqlite":
        rowid = _ARTICLES_FTS.c.rowid
        stmt = (
            select(articles.c.id, articles.c.sort_key, -func.bm25(literal_column("articles_fts")))
            .select_from(_ARTICLES_FTS)
            .join(articles, articles.c.sort_key == rowid)
            .where(text("articles_fts MATCH :fts_a").bindparams(fts_a=search.fts5()))
        )
        return stmt, rowid
    tsq = text(_TSQUERY).bindparams(tsq=search.tsquery())
    score = func.ts_rank(literal_column("articles.search_tsv"), tsq)
    stmt = select(articles.c.id, articles.c.sort_key, score).where(
        literal_column("articles.search_tsv").op("@@")(tsq)
    )
    return stmt, articles.c.sort_key


# ----------------------------------------------------------------------------------- names
def candidate_ids(conn: Connection, name_or_id: str) -> list[int]:
    """The corpus entities a name (any alias, case-insensitive) or ``C``-id may stand for."""
    number = corpus.parse_corpus_id(name_or_id)
    if number is not None:
        linked = conn.execute(
            select(corpus_entities.c.id).where(
                corpus_entities.c.id == number, corpus_entities.c.n_articles > 0
            )
        ).first()
        return [number] if linked else []
    key = corpus.normalise(name_or_id)
    if not key:
        return []
    ids = set(
        conn.execute(
            select(corpus_aliases.c.corpus_entity_id)
            .where(corpus_aliases.c.alias_key == key, corpus_aliases.c.n > 0)
            .distinct()
        ).scalars()
    )
    if " " not in key:
        # a bare surname also names every full-named person who has it: "Smith" with a
        # John Smith and a Jane Smith in the corpus is ambiguous, whatever was written alone.
        # (The entities of a full-named group always link to that group: rules 2-3 only move
        # lone surnames and acronyms.)
        ids |= set(
            conn.execute(
                select(corpus_entities.c.id).where(
                    corpus_entities.c.surname == key, corpus_entities.c.n_articles > 0
                )
            ).scalars()
        )
    return sorted(ids)


# ----------------------------------------------------------------------------------- quotes
@dataclass(frozen=True)
class QuoteFilter:
    """A quote search, with names already resolved to corpus entity ids."""

    speaker: int | None = None  # corpus entity
    speaker_key: str | None = None  # a speaker that is no entity, as written (normalised)
    mentions: int | None = None  # corpus entity
    about: Search | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    act: str | None = None


def quote_filter(
    resolve: Callable[[str], EntitySummary],
    *,
    speaker: str | None,
    about: str | None,
    mentions: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    act: str | None = None,
) -> QuoteFilter:
    """Names resolved (``resolve`` raises AmbiguousName; a speaker that is no entity is matched
    as written, e.g. "a spokesman")."""
    speaker_id = speaker_key = None
    if speaker:
        try:
            speaker_id = corpus.parse_corpus_id(resolve(speaker).id)
        except NotFound:
            speaker_key = corpus.normalise(speaker)
    return QuoteFilter(
        speaker=speaker_id,
        speaker_key=speaker_key,
        mentions=corpus.parse_corpus_id(resolve(mentions).id) if mentions else None,
        about=Search.parse(about) if about else None,
        since=since,
        until=until,
        kind=kind,
        act=act,
    )


def _quote_ids(dialect: str, f: QuoteFilter) -> tuple[Select[Any], Any]:
    """``(id, sort_key, score)`` of the quotes that meet ``f``, and the column to order by.

    The driving index: the entity a quote mentions (``quote_about``, with the speaker too when
    both are asked), else the speaker, kind or act, else the sort key itself; on SQLite a
    full-text search drives through the FTS5 index, whose rowids are the sort keys."""
    score: Any = literal_column("NULL")
    key: Any
    if f.about and dialect == "sqlite":
        score = -func.bm25(literal_column("quotes_fts"))
    elif f.about:
        score = func.ts_rank(
            literal_column("quotes.text_tsv"), text(_TSQUERY).bindparams(tsq=f.about.tsquery())
        )
    if f.mentions is not None:
        qa = quote_about.c
        stmt = (
            select(quotes.c.id, qa.sort_key, score)
            .select_from(quote_about)
            .join(quotes, quotes.c.id == qa.quote_id)
            .where(qa.corpus_entity_id == f.mentions)
        )
        key = qa.sort_key
        if f.speaker is not None:
            stmt = stmt.where(qa.speaker_corpus_id == f.speaker)
    else:
        stmt = select(quotes.c.id, quotes.c.sort_key, score).select_from(quotes)
        key = quotes.c.sort_key
        if f.speaker is not None:
            stmt = stmt.where(quotes.c.speaker_corpus_id == f.speaker)
    if f.about and dialect == "sqlite":
        key = _QUOTES_FTS.c.rowid
        stmt = stmt.join(_QUOTES_FTS, key == quotes.c.sort_key).where(
            text("quotes_fts MATCH :fts_q").bindparams(fts_q=f.about.fts5())
        )
    elif f.about:
        stmt = stmt.where(
            literal_column("quotes.text_tsv").op("@@")(
                text(_TSQUERY).bindparams(tsq=f.about.tsquery())
            )
        )
    return _quote_conditions(stmt, key, f), key


def _quote_conditions(stmt: Select[Any], key: Any, f: QuoteFilter) -> Select[Any]:
    if f.speaker_key is not None:
        stmt = stmt.where(quotes.c.speaker_key == f.speaker_key)
    if f.kind:
        stmt = stmt.where(quotes.c.kind == f.kind)
    if f.act:
        stmt = stmt.where(quotes.c.act == f.act)
    low, high = keys.quote_range(f.since, f.until)
    if low is not None:
        stmt = stmt.where(key >= low)
    if high is not None:
        stmt = stmt.where(key < high)
    return stmt


def quote_page(
    conn: Connection,
    f: QuoteFilter,
    limit: int,
    offset: int = 0,
    after: str | None = None,
    order: Order | None = None,
) -> Page[QuoteHit]:
    """The quotes that meet ``f``: newest first, or (a full-text search, unless
    ``order="newest"``) by relevance among the newest :data:`RANK_WINDOW` matches."""
    if f.about is not None and not f.about:
        return Page()  # nothing searchable in the words given
    order = order or ("relevance" if f.about else "newest")
    if not f.about:
        order = "newest"
    before = _newest_after(after) if order == "newest" else None
    wanted = offset + limit if order == "newest" else RANK_WINDOW
    rows = _speaker_walk(conn, f, wanted, before)
    if rows is None:
        stmt, key = _quote_ids(conn.dialect.name, f)
        if before is not None:
            stmt = stmt.where(key < before)
        stmt = stmt.order_by(key.desc()).limit(wanted)
        rows = list(conn.execute(stmt))
    if order == "newest":
        rows = rows[offset:]
    chosen, nxt = _pick(rows, order, limit, offset, after)
    return Page(quote_hits(conn, chosen.ids, chosen.scores, f.about), nxt)


def _speaker_walk(
    conn: Connection, f: QuoteFilter, wanted: int, before: int | None
) -> list[Any] | None:
    """``(id, sort_key, score)`` of the newest ``wanted`` quotes that meet ``f``, newest first,
    found by walking the speaker's quotes (PostgreSQL, a full-text search beside a speaker, see
    :data:`SPEAKER_WALK`); None when the walk does not apply or would not pay (the caller then
    asks the search index). A first, short walk measures how common the words are among the
    speaker's quotes; the second walks as far as that says ``wanted`` matches need."""
    if conn.dialect.name != "postgresql" or not f.about or f.speaker is None or f.mentions:
        return None
    q = quotes.c
    inner = select(q.id, q.sort_key, literal_column("quotes.text_tsv").label("tsv")).where(
        q.speaker_corpus_id == f.speaker
    )
    inner = _quote_conditions(inner, q.sort_key, f)
    if before is not None:
        inner = inner.where(q.sort_key < before)
    tsq = text(_TSQUERY).bindparams(tsq=f.about.tsquery())
    probe = min(WALK_PROBE, SPEAKER_WALK)
    rows, walked = _walk(conn, inner, tsq, probe, wanted)
    if len(rows) == wanted or walked < probe:
        return rows  # enough matches, or every quote of the speaker walked
    if not rows:
        return None
    estimate = probe * wanted // len(rows)  # how far `wanted` matches lie, by the probe
    if estimate > SPEAKER_WALK:
        return None
    budget = min(SPEAKER_WALK, estimate * 3 // 2)
    rows, walked = _walk(conn, inner, tsq, budget, wanted)
    return rows if len(rows) == wanted or walked < budget else None


def _walk(
    conn: Connection, inner: Select[Any], tsq: Any, budget: int, wanted: int
) -> tuple[list[Any], int]:
    """The newest ``wanted`` matches among the newest ``budget`` quotes of ``inner``, and how
    many quotes were walked."""
    newest = inner.order_by(quotes.c.sort_key.desc()).limit(budget)
    walk = newest.subquery()
    tsv = walk.c.tsv
    stmt = (
        select(walk.c.id, walk.c.sort_key, func.ts_rank(tsv, tsq))
        .where(tsv.op("@@")(tsq))
        .order_by(walk.c.sort_key.desc())
        .limit(wanted)
    )
    rows = list(conn.execute(stmt))
    if len(rows) == wanted:
        return rows, budget
    ids = newest.with_only_columns(quotes.c.id).subquery()
    return rows, int(conn.execute(select(func.count()).select_from(ids)).scalar_one())


def count_quotes(conn: Connection, f: QuoteFilter, cap: int) -> int:
    """How many quotes meet ``f``, counted up to ``cap`` (``cap + 1``: more than that)."""
    if f.about is not None and not f.about:
        return 0
    stmt, _ = _quote_ids(conn.dialect.name, f)
    found = stmt.limit(cap + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(found)).scalar_one())


def quote_hits(
    conn: Connection,
    ids: list[int],
    scores: dict[int, float] | None = None,
    search: Search | None = None,
) -> list[QuoteHit]:
    """The quotes ``ids`` (in that order) with their article, speaker and mentioned entities."""
    if not ids:
        return []
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
        .outerjoin(corpus_entities, corpus_entities.c.id == quotes.c.speaker_corpus_id)
        .where(quotes.c.id.in_(ids))
    )
    rows = {r.id: r for r in conn.execute(stmt)}
    ordered = [rows[i] for i in ids if i in rows]
    refs = _mentioned(conn, ids)
    marks = _highlights(conn, search, ordered) if search else {}
    return [
        _quote_hit(r, refs.get(r.id, []), (scores or {}).get(r.id), marks.get(r.id, []))
        for r in ordered
    ]


def _highlights(conn: Connection, search: Search, rows: list[Any]) -> dict[int, list[Any]]:
    """The matched words of each quote: FTS5's ``highlight()`` on SQLite, the index's stems of
    the quote's words on PostgreSQL (:mod:`newsgraph.store.search`)."""
    texts = [r.text for r in rows]
    if conn.dialect.name == "sqlite":
        spans = fts5_highlights(search, texts)
    else:
        spans = pg_highlights(conn, search, texts)
    return {r.id: s for r, s in zip(rows, spans, strict=True)}


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


def _quote_hit(
    r: Any, mentioned: list[EntityRef], score: float | None, marks: list[Any]
) -> QuoteHit:
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
        score=score,
        highlights=marks,
    )
