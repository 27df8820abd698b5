"""The who-quotes-about-whom graph: ``graph_edges``, kept up to date as articles are written.

Every article written adds its quotes to the weights of ``graph_edges`` (and a relink moves
them; :mod:`newsgraph.store.derived`), so reading the graph is reading the table, heaviest
edges first, a page at a time. The quotes behind an edge are the ``quote_about`` rows of its
pair. :func:`rebuild` recomputes the whole table (``Store.refresh_graph`` when
``store_state``'s ``graph_version`` is behind its ``data_version``: a store restored from
elsewhere, say). :func:`read_edges` joins the current canonical names.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, tuple_, update

from newsgraph.model import EntityRef, GraphEdge
from newsgraph.store import corpus, keys
from newsgraph.store.keys import Page
from newsgraph.store.tables import corpus_entities, graph_edges, quote_about, store_state

_CURSOR = (int, int, int)  # weight, source_id, target_id of the last edge of a page


def versions(conn: Connection) -> tuple[int, int]:
    """``(data_version, graph_version)``: the graph is current when they are equal."""
    state = {
        key: value for key, value in conn.execute(select(store_state.c.key, store_state.c.value))
    }
    return state["data_version"], state["graph_version"]


def rebuild(conn: Connection, data_version: int) -> None:
    """Rebuild ``graph_edges`` (inside the caller's write transaction) as of ``data_version``."""
    qa = quote_about.c
    conn.execute(delete(graph_edges))
    conn.execute(
        insert(graph_edges).from_select(
            ["source_id", "target_id", "weight"],
            select(qa.speaker_corpus_id, qa.corpus_entity_id, func.count())
            .where(qa.speaker_corpus_id.is_not(None), qa.speaker_corpus_id != qa.corpus_entity_id)
            .group_by(qa.speaker_corpus_id, qa.corpus_entity_id),
        )
    )
    conn.execute(
        update(store_state).where(store_state.c.key == "graph_version").values(value=data_version)
    )


def _stages(after: list[Any] | None, min_weight: int) -> list[Any]:
    ge = graph_edges.c
    if after is None:
        return [ge.weight >= min_weight]
    w, s, t = after
    return [
        and_(ge.weight == w, tuple_(ge.source_id, ge.target_id) > tuple_(s, t)),
        and_(ge.weight < w, ge.weight >= min_weight),
    ]


def read_edges(
    conn: Connection,
    min_weight: int,
    limit: int | None = None,
    after: str | None = None,
    quote_limit: int | None = None,
) -> Page[GraphEdge]:
    """The edges of weight ``min_weight`` or more, heaviest first (then by source and target
    id), ``limit`` of them after the cursor ``after``; each with the ids of its quotes, in
    ascending order (``quote_limit``: only the newest that many; ``weight`` is the full count)."""
    ge = graph_edges.c
    rows: list[Any] = []
    for stage in _stages(keys.decode(after, _CURSOR) if after else None, min_weight):
        if limit is not None and len(rows) >= limit:
            break
        stmt = (
            select(ge.source_id, ge.target_id, ge.weight)
            .where(stage)
            .order_by(ge.weight.desc(), ge.source_id, ge.target_id)
        )
        if limit is not None:
            stmt = stmt.limit(limit - len(rows))
        rows.extend(conn.execute(stmt).all())
    ids = sorted({r[0] for r in rows} | {r[1] for r in rows})
    refs = _refs(conn, ids)
    with _gc_paused():
        quote_ids = _quote_ids(conn, rows, limit is None and quote_limit is None, quote_limit)
        out = Page(
            GraphEdge(source=refs[s], target=refs[t], weight=w, quote_ids=quote_ids.get((s, t), []))
            for s, t, w in rows
        )
    if limit is not None and len(rows) == limit and rows:
        s, t, w = rows[-1]
        out.next = keys.encode([w, s, t])
    return out


def _refs(conn: Connection, ids: list[int]) -> dict[int, EntityRef]:
    refs: dict[int, EntityRef] = {}
    ce = corpus_entities.c
    for i in range(0, len(ids), 500):
        for id_, name, type_ in conn.execute(
            select(ce.id, ce.name, ce.type).where(ce.id.in_(ids[i : i + 500]))
        ):
            refs[id_] = EntityRef(id=corpus.corpus_id(id_), name=name, type=type_)
    return refs


def _quote_ids(
    conn: Connection, rows: list[Any], everything: bool, quote_limit: int | None
) -> dict[tuple[int, int], list[int]]:
    """The quote ids of each edge: one scan of ``quote_about`` for the whole graph, else one
    index range per edge."""
    qa = quote_about.c
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    if everything:
        wanted = {(s, t) for s, t, _ in rows}
        for s, t, q in conn.execute(
            select(qa.speaker_corpus_id, qa.corpus_entity_id, qa.quote_id).where(
                qa.speaker_corpus_id.is_not(None), qa.speaker_corpus_id != qa.corpus_entity_id
            )
        ):
            if (s, t) in wanted:
                found[(s, t)].append(q)
    elif rows:
        found.update(_newest_quote_ids(conn, [(s, t) for s, t, _ in rows], quote_limit))
    return {pair: sorted(ids) for pair, ids in found.items()}


def _newest_quote_ids(
    conn: Connection, pairs: list[tuple[int, int]], quote_limit: int | None
) -> dict[tuple[int, int], list[int]]:
    """The newest ``quote_limit`` quote ids of each edge: one index range per edge, all in one
    statement on PostgreSQL (a LATERAL join), one prepared statement run per edge on SQLite
    (which has no LATERAL; each run costs some microseconds there, no round trip)."""
    limit = "" if quote_limit is None else f" LIMIT {int(quote_limit)}"
    one = (
        "SELECT quote_id FROM quote_about WHERE speaker_corpus_id = {s} AND corpus_entity_id = {t}"
        " ORDER BY sort_key DESC" + limit
    )
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    if conn.dialect.name == "postgresql":
        values = ", ".join(f"({int(s)}, {int(t)})" for s, t in pairs)
        sql = (
            f"SELECT e.s, e.t, q.quote_id FROM (VALUES {values}) AS e(s, t) CROSS JOIN LATERAL ("
            + one.format(s="e.s", t="e.t")
            + ") q"
        )
        for s, t, q in conn.exec_driver_sql(sql):
            found[(s, t)].append(q)
        return found
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        sql = one.format(s="?", t="?")
        for s, t in pairs:
            found[(s, t)] = [q for (q,) in cursor.execute(sql, (s, t))]
    finally:
        cursor.close()
    return found


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
