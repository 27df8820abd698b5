"""A Dask run, on the client: one task per partition submitted, results collected in input order.

Results come back with ``as_completed``; records are yielded in input order (or as partitions
finish). A worker that dies mid-partition loses nothing: its task had not returned, so the scheduler
runs it again on another worker; its result is only taken once (one future per partition) and its
Parquet files are replaced atomically by the identical files of the retry. A task that fails for
good has its inputs reported as failed, and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, Future, as_completed

from newsgraph.engines.dask.cluster import n_workers_of
from newsgraph.engines.dask.parts import clear_output, write_success
from newsgraph.engines.dask.plan import FileItem, Partition, Plan, plan
from newsgraph.engines.dask.task import PartitionResult, Processor, run_partition
from newsgraph.ingest.document import InputError
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES
from newsgraph.model import Record


@dataclass
class RunSummary:
    articles: int = 0
    words: int = 0
    partitions: int = 0
    errors: list[InputError] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    stored: int = 0
    skipped: int = 0

    def add(self, result: PartitionResult) -> None:
        """Count a partition's result in."""
        self.articles += result.articles
        self.words += result.words
        self.stored += result.stored
        self.skipped += result.skipped
        for name, count in result.written.items():
            self.written[name] = self.written.get(name, 0) + count


def run(
    client: Client,
    paths: list[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    output: str | None = None,
    db: str | None = None,
    known: Any = None,
    from_metadata: bool = False,
    processor: Processor | None = None,
    partition_bytes: int | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
    summary: RunSummary | None = None,
    ordered: bool = True,
    planned: Plan | None = None,
) -> Iterator[Record]:
    """Extract ``paths`` on the cluster behind ``client``.

    Yields the records (in input order when ``ordered``, else as partitions finish) unless
    ``output`` (Parquet directory) or ``db`` (a store URL the workers write to) is given. Input
    errors go to ``on_error`` (as they become known) and into ``summary.errors``. ``planned`` is
    the :func:`plan` of ``paths`` when the caller made it already.
    """
    summary = summary if summary is not None else RunSummary()
    the_plan = planned or plan(
        paths, n_workers=n_workers_of(client), partition_bytes=partition_bytes
    )

    def report(err: InputError) -> None:
        summary.errors.append(err)
        if on_error is not None:
            on_error(err)

    def count(result: PartitionResult) -> None:
        summary.add(result)
        for source, reason in result.errors:
            report(InputError(source, reason))
        if on_partition is not None:
            on_partition(result)

    for err in the_plan.errors:
        report(err)
    summary.partitions = len(the_plan.partitions)
    if output is not None:
        clear_output(Path(output))
    task = {
        "published": published,
        "max_bytes": max_bytes,
        "batch_size": batch_size,
        "output": output,
        "db": db,
        "known": known,
        "from_metadata": from_metadata,
        "processor": processor,
    }
    futures = [
        client.submit(
            run_partition,
            partition,
            **task,
            key=f"newsgraph-partition-{partition.index}-{os.getpid()}-{id(the_plan)}",
            pure=False,
        )
        for partition in the_plan.partitions
    ]
    try:
        results = _as_they_finish(futures, the_plan.partitions, count)
        yield from _records(results, ordered)
        if output is not None:
            write_success(Path(output), summary.partitions, summary.articles)
    finally:
        client.cancel([f for f in futures if not f.done()])


def _as_they_finish(
    futures: list[Future], partitions: list[Partition], count: Callable[[PartitionResult], None]
) -> Iterator[PartitionResult]:
    """Each partition's result (counted by ``count``) as its task finishes."""
    by_key = {f.key: p for f, p in zip(futures, partitions, strict=True)}
    for future in as_completed(futures):
        try:
            result: PartitionResult = future.result()
        except Exception as exc:
            # The task failed for good (an exception, or its workers kept dying: Dask's
            # KilledWorker). Its inputs are reported as failed; the rest of the run goes on.
            result = _failed(by_key[future.key], exc)
        future.release()
        count(result)
        yield result


def _records(results: Iterable[PartitionResult], ordered: bool) -> Iterator[Record]:
    """The results' records: as the partitions finish, or (``ordered``) in input order."""
    pending: dict[int, PartitionResult] = {}
    next_index = 0
    for result in results:
        if not ordered:
            yield from result.records or []
            continue
        pending[result.index] = result
        while next_index in pending:
            done = pending.pop(next_index)
            next_index += 1
            yield from done.records or []


def _failed(partition: Partition, exc: BaseException) -> PartitionResult:
    reason = f"extraction failed: {type(exc).__name__}: {exc}"
    errors = [
        (item.path if isinstance(item, FileItem) else f"{item.path}:{item.first_line}", reason)
        for item in partition.items
    ]
    return PartitionResult(partition.index, errors, [], 0, 0)
