"""The ``newsgraph`` command line.

A thin layer over the library: every command parses its arguments, calls the same functions the
Python API exposes, and prints. Exit codes: 0 all good, 1 some inputs failed (each reported on
stderr as ``newsgraph: PATH: reason``), 2 usage error.

One module per command, each with its parser (``add_parser``) and its ``run``: ``extract``,
``evaluate`` (``eval``), ``ingest``, ``query`` (``quotes``, ``entities``, ``entity``), ``export``
and ``serve``. Beside them: ``common`` (exit codes, options, opening the store), ``progress``
(progress bars), ``record_text`` (``extract --format text``) and ``query_output`` (the query
commands' tables, JSON and CSV).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsgraph import __version__
from newsgraph.cli import evaluate, export, extract, ingest, query, serve
from newsgraph.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandError, error

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description="Who said what, about whom, and when: extract quotes, speakers, entities and "
        "dates from news articles.",
    )
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    extract.add_parser(sub)
    evaluate.add_parser(sub)
    ingest.add_parser(sub)
    query.add_parsers(sub)  # quotes, entities, entity
    export.add_parser(sub)
    serve.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CommandError as exc:
        error(str(exc))
        return exc.code
    except KeyboardInterrupt:
        error("Interrupted.")
        return 130
    except BrokenPipeError:
        # `newsgraph extract ... | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return EXIT_OK
