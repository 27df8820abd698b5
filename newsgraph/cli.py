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
from typing import Any, TextIO

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, iter_documents
from newsgraph.model import ENTITY_TYPES, Record

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


def _progress_bar() -> Any:
    """The progress bar of long runs, on stderr: done/total, articles/s, elapsed time and ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed or 0:.1f} articles/s")

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


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
    with _progress_bar() as progress:
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
    total = _progress_total(paths) if show_progress else None
    items = iter_documents(paths, published=args.published, max_bytes=args.max_bytes)
    documents = _progress_documents(items, failures, show_progress, total)
    out = sys.stdout
    for record in process(documents, nlp, batch_size=args.batch_size, n_process=args.workers):
        _write_record(record, fmt, out)
    failures.summary()
    return failures.exit_code


def _progress_total(paths: list[str]) -> int | None:
    """How many items a progress bar over ``paths`` will count: one per input file or input error,
    or None (unknown) when a file holds many articles (a directory's JSONL or WARC, say)."""
    from newsgraph.ingest.sources import expand_paths

    items = list(expand_paths(paths))
    if any(isinstance(item, str) and _is_multi(item) for item in items):
        return None
    return len(items)


def _is_multi(path: str) -> bool:
    from pathlib import Path

    multi = (".jsonl", ".warc", ".warc.gz")  # one file, many articles
    return path != "-" and (Path(path).is_dir() or path.lower().endswith(multi))


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


# ----------------------------------------------------------------------------------- store
def _db_help() -> str:
    return "the store: a SQLite file or postgresql://... (default: $NEWSGRAPH_DB or news.db)"


def _open_store(db: str | None) -> Any:
    from newsgraph.store import Store

    try:
        return Store.open(db)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is no database
        error(f"cannot open store {db or '(default)'}: {exc}")
        return None


def cmd_ingest(args: argparse.Namespace) -> int:
    import time
    from contextlib import nullcontext

    from newsgraph.pipeline import ModelError, pipeline

    paths: list[str] = args.paths
    if args.scheduler and args.engine != "dask":
        error("--scheduler needs --engine dask")
        return EXIT_USAGE
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    failures = Failures()
    try:
        nlp = pipeline() if args.engine != "dask" else None  # dask: each worker loads it
    except ModelError as exc:
        error(str(exc))
        return EXIT_FAILED
    items: Iterator[Document | InputError] = iter_documents(
        paths, published=args.published, max_bytes=args.max_bytes
    )
    if args.published_from_metadata:
        from newsgraph.ingest.metadata import apply_metadata

        items = apply_metadata(items)
    show = sys.stderr.isatty() and not args.quiet
    progress_cm: Any = nullcontext()
    task = None
    if show:
        progress_cm = _progress_bar()
    started = time.perf_counter()
    with store, progress_cm as bar:
        if bar is not None:
            task = bar.add_task("ingesting", total=_progress_total(paths))

        def on_event(event: str, source: str, reason: str | None) -> None:
            if event == "failed":
                err = InputError(source, reason or "failed")
                if bar is not None:
                    bar.console.print(err.line(), style="red", markup=False, highlight=False)
                    failures.items.append(err)
                else:
                    failures.add(err)
            if bar is not None:
                bar.advance(task)

        if args.engine == "dask":
            from newsgraph.distributed import cli_ingest

            report = cli_ingest(args, on_event)
        else:
            report = store.ingest(
                items, workers=args.workers, nlp=nlp, batch_size=args.batch_size, progress=on_event
            )
    took = time.perf_counter() - started
    rate = report.stored / took if took > 0 else 0.0
    print(
        f"newsgraph: ingest: {report.stored} stored, {report.skipped} skipped (already stored), "
        f"{len(report.failed)} failed in {took:.1f} s ({rate:.1f} articles/s)",
        file=sys.stderr,
    )
    for source, reason in report.failed:
        print(f"newsgraph:   failed: {source}: {reason}", file=sys.stderr)
    return failures.exit_code


def _query(args: argparse.Namespace, run: Any) -> int:
    """Open the store, run a query, print; names that fit nothing or several entities exit 1."""
    from newsgraph.store import AmbiguousName, NotFound

    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    with store:
        try:
            run(store)
        except AmbiguousName as exc:
            error(f"{exc.name!r} fits several entities; say which (by full name or id):")
            for c in exc.candidates:
                print(
                    f"  {c.id}\t{c.name}\t{c.type}\t{c.mentions} mentions\t"
                    f"aliases: {'; '.join(c.aliases)}",
                    file=sys.stderr,
                )
            return EXIT_FAILED
        except NotFound as exc:
            error(str(exc))
            return EXIT_FAILED
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace) -> int:
    from newsgraph.store.output import print_quotes

    def run(store: Any) -> None:
        hits = store.quotes(
            speaker=args.speaker,
            about=args.about,
            mentions=args.mentions,
            since=args.since,
            until=args.until,
            kind=args.kind,
            limit=args.limit,
        )
        print_quotes(hits, args.format, sys.stdout)

    return _query(args, run)


def cmd_entities(args: argparse.Namespace) -> int:
    from newsgraph.store.output import print_entities

    def run(store: Any) -> None:
        top = args.top or args.limit
        print_entities(store.entities(type=args.type, top=top), args.format, sys.stdout)

    return _query(args, run)


def cmd_entity(args: argparse.Namespace) -> int:
    from newsgraph.store.output import print_profile

    def run(store: Any) -> None:
        print_profile(store.entity(args.name, limit=args.limit), args.format, sys.stdout)

    return _query(args, run)


def cmd_export(args: argparse.Namespace) -> int:
    from newsgraph.store.export import export

    def run(store: Any) -> None:
        error(export(store, args.format, args.output))

    return _query(args, run)


# ----------------------------------------------------------------------------------- serve
def cmd_serve(args: argparse.Namespace) -> int:
    """The HTTP API and web page over the store (docs/web.md), served by uvicorn."""
    import os

    token = os.environ.get("NEWSGRAPH_TOKEN") or None
    if args.allow_ingest and not token:
        error(
            "--allow-ingest needs a token: set NEWSGRAPH_TOKEN (clients send it as a Bearer token)"
        )
        return EXIT_USAGE
    store = _open_store(args.db)
    if store is None:
        return EXIT_FAILED
    import uvicorn

    from newsgraph.web import DEFAULT_MAX_BYTES, create_app

    app = create_app(
        store,
        allow_ingest=args.allow_ingest,
        token=token,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        error(f"warning: listening on {args.host}, not only on this machine")
    print(
        f"newsgraph: serving on http://{args.host}:{args.port}/ (API docs at /docs)",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    finally:
        store.close()
    return EXIT_OK


# ----------------------------------------------------------------------------------- parser
def _add_input_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that read and extract articles (``extract``, ``ingest``)."""
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
    _add_input_options(p)
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

    p = sub.add_parser(
        "ingest",
        help="extract articles into a corpus store (SQLite or PostgreSQL)",
        description="Extract articles and store them. PATH is a file, a directory (its .txt, "
        ".html, .htm, .jsonl, .warc and .warc.gz files), a JSONL file or a WARC crawl (HTML "
        "responses only). Articles already stored (same text) are skipped before extraction, "
        "so rerunning an interrupted ingest completes it. See docs/store.md.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", help=_db_help())
    p.add_argument(
        "--published", type=_date, help="publication date YYYY-MM-DD for inputs without one"
    )
    p.add_argument(
        "--published-from-metadata",
        action="store_true",
        help="take publication dates (and titles) from a metadata.tsv (columns filename, "
        "publication_date) in the inputs' directory or up to 3 levels above (docs/store.md)",
    )
    _add_input_options(p)
    p.set_defaults(func=cmd_ingest)

    def query_options(p: argparse.ArgumentParser, limit: int) -> None:
        p.add_argument("--db", help=_db_help())
        p.add_argument("--format", choices=["table", "json", "csv"], default="table")
        p.add_argument(
            "--limit",
            type=_positive_int,
            default=limit,
            help=f"at most this many (default {limit})",
        )

    p = sub.add_parser(
        "quotes",
        help="quotes in the store: by speaker, about a topic, mentioning someone, by date",
        description="Quotes, newest first, with speaker, article, date and offsets into the "
        "article text. NAME matches any alias of an entity, case-insensitively, or an id (C12).",
    )
    p.add_argument("--speaker", metavar="NAME", help="quotes by this entity")
    p.add_argument("--about", metavar="TEXT", help="full-text search over the quote text")
    p.add_argument("--mentions", metavar="NAME", help="quotes that mention this entity")
    p.add_argument("--since", type=_date, metavar="D", help="published on or after D")
    p.add_argument("--until", type=_date, metavar="D", help="published on or before D")
    p.add_argument("--kind", choices=["direct", "mixed", "indirect"])
    query_options(p, 50)
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser(
        "entities",
        help="the most quoted and most mentioned entities in the store",
        description="Corpus-level entities (merged across articles, docs/store.md), most quoted "
        "first, then most mentioned.",
    )
    p.add_argument("--type", choices=list(ENTITY_TYPES), help="only this entity type")
    p.add_argument("--top", type=_positive_int, help="how many (default 20; same as --limit)")
    query_options(p, 20)
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser(
        "entity",
        help="one entity's profile: aliases, articles, quotes by and about it, timeline",
        description="NAME is any alias (case-insensitive) or an id (C12). An ambiguous NAME "
        "lists the candidates and exits 1.",
    )
    p.add_argument("name", metavar="NAME")
    query_options(p, 20)
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser(
        "export",
        help="export the store: who-quotes-about-whom graph, Parquet tables or JSONL records",
        description="graphml: speaker → entity mentioned in the quote, weighted by quote count "
        "(Gephi, networkx); parquet: one file per table in a directory (pandas, DuckDB); "
        "jsonl: every article's newsgraph/1 record.",
    )
    p.add_argument("--db", help=_db_help())
    p.add_argument("--format", choices=["graphml", "parquet", "jsonl"], required=True)
    p.add_argument(
        "--output",
        metavar="PATH",
        help="file (graphml, jsonl; default stdout) or directory (parquet; default "
        "newsgraph-export)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "serve",
        help="serve the HTTP API and the web page over the store",
        description="One process serving the JSON API (OpenAPI at /openapi.json, docs at /docs) "
        "and the web page (articles with highlighted quotes, speakers, search, graph, paste box). "
        "Binds to 127.0.0.1 unless told otherwise (docs/web.md).",
    )
    p.add_argument("--db", help=_db_help())
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=_positive_int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allow-ingest",
        action="store_true",
        help="enable POST /articles; clients must send Authorization: Bearer $NEWSGRAPH_TOKEN",
    )
    p.add_argument(
        "--max-bytes",
        type=_positive_int,
        help="refuse request bodies larger than this with 413 (default 5 MiB)",
    )
    p.add_argument(
        "--log-level",
        choices=["critical", "error", "warning", "info", "debug"],
        default="info",
        help=argparse.SUPPRESS,
    )
    p.set_defaults(func=cmd_serve)

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
