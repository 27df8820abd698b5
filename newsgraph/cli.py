"""The ``newsgraph`` command line.

A thin layer over the library: every command parses its arguments, calls the same functions the
Python API exposes, and prints. Exit codes: 0 all good, 1 some inputs failed (each reported on
stderr as ``newsgraph: PATH: reason``), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, iter_documents
from newsgraph.model import Record

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def error(message: str) -> None:
    print(f"newsgraph: {message}", file=sys.stderr)


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


def _progress_documents(
    items: Iterator[Document | InputError], failures: Failures, show: bool, total: int | None
) -> Iterator[Document]:
    """Documents only; errors go to ``failures``. Shows a rich progress bar when asked."""
    if not show:
        for item in items:
            if isinstance(item, InputError):
                failures.add(item)
            else:
                yield item
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as progress:
        task = progress.add_task("extracting", total=total)
        for item in items:
            progress.advance(task)
            if isinstance(item, InputError):
                progress.console.print(item.line(), style="red", markup=False, highlight=False)
                failures.items.append(item)
            else:
                yield item


# ----------------------------------------------------------------------------------- extract
def cmd_extract(args: argparse.Namespace) -> int:
    from newsgraph.ingest.sources import expand_paths
    from newsgraph.pipeline import ModelError, pipeline, process

    paths: list[str] = args.paths
    if paths.count("-") > 1:
        error("'-' (stdin) may be given only once")
        return EXIT_USAGE
    fmt = args.format or ("json" if len(paths) == 1 and not _is_multi(paths[0]) else "jsonl")
    if fmt == "json" and (len(paths) > 1 or _is_multi(paths[0])):
        error("--format json takes one input; use --format jsonl for several")
        return EXIT_USAGE
    failures = Failures()
    if (args.output is not None or args.scheduler) and args.engine != "dask":
        error("--output and --scheduler need --engine dask")
        return EXIT_USAGE
    if args.engine == "dask":
        from newsgraph.distributed import cli_extract

        return cli_extract(args, fmt, _write_record, failures)
    try:
        nlp = pipeline()
    except ModelError as exc:
        error(str(exc))
        return EXIT_FAILED
    show_progress = (
        sys.stderr.isatty() and not args.quiet and (len(paths) > 1 or _is_multi(paths[0]))
    )
    total = sum(1 for _ in expand_paths(paths)) if show_progress else None
    items = iter_documents(paths, published=args.published, max_bytes=args.max_bytes)
    documents = _progress_documents(items, failures, show_progress, total)
    out = sys.stdout
    for record in process(documents, nlp, batch_size=args.batch_size, n_process=args.workers):
        _write_record(record, fmt, out)
    failures.summary()
    return failures.exit_code


def _is_multi(path: str) -> bool:
    from pathlib import Path

    return path != "-" and (Path(path).is_dir() or path.lower().endswith(".jsonl"))


def _write_record(record: Record, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(record.to_json(indent=2) + "\n")
    elif fmt == "jsonl":
        out.write(record.to_json() + "\n")
    else:
        from newsgraph.report import print_summary

        print_summary(record, out)
    out.flush()


# ----------------------------------------------------------------------------------- eval
def cmd_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newsgraph.eval.brat import is_gold_dir
    from newsgraph.eval.run import evaluate, metrics_json, print_report
    from newsgraph.pipeline import ModelError

    gold = Path(args.gold)
    if not is_gold_dir(gold):
        error(f"{gold}: not a gold directory (needs text/ and attributions/)")
        return EXIT_USAGE
    pred = Path(args.pred) if args.pred else None
    if pred is not None and not pred.is_file():
        error(f"{pred}: no such file")
        return EXIT_USAGE
    if args.show < 0:
        error("--show takes a number >= 0")
        return EXIT_USAGE
    try:
        evaluation = evaluate(gold, pred, limit=args.limit, workers=args.workers)
    except (ModelError, ValueError, OSError) as exc:
        error(str(exc))
        return EXIT_FAILED
    for warning in evaluation.warnings:
        error(f"warning: {warning}")
    if args.json:
        print(metrics_json(evaluation))
    else:
        print_report(evaluation, sys.stdout, show=args.show)
    return EXIT_OK


# ----------------------------------------------------------------------------------- parser
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description="Who said what, about whom, and when: extract quotes, speakers, entities and "
        "dates from news articles.",
    )
    from newsgraph import __version__

    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "extract",
        help="extract one record per article (JSON, JSONL or a readable summary)",
        description="Extract paragraphs, entities, quotes and dates from articles. PATH is a file, "
        "a directory (its .txt, .html, .htm and .jsonl files, sorted) or '-' for stdin.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--published", type=_date, help="publication date YYYY-MM-DD (resolves 'last June')"
    )
    p.add_argument(
        "--format",
        choices=["json", "jsonl", "text"],
        help="default: json for one input, else jsonl",
    )
    p.add_argument(
        "--workers", type=_positive_int, default=1, help="processes for spaCy (n_process)"
    )
    p.add_argument("--batch-size", type=_positive_int, default=16, help=argparse.SUPPRESS)
    p.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"refuse inputs larger than this (default {DEFAULT_MAX_BYTES})",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _add_engine_options(p)
    p.add_argument(
        "--output",
        metavar="DIR",
        help="with --engine dask: write Parquet tables to DIR (one file per partition) "
        "instead of printing records (docs/scaling.md)",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "eval",
        help="score quote attribution against brat gold (e.g. PolNeAR dev)",
        description="Score quotes against brat standoff gold: DIR has text/NAME.txt and "
        "attributions/NAME_XXXX.ann. Without --pred, runs newsgraph over the gold texts. "
        "Metric definitions: docs/eval.md.",
    )
    p.add_argument(
        "--gold", required=True, metavar="DIR", help="gold directory (text/, attributions/)"
    )
    p.add_argument(
        "--pred", metavar="FILE", help="newsgraph/1 records (JSONL from `newsgraph extract`)"
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument(
        "--show", type=int, default=0, metavar="N", help="print N examples of each error kind"
    )
    p.add_argument("--limit", type=_positive_int, metavar="K", help="only the first K articles")
    p.add_argument(
        "--workers", type=_positive_int, default=1, help="processes for spaCy (n_process)"
    )
    p.set_defaults(func=cmd_eval)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        # `newsgraph extract ... | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
