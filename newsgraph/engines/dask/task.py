"""One task of a Dask run, on a worker: a partition read, extracted, and its records returned,
written as Parquet part files, or stored.

The worker reads its partition's documents as the local engine reads them, skips texts already
stored (the client's broadcast content hashes, or the worker's own store), runs the rest through
the spaCy pipeline (loaded once per worker process: the ``PreloadPipeline`` plugin of
:mod:`newsgraph.engines.dask.cluster` warms it, :func:`newsgraph.nlp.pipeline.pipeline` is cached per
process) and sends back a :class:`PartitionResult`. Unreadable inputs come back as
``(source, reason)`` pairs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError

from newsgraph.engines.dask.parts import write_part
from newsgraph.engines.dask.plan import JsonlShard, Partition
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.jsonl import documents_from_file
from newsgraph.ingest.metadata import apply_metadata
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, iter_documents
from newsgraph.model import Record
from newsgraph.store import IngestRun, Store, content_hash
from newsgraph.store.write import word_count

# A processor turns a partition's documents into records, in order. The default runs the shared
# spaCy pipeline; tests pass a wrapper around it (e.g. one that stalls so a worker can be killed).
Processor = Callable[[list[Document]], Iterable[Record]]


def _read_shard(
    shard: JsonlShard, published: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    """The records of the shard's lines, streamed as the local engine streams a JSONL file
    (``--max-bytes`` guards each line: one over it is one error, named ``FILE:LINE``)."""
    return documents_from_file(
        shard.path,
        published,
        max_bytes,
        start=shard.start,
        end=shard.end,
        first_line=shard.first_line,
    )


def read_partition(
    partition: Partition, *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """The partition's documents (or input errors) in order, read as the local engine reads them."""
    for item in partition.items:
        if isinstance(item, JsonlShard):
            yield from _read_shard(item, published, max_bytes)
        else:
            yield from iter_documents([item.path], published=published, max_bytes=max_bytes)


def default_processor(documents: list[Document], batch_size: int = 16) -> Iterator[Record]:
    """Run ``documents`` through this process's (cached) newsgraph pipeline."""
    # The spaCy pipeline: loaded on the workers; the client imports this module to submit tasks.
    from newsgraph.nlp.pipeline import pipeline, process

    return process(documents, pipeline(), batch_size=batch_size)


@dataclass
class PartitionResult:
    """What a task sends back: records unless they were written to Parquet or a store."""

    index: int
    errors: list[tuple[str, str]]
    # The Record objects themselves (pickled by Dask): built and validated on the worker. Sending
    # dicts and validating them again on the client cost the client CPU the workers need when
    # they share its machine (unpickling a Record is cheaper; docs/scaling.md has the figures).
    records: list[Record] | None
    articles: int
    words: int
    written: dict[str, int] = field(default_factory=dict)
    stored: int = 0
    skipped: int = 0
    worker_pid: int = 0
    stored_words: int = 0  # the words of the articles the worker stored (PostgreSQL)


def run_partition(
    partition: Partition,
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    output: str | None = None,
    db: str | None = None,
    known: frozenset[str] | None = None,
    from_metadata: bool = False,
    processor: Processor | None = None,
) -> PartitionResult:
    """The task: extract a partition; return its records, or write them to ``output`` or ``db``.

    ``known``: content hashes already stored (skipped before spaCy runs); with ``db`` the worker
    asks the store itself. ``from_metadata``: ``--published-from-metadata`` of ``ingest``.
    """
    store = _worker_store(db) if db is not None else None
    items = read_partition(partition, published=published, max_bytes=max_bytes)
    if from_metadata:
        items = apply_metadata(items)
    documents, errors, skipped = _to_extract(items, known, store)
    if processor is None:
        records = list(default_processor(documents, batch_size))
    else:
        records = list(processor(documents))
    words = sum(word_count(d.text) for d in documents)
    result = PartitionResult(
        partition.index, errors, None, len(records), words, worker_pid=os.getpid()
    )
    result.skipped = skipped
    if output is not None:
        result.written = write_part(records, output, partition.index)
    elif store is not None:
        _store_here(store, records, result)
    else:
        result.records = records
    return result


def _to_extract(
    items: Iterable[Document | InputError], known: frozenset[str] | None, store: Store | None
) -> tuple[list[Document], list[tuple[str, str]], int]:
    """The documents to extract, the input errors, and how many texts are stored already (in
    ``known``, or in the ``store`` the worker writes to)."""
    documents: list[Document] = []
    errors: list[tuple[str, str]] = []
    skipped = 0
    for item in items:
        if isinstance(item, InputError):
            errors.append((item.source, item.reason))
        elif known is not None or store is not None:
            hash_ = content_hash(item.text)
            if (known is not None and hash_ in known) or (store is not None and store.has(hash_)):
                skipped += 1
            else:
                documents.append(item)
        else:
            documents.append(item)
    return documents, errors, skipped


def _store_here(store: Store, records: list[Record], result: PartitionResult) -> None:
    """PostgreSQL: the worker stores its partition's records itself; only counts go back."""
    run = IngestRun(store)
    run.store_records(
        records, add=lambda record: _add_with_retry(store, record), refresh_every=None
    )
    store.refresh_names()
    result.errors.extend(run.report.failed)
    result.stored = run.report.stored
    result.stored_words = run.report.words
    result.skipped += run.report.skipped


_STORES: dict[str, Store] = {}
PG_WRITE_LOCK = 0x6E657773  # "news": the advisory lock that serialises newsgraph's PG writers


def _worker_store(db: str) -> Store:
    """The store a worker process writes to (opened once per process).

    PostgreSQL: every transaction of this store takes one advisory lock first. Extraction runs in
    parallel; the writes themselves are serialised, because the corpus-level entity merge decides
    from what is committed (two workers each adding a different "Smith" must not each link a lone
    "Smith" to their own). Each article is still one transaction, so a worker killed mid-write
    leaves nothing half-written.
    """
    store = _STORES.get(db)
    if store is None:
        store = Store.open(db)
        if store.dialect == "postgresql":

            @event.listens_for(store.engine, "begin")
            def _serialise(conn: Any) -> None:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

        _STORES[db] = store
    return store


def _add_with_retry(store: Store, record: Record, attempts: int = 3) -> bool:
    """``store.add`` that retries a unique-key race with another writer (then it is a skip)."""
    for attempt in range(attempts):
        try:
            return bool(store.add(record))
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise
    return False
