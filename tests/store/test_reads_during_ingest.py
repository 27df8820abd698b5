"""Reading never waits for a write: SQLite readers in WAL mode, PostgreSQL's MVCC. Tested with a
write transaction held open, and with an ingest running, from another connection."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable

from newsgraph.store import IngestRun, Store, content_hash
from newsgraph.store.write import write_record
from tests.store.test_store import A1, A2, A3, A4, CORPUS

PROMPT = 1.0  # seconds: a read that waited for the writer would wait for all of it


def _reads(reader: Store) -> list[Callable[[], object]]:
    return [
        lambda: reader.quotes(),
        lambda: reader.quotes(about="athletes"),
        lambda: reader.quotes(speaker="Thomas Bach"),
        lambda: reader.entities(top=5),
        lambda: reader.entity("Thomas Bach"),
        lambda: reader.articles(q="olympic"),
        lambda: reader.graph(),
    ]


def _copy(record: object, n: int) -> object:
    copy = record.model_copy(deep=True)  # type: ignore[attr-defined]
    copy.article.text = copy.article.text + f"\n\ncopy {n}"
    return copy


def test_reads_answer_while_a_write_transaction_is_open(store_url: str) -> None:
    with Store.open(store_url) as writer, Store.open(store_url) as reader:
        for record in CORPUS:
            writer.add(record)
        writer.refresh_names()
        extra = _copy(A2, 0)
        held, release = threading.Event(), threading.Event()

        def long_write() -> None:
            with writer._writing() as conn:
                write_record(
                    conn,
                    extra,  # type: ignore[arg-type]
                    content_hash(extra.article.text),  # type: ignore[attr-defined]
                    dialect=writer.dialect,
                    dirty_groups=set(),
                )
                held.set()
                release.wait(10)

        thread = threading.Thread(target=long_write)
        thread.start()
        try:
            assert held.wait(10)
            for read in _reads(reader):
                t0 = time.perf_counter()
                read()
                assert time.perf_counter() - t0 < PROMPT
            assert reader.counts()["articles"] == 4  # the open transaction is not seen
            assert len(reader.quotes()) == 4
        finally:
            release.set()
            thread.join(10)
        assert reader.counts()["articles"] == 5  # committed: seen


def _ingest(url: str, records: list[object], started: object) -> None:
    """An ingest in its own process, as ``newsgraph ingest`` runs beside a web server."""
    with Store.open(url) as writer:
        run = IngestRun(writer)
        started.set()  # type: ignore[attr-defined]
        run.store_records(records)  # type: ignore[arg-type]
        run.finish()


def test_reads_answer_while_an_ingest_runs(store_url: str) -> None:
    with Store.open(store_url) as reader:
        for record in CORPUS:
            reader.add(record)
        reader.refresh_names()
        records = [_copy(r, n) for n in range(1, 60) for r in (A1, A2, A3, A4)]
        ctx = multiprocessing.get_context("spawn")
        started = ctx.Event()
        writer = ctx.Process(target=_ingest, args=(store_url, records, started))
        writer.start()
        assert started.wait(60)
        slowest = 0.0
        during = 0
        while writer.is_alive():
            for read in _reads(reader):
                t0 = time.perf_counter()
                read()
                slowest = max(slowest, time.perf_counter() - t0)
                during += 1
        writer.join()
        assert writer.exitcode == 0
        assert during >= len(_reads(reader))  # reads did run during the ingest
        # a reader that waited for the writer would wait up to busy_timeout (30 s) on SQLite
        assert slowest < 2 * PROMPT, slowest
        assert reader.counts()["articles"] == 4 + len(records)
