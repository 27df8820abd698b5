"""Many requests at once: reads in parallel with ingests over one SQLite store, no errors."""

from __future__ import annotations

import concurrent.futures as cf
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from newsgraph.store import Store
from newsgraph.web import create_app
from newsgraph.web.app import StoreGuard
from tests.web.conftest import TOKEN, harbour_record, injection_record


def test_guard_lets_reads_share_and_writes_run_alone() -> None:
    events: list[str] = []
    reading = threading.Barrier(2, timeout=5)
    release = threading.Event()

    class Fake:
        def quotes(self) -> None:
            events.append("read-start")
            reading.wait()  # both reads are inside at the same time
            release.wait(5)
            events.append("read-end")

        def add(self) -> bool:
            events.append("write")
            return True

        def refresh_names(self) -> None:
            events.append("refresh")

    guard = StoreGuard(Fake())
    readers = [threading.Thread(target=guard.quotes) for _ in range(2)]
    for t in readers:
        t.start()
    time.sleep(0.2)
    writer = threading.Thread(target=guard.add)
    writer.start()
    time.sleep(0.2)
    assert "write" not in events  # waits for the readers
    release.set()
    for t in [*readers, writer]:
        t.join(5)
    assert events == ["read-start", "read-start", "read-end", "read-end", "write", "refresh"]


@pytest.mark.slow
def test_parallel_reads_and_ingests(tmp_path: Path, nlp) -> None:
    import uvicorn

    store = Store.open(str(tmp_path / "busy.db"))
    store.add(harbour_record())
    store.add(injection_record())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(store, allow_ingest=True, token=TOKEN)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    paths = ["/articles", "/articles/1", "/quotes?about=city", "/entities", "/entities/Holm"]

    def reader(i: int) -> list[int]:
        with httpx.Client(base_url=base, timeout=60) as c:
            return [
                c.get(
                    paths[(i + k) % len(paths)], headers={"Accept": "text/html"} if k % 2 else {}
                ).status_code
                for k in range(15)
            ]

    def writer(i: int) -> list[int]:
        with httpx.Client(base_url=base, timeout=120) as c:
            body = {"text": f'Mayor Ann Lee said on day {i}: "We are ready for the Holm report."\n'}
            r = c.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            return [r.status_code]

    try:
        with cf.ThreadPoolExecutor(10) as pool:
            jobs = [pool.submit(reader, i) for i in range(6)]
            jobs += [pool.submit(writer, i) for i in range(8)]
            codes = Counter(code for job in jobs for code in job.result())
    finally:
        server.should_exit = True
        thread.join(10)
    assert codes == {200: 90, 201: 8}
    assert len(store.articles()) == 10
    store.close()
