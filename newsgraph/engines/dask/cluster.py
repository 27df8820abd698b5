"""The cluster: connecting to one (or starting a LocalCluster), and setting its workers up.

Why Dask and not our own process pool: Dask's scheduler already does what a crawl-sized run needs
(work stealing, retrying the tasks of a worker that died, running across hosts with
``dask scheduler`` / ``dask worker``, dask-jobqueue and dask-kubernetes). newsgraph only decides how
inputs are cut into partitions and what a partition's task does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import platform
import warnings
from typing import Any

import dask
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from newsgraph.engines.dask.plan import EngineError

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def tune_malloc() -> bool:
    """Undo, in this process, the allocator setting Dask's nanny gives its workers.

    The nanny starts every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (so that freed memory goes
    back to the OS and Dask's memory monitor sees it). Setting that variable also turns off glibc's
    *dynamic* mmap threshold, so every allocation over 128 KiB (thinc's layer outputs, one per
    batch and layer) is a fresh ``mmap``, page-faulted and zeroed, then unmapped again: many
    times the page faults and a tenth of a worker's throughput (docs/scaling.md has the
    measurement).
    Raising both thresholds gives back glibc's default behaviour for spaCy-sized arrays; memory is
    still returned to the OS, in larger steps. Only glibc has ``mallopt`` with these meanings;
    elsewhere this does nothing and returns False.
    """
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
        # The spaCy pipeline: loaded on the workers only (this module is imported by the client).
        from newsgraph.nlp.pipeline import one_blas_thread, pipeline

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
    worker processes (``n_workers``, default: one per core). Close it with :func:`close`; the
    LocalCluster goes with it."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    else:
        cluster = _local_cluster(n_workers or default_workers())
        client = Client(cluster)
        client._newsgraph_cluster = cluster  # type: ignore[attr-defined]  # closed with the client
    if preload:
        client.register_plugin(PreloadPipeline())
    return client


def _local_cluster(n_workers: int) -> LocalCluster:
    with warnings.catch_warnings():
        # The scheduler's HTTP server falls back to a free port when 8787 is taken (another
        # cluster on this host): that is fine, and not worth a warning on every run.
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        # Dask's statistical profiler samples the task thread every 10 ms, competing with
        # spaCy for the GIL (a few per cent of a worker's throughput). Off for our own cluster
        # (docs/scaling.md says how to turn it off on a real one).
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            return LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )


def close(client: Client) -> None:
    cluster = getattr(client, "_newsgraph_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def n_workers_of(client: Client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))
