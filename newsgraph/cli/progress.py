"""Progress bars of long runs, on stderr (rich): over articles, or over Dask partitions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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

from newsgraph.cli.common import Failures
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.jsonl import count_records
from newsgraph.ingest.sources import expand_paths
from newsgraph.ingest.warc import is_warc


class RateColumn(ProgressColumn):
    def render(self, task: Any) -> Text:
        return Text(f"{task.speed or 0:.1f} articles/s")


def progress_bar() -> Progress:
    """The progress bar of long runs, on stderr: done/total, articles/s, elapsed time and ETA."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


def partition_bar(show: bool, total: int, what: str) -> Progress | None:
    """A progress bar over the partitions of a Dask run (or ``None``)."""
    if not show:
        return None
    progress = Progress(
        TextColumn(f"[progress.description]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("partitions"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    progress.add_task(what, total=total)
    return progress


def progress_total(paths: list[str]) -> int | None:
    """How many items a progress bar over ``paths`` will count: one per input file or input
    error, one per record of a JSONL file (its non-blank lines, counted first), or None (unknown)
    when stdin or a WARC crawl is among them (their records are only known once read)."""
    total = 0
    for item in expand_paths(paths):
        if item == "-" or (isinstance(item, str) and is_warc(item)):
            return None
        if isinstance(item, str) and item.lower().endswith(".jsonl"):
            try:
                total += count_records(item)
            except OSError:
                total += 1  # reported as one failure when it is read
            continue
        total += 1
    return total


def progress_documents(
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
    with progress_bar() as progress:
        task = progress.add_task("extracting", total=total)
        for item in items:
            progress.advance(task)
            if isinstance(item, InputError):
                progress.console.print(item.line(), style="red", markup=False, highlight=False)
                failures.items.append(item)
            else:
                yield item
