"""The who-quotes-about-whom graph: ``graph_edges``, derived data rebuilt in one grouped query.

Every article written bumps ``store_state.data_version``; :func:`rebuild` pairs each quote's
speaker with every entity its text mentions (as corpus entities, a quote counted once per pair)
and records the ``data_version`` it was built at as ``graph_version``. :func:`read_edges` joins
the current canonical names, so a name that changes needs no rebuild.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, String, cast, func, select, update

from newsgraph.model import EntityRef, GraphEdge
from newsgraph.store import corpus
from newsgraph.store.tables import (
    corpus_entities,
    entities,
    graph_edges,
    quote_mentions,
    quotes,
    store_state,
)


def versions(conn: Connection) -> tuple[int, int]:
    """``(data_version, graph_version)``: the graph is current when they are equal."""
    state = {
        key: value for key, value in conn.execute(select(store_state.c.key, store_state.c.value))
    }
    return state["data_version"], state["graph_version"]


def rebuild(conn: Connection, data_version: int) -> None:
    """Rebuild ``graph_edges`` (inside the caller's write transaction) as of ``data_version``."""
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
        graph_edges.insert().from_select(["source_id", "target_id", "weight", "quote_ids"], grouped)
    )
    conn.execute(
        update(store_state).where(store_state.c.key == "graph_version").values(value=data_version)
    )


def read_edges(conn: Connection, min_weight: int) -> list[GraphEdge]:
    """The edges of weight ``min_weight`` or more, heaviest first."""
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
            refs[id_] = EntityRef(id=corpus.corpus_id(id_), name=name, type=type_)
        return refs[id_]

    with _gc_paused():
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
