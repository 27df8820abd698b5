"""``newsgraph extract``: one ``newsgraph/2`` record per article, on this machine or on Dask."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

from rich.progress import Progress

from newsgraph.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    Failures,
    add_input_options,
    choice,
    dask_workers,
    date_arg,
    error,
    is_multi,
    warn,
)
from newsgraph.cli.progress import partition_bar, progress_documents, progress_total
from newsgraph.cli.record_text import print_summary
from newsgraph.ingest.language import announce_unsupported
from newsgraph.ingest.sources import iter_documents
from newsgraph.model import Record


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="extract one record per article (JSON, JSONL or a readable summary)",
        description="Extract paragraphs, entities, quotes and dates from articles. PATH is a file, "
        "a directory (its .txt, .html, .htm and .jsonl files, sorted) or '-' for stdin.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--published", type=date_arg, help="publication date YYYY-MM-DD (resolves 'last June')"
    )
    p.add_argument(
        "--format",
        choices=["json", "jsonl", "text"],
        type=choice(["json", "jsonl", "text"]),
        help="default: json for one input, else jsonl",
    )
    add_input_options(p)
    p.add_argument(
        "--output",
        metavar="DIR",
        help="with --engine dask: write Parquet tables to DIR (one file per partition) "
        "instead of printing records (docs/scaling.md)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths: list[str] = args.paths
    if paths.count("-") > 1:
        error("'-' (stdin) may be given only once.")
        return EXIT_USAGE
    fmt = args.format or ("json" if len(paths) == 1 and not is_multi(paths[0]) else "jsonl")
    if fmt == "json" and (len(paths) > 1 or is_multi(paths[0])):
        error("--format json takes one input; use --format jsonl for several.")
        return EXIT_USAGE
    failures = Failures()
    if (args.output is not None or args.scheduler) and args.engine != "dask":
        error("--output and --scheduler need --engine dask.")
        return EXIT_USAGE
    if args.engine == "dask":
        return _extract_on_dask(args, fmt, failures)
    return _extract_here(args, fmt, failures)


def write_record(record: Record, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(record.to_json(indent=2) + "\n")
    elif fmt == "jsonl":
        out.write(record.to_json() + "\n")
    else:
        print_summary(record, out)
    out.flush()


def _extract_here(args: argparse.Namespace, fmt: str, failures: Failures) -> int:
    """The local engine: this process reads, worker processes (``--workers``) extract."""
    # The spaCy pipeline: imported when a command needs it (the other commands start without it).
    from newsgraph.nlp.pipeline import ModelError, pipeline, process

    paths: list[str] = args.paths
    try:
        nlp = pipeline()
    except ModelError as exc:
        error(str(exc))
        return EXIT_FAILED
    show_progress = (
        sys.stderr.isatty() and not args.quiet and (len(paths) > 1 or is_multi(paths[0]))
    )
    total = progress_total(paths) if show_progress else None
    items = iter_documents(paths, published=args.published, max_bytes=args.max_bytes)
    documents = progress_documents(items, failures, show_progress, total)
    out = sys.stdout
    records = process(documents, nlp, batch_size=args.batch_size, n_process=args.workers)
    for record in announce_unsupported(records, warn):
        write_record(record, fmt, out)
    failures.summary()
    return failures.exit_code


def _extract_on_dask(args: argparse.Namespace, fmt: str, failures: Failures) -> int:
    """``--engine dask``: records to stdout in input order, or Parquet files (``--output``)."""
    # dask.distributed: imported only with --engine dask (the other commands start without it).
    from newsgraph.engines import dask as dask_engine

    paths: list[str] = args.paths
    if "-" in paths:
        print(
            "newsgraph: --engine dask reads files and directories, not '-' (stdin).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    started = time.perf_counter()
    try:
        client = dask_engine.connect(args.scheduler, dask_workers(args))
    except dask_engine.EngineError as exc:
        print(f"newsgraph: {exc}", file=sys.stderr)
        return EXIT_FAILED
    summary = dask_engine.RunSummary()
    try:
        show = sys.stderr.isatty() and not args.quiet
        the_plan = dask_engine.plan(paths, n_workers=dask_engine.n_workers_of(client))
        progress = partition_bar(show, len(the_plan.partitions), "extracting")
        records = dask_engine.run(
            client,
            paths,
            published=args.published,
            max_bytes=args.max_bytes,
            batch_size=args.batch_size,
            output=args.output,
            on_error=failures.add,
            on_partition=lambda _result: _advance(progress),
            summary=summary,
            planned=the_plan,
        )
        _write_records(records, fmt, progress)
    finally:
        dask_engine.close(client)
    if args.output is not None:
        _print_written(summary, args.output, time.perf_counter() - started)
    failures.summary()
    return failures.exit_code


def _advance(progress: Progress | None) -> None:
    if progress is not None:
        progress.advance(progress.task_ids[0])


def _write_records(records: Iterable[Record], fmt: str, progress: Progress | None) -> None:
    """Print the records of a Dask run (which runs as they are read) under its progress bar."""
    if progress is not None:
        progress.start()
    try:
        for record in announce_unsupported(records, warn):
            write_record(record, fmt, sys.stdout)
    finally:
        if progress is not None:
            progress.stop()


def _print_written(summary: Any, output: str, took: float) -> None:
    """The line that ends a Dask run that wrote Parquet files."""
    tables = ", ".join(f"{n} {name}" for name, n in summary.written.items())
    print(
        f"newsgraph: {summary.articles} articles in {summary.partitions} partitions "
        f"({tables}) were written to {output} in {took:.1f} s.",
        file=sys.stderr,
    )
