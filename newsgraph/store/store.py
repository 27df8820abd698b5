"""The corpus store: records in, answers out (SQLite or PostgreSQL through SQLAlchemy Core).

``Store.add(record)`` writes one ``newsgraph/1`` record in one transaction (skipped when an
article with the same content hash is there) and links its entities to corpus-level entities
(``newsgraph.store.corpus``). The query methods return the pydantic result types of
``newsgraph.model``; they are what the CLI, the HTTP API and the web page call.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.pool import StaticPool

from newsgraph.model import (
    Article,
    ArticleSummary,
    DateMention,
    Entity,
    EntityProfile,
    EntityRef,
    EntitySummary,
    GraphEdge,
    Mention,
    Paragraph,
    Quote,
    QuoteHit,
    Record,
    Span,
    Speaker,
    TextSpan,
    TimelineItem,
)
from newsgraph.store import corpus
from newsgraph.store.tables import (
    DATA_TABLES,
    articles,
    corpus_entities,
    dates,
    entities,
    entity_aliases,
    graph_edges,
    mentions,
    migrate,
    paragraphs,
    quote_mentions,
    quotes,
    store_state,
)

DEFAULT_DB = "news.db"
_WORD = re.compile(r"\w+")
_FTS_TOKEN = re.compile(r"\w+")
LOCAL_LINKS = ("article-surname", "article-acronym")


class NotFound(LookupError):
    """No article or entity with that id or name."""


class AmbiguousName(LookupError):
    """A name that fits several corpus entities; ``candidates`` lists them (most mentioned first)."""

    def __init__(self, name: str, candidates: list[EntitySummary]) -> None:
        listed = "; ".join(f"{c.id} {c.name} ({c.type}, {c.mentions} mentions)" for c in candidates)
        super().__init__(f"{name!r} is ambiguous: {listed}")
        self.name = name
        self.candidates = candidates


def content_hash(text_: str) -> str:
    """The article's identity in the store: SHA-256 of its text (exactly as extracted)."""
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def word_count(text_: str) -> int:
    """The words of a text, as the store counts them (``articles.words``, ``IngestReport.words``)."""
    return len(_WORD.findall(text_))


def resolve_url(url: str | None = None) -> str:
    """``None`` → ``$NEWSGRAPH_DB`` or ``news.db``; a path → ``sqlite:///``; postgres → psycopg 3."""
    url = url or os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+", "sqlite:")):
        return url
    if url == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _cid(number: int) -> str:
    return f"C{number}"


def _parse_cid(value: str) -> int | None:
    if re.fullmatch(r"[Cc]\d+", value.strip()):
        return int(value.strip()[1:])
    return None


# The columns an ArticleSummary is built from (see ``_summary``).
_SUMMARY_COLUMNS = (
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


class Store:
    """A newsgraph corpus in SQLite (one writer, WAL) or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._dirty_groups: set[int] = set()
        migrate(engine.connect)

    # ------------------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, url: str | None = None) -> Store:
        resolved = resolve_url(url)
        if resolved.startswith("sqlite"):
            memory = resolved in ("sqlite://", "sqlite:///:memory:")
            engine = create_engine(
                resolved,
                poolclass=StaticPool if memory else None,
                connect_args={"check_same_thread": False, "timeout": 30},
            )

            @event.listens_for(engine, "connect")
            def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
                # Let SQLAlchemy emit BEGIN itself, so DDL and DML share real transactions
                # (pysqlite's own implicit transactions skip DDL).
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                if not memory:
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.close()

            @event.listens_for(engine, "begin")
            def _sqlite_begin(conn: Connection) -> None:
                # Writers take the write lock up front (BEGIN IMMEDIATE), so that they wait on
                # busy_timeout for another writer instead of failing at once with SQLITE_BUSY when
                # their read snapshot went stale (a deferred read-then-write transaction in WAL
                # mode cannot be upgraded after another write committed). Readers stay deferred.
                write = conn.get_execution_options().get("newsgraph_write", False)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        else:
            engine = create_engine(resolved, pool_pre_ping=True)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite, see ``open``)."""
        with self.engine.connect() as conn:
            conn.execution_options(newsgraph_write=True)
            with conn.begin():
                yield conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------- writing
    def has(self, hash_: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(articles.c.id).where(articles.c.content_hash == hash_)
            ).first()
        return found is not None

    def content_hashes(self) -> frozenset[str]:
        """The content hashes of every stored article."""
        with self.engine.connect() as conn:
            return frozenset(conn.execute(select(articles.c.content_hash)).scalars())

    def add(self, record: Record) -> bool:
        """Store one record in one transaction. False when its text is already stored."""
        hash_ = content_hash(record.article.text)
        with self._writing() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.content_hash == hash_)).first():
                return False
            self._write(conn, record, hash_)
            # Last, so that PostgreSQL writers hold this row's lock only until their commit.
            conn.execute(
                update(store_state)
                .where(store_state.c.key == "data_version")
                .values(value=store_state.c.value + 1)
            )
        return True

    def _write(self, conn: Connection, record: Record, hash_: str) -> int:
        art = record.article
        article_id = conn.execute(
            insert(articles).returning(articles.c.id),
            {
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
            },
        ).scalar_one()
        starts = [p.start for p in record.paragraphs]

        def para(start: int) -> int | None:
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and start < record.paragraphs[i].end:
                return i
            return None

        if record.paragraphs:
            conn.execute(
                insert(paragraphs),
                [
                    {
                        "article_id": article_id,
                        "position": i,
                        "start_char": p.start,
                        "end_char": p.end,
                        "role": p.role,
                    }
                    for i, p in enumerate(record.paragraphs)
                ],
            )
        entity_rows = self._link_entities(conn, record)
        row_ids: dict[str, int] = {}
        if record.entities:
            result = conn.execute(
                insert(entities).returning(entities.c.id, sort_by_parameter_order=True),
                [{"article_id": article_id, **row} for row in entity_rows],
            )
            row_ids = {e.id: rid for e, rid in zip(record.entities, result.scalars(), strict=True)}
            alias_rows = []
            for e in record.entities:
                seen: set[str] = set()
                for alias in [e.name, *e.aliases]:
                    key = corpus.normalise(alias)
                    if key and key not in seen:
                        seen.add(key)
                        alias_rows.append(
                            {"entity_id": row_ids[e.id], "alias_key": key, "alias": alias}
                        )
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
        if record.quotes:
            quote_rows = []
            for i, q in enumerate(record.quotes):
                sp = q.speaker
                quote_rows.append(
                    {
                        "article_id": article_id,
                        "quote_id": q.id,
                        "position": i,
                        "kind": q.kind,
                        "start_char": q.start,
                        "end_char": q.end,
                        "text": q.text,
                        "verbatim": json.dumps([[v.start, v.end] for v in q.verbatim]),
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
                )
            qids = list(
                conn.execute(
                    insert(quotes).returning(quotes.c.id, sort_by_parameter_order=True), quote_rows
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
            if self.dialect == "sqlite":
                conn.execute(
                    text("INSERT INTO quotes_fts(rowid, text) VALUES (:id, :text)"),
                    [
                        {"id": qid, "text": q.text}
                        for qid, q in zip(qids, record.quotes, strict=True)
                    ],
                )
        if record.dates:
            conn.execute(
                insert(dates),
                [
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
                ],
            )
        if self.dialect == "sqlite":
            conn.execute(
                text("INSERT INTO articles_fts(rowid, title, text) VALUES (:id, :title, :text)"),
                {"id": article_id, "title": art.title or "", "text": art.text},
            )
        return article_id

    # ------------------------------------------------------------------------- entity linking
    def _link_entities(self, conn: Connection, record: Record) -> list[dict[str, Any]]:
        """Rows for ``entities``: name groups (rule 1) and article/corpus links (rules 2-3)."""
        keyed = [(e, corpus.entity_key(e.name, e.type, e.aliases)) for e in record.entities]
        wanted: set[tuple[str, str]] = {(str(e.type), key) for e, key in keyed}
        groups = self._groups(conn, wanted)
        new_groups = wanted - set(groups)
        if new_groups:
            rows = []
            for type_, key in sorted(new_groups):
                display = next(e.name for e, k in keyed if (e.type, k) == (type_, key))
                rows.append(
                    {
                        "type": type_,
                        "key": key,
                        "name": display,
                        "surname": corpus.surname(key, type_),
                        "initials": corpus.initials(key),
                    }
                )
            conn.execute(insert(corpus_entities), rows)
            groups.update(self._groups(conn, new_groups))
        self._dirty_groups.update(groups.values())

        # Rules 2-3 inside the article first.
        full_by_surname: dict[str, list[int]] = defaultdict(list)
        by_initials: dict[tuple[str, str], list[int]] = defaultdict(list)
        for e, key in keyed:
            sn = corpus.surname(key, e.type)
            if sn:
                full_by_surname[sn].append(groups[(e.type, key)])
            ini = corpus.initials(key)
            if ini:
                by_initials[(e.type, ini)].append(groups[(e.type, key)])
        # Candidates for rules 2-3 at corpus level, fetched in one query each.
        acronyms = {
            id(e): corpus.acronym_of(e.name) if " " not in key else None for e, key in keyed
        }
        lone_keys = sorted(
            {k for e, k in keyed if corpus.is_lone_surname(k, e.type) and acronyms[id(e)] is None}
        )
        by_surname: dict[str, set[int]] = defaultdict(set)
        if lone_keys:
            for gid, sn in conn.execute(
                select(corpus_entities.c.id, corpus_entities.c.surname).where(
                    corpus_entities.c.type == "PERSON", corpus_entities.c.surname.in_(lone_keys)
                )
            ):
                by_surname[sn].add(gid)
        acr = sorted({a for a in acronyms.values() if a})
        corpus_initials: dict[tuple[str, str], set[int]] = defaultdict(set)
        if acr:
            for gid, type_, ini in conn.execute(
                select(
                    corpus_entities.c.id, corpus_entities.c.type, corpus_entities.c.initials
                ).where(corpus_entities.c.initials.in_(acr))
            ):
                corpus_initials[(type_, ini)].add(gid)
        rows_out = []
        for i, (e, key) in enumerate(keyed):
            group = groups[(e.type, key)]
            acronym = acronyms[id(e)]
            target, link = group, "name"
            if corpus.is_lone_surname(key, e.type) and acronym is None:
                local = corpus.unique(full_by_surname.get(key, []))
                if local is not None:
                    target, link = local, "article-surname"
                else:
                    found = corpus.unique(by_surname.get(key, ()))
                    if found is not None:
                        target, link = found, "corpus-surname"
            elif acronym:
                local = corpus.unique(
                    g for g in by_initials.get((e.type, acronym), []) if g != group
                )
                if local is not None:
                    target, link = local, "article-acronym"
                else:
                    found = corpus.unique(
                        g for g in corpus_initials.get((e.type, acronym), ()) if g != group
                    )
                    if found is not None:
                        target, link = found, "corpus-acronym"
            rows_out.append(
                {
                    "entity_id": e.id,
                    "position": i,
                    "name": e.name,
                    "type": e.type,
                    "aliases": json.dumps(e.aliases, ensure_ascii=False),
                    "key": key,
                    "acronym": acronym,
                    "mention_count": len(e.mentions),
                    "group_id": group,
                    "corpus_entity_id": target,
                    "link": link,
                }
            )
        # New name groups can change corpus-level links stored earlier: recompute those, for
        # the surnames/acronyms that stored entities actually use (usually none).
        new_surnames = sorted({sn for t, k in new_groups if (sn := corpus.surname(k, t))})
        if new_surnames:
            for (sn,) in conn.execute(
                select(corpus_entities.c.key).where(
                    corpus_entities.c.type == "PERSON", corpus_entities.c.key.in_(new_surnames)
                )
            ):
                self._relink_surname(conn, sn)
        new_pairs = {(t, ini) for t, k in new_groups if (ini := corpus.initials(k))}
        new_initials = sorted({ini for _, ini in new_pairs})
        if new_initials:
            for type_, ini in conn.execute(
                select(entities.c.type, entities.c.acronym)
                .where(entities.c.acronym.in_(new_initials))
                .distinct()
            ):
                if (type_, ini) in new_pairs:
                    self._relink_acronym(conn, type_, ini)
        return rows_out

    @staticmethod
    def _groups(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        keys = sorted({k for _, k in wanted})
        for chunk in range(0, len(keys), 500):
            for row in conn.execute(
                select(corpus_entities.c.id, corpus_entities.c.type, corpus_entities.c.key).where(
                    corpus_entities.c.key.in_(keys[chunk : chunk + 500])
                )
            ):
                if (row.type, row.key) in wanted:
                    found[(row.type, row.key)] = row.id
        return found

    def _relink(self, conn: Connection, where: Any, target: int | None, link: str) -> None:
        if target is None:
            conn.execute(
                update(entities)
                .where(where, entities.c.link == link)
                .values(corpus_entity_id=entities.c.group_id, link="name")
            )
        else:
            conn.execute(
                update(entities)
                .where(where, entities.c.link.in_(("name", link)))
                .values(corpus_entity_id=target, link=link)
            )

    def _relink_surname(self, conn: Connection, surname: str) -> None:
        target = corpus.unique(
            conn.execute(
                select(corpus_entities.c.id).where(
                    corpus_entities.c.type == "PERSON", corpus_entities.c.surname == surname
                )
            ).scalars()
        )
        where = and_(entities.c.type == "PERSON", entities.c.key == surname)
        self._relink(conn, where, target, "corpus-surname")

    def _relink_acronym(self, conn: Connection, type_: str, acronym: str) -> None:
        cands = list(
            conn.execute(
                select(corpus_entities.c.id).where(
                    corpus_entities.c.type == type_, corpus_entities.c.initials == acronym
                )
            ).scalars()
        )
        target = corpus.unique(cands)
        where = and_(entities.c.type == type_, entities.c.acronym == acronym)
        self._relink(conn, where, target, "corpus-acronym")

    def refresh_names(self) -> None:
        """Canonical names of touched corpus entities: the most frequent spelling, among the
        names and aliases of their name group's entities, that has the group's key (so a group
        keyed "donald trump" is never named "Trump"); ties go to the longer, then alphabetical."""
        if not self._dirty_groups:
            return
        ids = sorted(self._dirty_groups)
        updates = []
        with self._writing() as conn:
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                keys = {
                    gid: (type_, key)
                    for gid, type_, key in conn.execute(
                        select(
                            corpus_entities.c.id, corpus_entities.c.type, corpus_entities.c.key
                        ).where(corpus_entities.c.id.in_(part))
                    )
                }
                spellings: dict[int, Counter[str]] = defaultdict(Counter)
                for gid, name, aliases in conn.execute(
                    select(entities.c.group_id, entities.c.name, entities.c.aliases).where(
                        entities.c.group_id.in_(part)
                    )
                ):
                    type_, key = keys[gid]
                    fits = [
                        n
                        for n in dict.fromkeys([name, *json.loads(aliases)])
                        if corpus.name_key(n, type_) == key
                    ]
                    for n in fits or [name]:
                        spellings[gid][n] += 1
                for gid, counter in spellings.items():
                    best = min(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
                    updates.append({"gid": gid, "best": best})
            if updates:
                conn.execute(
                    update(corpus_entities)
                    .where(corpus_entities.c.id == bindparam("gid"))
                    .values(name=bindparam("best")),
                    updates,
                )
        self._dirty_groups.clear()

    # ------------------------------------------------------------------------- reading
    def counts(self) -> dict[str, int]:
        """Row count of every data table."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
                for name in DATA_TABLES
            }

    def _fts_articles(self, q: str) -> Any:
        if self.dialect == "sqlite":
            return articles.c.id.in_(
                select(literal_column("rowid"))
                .select_from(text("articles_fts"))
                .where(text("articles_fts MATCH :fts_a").bindparams(fts_a=_fts_query(q)))
            )
        return text("articles.search_tsv @@ plainto_tsquery('english', :fts_a)").bindparams(fts_a=q)

    def articles(
        self,
        limit: int = 50,
        offset: int = 0,
        q: str | None = None,
        *,
        content_hash: str | None = None,
    ) -> list[ArticleSummary]:
        """Stored articles, newest first (``q``: full-text search over title and text;
        ``content_hash``: the article with this text, see :func:`content_hash`)."""
        stmt = select(*_SUMMARY_COLUMNS)
        if q:
            stmt = stmt.where(self._fts_articles(q))
        if content_hash is not None:
            stmt = stmt.where(articles.c.content_hash == content_hash)
        stmt = (
            stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [_summary(row) for row in conn.execute(stmt)]

    def article(self, article_id: int | str) -> Record:
        """The full ``newsgraph/1`` record of a stored article, rebuilt from the tables."""
        try:
            aid = int(article_id)
        except (TypeError, ValueError):
            raise NotFound(f"no article {article_id!r}") from None
        with self.engine.connect() as conn:
            art = conn.execute(select(articles).where(articles.c.id == aid)).first()
            if art is None:
                raise NotFound(f"no article {article_id!r}")
            paras = [
                Paragraph(start=r.start_char, end=r.end_char, role=r.role)
                for r in conn.execute(
                    select(paragraphs)
                    .where(paragraphs.c.article_id == aid)
                    .order_by(paragraphs.c.position)
                )
            ]
            ent_rows = list(
                conn.execute(
                    select(entities)
                    .where(entities.c.article_id == aid)
                    .order_by(entities.c.position)
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
            ents = [
                Entity(
                    id=r.entity_id,
                    name=r.name,
                    type=r.type,
                    aliases=json.loads(r.aliases),
                    mentions=by_entity.get(r.id, []),
                )
                for r in ent_rows
            ]
            qs = [
                _record_quote(r)
                for r in conn.execute(
                    select(quotes).where(quotes.c.article_id == aid).order_by(quotes.c.position)
                )
            ]
            ds = [
                DateMention(start=r.start_char, end=r.end_char, text=r.text, value=r.value)
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

    def article_ids(self) -> list[int]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())

    # ------------------------------------------------------------------------- names
    def _summaries(self, conn: Connection, ids: Sequence[int]) -> dict[int, EntitySummary]:
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
        aliases: dict[int, Counter[str]] = defaultdict(Counter)
        for cid, alias in conn.execute(
            select(e.c.corpus_entity_id, entity_aliases.c.alias)
            .select_from(entity_aliases)
            .join(e, e.c.id == entity_aliases.c.entity_id)
            .where(e.c.corpus_entity_id.in_(ids))
        ):
            aliases[cid][alias] += 1
        out = {}
        for cid in ids:
            row = base.get(cid)
            if row is None:
                continue
            # one spelling per normalised alias, the most frequent; most frequent aliases first
            best: dict[str, tuple[int, str]] = {}
            for alias, n in aliases[cid].items():
                k = corpus.normalise(alias)
                if k not in best or (n, alias) > best[k]:
                    best[k] = (n, alias)
            ordered = [a for _, a in sorted(best.values(), key=lambda t: (-t[0], t[1]))]
            out[cid] = EntitySummary(
                id=_cid(cid),
                name=row.name,
                type=row.type,
                aliases=ordered,
                articles=row.articles,
                mentions=int(row.mentions),
                quotes=by.get(cid, 0),
                quoted_about=about.get(cid, 0),
            )
        return out

    def resolve(self, name_or_id: str) -> EntitySummary:
        """The corpus entity a name (any alias, case-insensitive) or ``C``-id stands for.

        Raises :class:`NotFound`, or :class:`AmbiguousName` when several entities fit.
        """
        self.refresh_names()
        with self.engine.connect() as conn:
            ids = self._candidate_ids(conn, name_or_id)
            summaries = self._summaries(conn, ids)
        cands = sorted(summaries.values(), key=lambda s: (-s.mentions, s.name))
        if not cands:
            raise NotFound(f"no entity named {name_or_id!r}")
        if len(cands) > 1:
            raise AmbiguousName(name_or_id, cands)
        return cands[0]

    def _candidate_ids(self, conn: Connection, name_or_id: str) -> list[int]:
        number = _parse_cid(name_or_id)
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

    # ------------------------------------------------------------------------- quotes
    def quotes(
        self,
        speaker: str | None = None,
        about: str | None = None,
        mentions: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QuoteHit]:
        """Quotes, newest first. ``speaker``/``mentions`` are entity names (any alias) or ids;
        ``about`` is full-text search over the quote text. Raises AmbiguousName."""
        self.refresh_names()
        conds: list[Any] = []
        se = entities.alias("se")
        if speaker:
            try:
                who = self.resolve(speaker)
                conds.append(se.c.corpus_entity_id == _parse_cid(who.id))
            except NotFound:
                # no such entity: fall back to the speaker as written (e.g. "a spokesman")
                conds.append(quotes.c.speaker_key == corpus.normalise(speaker))
        if mentions:
            target = self.resolve(mentions)
            me = entities.alias("me")
            conds.append(
                quotes.c.id.in_(
                    select(quote_mentions.c.quote_id)
                    .join(me, me.c.id == quote_mentions.c.entity_id)
                    .where(me.c.corpus_entity_id == _parse_cid(target.id))
                )
            )
        if about:
            if self.dialect == "sqlite":
                conds.append(
                    quotes.c.id.in_(
                        select(literal_column("rowid"))
                        .select_from(text("quotes_fts"))
                        .where(text("quotes_fts MATCH :fts_q").bindparams(fts_q=_fts_query(about)))
                    )
                )
            else:
                conds.append(
                    text("quotes.text_tsv @@ plainto_tsquery('english', :fts_q)").bindparams(
                        fts_q=about
                    )
                )
        if since:
            conds.append(articles.c.published >= since)
        if until:
            conds.append(articles.c.published <= until)
        if kind:
            conds.append(quotes.c.kind == kind)
        return self._quote_hits(conds, se, limit, offset)

    def _quote_hits(self, conds: list[Any], se: Any, limit: int, offset: int) -> list[QuoteHit]:
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
        with self.engine.connect() as conn:
            rows = list(conn.execute(stmt))
            refs: dict[int, list[EntityRef]] = defaultdict(list)
            if rows:
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
                    .where(quote_mentions.c.quote_id.in_([r.id for r in rows]))
                    .distinct()
                    .order_by(quote_mentions.c.quote_id, corpus_entities.c.id)
                ):
                    refs[qid].append(EntityRef(id=_cid(cid), name=name, type=type_))
        hits = []
        for r in rows:
            rq = _record_quote(r)
            hits.append(
                QuoteHit(
                    id=r.id,
                    quote_id=r.quote_id,
                    article_id=r.article_id,
                    title=r.title,
                    url=r.url,
                    published=r.published,
                    kind=r.kind,
                    text=r.text,
                    start=r.start_char,
                    end=r.end_char,
                    cue=rq.cue,
                    speaker=rq.speaker,
                    speaker_entity=EntityRef(id=_cid(r.ce_id), name=r.ce_name, type=r.ce_type)
                    if r.ce_id is not None
                    else None,
                    mentions=refs.get(r.id, []),
                )
            )
        return hits

    # ------------------------------------------------------------------------- entities
    def entities(self, type: str | None = None, top: int = 20) -> list[EntitySummary]:
        """Most quoted, then most mentioned corpus entities (optionally of one type)."""
        self.refresh_names()
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
        with self.engine.connect() as conn:
            ids = list(conn.execute(stmt).scalars())
            summaries = self._summaries(conn, ids)
        return [summaries[i] for i in ids if i in summaries]

    def entity(self, name_or_id: str, limit: int = 100) -> EntityProfile:
        """One corpus entity's profile: aliases, articles, quotes by and about it, timeline."""
        summary = self.resolve(name_or_id)
        cid = _parse_cid(summary.id)
        se = entities.alias("se")
        quotes_by = self._quote_hits([se.c.corpus_entity_id == cid], se, limit, 0)
        me = entities.alias("me")
        about_cond = quotes.c.id.in_(
            select(quote_mentions.c.quote_id)
            .join(me, me.c.id == quote_mentions.c.entity_id)
            .where(me.c.corpus_entity_id == cid)
        )
        quotes_about = self._quote_hits([about_cond], entities.alias("se2"), limit, 0)
        in_articles = select(entities.c.article_id).where(entities.c.corpus_entity_id == cid)
        art_stmt = (
            select(*_SUMMARY_COLUMNS)
            .where(articles.c.id.in_(in_articles))
            .order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
            .limit(limit)
        )
        # dates that stand in a paragraph mentioning the entity
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
        tl_stmt = (
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
        with self.engine.connect() as conn:
            arts = [_summary(r) for r in conn.execute(art_stmt)]
            timeline = [
                TimelineItem(
                    date=r.value,
                    article_id=r.article_id,
                    title=r.title,
                    published=r.published,
                    text=r.text,
                    start=r.start_char,
                    end=r.end_char,
                    context=r.context or "",
                )
                for r in conn.execute(tl_stmt)
            ]
        return EntityProfile(
            **summary.model_dump(),
            article_list=arts,
            quotes_by=quotes_by,
            quotes_about=quotes_about,
            timeline=timeline,
        )

    # ------------------------------------------------------------------------- graph
    def graph(self, min_weight: int = 1) -> list[GraphEdge]:
        """Who quotes about whom: speaker entity → entity mentioned in the quote, by quote count.

        Read from ``graph_edges``, which :meth:`refresh_graph` rebuilds first if articles were
        written since it was last built (names are joined as they are now)."""
        self.refresh_names()
        self.refresh_graph()
        src = corpus_entities.alias("src")
        dst = corpus_entities.alias("dst")
        stmt = (
            select(
                graph_edges.c.source_id,
                src.c.name,
                src.c.type,
                graph_edges.c.target_id,
                dst.c.name,
                dst.c.type,
                graph_edges.c.weight,
                graph_edges.c.quote_ids,
            )
            .join(src, src.c.id == graph_edges.c.source_id)
            .join(dst, dst.c.id == graph_edges.c.target_id)
            .where(graph_edges.c.weight >= min_weight)
        )
        refs: dict[int, EntityRef] = {}

        def ref(id_: int, name: str, type_: Any) -> EntityRef:
            if id_ not in refs:
                refs[id_] = EntityRef(id=_cid(id_), name=name, type=type_)
            return refs[id_]

        with self.engine.connect() as conn, _gc_paused():
            rows = conn.execute(stmt).all()
            out = [  # rows unpacked as tuples: named access costs ~1 µs per field here
                GraphEdge(
                    source=ref(s, s_name, s_type),
                    target=ref(d, d_name, d_type),
                    weight=n,
                    quote_ids=sorted(map(int, qids.split(","))),
                )
                for s, s_name, s_type, d, d_name, d_type, n, qids in rows
            ]
        out.sort(key=lambda g: (-g.weight, g.source.id, g.target.id))
        return out

    def finish_ingest(self, stored: int) -> None:
        """What ends an ingest run (local or Dask): canonical names, the graph table (now rather
        than in the first export after the run) and, if articles were stored, the planner's
        statistics."""
        self.refresh_names()
        self.refresh_graph()
        if stored:
            self.optimize()

    def optimize(self) -> None:
        """Refresh the query planner's statistics after a bulk load, as both databases advise:
        ``ANALYZE`` on PostgreSQL (its autovacuum does it too, but later), ``PRAGMA optimize`` on
        SQLite. On the 924 PolNeAR texts no query latency changed measurably with it."""
        statement = "PRAGMA optimize" if self.dialect == "sqlite" else "ANALYZE"
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text(statement))
            conn.commit()

    def _graph_versions(self, conn: Connection) -> tuple[int, int]:
        state = {
            key: value
            for key, value in conn.execute(select(store_state.c.key, store_state.c.value))
        }
        return state["data_version"], state["graph_version"]

    def refresh_graph(self) -> bool:
        """Rebuild ``graph_edges`` if articles were written since it was built; True if it was.

        One grouped query pairs each quote's speaker with every entity its text mentions (as
        corpus entities, a quote counted once per pair), in one write transaction."""
        with self.engine.connect() as conn:
            data, built = self._graph_versions(conn)
        if data == built:
            return False
        with self._writing() as conn:
            if self.dialect == "postgresql":  # one rebuild at a time; the others wait, then see it
                conn.execute(text("LOCK TABLE graph_edges IN EXCLUSIVE MODE"))
            data, built = self._graph_versions(conn)  # first: edges are at least this recent
            if data == built:
                return False
            se = entities.alias("se")
            me = entities.alias("me")
            pairs = (
                select(
                    se.c.corpus_entity_id.label("src"),
                    me.c.corpus_entity_id.label("dst"),
                    quotes.c.id.label("qid"),
                )
                .select_from(quotes)
                .join(se, se.c.id == quotes.c.speaker_entity_id)
                .join(quote_mentions, quote_mentions.c.quote_id == quotes.c.id)
                .join(me, me.c.id == quote_mentions.c.entity_id)
                .where(se.c.corpus_entity_id != me.c.corpus_entity_id)
                .distinct()  # a quote may mention an entity through two of its article entities
                .subquery()
            )
            grouped = select(
                pairs.c.src,
                pairs.c.dst,
                func.count(),
                func.aggregate_strings(cast(pairs.c.qid, String), ","),
            ).group_by(pairs.c.src, pairs.c.dst)
            conn.execute(graph_edges.delete())
            conn.execute(
                graph_edges.insert().from_select(
                    ["source_id", "target_id", "weight", "quote_ids"], grouped
                )
            )
            conn.execute(
                update(store_state).where(store_state.c.key == "graph_version").values(value=data)
            )
        return True


# ----------------------------------------------------------------------------- helpers
@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bulk result is built.

    Building the graph's tens of thousands of objects (none of them in reference cycles) set off
    full collections of the whole heap: on the 924-text PostgreSQL store ``graph()`` took
    115-188 ms with the collector on and 64 ms with it paused. The switch is process-wide:
    other threads do not collect either for those milliseconds, which only delays collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fts_query(q: str) -> str:
    """User text → an FTS5 query of quoted terms (all must match); no FTS syntax leaks through."""
    terms = _FTS_TOKEN.findall(q)
    return " ".join(f'"{t}"' for t in terms) or '""'


def _summary(row: Any) -> ArticleSummary:
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


def _record_quote(r: Any) -> Quote:
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
        verbatim=[Span(start=s, end=e) for s, e in json.loads(r.verbatim)],
        cue=cue,
        speaker=speaker,
    )
