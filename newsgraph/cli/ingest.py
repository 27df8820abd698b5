"""``newsgraph ingest``: extract articles into a corpus store, on this machine or on Dask."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from rich.progress import Progress

from newsgraph.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    Failures,
    add_db_option,
    add_input_options,
    dask_workers,
    date_arg,
    error,
    open_store,
)
from newsgraph.cli.progress import progress_bar, progress_total
from newsgraph.ingest.document import InputError
from newsgraph.store import IngestReport

OnEvent = Callable[[str, str, str | None], None]  # progress(event, source, reason)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="extract articles into a corpus store (SQLite or PostgreSQL)",
        description="Extract articles and store them. PATH is a file, a directory (its .txt, "
        ".html, .htm, .jsonl, .warc and .warc.gz files), a JSONL file or a WARC crawl (HTML "
        "responses only). Articles already stored (same text) are skipped before extraction, "
        "so rerunning an interrupted ingest completes it. See docs/store.md.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_option(p)
    p.add_argument(
        "--published", type=date_arg, help="publication date YYYY-MM-DD for inputs without one"
    )
    p.add_argument(
        "--published-from-metadata",
        action="store_true",
        help="take publication dates (and titles) from a metadata.tsv (columns filename, "
        "publication_date) in the inputs' directory or up to 3 levels above (docs/store.md)",
    )
    add_input_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The spaCy pipeline (and the local engine that runs it): imported when a command needs it,
    # the other commands start without it.
    from newsgraph.engines import local as local_engine
    from newsgraph.nlp.pipeline import ModelError, pipeline

    paths: list[str] = args.paths
    if args.scheduler and args.engine != "dask":
        error("--scheduler needs --engine dask.")
        return EXIT_USAGE
    store = open_store(args.db, create=True)
    failures = Failures()
    try:
        nlp = pipeline() if args.engine != "dask" else None  # dask: each worker loads it
    except ModelError as exc:
        store.close()
        error(str(exc))
        return EXIT_FAILED
    show = sys.stderr.isatty() and not args.quiet
    progress_cm: Any = progress_bar() if show else nullcontext()
    started = time.perf_counter()
    with store, progress_cm as bar:
        task = bar.add_task("ingesting", total=progress_total(paths)) if bar is not None else None
        on_event = _progress_callback(bar, task, failures)
        if args.engine == "dask":
            report = _ingest_on_dask(args, on_event)
        else:
            report = local_engine.ingest(
                store,
                paths,
                published=args.published,
                max_bytes=args.max_bytes,
                from_metadata=args.published_from_metadata,
                workers=args.workers,
                nlp=nlp,
                batch_size=args.batch_size,
                progress=on_event,
            )
    for source, reason in _unreported(report, failures):
        print(InputError(source, reason).line(), file=sys.stderr)
    error(summary_line(report, time.perf_counter() - started))
    return failures.exit_code


def _progress_callback(bar: Progress | None, task: Any, failures: Failures) -> OnEvent:
    """The ingest's ``progress(event, source, reason)``: failures reported, the bar advanced."""

    def on_event(event: str, source: str, reason: str | None) -> None:
        if event == "warning":  # about an article being stored: one line, the bar stays
            line = f"newsgraph: {source}: {reason}"
            if bar is not None:
                bar.console.print(line, style="yellow", markup=False, highlight=False)
            else:
                print(line, file=sys.stderr)
            return
        if event == "failed":
            err = InputError(source, reason or "failed")
            if bar is not None:
                bar.console.print(err.line(), style="red", markup=False, highlight=False)
                failures.items.append(err)
            else:
                failures.add(err)
        if bar is not None:
            bar.advance(task)

    return on_event


def _ingest_on_dask(args: argparse.Namespace, progress: OnEvent) -> IngestReport:
    """``--engine dask``: a cluster (``--scheduler``, or a LocalCluster) ingests the paths."""
    # dask.distributed: imported only with --engine dask (the other commands start without it).
    from newsgraph.engines import dask as dask_engine

    try:
        client = dask_engine.connect(args.scheduler, dask_workers(args))
    except dask_engine.EngineError as exc:
        progress("failed", args.scheduler or "dask", str(exc))
        return IngestReport(failed=[(args.scheduler or "dask", str(exc))])
    try:
        return dask_engine.ingest(
            client,
            args.paths,
            args.db,
            published=args.published,
            max_bytes=args.max_bytes,
            batch_size=args.batch_size,
            from_metadata=args.published_from_metadata,
            progress=progress,
        )
    finally:
        dask_engine.close(client)


def summary_line(report: IngestReport, took: float) -> str:
    """The sentence that ends an ingest: what was stored, skipped and failed, the time and the
    rate (only when something was stored: a rerun over stored texts says "nothing new")."""
    failed = len(report.failed)
    failed_part = f"; {_count(failed, 'input')} failed" if failed else ""
    if report.stored == 0:
        return (
            f"Nothing new: {_count(report.skipped, 'article')} already stored{failed_part} "
            f"({took:.1f} s)."
        )
    skipped = f", skipped {report.skipped} already stored" if report.skipped else ""
    rate = report.stored / took if took > 0 else 0.0
    return (
        f"Stored {_count(report.stored, 'article')}{skipped}{failed_part} in {took:.1f} s "
        f"({rate:.1f} articles/s)."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _unreported(report: IngestReport, failures: Failures) -> list[tuple[str, str]]:
    """The failures of ``report`` not printed while the run went (each is printed once)."""
    printed = {(err.source, err.reason) for err in failures.items}
    return [(source, reason) for source, reason in report.failed if (source, reason) not in printed]
