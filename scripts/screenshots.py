"""Screenshots of the web page over a real-sized store (docs/screenshots/before, .../after).

    .venv/bin/python scripts/screenshots.py OUT_DIR [--db STORE]

Without ``--db`` (or with a path that does not exist yet) a SQLite store is built first from the
seed article and the 84 PolNeAR dev texts in ``../shared`` (read at run time, never copied into
the repository), so the graph has the size that made its old default unreadable. The app is
served by uvicorn on a free loopback port and shot with Debian's headless Chromium through
Playwright: the home page, the seed article, the most quoted entity, the graph, the home page and
an article at phone width (390 px) and the phone's menu opened, a search by a name one entity
dominates ("trump") and the page of a name none does ("Bush").
"""

from __future__ import annotations

import argparse
import csv
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "ioc-bach-bakhmut.txt"
POLNEAR = SHARED / "eval" / "polnear"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_TITLE = "IOC rejects Zelenskyy's invitation to visit Bakhmut"


def build_store(db: Path) -> None:
    """The seed article and the PolNeAR dev texts (with their publication dates) into ``db``."""
    from newsgraph.engines import local
    from newsgraph.ingest.document import Document
    from newsgraph.ingest.sources import iter_documents
    from newsgraph.store import Store

    with POLNEAR.joinpath("metadata.tsv").open(encoding="utf-8", newline="") as fh:
        dates = {r["filename"]: r["publication_date"] for r in csv.DictReader(fh, delimiter="\t")}
    items = []
    for item in iter_documents([str(SEED), str(POLNEAR / "dev" / "text")]):
        if isinstance(item, Document):
            if item.source == str(SEED):
                item.published, item.title = "2023-02-03", SEED_TITLE
            else:
                item.published = dates.get(Path(item.source).stem) or None
        items.append(item)
    with Store.open(str(db)) as store:
        report = local.ingest_documents(store, items)
        store.finish_ingest(report.stored)
    print(f"built {db}: {report.stored} articles", file=sys.stderr)


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over ``db`` under uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    from newsgraph.store import Store
    from newsgraph.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with Store.open(str(db)) as store:
        config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="error")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise SystemExit("uvicorn did not start")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def targets(db: Path) -> dict[str, str]:
    """The paths shot: the seed article and the most quoted entity."""
    from newsgraph.store import Store

    with Store.open(str(db)) as store:
        seed = next(a.id for a in store.articles(limit=1000) if a.title == SEED_TITLE)
        top = store.entities(top=1)[0].id
    return {"article": f"/articles/{seed}", "entity": f"/entities/{top}"}


def shoot(base: str, paths: dict[str, str], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots = [
        ("home", "/", 1360, False),
        ("article", paths["article"], 1360, False),
        ("entity", paths["entity"], 1360, False),
        ("graph", "/graph", 1360, False),
        ("phone", "/", 390, False),
        ("phone-article", paths["article"], 390, False),
        ("phone-menu", "/", 390, False),
        ("search", "/quotes?speaker=trump", 1360, False),
        ("ambiguous", "/entities/Bush", 1360, False),
    ]
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, path, width, full in shots:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(base + path)
            if name == "phone-menu":
                menu = page.locator("label.nav-button")
                if menu.count() == 0:  # the page before the navigation folded on a phone
                    context.close()
                    continue
                menu.click()
            if name == "graph":
                page.wait_for_selector("#graph-status[data-nodes]", timeout=120_000)
                page.wait_for_timeout(500)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=full)
            written.append(target)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="newsgraph-shots-")) / "news.db"
    if not db.exists():
        if not SEED.exists() or not POLNEAR.exists():
            raise SystemExit(f"{SHARED} has no seed article or PolNeAR texts: pass --db STORE")
        build_store(db)
    paths = targets(db)
    with serving(db) as base:
        for path in shoot(base, paths, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
