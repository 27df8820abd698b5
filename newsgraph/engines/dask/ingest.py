"""``newsgraph ingest --engine dask``: a Dask run whose records end in a store.

Same guarantees as the local engine (:func:`newsgraph.engines.local.ingest`): texts already stored
are skipped before spaCy runs, each article is written in one transaction, one bad record never
stops the run, a rerun adds nothing. Who writes depends on the store:

* SQLite (and any store the workers cannot share): only this client writes. Workers get the
  stored content hashes (broadcast once) and return records; the client writes them in input
  order, so the store is the one the local ingest builds (same ids).
* PostgreSQL: workers write themselves (see :func:`newsgraph.engines.dask.task._worker_store`);
  only counts come back.
"""

from __future__ import annotations

import os
from typing import Any

from distributed import Client

from newsgraph.engines.dask.run import run
from newsgraph.engines.dask.task import PartitionResult, Processor
from newsgraph.ingest.document import InputError
from newsgraph.ingest.language import announce_unsupported
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES
from newsgraph.store import IngestReport, IngestRun, Store
from newsgraph.store.ingest_run import Progress


def ingest(
    client: Client,
    paths: list[str],
    db: str | None = None,
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    from_metadata: bool = False,
    progress: Progress | None = None,
    partition_bytes: int | None = None,
    processor: Processor | None = None,
) -> IngestReport:
    """Extract ``paths`` on the cluster behind ``client`` into the store ``db``.

    ``progress(event, source, reason)`` is called with ``"stored"``, ``"skipped"`` or ``"failed"``.
    """
    store = Store.open(db)
    try:
        ingest_run = IngestRun(store, progress)

        def on_error(err: InputError) -> None:
            ingest_run.fail(err.source, err.reason)

        options: dict[str, Any] = {
            "published": published,
            "max_bytes": max_bytes,
            "batch_size": batch_size,
            "from_metadata": from_metadata,
            "processor": processor,
            "partition_bytes": partition_bytes,
            "on_error": on_error,
        }
        if store.dialect == "postgresql":
            url = db if db is not None else os.environ.get("NEWSGRAPH_DB")
            _workers_write(client, paths, url, ingest_run, options)
        else:
            _client_writes(client, paths, ingest_run, options, progress)
        return ingest_run.finish()
    finally:
        store.close()


def _workers_write(
    client: Client, paths: list[str], url: str | None, ingest_run: IngestRun, options: Any
) -> None:
    """PostgreSQL: each worker stores its partitions' records; only counts come back."""

    def on_partition(result: PartitionResult) -> None:
        ingest_run.stored_elsewhere(result.stored, result.stored_words)
        for _ in range(result.skipped):
            ingest_run.skip()

    for _ in run(client, paths, db=url, on_partition=on_partition, **options):
        pass  # workers wrote the records; nothing comes back


def _client_writes(
    client: Client,
    paths: list[str],
    ingest_run: IngestRun,
    options: Any,
    progress: Progress | None = None,
) -> None:
    """SQLite: workers skip what is stored and send their records back; this client writes them,
    in input order (and tells ``progress`` about those in a language not supported)."""
    hashes = ingest_run.store.content_hashes()
    known = client.scatter(hashes, broadcast=True) if hashes else None

    def on_partition(result: PartitionResult) -> None:
        for _ in range(result.skipped):
            ingest_run.skip()

    records = run(client, paths, known=known, on_partition=on_partition, **options)
    if progress is not None:
        records = announce_unsupported(records, lambda s, w: progress("warning", s, w))
    ingest_run.store_records(records)
