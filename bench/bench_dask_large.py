"""Dask engine: a simulated large ingest into PostgreSQL (issue #6).

N articles (default 10,000: the PolNeAR train+dev corpus repeated, each copy with a distinct id
and a distinct last line so that the content hashes differ) as JSONL through
``ingest --engine dask`` into a throwaway PostgreSQL cluster; sustained articles/s, peak memory,
and row counts checked exactly (articles = N, every table's rows = the sum of its per-article
counts, a rerun stores 0). ``NEWSGRAPH_BENCH_DASK_ARTICLES`` makes a smaller run; the section says
what it ran.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.bench_dask import (
    POLNEAR,
    _load,
    _make_corpus,
    _mb,
    _peak_rss,
    _texts,
    _worker_memory,
    throwaway_postgres,
)

TITLE = "Dask engine: a simulated large run into PostgreSQL (issue #6)"


def large_run(paths: list[str], n: int) -> str:
    from newsgraph.engines import dask as dd
    from newsgraph.store import Store

    work = Path(tempfile.mkdtemp(prefix="newsgraph-bench-dask-"))
    try:
        words = _make_corpus(paths, n, work)
        with throwaway_postgres() as url:
            client = dd.connect()
            try:
                workers = dd.n_workers_of(client)
                done: list[float] = []

                def progress(event: str, source: str, reason: str | None) -> None:
                    if event == "stored":
                        done.append(time.perf_counter())

                t0 = time.perf_counter()
                report = dd.ingest(client, [str(work)], url, progress=progress)
                took = time.perf_counter() - t0
                _, peaks = _worker_memory(client)
                t1 = time.perf_counter()
                rerun = dd.ingest(client, [str(work)], url)
                rerun_took = time.perf_counter() - t1
            finally:
                dd.close(client)
            client_peak = _peak_rss()
            with Store.open(url) as store:
                counts = store.counts()
                with store.engine.connect() as conn:
                    from sqlalchemy import text

                    sums = conn.execute(
                        text(
                            "SELECT COUNT(*), COUNT(DISTINCT content_hash), "
                            "COUNT(DISTINCT source), SUM(n_quotes), SUM(n_entities) FROM articles"
                        )
                    ).one()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Sustained rate: the middle 80% of the run (no start-up ramp, no tail).
    done.sort()
    lo, hi = int(len(done) * 0.1), int(len(done) * 0.9) - 1
    sustained = (hi - lo) / (done[hi] - done[lo]) if hi > lo and done[hi] > done[lo] else 0.0
    exact = (
        counts["articles"] == n == report.stored
        and sums[1] == n
        and sums[2] == n
        and counts["quotes"] == sums[3]
        and counts["entities"] == sums[4]
        and rerun.stored == 0
        and rerun.skipped == n
    )
    return "\n".join(
        [
            f"{n:,} articles ({words:,} words: the 924 PolNeAR train+dev texts repeated, each copy with "
            f"a distinct id and last line) as JSONL, `ingest --engine dask` into PostgreSQL "
            f"(throwaway cluster) with a LocalCluster of {workers} single-threaded workers "
            "(workers write, see docs/scaling.md).",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| wall time | {took:.0f} s |",
            f"| articles/s overall | {report.stored / took:.2f} |",
            f"| articles/s sustained (middle 80 %) | {sustained:.2f} |",
            f"| words/s overall | {words / took:,.0f} |",
            f"| peak RSS per worker | {', '.join(_mb(p) for p in peaks)} |",
            f"| peak RSS of the client (the bench process) | {_mb(client_peak)} |",
            f"| stored / skipped / failed | {report.stored} / {report.skipped} / "
            f"{len(report.failed)} |",
            f"| rerun: stored / skipped, time | {rerun.stored} / {rerun.skipped}, "
            f"{rerun_took:.0f} s |",
            "",
            "Row counts: "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
            + f". Distinct content hashes {sums[1]:,}, distinct sources {sums[2]:,}; "
            f"quotes = sum of per-article quote counts ({sums[3]:,}), entities = sum of "
            f"per-article entity counts ({sums[4]:,}). **Exact: {'yes' if exact else 'NO'}.**",
        ]
    )


def run() -> str:
    n_articles = int(os.environ.get("NEWSGRAPH_BENCH_DASK_ARTICLES") or 10_000)
    paths = _texts(None)
    if not paths:
        return f"Skipped: {POLNEAR} not found (shared evaluation data)."
    load_before = _load()
    body = large_run(paths, n_articles)
    note = (
        f"**Reduced run** (NEWSGRAPH_BENCH_DASK_ARTICLES={n_articles}; the default is 10,000)."
        if n_articles != 10_000
        else "Full size."
    )
    return "\n".join(
        [
            note + f" Load average (1/5/15 min; 2 cores) {load_before} before, {_load()} after.",
            "",
            body,
        ]
    )
