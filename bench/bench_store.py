"""Corpus store: ingest rate into SQLite and PostgreSQL, and query latency.

Ingest: the PolNeAR train+dev texts (924) through ``newsgraph.engines.local.ingest`` (the code path of
``newsgraph ingest``, dates from metadata.tsv) at ``--workers`` 1 and 2, into a fresh SQLite file
and a fresh database on a throwaway PostgreSQL cluster. Time spent inside ``Store.add`` is
measured apart from the whole, to show where time goes (spaCy or the store). Query latency: each
query of the CLI/API, median of 5 runs, on the SQLite store just built.

``NEWSGRAPH_BENCH_STORE_N=K`` limits the run to the first K texts (the whole run is long on a
shared 2-core machine); the section says how many were used.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TITLE = "Corpus store: ingest rate and query latency"
ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


def _files() -> list[str]:
    files = sorted((POLNEAR / "dev" / "text").glob("*.txt")) + sorted(
        (POLNEAR / "train" / "text").glob("*.txt")
    )
    limit = int(os.environ.get("NEWSGRAPH_BENCH_STORE_N", "0") or 0)
    return [str(f) for f in (files[:limit] if limit else files)]


def _postgres() -> tuple[str, Any]:
    """A throwaway cluster, started as tests/store/conftest.py does; returns (url, stop)."""
    from tests.store.conftest import postgres_cluster

    cluster = postgres_cluster()
    return cluster.__enter__(), lambda: cluster.__exit__(None, None, None)


def _ingest(url: str, files: list[str], workers: int) -> dict[str, float]:
    from newsgraph.engines import local as local_engine
    from newsgraph.nlp.pipeline import pipeline
    from newsgraph.store import Store

    nlp = pipeline()
    with Store.open(url) as store:
        spent = [0.0]
        add = store.add

        def timed_add(record: Any) -> bool:
            t0 = time.perf_counter()
            try:
                return add(record)
            finally:
                spent[0] += time.perf_counter() - t0

        store.add = timed_add  # type: ignore[method-assign]
        busy0, ours0 = _machine_busy(), _our_cpu()
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        report = local_engine.ingest(store, files, from_metadata=True, workers=workers, nlp=nlp)
        total = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        # CPU the rest of the machine used meanwhile (other jobs; the PostgreSQL server too)
        other = (_machine_busy() - busy0) - (_our_cpu() - ours0)
    return {
        "stored": report.stored,
        "failed": len(report.failed),
        "seconds": total,
        "store_seconds": spent[0],
        "words": report.words,
        # CPU of this (the writing) process alone; with workers > 1 spaCy runs in the others
        "main_cpu": (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime),
        "other": max(0.0, other) / (total * (os.cpu_count() or 1)),
    }


def _machine_busy() -> float:
    """CPU seconds all processes of the machine have used (``/proc/stat``), 0 elsewhere."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _our_cpu() -> float:
    """CPU seconds of this process and its reaped children (the pool's workers, once joined)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _latency(url: str) -> list[tuple[str, float, int]]:
    from newsgraph.store import Store

    out = []
    with Store.open(url) as store:
        top = store.entities(top=1)[0]
        queries = [
            ("entities --top 20", lambda: store.entities(top=20)),
            ("entities --type ORG", lambda: store.entities(type="ORG")),
            (f"entity {top.id}", lambda: store.entity(top.id, limit=20)),
            ("quotes (newest 50)", lambda: store.quotes()),
            (f"quotes --speaker {top.id}", lambda: store.quotes(speaker=top.id)),
            ("quotes --about 'election'", lambda: store.quotes(about="election")),
            (f"quotes --mentions {top.id}", lambda: store.quotes(mentions=top.id)),
            ("quotes --since 2016-10-01", lambda: store.quotes(since="2016-10-01")),
            ("articles --q debate", lambda: store.articles(q="debate")),
            ("export graph (store.graph)", lambda: store.graph()),
        ]
        for name, run in queries:
            times = []
            n = 0
            for _ in range(5):
                t0 = time.perf_counter()
                result = run()
                times.append(time.perf_counter() - t0)
                n = len(result) if isinstance(result, list) else 1
            out.append((name, statistics.median(times) * 1000, n))
    return out


def _latency_in_fresh_process(url: str) -> list[tuple[str, float, int]]:
    """:func:`_latency` in a new interpreter that has only opened the store, as a ``newsgraph``
    query command or the web server has: this process has run the ingests (and holds their
    objects), which makes every garbage collection during a query slower than a user's."""
    import json
    import subprocess
    import sys

    code = "import json, sys; from bench import bench_store as b; print(json.dumps(b._latency(sys.argv[1])))"
    done = subprocess.run(
        [sys.executable, "-c", code, url],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]  # type: ignore[misc]


def run() -> str:
    files = _files()
    if not files:
        return "PolNeAR texts not found (../shared/eval/polnear); nothing measured."
    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    pg_server, stop = _postgres()
    rows = []
    sqlite_db = None
    try:
        import psycopg

        for backend in ("sqlite", "postgresql"):
            for workers in (1, 2):
                if backend == "sqlite":
                    url = str(tmp / f"w{workers}.db")
                    if workers == 2:
                        sqlite_db = url
                else:
                    name = f"bench_w{workers}"
                    with psycopg.connect(pg_server, autocommit=True) as conn:
                        conn.execute(f"CREATE DATABASE {name}")
                    url = pg_server.rsplit("/", 1)[0] + "/" + name
                r = _ingest(url, files, workers)
                rows.append((backend, workers, r))
        latency = _latency_in_fresh_process(sqlite_db or str(tmp / "w1.db"))
        pg_latency = _latency_in_fresh_process(pg_server.rsplit("/", 1)[0] + "/bench_w2")
    finally:
        stop()
    lines = [
        f"{len(files)} PolNeAR texts (train+dev{'' if len(files) >= 924 else ', first ' + str(len(files))}), "
        "`newsgraph.engines.local.ingest` as `newsgraph ingest --published-from-metadata` runs it, each run into a "
        "fresh store. *Writer CPU* is the CPU time of the process that writes (with 2 workers, "
        "spaCy runs in the other two); *other CPU* is the share of the machine's CPU that other "
        "processes used during the run (other jobs, and the PostgreSQL server for its rows).",
        "",
        "| backend | workers | stored | articles/s | words/s | total s | in Store.add s | "
        "store ms/article | writer CPU ms/article | other CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, workers, r in rows:
        lines.append(
            f"| {backend} | {workers} | {int(r['stored'])} | {r['stored'] / r['seconds']:.1f} | "
            f"{r['words'] / r['seconds']:.0f} | {r['seconds']:.1f} | {r['store_seconds']:.1f} | "
            f"{1000 * r['store_seconds'] / max(r['stored'], 1):.1f} | "
            f"{1000 * r['main_cpu'] / max(r['stored'], 1):.0f} | {r['other']:.0%} |"
        )
    sqlite2 = next((r for b, w, r in rows if b == "sqlite" and w == 2), None)
    if sqlite2:
        rate = sqlite2["stored"] / sqlite2["seconds"]
        lines += [
            "",
            f"SQLite at 2 workers: **{rate:.1f} articles/s** (target ≥ 10 "
            f"{'✓' if rate >= 10 else '✗'}).",
        ]
    lines += [
        "",
        "Query latency (median of 5, ms) on the stores built above, measured in a new Python "
        "process that has only opened the store (as a `newsgraph` query command or the web server "
        "has); `export graph` reads the graph table that `ingest` built at the end of its run:",
        "",
        "| query | SQLite ms | PostgreSQL ms | results |",
        "|---|---|---|---|",
    ]
    for (name, ms, n), (_, pg_ms, _) in zip(latency, pg_latency, strict=True):
        lines.append(f"| `{name}` | {ms:.1f} | {pg_ms:.1f} | {n} |")
    slowest = max(max(ms for _, ms, _ in latency), max(ms for _, ms, _ in pg_latency))
    lines += [
        "",
        f"Slowest query: {slowest:.0f} ms (target: every query under 100 ms "
        f"{'✓' if slowest < 100 else '✗'}).",
    ]
    return "\n".join(lines)
