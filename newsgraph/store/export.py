"""The corpus for other tools (what ``newsgraph export`` writes).

* ``graphml``: the who-quotes-about-whom graph (speaker entity → entity mentioned in the quote,
  ``weight`` = number of quotes) for Gephi or ``networkx.read_graphml``.
* ``parquet``: one file per table (articles, paragraphs, entities, corpus_entities, mentions,
  quotes, quote_mentions, dates, plus ``edges``) in a directory, for pandas/DuckDB/Polars.
* ``jsonl``: every stored article's ``newsgraph/2`` record, one per line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlalchemy import select

from newsgraph.store.store import Store
from newsgraph.store.tables import metadata

PARQUET_TABLES = (
    "articles",
    "paragraphs",
    "corpus_entities",
    "entities",
    "entity_aliases",
    "mentions",
    "quotes",
    "quote_mentions",
    "dates",
)


def graph(store: Store, min_weight: int = 1) -> Any:
    """The graph as a ``networkx.DiGraph`` (nodes: corpus ids with name/type attributes)."""
    import networkx as nx

    g = nx.DiGraph()
    for edge in store.graph(min_weight=min_weight):
        for ref in (edge.source, edge.target):
            g.add_node(ref.id, label=ref.name, type=ref.type)
        g.add_edge(
            edge.source.id,
            edge.target.id,
            weight=edge.weight,
            quotes=",".join(str(q) for q in edge.quote_ids),
        )
    return g


def write_graphml(store: Store, out: BinaryIO, min_weight: int = 1) -> int:
    import networkx as nx

    g = graph(store, min_weight)
    nx.write_graphml(g, out)
    return int(g.number_of_edges())


def write_parquet(store: Store, directory: Path) -> dict[str, int]:
    """One Parquet file per table; returns the row count of each."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    with store.engine.connect() as conn:
        for name in PARQUET_TABLES:
            table = metadata.tables[name]
            rows = [dict(r._mapping) for r in conn.execute(select(table))]
            schema = None if rows else pa.schema([(c.name, pa.string()) for c in table.columns])
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), directory / f"{name}.parquet")
            counts[name] = len(rows)
    edges = [
        {
            "source": e.source.id,
            "source_name": e.source.name,
            "target": e.target.id,
            "target_name": e.target.name,
            "weight": e.weight,
            "quote_ids": e.quote_ids,
        }
        for e in store.graph()
    ]
    edge_schema = pa.schema(
        [
            ("source", pa.string()),
            ("source_name", pa.string()),
            ("target", pa.string()),
            ("target_name", pa.string()),
            ("weight", pa.int64()),
            ("quote_ids", pa.list_(pa.int64())),
        ]
    )
    pq.write_table(pa.Table.from_pylist(edges, schema=edge_schema), directory / "edges.parquet")
    counts["edges"] = len(edges)
    return counts


def write_jsonl(store: Store, out: TextIO) -> int:
    n = 0
    for article_id in store.article_ids():
        out.write(store.article(article_id).to_json() + "\n")
        n += 1
    return n
