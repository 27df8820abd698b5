"""What the commands share: exit codes, error lines, option types and options, opening the store.

Messages the commands write on stderr are one line each, ``newsgraph: `` and a sentence that
names the input and the problem; a failed input is ``newsgraph: PATH: reason``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from newsgraph.ingest.document import InputError
from newsgraph.ingest.published import iso_date
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES
from newsgraph.store import Store, StoreMissing
from newsgraph.store.store import display_url

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A command cannot go on: ``main`` prints the message as one line and exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


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


def choice(choices: Sequence[str]) -> Callable[[str], str]:
    """An argparse type for ``choices=``: the choice the value names, whatever its case
    (``--type person`` is ``PERSON``); anything else is left for argparse to refuse."""
    by_fold = {c.casefold(): c for c in choices}

    def pick(value: str) -> str:
        return by_fold.get(value.casefold(), value)

    return pick


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
        type=choice(["local", "dask"]),
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
def open_store(db: str | None, *, create: bool = False) -> Store:
    """The store at ``db`` (``None``: ``$NEWSGRAPH_DB`` or ``news.db``).

    Only ``ingest`` creates a store (``create=True``): for every other command a store that does
    not exist is a usage error (exit 2), so that a typo in ``--db`` is not an empty store. A store
    that cannot be opened (a server that does not answer, a file that is no database) exits 1.
    Either way the message is one line, without SQLAlchemy's "Background on this error" link."""
    try:
        return Store.open(db, create=create)
    except StoreMissing as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except Exception as exc:  # a bad URL, an unreachable server, a file that is no database
        raise CommandError(
            sentence(f"The store {display_url(db)} cannot be opened: {one_line(exc)}")
        ) from None


_BACKGROUND = re.compile(r"\(Background on this error at: [^)]*\)")


def one_line(exc: BaseException) -> str:
    """An exception's message on one line: the database driver's own message for a database
    error (not SQLAlchemy's wrapping of it, nor its link to the error's background)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return " ".join(_BACKGROUND.sub("", str(cause)).split()) or type(exc).__name__


def sentence(text: str) -> str:
    """``text`` ending as a sentence does (a full stop unless it ends with one, ``?`` or ``!``)."""
    return text if text.endswith((".", "?", "!")) else text + "."
