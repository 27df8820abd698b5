"""What the commands share: exit codes, error lines, option types and options, opening the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsgraph.ingest.document import InputError
from newsgraph.ingest.published import iso_date
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES
from newsgraph.store import Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def date_arg(value: str) -> str:
    """An argparse type: a ``YYYY-MM-DD`` date (:func:`newsgraph.ingest.published.iso_date`)."""
    try:
        return iso_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def error(message: str) -> None:
    print(f"newsgraph: {message}", file=sys.stderr)


def warn(source: str, warning: str) -> None:
    """One line on stderr for an input that was read with a warning (a language not supported)."""
    print(f"newsgraph: {source}: {warning}", file=sys.stderr)


class Failures:
    """Collects per-input failures: printed as they happen and summarised at the end."""

    def __init__(self) -> None:
        self.items: list[InputError] = []

    def add(self, err: InputError) -> None:
        self.items.append(err)
        print(err.line(), file=sys.stderr)

    def summary(self) -> None:
        if self.items and len(self.items) > 1:
            print(f"newsgraph: {len(self.items)} inputs failed", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.items else EXIT_OK


def is_multi(path: str) -> bool:
    """A path that holds many articles: a directory, a JSONL file or a WARC crawl."""
    multi = (".jsonl", ".warc", ".warc.gz")  # one file, many articles
    return path != "-" and (Path(path).is_dir() or path.lower().endswith(multi))


# ----------------------------------------------------------------------------------- options
def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        help="the store: a SQLite file or postgresql://... (default: $NEWSGRAPH_DB or news.db)",
    )


def add_input_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that read and extract articles (``extract``, ``ingest``)."""
    p.add_argument(
        "--workers", type=positive_int, default=1, help="processes for spaCy (n_process)"
    )
    p.add_argument("--batch-size", type=positive_int, default=16, help=argparse.SUPPRESS)
    p.add_argument(
        "--max-bytes",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        help="refuse articles larger than this: one file, JSONL line or WARC response (JSONL "
        f"and WARC files are streamed record by record; default {DEFAULT_MAX_BYTES})",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _add_engine_options(p)


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    """``--engine`` and ``--scheduler``: where extraction runs (docs/scaling.md)."""
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: spaCy processes on this machine (--workers); dask: a Dask cluster "
        "(a LocalCluster of --workers processes, default one per core, or --scheduler)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the address of a running Dask scheduler (tcp://HOST:8786)",
    )


def dask_workers(args: argparse.Namespace) -> int | None:
    """``--workers`` for a Dask LocalCluster: its default 1 means "one per core" (None)."""
    return args.workers if args.workers != 1 else None


# ----------------------------------------------------------------------------------- the store
def open_store(db: str | None) -> Store | None:
    """The store at ``db``, or None (and an error line) when it cannot be opened."""
    try:
        return Store.open(db)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is no database
        error(f"cannot open store {db or '(default)'}: {exc}")
        return None
