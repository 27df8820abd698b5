"""The Dask engine: extraction (and ingest) spread over the workers of a ``dask.distributed`` cluster.

>>> from newsgraph.engines import dask as engine
>>> client = engine.connect()                      # a LocalCluster, or connect("tcp://HOST:8786")
>>> records = list(engine.run(client, ["articles/"]))  # newsgraph/2 records, in input order
>>> engine.close(client)

How a run goes, module by module:

1. :mod:`~newsgraph.engines.dask.plan` (on the client) cuts the inputs into :class:`Partition`
   objects in input order.
2. :mod:`~newsgraph.engines.dask.task` (on a worker): one task per partition reads its documents,
   runs them through the spaCy pipeline and either returns the records, writes them as Parquet
   part files (:mod:`~newsgraph.engines.dask.parts`) or stores them (ingest into PostgreSQL).
3. :mod:`~newsgraph.engines.dask.run` (on the client) submits the tasks and collects their results
   with ``as_completed``; records are yielded in input order.

:mod:`~newsgraph.engines.dask.cluster` connects to a cluster (or starts a LocalCluster) and sets
its workers up; :mod:`~newsgraph.engines.dask.ingest` is ``newsgraph ingest --engine dask``.
See docs/scaling.md.
"""

from newsgraph.engines.dask.cluster import (
    PreloadPipeline,
    close,
    connect,
    default_workers,
    n_workers_of,
    tune_malloc,
)
from newsgraph.engines.dask.ingest import ingest
from newsgraph.engines.dask.parts import PART_TABLES, read_records, record_rows, write_part
from newsgraph.engines.dask.plan import (
    EngineError,
    FileItem,
    JsonlShard,
    Partition,
    Plan,
    partition_target,
    plan,
)
from newsgraph.engines.dask.run import RunSummary, run
from newsgraph.engines.dask.task import (
    PartitionResult,
    Processor,
    default_processor,
    read_partition,
    run_partition,
)

__all__ = [
    "PART_TABLES",
    "EngineError",
    "FileItem",
    "JsonlShard",
    "Partition",
    "PartitionResult",
    "Plan",
    "PreloadPipeline",
    "Processor",
    "RunSummary",
    "close",
    "connect",
    "default_processor",
    "default_workers",
    "ingest",
    "n_workers_of",
    "partition_target",
    "plan",
    "read_partition",
    "read_records",
    "record_rows",
    "run",
    "run_partition",
    "tune_malloc",
    "write_part",
]
