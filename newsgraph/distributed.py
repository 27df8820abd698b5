"""The Dask engine: extraction (and ingest) spread over the workers of a ``dask.distributed`` cluster.

Why Dask and not our own process pool: Dask's scheduler already does what a crawl-sized run needs
(work stealing, retrying the tasks of a worker that died, running across hosts with
``dask scheduler`` / ``dask worker``, dask-jobqueue and dask-kubernetes). newsgraph only decides how
inputs are cut into partitions and what a partition's task does.

How a run goes:

1. :func:`plan` (on the client) expands the inputs exactly like the local engine
   (:func:`newsgraph.ingest.sources.expand_paths`) and cuts them into :class:`Partition` objects in
   input order: small files are grouped up to a target size, a large JSONL file is split on line
   boundaries into byte-range shards. Inputs that cannot be found are reported right away.
2. One task per partition (:func:`run_partition`, on a worker) reads its documents, runs them
   through the spaCy pipeline (loaded once per worker process: :class:`PreloadPipeline` warms it,
   :func:`newsgraph.pipeline.pipeline` is cached per process) and either returns the records or,
   with an output directory, writes them as Parquet files (one file per partition and
   table, each written to a temporary name and renamed, so a retried task never leaves a half
   file) and returns only counts. Unreadable inputs come back as ``(source, reason)`` pairs and are
   reported like the local engine reports them.
3. The client collects the results with ``as_completed``; records are yielded in input order.

A worker that dies mid-partition loses nothing: the task had not returned, so the scheduler runs it
again on another worker; its result is only taken once (one future per partition) and its Parquet
files are replaced atomically by the identical files of the retry.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, expand_paths
from newsgraph.model import Record

if TYPE_CHECKING:
    import pyarrow as pa
    from distributed import Client

# A processor turns a partition's documents into records, in order. The default runs the shared
# spaCy pipeline; tests pass a wrapper around it (e.g. one that stalls so a worker can be killed).
Processor = Callable[[list[Document]], Iterable[Record]]

# Partitions are kept small (64 KiB of text is ~10,000 words, a few seconds of work): a task
# holds all of its partition's Docs and records until it returns them, and with 8 partitions per
# worker (130-260 KiB each on the PolNeAR corpus) that churn cost a worker 1.2-1.6 s of system
# time (page faults) on the 84 PolNeAR dev texts, against 0.33 s for the local engine and for
# 16 KiB partitions. Per-task overhead stays far below a second.
MIN_PARTITION_BYTES = 32 * 1024
MAX_PARTITION_BYTES = 1024 * 1024
PARTITIONS_PER_WORKER = 32
TABLES = ("articles", "paragraphs", "entities", "mentions", "quotes", "dates")
SUCCESS = "_SUCCESS"  # written last, as Hadoop/Spark do: the output directory is complete


class EngineError(RuntimeError):
    """The Dask engine cannot run (no cluster at the given address, stdin as input...)."""


# ----------------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class FileItem:
    """A whole input file (text, HTML, JSONL, or any format ``iter_documents`` reads)."""

    path: str
    size: int


@dataclass(frozen=True)
class JsonlShard:
    """Bytes ``[start, end)`` of a JSONL file; its first line is line ``first_line`` of the file."""

    path: str
    start: int
    end: int
    first_line: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Partition:
    """The unit of work of one Dask task: some files or JSONL shards, in input order."""

    index: int
    items: tuple[FileItem | JsonlShard, ...]

    @property
    def size(self) -> int:
        return sum(item.size for item in self.items)


@dataclass
class Plan:
    partitions: list[Partition]
    errors: list[InputError] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(p.size for p in self.partitions)


def partition_target(total_bytes: int, n_workers: int) -> int:
    """Bytes per partition: a few partitions per worker (load balance), within sane bounds."""
    share = total_bytes // max(1, n_workers * PARTITIONS_PER_WORKER)
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, share))


def _jsonl_shards(path: str, size: int, target: int) -> list[JsonlShard]:
    """Cut a JSONL file into byte ranges of about ``target`` bytes that end at line ends."""
    shards: list[JsonlShard] = []
    start, line = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            end = start + target
            if end >= size:
                end = size
            else:
                fh.seek(end - 1)
                fh.readline()  # to the end of the line holding byte end-1
                end = fh.tell()
            fh.seek(start)
            newlines = fh.read(end - start).count(b"\n")
            shards.append(JsonlShard(path, start, end, line))
            line += newlines
            start = end
    return shards


def plan(paths: list[str], *, n_workers: int = 1, partition_bytes: int | None = None) -> Plan:
    """Partitions for ``paths`` (as ``newsgraph extract`` expands them), in input order."""
    if "-" in paths:
        raise EngineError("--engine dask reads files and directories, not '-' (stdin)")
    files: list[tuple[str, int]] = []
    errors: list[InputError] = []
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        try:
            files.append((item, Path(item).stat().st_size))
        except OSError as exc:
            errors.append(InputError(item, exc.strerror or str(exc)))
    target = partition_bytes or partition_target(sum(s for _, s in files), n_workers)
    partitions: list[Partition] = []
    current: list[FileItem | JsonlShard] = []
    current_size = 0

    def flush() -> None:
        nonlocal current, current_size
        if current:
            partitions.append(Partition(len(partitions), tuple(current)))
        current, current_size = [], 0

    for path, size in files:
        if path.lower().endswith(".jsonl") and size > target:
            flush()
            for shard in _jsonl_shards(path, size, target):
                partitions.append(Partition(len(partitions), (shard,)))
            continue
        if current and current_size + size > target:
            flush()
        current.append(FileItem(path, size))
        current_size += size
    flush()
    return Plan(partitions, errors)


# ----------------------------------------------------------------------------------- on a worker
def _read_shard(
    shard: JsonlShard, published: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    from newsgraph.ingest.decode import decode_bytes
    from newsgraph.ingest.sources import documents_from_jsonl

    where = f"{shard.path}:{shard.first_line}"
    if shard.size > max_bytes:
        yield InputError(where, f"JSONL line is over the --max-bytes limit of {max_bytes}")
        return
    try:
        with open(shard.path, "rb") as fh:
            fh.seek(shard.start)
            data = fh.read(shard.size)
        text, _warnings = decode_bytes(data, where)
    except OSError as exc:
        yield InputError(where, exc.strerror or str(exc))
        return
    except InputError as err:
        yield err
        return
    # documents_from_jsonl numbers lines from 1: shift them to the line numbers of the file.
    offset = shard.first_line - 1
    for item in documents_from_jsonl(text, shard.path, published):
        source = item.source
        head, _, lineno = source.rpartition(":")
        if head == shard.path and lineno.isdigit():
            source = f"{head}:{int(lineno) + offset}"
        if isinstance(item, InputError):
            yield InputError(source, item.reason)
        else:
            item.source = source
            yield item


def read_partition(
    partition: Partition, *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """The partition's documents (or input errors) in order, read as the local engine reads them."""
    from newsgraph.ingest.sources import iter_documents

    for item in partition.items:
        if isinstance(item, JsonlShard):
            yield from _read_shard(item, published, max_bytes)
        else:
            yield from iter_documents([item.path], published=published, max_bytes=max_bytes)


def default_processor(documents: list[Document], batch_size: int = 16) -> Iterator[Record]:
    """Run ``documents`` through this process's (cached) newsgraph pipeline."""
    from newsgraph.pipeline import pipeline, process

    return process(documents, pipeline(), batch_size=batch_size)


@dataclass
class PartitionResult:
    """What a task sends back: records unless they were written to Parquet or a store."""

    index: int
    errors: list[tuple[str, str]]
    # The Record objects themselves (pickled by Dask): built and validated on the worker. Sending
    # dicts and validating them again on the client cost it 5.4 ms per article, CPU taken from
    # the workers when they share the client's machine (unpickling a Record: 1.6 ms).
    records: list[Record] | None
    articles: int
    words: int
    written: dict[str, int] = field(default_factory=dict)
    stored: int = 0
    skipped: int = 0
    worker_pid: int = 0


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
    documents: list[Document] = []
    errors: list[tuple[str, str]] = []
    skipped = 0
    items: Iterable[Document | InputError] = read_partition(
        partition, published=published, max_bytes=max_bytes
    )
    if from_metadata:
        from newsgraph.ingest.metadata import apply_metadata

        items = apply_metadata(items)
    store = _worker_store(db) if db is not None else None
    for item in items:
        if isinstance(item, InputError):
            errors.append((item.source, item.reason))
        elif known is not None or store is not None:
            from newsgraph.store import content_hash

            hash_ = content_hash(item.text)
            if (known is not None and hash_ in known) or (store is not None and store.has(hash_)):
                skipped += 1
            else:
                documents.append(item)
        else:
            documents.append(item)
    if processor is None:
        records = list(default_processor(documents, batch_size))
    else:
        records = list(processor(documents))
    words = sum(len(d.text.split()) for d in documents)
    result = PartitionResult(
        partition.index, errors, None, len(records), words, worker_pid=os.getpid()
    )
    result.skipped = skipped
    if output is not None:
        result.written = write_parquet(records, output, partition.index)
    elif store is not None:
        for record in records:
            try:
                stored = _add_with_retry(store, record)
            except Exception as exc:  # one bad record never stops the run (as in Store.ingest)
                result.errors.append((record.source or "-", f"store error: {exc}"))
                continue
            result.stored += stored
            result.skipped += not stored
        store.refresh_names()
    else:
        result.records = records
    return result


_STORES: dict[str, Any] = {}
PG_WRITE_LOCK = 0x6E657773  # "news": the advisory lock that serialises newsgraph's PG writers


def _worker_store(db: str) -> Any:
    """The store a worker process writes to (opened once per process).

    PostgreSQL: every transaction of this store takes one advisory lock first. Extraction runs in
    parallel; the writes themselves are serialised, because the corpus-level entity merge decides
    from what is committed (two workers each adding a different "Smith" must not each link a lone
    "Smith" to their own). Each article is still one transaction, so a worker killed mid-write
    leaves nothing half-written.
    """
    store = _STORES.get(db)
    if store is None:
        from sqlalchemy import event

        from newsgraph.store import Store

        store = Store.open(db)
        if store.dialect == "postgresql":

            @event.listens_for(store.engine, "begin")
            def _serialise(conn: Any) -> None:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

        _STORES[db] = store
    return store


def _add_with_retry(store: Any, record: Record, attempts: int = 3) -> bool:
    """``store.add`` that retries a unique-key race with another writer (then it is a skip)."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    for attempt in range(attempts):
        try:
            return bool(store.add(record))
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise
    return False


# ----------------------------------------------------------------------------------- Parquet
def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    key = [("source", pa.string()), ("article_id", pa.string())]
    span = [("start", pa.int64()), ("end", pa.int64())]
    return {
        "articles": pa.schema(
            [
                ("partition", pa.int64()),
                ("position", pa.int64()),
                *key,
                ("url", pa.string()),
                ("title", pa.string()),
                ("published", pa.string()),
                ("authors", pa.list_(pa.string())),
                ("language", pa.string()),
                ("text", pa.string()),
                ("warnings", pa.list_(pa.string())),
                ("record", pa.string()),
            ]
        ),
        "paragraphs": pa.schema([*key, *span, ("role", pa.string())]),
        "entities": pa.schema(
            [
                *key,
                ("entity_id", pa.string()),
                ("name", pa.string()),
                ("type", pa.string()),
                ("aliases", pa.list_(pa.string())),
            ]
        ),
        "mentions": pa.schema(
            [*key, ("entity_id", pa.string()), *span, ("text", pa.string()), ("role", pa.string())]
        ),
        "quotes": pa.schema(
            [
                *key,
                ("quote_id", pa.string()),
                ("kind", pa.string()),
                *span,
                ("text", pa.string()),
                ("verbatim", pa.list_(pa.struct(span))),
                ("cue_start", pa.int64()),
                ("cue_end", pa.int64()),
                ("cue_text", pa.string()),
                ("speaker_start", pa.int64()),
                ("speaker_end", pa.int64()),
                ("speaker_text", pa.string()),
                ("speaker_entity", pa.string()),
                ("speaker_name", pa.string()),
            ]
        ),
        "dates": pa.schema([*key, *span, ("text", pa.string()), ("value", pa.string())]),
    }


def table_rows(record: Record, partition: int = 0, position: int = 0) -> dict[str, list[dict]]:
    """The rows one record contributes to each Parquet table (see docs/scaling.md)."""
    a = record.article
    key = {"source": record.source, "article_id": a.id}
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["articles"].append(
        {
            "partition": partition,
            "position": position,
            **key,
            "url": a.url,
            "title": a.title,
            "published": a.published,
            "authors": a.authors,
            "language": a.language,
            "text": a.text,
            "warnings": record.warnings,
            "record": record.to_json(),
        }
    )
    rows["paragraphs"] = [{**key, **p.model_dump()} for p in record.paragraphs]
    for e in record.entities:
        rows["entities"].append(
            {**key, "entity_id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases}
        )
        rows["mentions"].extend({**key, "entity_id": e.id, **m.model_dump()} for m in e.mentions)
    for q in record.quotes:
        rows["quotes"].append(
            {
                **key,
                "quote_id": q.id,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "verbatim": [v.model_dump() for v in q.verbatim],
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
                "cue_text": q.cue.text if q.cue else None,
                "speaker_start": q.speaker.start if q.speaker else None,
                "speaker_end": q.speaker.end if q.speaker else None,
                "speaker_text": q.speaker.text if q.speaker else None,
                "speaker_entity": q.speaker.entity if q.speaker else None,
                "speaker_name": q.speaker.name if q.speaker else None,
            }
        )
    rows["dates"] = [{**key, **d.model_dump()} for d in record.dates]
    return rows


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def write_parquet(records: list[Record], output: str, index: int) -> dict[str, int]:
    """Write one partition's records as ``OUTPUT/TABLE/part-NNNNNN.parquet``, each file atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for position, record in enumerate(records):
        for name, table_rows_ in table_rows(record, index, position).items():
            rows[name].extend(table_rows_)
    schemas = _schemas()
    counts: dict[str, int] = {}
    for name in TABLES:
        directory = Path(output) / name
        directory.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows[name], schema=schemas[name])
        final = directory / part_name(index)
        # Temp name in the same directory (same filesystem: rename is atomic), dot-prefixed so
        # Parquet readers (pyarrow, DuckDB, Spark) ignore it while it is being written.
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=directory)
        os.close(fd)
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        counts[name] = table.num_rows
    return counts


def read_records(output: str) -> list[Record]:
    """The records of an ``--output`` directory, in input order (from the ``articles`` table)."""
    import pyarrow.parquet as pq

    table = pq.read_table(Path(output) / "articles", columns=["partition", "position", "record"])
    rows = sorted(
        zip(
            *(table.column(c).to_pylist() for c in ("partition", "position", "record")), strict=True
        )
    )
    return [Record.model_validate_json(r) for _, _, r in rows]


# ----------------------------------------------------------------------------------- the cluster
# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def tune_malloc() -> bool:
    """Undo, in this process, the allocator setting Dask's nanny gives its workers.

    The nanny starts every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (so that freed memory goes
    back to the OS and Dask's memory monitor sees it). Setting that variable also turns off glibc's
    *dynamic* mmap threshold, so every allocation over 128 KiB (thinc's layer outputs, one per
    batch and layer) is a fresh ``mmap``, page-faulted and zeroed, then unmapped again: here 15x
    the page faults and ~11% of a worker's throughput (measured on 60 PolNeAR texts, one process:
    3,968 words/s without the variable, 3,523 with it, 3,994 with it and this function).
    Raising both thresholds gives back glibc's default behaviour for spaCy-sized arrays; memory is
    still returned to the OS, in larger steps. Only glibc has ``mallopt`` with these meanings;
    elsewhere this does nothing and returns False.
    """
    import ctypes
    import ctypes.util
    import platform

    if platform.libc_ver()[0] != "glibc":
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    return bool(
        libc.mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
        and libc.mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)
    )


class PreloadPipeline(WorkerPlugin):
    """Dask worker plugin: when a worker starts, set its allocator up for spaCy
    (:func:`tune_malloc`), keep its BLAS to one thread and load the spaCy pipeline, once per
    process."""

    name = "newsgraph-pipeline"

    def setup(self, worker: Any) -> None:
        from newsgraph.pipeline import one_blas_thread, pipeline

        tune_malloc()
        # Single-threaded workers (as the nanny's OPENBLAS_NUM_THREADS=1 asks, made sure of here
        # for workers started without it).
        one_blas_thread()
        pipeline()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def connect(
    scheduler: str | None = None, n_workers: int | None = None, *, preload: bool = True
) -> Client:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster of single-threaded
    worker processes (``n_workers``, default: one per core). Close it with ``client.close()``;
    the LocalCluster goes with it."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    else:
        with warnings.catch_warnings():
            # The scheduler's HTTP server falls back to a free port when 8787 is taken (another
            # cluster on this host): that is fine, and not worth a warning on every run.
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            # Dask's statistical profiler samples the task thread every 10 ms, competing with
            # spaCy for the GIL: about 3% of a worker's throughput here. Off for our own cluster
            # (docs/scaling.md says how to turn it off on a real one).
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = LocalCluster(
                    n_workers=n_workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
        client = Client(cluster)
        client._newsgraph_cluster = cluster  # type: ignore[attr-defined]  # closed with the client
    if preload:
        client.register_plugin(PreloadPipeline())
    return client


def close(client: Client) -> None:
    cluster = getattr(client, "_newsgraph_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def n_workers_of(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


@dataclass
class RunSummary:
    articles: int = 0
    words: int = 0
    partitions: int = 0
    errors: list[InputError] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    stored: int = 0
    skipped: int = 0


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
    from distributed import as_completed

    summary = summary if summary is not None else RunSummary()
    the_plan = planned or plan(
        paths, n_workers=n_workers_of(client), partition_bytes=partition_bytes
    )

    def report(err: InputError) -> None:
        summary.errors.append(err)
        if on_error is not None:
            on_error(err)

    for err in the_plan.errors:
        report(err)
    summary.partitions = len(the_plan.partitions)
    if output is not None:
        _clear_output(Path(output))
    futures = [
        client.submit(
            run_partition,
            partition,
            published=published,
            max_bytes=max_bytes,
            batch_size=batch_size,
            output=output,
            db=db,
            known=known,
            from_metadata=from_metadata,
            processor=processor,
            key=f"newsgraph-partition-{partition.index}-{os.getpid()}-{id(the_plan)}",
            pure=False,
        )
        for partition in the_plan.partitions
    ]
    by_key = {f.key: p for f, p in zip(futures, the_plan.partitions, strict=True)}
    pending: dict[int, PartitionResult] = {}
    next_index = 0
    try:
        for future in as_completed(futures):
            try:
                result: PartitionResult = future.result()
            except Exception as exc:
                # The task failed for good (an exception, or its workers kept dying: Dask's
                # KilledWorker). Its inputs are reported as failed; the rest of the run goes on.
                result = _failed(by_key[future.key], exc)
            future.release()
            summary.articles += result.articles
            summary.words += result.words
            summary.stored += result.stored
            summary.skipped += result.skipped
            for name, count in result.written.items():
                summary.written[name] = summary.written.get(name, 0) + count
            for source, reason in result.errors:
                report(InputError(source, reason))
            if on_partition is not None:
                on_partition(result)
            if not ordered:
                yield from result.records or []
                continue
            pending[result.index] = result
            while next_index in pending:
                done = pending.pop(next_index)
                next_index += 1
                yield from done.records or []
        if output is not None:
            (Path(output) / SUCCESS).write_text(
                json.dumps({"partitions": summary.partitions, "articles": summary.articles}) + "\n",
                encoding="utf-8",
            )
    finally:
        client.cancel([f for f in futures if not f.done()])


def _failed(partition: Partition, exc: BaseException) -> PartitionResult:
    reason = f"extraction failed: {type(exc).__name__}: {exc}"
    errors = [
        (item.path if isinstance(item, FileItem) else f"{item.path}:{item.first_line}", reason)
        for item in partition.items
    ]
    return PartitionResult(partition.index, errors, [], 0, 0)


def _clear_output(output: Path) -> None:
    """An output directory holds one run: drop the part files (and marker) of an earlier run,
    which could have had more partitions than this one."""
    output.mkdir(parents=True, exist_ok=True)
    (output / SUCCESS).unlink(missing_ok=True)
    for name in TABLES:
        for old in (output / name).glob("part-*.parquet"):
            old.unlink()


def ingest(
    client: Client,
    paths: list[str],
    db: str | None = None,
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    from_metadata: bool = False,
    progress: Callable[[str, str, str | None], None] | None = None,
    partition_bytes: int | None = None,
    processor: Processor | None = None,
) -> Any:
    """``newsgraph ingest --engine dask``: extract ``paths`` on the cluster into the store ``db``.

    Same guarantees as :meth:`newsgraph.store.Store.ingest`: texts already stored are skipped
    before spaCy runs, each article is written in one transaction, a rerun adds nothing.

    * SQLite (and any store the workers cannot share): only this client writes. Workers get the
      stored content hashes (broadcast once) and return records; the client writes them in input
      order, so the store is the one the local ingest builds (same ids).
    * PostgreSQL: workers write themselves (see :func:`_worker_store`); only counts come back.

    ``progress(event, source, reason)`` is called with ``"stored"``, ``"skipped"`` or ``"failed"``.
    Returns a :class:`newsgraph.store.IngestReport`.
    """
    import time

    from newsgraph.store import IngestReport, Store

    started = time.perf_counter()
    report = IngestReport()
    summary = RunSummary()

    def tick(event: str, source: str = "", reason: str | None = None) -> None:
        if progress is not None:
            progress(event, source, reason)

    def on_error(err: InputError) -> None:
        report.failed.append((err.source, err.reason))
        tick("failed", err.source, err.reason)

    store = Store.open(db)
    try:
        common: dict[str, Any] = {
            "published": published,
            "max_bytes": max_bytes,
            "batch_size": batch_size,
            "from_metadata": from_metadata,
            "processor": processor,
            "partition_bytes": partition_bytes,
            "on_error": on_error,
            "summary": summary,
        }
        if store.dialect == "postgresql":

            def on_partition(result: PartitionResult) -> None:
                for _ in range(result.stored):
                    tick("stored")
                for _ in range(result.skipped):
                    tick("skipped")

            url = db if db is not None else os.environ.get("NEWSGRAPH_DB")
            for _ in run(client, paths, db=url, on_partition=on_partition, **common):
                pass  # workers wrote the records; nothing comes back
            report.stored, report.skipped, report.words = (
                summary.stored,
                summary.skipped,
                summary.words,
            )
        else:
            from sqlalchemy import text

            with store.engine.connect() as conn:
                hashes = frozenset(
                    conn.execute(text("SELECT content_hash FROM articles")).scalars()
                )
            known = client.scatter(hashes, broadcast=True) if hashes else None

            def on_skips(result: PartitionResult) -> None:
                report.skipped += result.skipped
                for _ in range(result.skipped):
                    tick("skipped")

            for n, record in enumerate(
                run(client, paths, known=known, on_partition=on_skips, **common), 1
            ):
                try:
                    stored = store.add(record)
                except Exception as exc:  # one bad record never stops the run
                    on_error(InputError(record.source or "-", f"store error: {exc}"))
                    continue
                if stored:
                    report.stored += 1
                    report.words += len(record.article.text.split())
                    tick("stored", record.source or "-")
                else:
                    report.skipped += 1
                    tick("skipped", record.source or "-")
                if n % 200 == 0:
                    store.refresh_names()
        store.finish_ingest(report.stored)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report
