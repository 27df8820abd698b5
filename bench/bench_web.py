"""Web: latency of the HTTP API and the pages over a small real corpus.

``python -m bench web``. Ingests the PolNeAR dev texts (with publication dates and titles from
``../shared/eval/polnear/metadata.tsv``) and the seed article into a temporary SQLite store,
serves ``newsgraph.web.create_app`` with uvicorn on a free loopback port in a thread, and times
sequential requests from one keep-alive ``httpx`` client (the machine's 2 cores are shared by
server and client). Extraction requests (``POST /extract``) are timed on the seed article.
"""

from __future__ import annotations

import csv
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TITLE = "Web: API and page latency (uvicorn, SQLite, one client)"

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
POLNEAR = SHARED / "eval" / "polnear"
SEED = SHARED / "seed" / "ioc-bach-bakhmut.txt"
ROUNDS = 30
EXTRACT_ROUNDS = 8


def _documents() -> list[Any]:
    from newsgraph.ingest.load import document_from_text

    meta: dict[str, dict[str, str]] = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    docs = []
    for path in sorted((POLNEAR / "dev" / "text").glob("*.txt")):
        row = meta.get(path.stem, {})
        docs.append(
            document_from_text(
                path.read_text(encoding="utf-8"),
                source=str(path),
                published=row.get("publication_date") or None,
                title=row.get("title") or None,
            )
        )
    docs.append(
        document_from_text(
            SEED.read_text(encoding="utf-8"),
            source=str(SEED),
            published="2023-02-03",
            title="IOC rejects Zelenskyy's invitation",
        )
    )
    return docs


def _time(client: Any, method: str, url: str, rounds: int, **kw: Any) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = client.request(method, url, **kw)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {r.status_code} {r.text[:200]}")
        size = len(r.content)
    return times, size


def run() -> str:
    import httpx
    import uvicorn

    from newsgraph.engines import local as local_engine
    from newsgraph.store import Store
    from newsgraph.web import create_app

    if not (POLNEAR / "dev" / "text").exists() or not SEED.exists():
        return "Skipped: ../shared/ evaluation data is absent."
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        report = local_engine.ingest_documents(store, _documents())
        ingest_s = time.perf_counter() - t0
        counts = store.counts()
        seed_id = next(a.id for a in store.articles(limit=500) if a.title and "IOC" in a.title)
        top = store.entities(type="PERSON", top=1)[0]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="error")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        html = {"Accept": "text/html"}
        cases: list[tuple[str, str, str, dict[str, Any], int]] = [
            ("list articles", "GET", "/articles", {}, ROUNDS),
            ("one article (record)", "GET", f"/articles/{seed_id}", {}, ROUNDS),
            ("article view (page)", "GET", f"/articles/{seed_id}", {"headers": html}, ROUNDS),
            ("quotes, full text `about=boycott`", "GET", "/quotes?about=boycott", {}, ROUNDS),
            ("quotes by speaker", "GET", f"/quotes?speaker={top.id}", {}, ROUNDS),
            ("quotes in a date range", "GET", "/quotes?since=2016-06-01&until=2016-09-30", {}, ROUNDS),
            ("top entities", "GET", "/entities?top=20", {}, ROUNDS),
            (f"entity profile ({top.name})", "GET", f"/entities/{top.id}", {}, ROUNDS),
            ("entity page with timeline", "GET", f"/entities/{top.id}", {"headers": html}, ROUNDS),
            ("graph edges", "GET", "/graph", {}, ROUNDS),
            ("search page", "GET", "/quotes?about=election", {"headers": html}, ROUNDS),
            ("extract the seed article", "POST", "/extract",
             {"json": {"text": SEED.read_text(encoding="utf-8"), "published": "2023-02-03"}},
             EXTRACT_ROUNDS),
        ]  # fmt: skip
        rows = []
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                client.post("/extract", json={"text": "Warm-up, he said."})  # load spaCy once
                for name, method, url, kw, rounds in cases:
                    times, size = _time(client, method, url, rounds, **kw)
                    times.sort()
                    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                    rows.append(
                        f"| {name} | `{method} {url.split('?')[0]}` | {statistics.median(times):.1f} "
                        f"| {p95:.1f} | {size / 1024:.1f} |"
                    )
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()
    return "\n".join(
        [
            f"Corpus: {report.stored} articles ({report.words} words; PolNeAR dev + the seed), "
            f"{counts.get('quotes', 0)} quotes, {counts.get('entities', 0)} entity rows; "
            f"ingested in {ingest_s:.0f} s. Sequential requests over one keep-alive connection, "
            f"{ROUNDS} rounds each ({EXTRACT_ROUNDS} for extraction), server and client on the "
            "same 2 shared cores.",
            "",
            "| request | endpoint | median ms | p95 ms | response KiB |",
            "| --- | --- | ---: | ---: | ---: |",
            *rows,
        ]
    )
