"""``newsgraph export``: the store as a graph (GraphML), Parquet tables or JSONL records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsgraph.cli.common import add_db_option, choice, error
from newsgraph.cli.query import on_store
from newsgraph.store import Store
from newsgraph.store.export import write_graphml, write_jsonl, write_parquet


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export the store: who-quotes-about-whom graph, Parquet tables or JSONL records",
        description="graphml: speaker → entity mentioned in the quote, weighted by quote count "
        "(Gephi, networkx); parquet: one file per table in a directory (pandas, DuckDB); "
        "jsonl: every article's newsgraph/2 record.",
    )
    add_db_option(p)
    formats = ["graphml", "parquet", "jsonl"]
    p.add_argument("--format", choices=formats, type=choice(formats), required=True)
    p.add_argument(
        "--output",
        metavar="PATH",
        help="file (graphml, jsonl; default stdout) or directory (parquet; default "
        "newsgraph-export)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    def write(store: Store) -> None:
        error(export(store, args.format, args.output))

    return on_store(args, write)


def export(store: Store, fmt: str, output: str | None) -> str:
    """Write the export; returns a one-line description for the user."""
    if fmt == "graphml":
        if output:
            with open(output, "wb") as fh:
                n = write_graphml(store, fh)
            return f"Wrote {_count(n, 'edge')} to {output}."
        n = write_graphml(store, sys.stdout.buffer)
        return f"Wrote {_count(n, 'edge')}."
    if fmt == "parquet":
        directory = Path(output or "newsgraph-export")
        counts = write_parquet(store, directory)
        listed = ", ".join(f"{k} {v}" for k, v in counts.items())
        return f"Wrote the Parquet tables to {directory}/ ({listed})."
    if output:
        with open(output, "w", encoding="utf-8") as out:
            n = write_jsonl(store, out)
        return f"Wrote {_count(n, 'record')} to {output}."
    n = write_jsonl(store, sys.stdout)
    return f"Wrote {_count(n, 'record')}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
