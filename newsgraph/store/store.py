"""The corpus store: records in, answers out (SQLite or PostgreSQL through SQLAlchemy Core).

``Store.add(record)`` writes one ``newsgraph/2`` record in one transaction (skipped when an
article with the same content hash is there; :mod:`newsgraph.store.write`) and links its entities
to corpus-level entities (:mod:`newsgraph.store.linking`, the rule of
:mod:`newsgraph.store.corpus`). The query methods (:mod:`newsgraph.store.queries`,
:mod:`newsgraph.store.graph`) return the pydantic result types of ``newsgraph.model``; they are
what the CLI, the HTTP API and the web page call. The tables are in :mod:`newsgraph.store.tables`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from newsgraph.model import (
    ArticleSummary,
    EntityProfile,
    EntitySummary,
    GraphEdge,
    QuoteHit,
    Record,
)
from newsgraph.store import graph as graph_table
from newsgraph.store import profiles, queries
from newsgraph.store.errors import NotFound, StoreMissing
from newsgraph.store.keys import Page
from newsgraph.store.linking import relink_surnames_of, rename_groups
from newsgraph.store.migrations import migrate
from newsgraph.store.queries import Order
from newsgraph.store.read import read_record
from newsgraph.store.resolution import Resolution, choose
from newsgraph.store.tables import DATA_TABLES, articles, store_state
from newsgraph.store.write import write_record

DEFAULT_DB = "news.db"
# Store.count_quotes counts this far at most (a count is a scan of the matches).
COUNT_CAP = 10_000
# SQLite's page cache per connection, in KiB as PRAGMA cache_size takes it (negative): 64 MiB,
# allocated as pages are read (SQLite's default, 2 MiB, holds few of a big store's index pages).
SQLITE_CACHE_KIB = -65536
# WAL pages between two automatic checkpoints (SQLite's default: 1,000). An article touches
# pages all over a big store's indexes; checkpointing every 4 MB wrote the same pages back into
# the database again and again: on a 100,000-article store Store.add ran at 24 articles/s with
# the default and at 30-50 with this (40 MB of log at most; `bench scale`).
SQLITE_AUTOCHECKPOINT = 10000
# PostgreSQL's memory per sort or bitmap in the store's sessions (the server default is 4 MB).
# A full-text search of a common word beside a frequent speaker ANDs two bitmaps of ~10^5
# quotes each; in 4 MB the bitmap goes lossy and PostgreSQL rechecks every row of the pages it
# covers (200,000 rows for 9,000 matches on the 100,000-article bench store): 3-6x slower.
PG_WORK_MEM = "32MB"


def _postgresql_engine(url: str) -> Engine:
    """A PostgreSQL engine whose sessions sort and search in :data:`PG_WORK_MEM`."""
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _pg_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET work_mem = '{PG_WORK_MEM}'")
        dbapi_connection.commit()

    return engine


def content_hash(text_: str) -> str:
    """The article's identity in the store: SHA-256 of its text (exactly as extracted)."""
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


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


def display_url(url: str | None = None) -> str:
    """The store's address as the user gave it (``None``: ``$NEWSGRAPH_DB`` or ``news.db``), for
    messages: a password in a database URL is masked."""
    given = url or os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB
    if "://" not in given:
        return given
    try:
        return make_url(given).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: opening it says why
        return given


def _sqlite_file_missing(resolved: str) -> bool:
    """A SQLite URL naming a file that does not exist (an in-memory database is never missing)."""
    database = make_url(resolved).database
    return bool(database) and database != ":memory:" and not Path(str(database)).exists()


def _require_store(engine: Engine, where: str) -> None:
    """Raise :class:`StoreMissing` unless ``engine`` reaches a database with newsgraph's tables
    (a PostgreSQL database that does not exist counts as missing too)."""
    try:
        with engine.connect() as conn:
            found = inspect(conn).has_table("articles")
    except OperationalError as exc:
        if "does not exist" not in str(exc.orig):
            raise
        found = None
    if not found:
        engine.dispose()
        raise StoreMissing(where, "does not exist" if found is None else "has no newsgraph tables")


def _sqlite_engine(resolved: str) -> Engine:
    """A SQLite engine: WAL, foreign keys on, and writers that take the write lock up front."""
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
        cursor.execute(f"PRAGMA cache_size={SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE), so that they wait on
        # busy_timeout for another writer instead of failing at once with SQLITE_BUSY when
        # their read snapshot went stale (a deferred read-then-write transaction in WAL
        # mode cannot be upgraded after another write committed). Readers stay deferred.
        write = conn.get_execution_options().get("newsgraph_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """A newsgraph corpus in SQLite (one writer, WAL) or PostgreSQL."""

    def __init__(self, engine: Engine, *, create: bool = True, where: str = "") -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._dirty_groups: set[int] = set()
        if not create:
            _require_store(engine, where or str(engine.url))
        applied = migrate(engine.connect)
        if applied and 1 not in applied:  # an older store brought up to date: rows rewritten
            self.optimize()

    # ------------------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Store:
        """The store at ``url`` (see :func:`resolve_url`), its tables created or migrated.

        ``create=False`` opens only a store that exists: a SQLite file that is not there, a
        PostgreSQL database that does not exist or a database without newsgraph's tables raise
        :class:`StoreMissing` (what every command but ``ingest`` does, so that a typo in
        ``--db`` is not an empty store)."""
        resolved = resolve_url(url)
        where = display_url(url)
        if resolved.startswith("sqlite"):
            if not create and _sqlite_file_missing(resolved):
                raise StoreMissing(where)
            return cls(_sqlite_engine(resolved), create=create, where=where)
        return cls(_postgresql_engine(resolved), create=create, where=where)

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
            write_record(conn, record, hash_, dialect=self.dialect, dirty_groups=self._dirty_groups)
            # Last, so that PostgreSQL writers hold this row's lock only until their commit.
            # The graph was kept current by the write, so both versions move together.
            conn.execute(
                update(store_state)
                .where(store_state.c.key.in_(("data_version", "graph_version")))
                .values(value=store_state.c.value + 1)
            )
        return True

    def refresh_names(self) -> None:
        """Bring the touched corpus entities up to date: lone surnames relinked as their
        namesakes' mention counts now say (the corpus-dominant rule, docs/store.md), and
        canonical names: the most frequent spelling, among the names and aliases of their name
        group's entities, that has the group's key (so a group keyed "donald trump" is never
        named "Trump"); ties go to the longer, then alphabetical."""
        if not self._dirty_groups:
            return
        with self._writing() as conn:
            relink_surnames_of(conn, sorted(self._dirty_groups), remember=True)
            rename_groups(conn, sorted(self._dirty_groups))
        self._dirty_groups.clear()

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

    def refresh_graph(self) -> bool:
        """Rebuild ``graph_edges`` if it is behind the data; True if it was.

        Writes keep the table current (:mod:`newsgraph.store.derived`), so this rebuilds only a
        table that is not (``graph_version`` behind ``data_version``): one grouped query over
        ``quote_about``, in one write transaction."""
        with self.engine.connect() as conn:
            data, built = graph_table.versions(conn)
        if data == built:
            return False
        with self._writing() as conn:
            if self.dialect == "postgresql":  # one rebuild at a time; the others wait, then see it
                conn.execute(text("LOCK TABLE graph_edges IN EXCLUSIVE MODE"))
            data, built = graph_table.versions(conn)  # first: edges are at least this recent
            if data == built:
                return False
            graph_table.rebuild(conn, data)
        return True

    # ------------------------------------------------------------------------- reading
    def counts(self) -> dict[str, int]:
        """Row count of every data table."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
                for name in DATA_TABLES
            }

    def articles(
        self,
        limit: int = 50,
        offset: int = 0,
        q: str | None = None,
        *,
        content_hash: str | None = None,
        after: str | None = None,
        order: Order | None = None,
    ) -> Page[ArticleSummary]:
        """Stored articles, newest first (``q``: full-text search over title and text, by
        relevance unless ``order="newest"``; ``content_hash``: the article with this text, see
        :func:`content_hash`; ``after``: the ``next`` cursor of the previous page)."""
        with self.engine.connect() as conn:
            return queries.articles_page(conn, limit, offset, q, content_hash, after, order)

    def article(self, article_id: int | str) -> Record:
        """The full ``newsgraph/2`` record of a stored article, rebuilt from the tables."""
        try:
            aid = int(article_id)
        except (TypeError, ValueError):
            raise NotFound(f"There is no article {article_id!r} in the store.") from None
        with self.engine.connect() as conn:
            record = read_record(conn, aid)
        if record is None:
            raise NotFound(f"There is no article {article_id!r} in the store.")
        return record

    def article_ids(self) -> list[int]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())

    def resolve(self, name_or_id: str) -> EntitySummary:
        """The corpus entity a name (any alias, case-insensitive) or ``C``-id stands for.

        Raises :class:`NotFound`, or :class:`AmbiguousName` when several entities fit and none
        dominates (:mod:`newsgraph.store.resolution`).
        """
        return self.resolution(name_or_id).entity

    def resolution(self, name_or_id: str) -> Resolution:
        """Like :meth:`resolve`, with the other entities the name fits when one dominates
        (``Resolution.others``, ``Resolution.note()``), for whoever should be told."""
        self.refresh_names()
        with self.engine.connect() as conn:
            ids = queries.candidate_ids(conn, name_or_id)
            summaries = profiles.entity_summaries(conn, ids)
        return choose(name_or_id, summaries.values())

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
        act: str | None = None,
        *,
        after: str | None = None,
        order: Order | None = None,
    ) -> Page[QuoteHit]:
        """Quotes, newest first. ``speaker``/``mentions`` are entity names (any alias) or ids;
        ``about`` is full-text search over the quote text (words, ``"exact phrases"``), whose
        hits come by relevance unless ``order="newest"``; ``act`` is ``speech``, ``thought`` or
        ``finding``; ``after`` is the ``next`` cursor of the previous page. Raises
        AmbiguousName."""
        found = self._quote_filter(speaker, about, mentions, since, until, kind, act)
        with self.engine.connect() as conn:
            return queries.quote_page(conn, found, limit, offset, after, order)

    def _quote_filter(
        self,
        speaker: str | None,
        about: str | None,
        mentions: str | None,
        since: str | None,
        until: str | None,
        kind: str | None,
        act: str | None,
    ) -> queries.QuoteFilter:
        """The filters of :meth:`quotes` and :meth:`count_quotes`, names resolved."""
        self.refresh_names()
        return queries.quote_filter(
            self.resolve,
            speaker=speaker,
            about=about,
            mentions=mentions,
            since=since,
            until=until,
            kind=kind,
            act=act,
        )

    def count_quotes(
        self,
        speaker: str | None = None,
        about: str | None = None,
        mentions: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        act: str | None = None,
        *,
        cap: int = COUNT_CAP,
    ) -> int:
        """How many quotes :meth:`quotes` finds with these filters (for "1–50 of 109"), counted
        up to ``cap``: a count over ``cap`` comes back as ``cap + 1`` ("more than 10,000"), so
        that a common word or no filter at all costs what a narrow search does."""
        found = self._quote_filter(speaker, about, mentions, since, until, kind, act)
        with self.engine.connect() as conn:
            return queries.count_quotes(conn, found, cap)

    def entities(
        self, type: str | None = None, top: int = 20, *, after: str | None = None
    ) -> Page[EntitySummary]:
        """Most quoted, then most mentioned corpus entities (then by name and id; optionally of
        one type); ``after``: the ``next`` cursor of the previous page."""
        self.refresh_names()
        with self.engine.connect() as conn:
            return profiles.top_entities(conn, type, top, after)

    def entity(self, name_or_id: str, limit: int = 100) -> EntityProfile:
        """One corpus entity's profile: aliases, articles, quotes by and about it, timeline."""
        summary = self.resolve(name_or_id)
        with self.engine.connect() as conn:
            return profiles.entity_profile(conn, summary, limit)

    def graph(
        self,
        min_weight: int = 1,
        *,
        limit: int | None = None,
        after: str | None = None,
        quote_limit: int | None = None,
    ) -> Page[GraphEdge]:
        """Who quotes about whom: speaker entity → entity mentioned in the quote, by quote count,
        heaviest first. ``limit``: a page of that many edges (None: all), after the cursor
        ``after``; ``quote_limit``: at most that many quote ids per edge, the newest.

        Read from ``graph_edges``, which writes keep current (:meth:`refresh_graph` rebuilds it
        first if it is behind; names are joined as they are now)."""
        self.refresh_names()
        self.refresh_graph()
        with self.engine.connect() as conn:
            return graph_table.read_edges(conn, min_weight, limit, after, quote_limit)
