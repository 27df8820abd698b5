"""The store at scale: every query's latency on synthetic stores of 10k, 100k (and 1M) articles,
on SQLite and PostgreSQL, with build time, size on disk and the store's write rate.

Stores are built by :mod:`bench.synthetic` (PolNeAR's records, copied with new ids, dates over
16 years and a long tail of entity names), not by spaCy. Each query's latency is the median of
5 calls in a new Python process that has only opened the store (as a ``newsgraph`` query
command or the web server has). The write rate is ``Store.add`` of 300 real records (the
template's, each with a text of its own) into a copy of the built store (so the store keeps its
size from run to run), against the same into an empty store: the part of ingest that could slow
down as the store grows (spaCy's part does not).

Settings (environment):

- ``NEWSGRAPH_BENCH_SCALE_SIZES``: comma-separated sizes (default ``10000,100000``; the 1M run:
  ``10000,100000,1000000``, about 30 GB of disk and hours of build time);
- ``NEWSGRAPH_BENCH_SCALE_BACKENDS``: ``sqlite,postgresql`` (default both);
- ``NEWSGRAPH_BENCH_SCALE_DIR``: where stores and the template go (default: a temporary
  directory, removed after the run); SQLite stores found there at the right size are reused;
- ``NEWSGRAPH_BENCH_SCALE_TEMPLATE``: a store of real records to copy (default: one made there
  from the PolNeAR train+dev texts with ``newsgraph ingest``, ~3 minutes);
- ``NEWSGRAPH_BENCH_SCALE_PG``: a PostgreSQL server URL to build on, whose ``scale_N`` databases
  are reused when they hold N articles (default: a throwaway cluster, as the tests start).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TITLE = "The store at scale: query latency at 10k, 100k and 1M articles"
ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
WRITES = 300
KEPT = ROOT / "bench" / "results" / "scale.json"  # each backend's last run (see _keep)
_NLP: list[Any] = []  # the pipeline, loaded once for every ingest measured


def _sizes() -> list[int]:
    raw = os.environ.get("NEWSGRAPH_BENCH_SCALE_SIZES") or "10000,100000"
    return [int(x) for x in raw.split(",") if x.strip()]


def _backends() -> list[str]:
    raw = os.environ.get("NEWSGRAPH_BENCH_SCALE_BACKENDS") or "sqlite,postgresql"
    return [x.strip() for x in raw.split(",") if x.strip()]


def _template(workdir: Path) -> str:
    given = os.environ.get("NEWSGRAPH_BENCH_SCALE_TEMPLATE")
    if given:
        return given
    path = workdir / "template.db"
    if not path.exists():
        from newsgraph.engines import local
        from newsgraph.store import Store

        files = [str(POLNEAR / "dev" / "text"), str(POLNEAR / "train" / "text")]
        with Store.open(str(path)) as store:
            local.ingest(store, files, from_metadata=True, workers=2)
    return str(path)


# ----------------------------------------------------------------------------------- queries
def queries(store: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Every query the CLI, the API and the web page make, with arguments picked from the store
    (the most quoted person, a rarely quoted one, the most mentioned organisation...)."""
    from sqlalchemy import text

    from newsgraph.store import keys

    with store.engine.connect() as conn:

        def one(sql: str) -> Any:
            return conn.execute(text(sql)).scalar()

        top = f"C{one('SELECT id FROM corpus_entities WHERE type = ' + chr(39) + 'PERSON' + chr(39) + ' ORDER BY n_quotes DESC LIMIT 1')}"
        rare = f"C{one('SELECT id FROM corpus_entities WHERE n_quotes BETWEEN 3 AND 10 ORDER BY id LIMIT 1')}"
        org = f"C{one('SELECT id FROM corpus_entities WHERE type = ' + chr(39) + 'ORG' + chr(39) + ' ORDER BY n_quoted_about DESC LIMIT 1')}"
        n_quotes = one("SELECT COUNT(*) FROM quotes")
        deep_q = keys.encode(
            [
                one(
                    f"SELECT sort_key FROM quotes ORDER BY sort_key DESC LIMIT 1 OFFSET {min(49_999, n_quotes - 1)}"
                )
            ]
        )
        deep_a = keys.encode(
            [
                one(
                    "SELECT sort_key FROM articles ORDER BY sort_key DESC LIMIT 1 OFFSET "
                    + str(min(4999, one("SELECT COUNT(*) FROM articles") - 1))
                )
            ]
        )
    name = _unique_name(store)
    deep_e = store.entities(top=20)
    for _ in range(49):  # page 50 of the entity ranking
        deep_e = store.entities(top=20, after=deep_e.next)
    deep_g = store.graph(limit=500, quote_limit=20).next
    return [
        ("home page (12 articles, 8 quotes, 10 people)", lambda: (store.articles(limit=12), store.quotes(limit=8), store.entities(type="PERSON", top=10))),
        ("entities --top 20", lambda: store.entities(top=20)),
        ("entities --type PERSON", lambda: store.entities(type="PERSON")),
        ("entities --type ORG --top 100", lambda: store.entities(type="ORG", top=100)),
        ("entities, page 51 (--after)", lambda: store.entities(top=20, after=deep_e.next)),
        (f"entity {top} (profile, timeline)", lambda: store.entity(top, limit=20)),
        (f"entity '{name}' (by name)", lambda: store.entity(name, limit=20)),
        (f"entity {rare} (rarely quoted)", lambda: store.entity(rare, limit=20)),
        ("quotes (newest 50)", lambda: store.quotes()),
        ("quotes, page 1,001 (--after)", lambda: store.quotes(after=deep_q)),
        ("quotes --offset 5000 (page 101 by offset)", lambda: store.quotes(offset=5000)),
        (f"quotes --speaker {top}", lambda: store.quotes(speaker=top)),
        (f"quotes --speaker {rare}", lambda: store.quotes(speaker=rare)),
        (f"quotes --mentions {org}", lambda: store.quotes(mentions=org)),
        (f"quotes --speaker {top} --mentions {org}", lambda: store.quotes(speaker=top, mentions=org)),
        ("quotes --about boycott", lambda: store.quotes(about="boycott")),
        ("quotes --about election", lambda: store.quotes(about="election")),
        ("quotes --about people (common word)", lambda: store.quotes(about="people")),
        ("quotes --about the (commonest word)", lambda: store.quotes(about="the")),
        ("quotes --about election --order newest", lambda: store.quotes(about="election", order="newest")),
        ("quotes --about '\"white house\"' (phrase)", lambda: store.quotes(about='"white house"')),
        ("quotes --since 2020-03-01 --until 2020-03-31", lambda: store.quotes(since="2020-03-01", until="2020-03-31")),
        ("quotes --kind indirect", lambda: store.quotes(kind="indirect")),
        ("quotes --act finding", lambda: store.quotes(act="finding")),
        (f"quotes --speaker {top} --since 2024-01-01", lambda: store.quotes(speaker=top, since="2024-01-01")),
        (f"quotes --speaker {top} --about people", lambda: store.quotes(speaker=top, about="people")),
        (f"quotes --mentions {org} --kind direct --act speech", lambda: store.quotes(mentions=org, kind="direct", act="speech")),
        ("quotes --about election --since 2023-01-01", lambda: store.quotes(about="election", since="2023-01-01")),
        ("articles (newest 50)", lambda: store.articles()),
        ("articles, page 101 (--after)", lambda: store.articles(after=deep_a)),
        ("articles --q debate", lambda: store.articles(q="debate")),
        ("articles --q said (common word)", lambda: store.articles(q="said")),
        ("graph (GET /graph: 500 edges, 20 quote ids each)", lambda: store.graph(limit=500, quote_limit=20)),
        ("graph, page 2 (cursor)", lambda: store.graph(limit=500, quote_limit=20, after=deep_g)),
    ]  # fmt: skip


def _unique_name(store: Any) -> str:
    """The name of the most quoted person that names one entity only (for a by-name look-up)."""
    from newsgraph.store import AmbiguousName

    for e in store.entities(type="PERSON", top=50):
        try:
            store.resolve(e.name)
        except AmbiguousName:
            continue
        return str(e.name)
    return str(store.entities(type="PERSON", top=1)[0].id)


def latency(url: str) -> list[tuple[str, float, int]]:
    """Median ms of 5 calls of every query (run in the process that measures)."""
    from newsgraph.store import Store

    out = []
    with Store.open(url) as store:
        for name, run in queries(store):
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
    code = "import json, sys; from bench import bench_scale as b; print(json.dumps(b.latency(sys.argv[1])))"
    done = subprocess.run(
        [sys.executable, "-c", code, url], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]  # type: ignore[misc]


# ----------------------------------------------------------------------------------- writes
def write_rate(template_url: str, url: str, n: int = WRITES) -> float:
    """Articles/s of ``Store.add`` of ``n`` real records (each with a text of its own)."""
    copy = time.time_ns()
    from newsgraph.store import Store

    with Store.open(template_url) as src:
        records = []
        for aid in src.article_ids()[:n]:
            r = src.article(aid)
            r.article.text = r.article.text + f"\n\n[write {copy}]"
            records.append(r)
    with Store.open(url) as store:
        t0 = time.perf_counter()
        for r in records:
            assert store.add(r)
        store.refresh_names()
        return len(records) / (time.perf_counter() - t0)


def ingest_rate(url: str, mark: str | None = None) -> float:
    """Articles/s of a real ingest of the 84 PolNeAR dev texts (spaCy and the store, one
    process, the pipeline loaded beforehand so that its start-up is not counted): what a user
    sees, of which the store's part (:func:`write_rate`) is the share that could grow.

    ``mark``: a line appended to every text, so that a store that already holds the dev texts
    (an in-place measure, see :func:`_write_target`) stores them again as new articles."""
    from newsgraph import pipeline
    from newsgraph.engines import local
    from newsgraph.ingest.metadata import apply_metadata
    from newsgraph.ingest.sources import iter_documents
    from newsgraph.store import Store

    if not _NLP:  # loaded, and warmed up on 10 texts (the first calls cost more)
        _NLP.append(pipeline())
        for path in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:10]:
            _NLP[0](path.read_text(encoding="utf-8"))
    items = list(apply_metadata(iter_documents([str(POLNEAR / "dev" / "text")])))
    if mark is not None:
        for doc in items:
            doc.text += f"\n\n[{mark}]"  # type: ignore[union-attr]
    with Store.open(url) as store:
        t0 = time.perf_counter()
        report = local.ingest_documents(store, items, nlp=_NLP[0])
        seconds = time.perf_counter() - t0
    if report.stored != 84:
        raise RuntimeError(f"bench scale: ingest stored {report.stored} of the 84 dev texts")
    return report.stored / seconds


@contextlib.contextmanager
def _write_target(url: str, server: str | None, workdir: Path, size: int) -> Iterator[str | None]:
    """Where to measure writes: a copy of the built store (:func:`_scratch_copy`) when the disk
    has room for one, else ``None``: the built store itself (at 1M a copy needs ~40 GB on SQLite,
    ~70 GB on PostgreSQL). In place the store grows by the ~400 articles a run writes, 0.04% at
    1M, which keeps its size from run to run for the purpose of the measure."""
    if shutil.disk_usage(workdir).free < 1.2 * size:
        yield None
        return
    with _scratch_copy(url, server, workdir) as scratch:
        yield scratch


@contextlib.contextmanager
def _scratch_copy(url: str, server: str | None, workdir: Path) -> Iterator[str]:
    """A copy of a built store to measure writes into, removed after: the built store keeps
    its size from run to run (writing into it made every rerun measure a bigger store). SQLite:
    a file copy; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``."""
    if server is None:
        copy = workdir / "write-scratch.db"
        for stale in workdir.glob("write-scratch.db*"):
            stale.unlink()
        shutil.copyfile(url, copy)
        try:
            yield str(copy)
        finally:
            for done in workdir.glob("write-scratch.db*"):
                done.unlink()
        return
    import psycopg

    source = url.rsplit("/", 1)[1]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS scale_scratch")
        conn.execute(f"CREATE DATABASE scale_scratch TEMPLATE {source}")
    try:
        yield server.rsplit("/", 1)[0] + "/scale_scratch"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS scale_scratch")


def _size(store: Any, url: str) -> int:
    from sqlalchemy import text

    if store.dialect == "sqlite":
        path = Path(store.engine.url.database)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _new_pg(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def _pg_store(server: str, name: str, size: int) -> str:
    """The database ``name`` on ``server``: kept if it holds ``size`` articles, else new."""
    import psycopg

    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        if row is not None and row[0] >= size:
            return url
    except psycopg.Error:
        pass
    return _new_pg(server, name)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def measure_store(template: Any, url: str, size: int) -> dict[str, Any]:
    from bench import synthetic
    from newsgraph.store import Store

    reuse = False
    if not url.endswith(".db") or Path(url).exists():
        with Store.open(url) as s:
            reuse = s.counts()["articles"] >= size
    built = (
        {"articles": size, "total_s": 0.0}
        if reuse
        else synthetic.build(
            template, url, size, log=lambda m: print(f"  {m}", file=sys.stderr, flush=True)
        )
    )
    with Store.open(url) as s:
        counts = s.counts()
        size_bytes = _size(s, url)
    lat = _latency_in_fresh_process(url)
    return {
        "build": built,
        "reused": reuse,
        "counts": counts,
        "bytes": size_bytes,
        "latency": lat,
        "load": _load(),
    }


def run() -> str:
    from bench import synthetic

    given = os.environ.get("NEWSGRAPH_BENCH_SCALE_DIR")
    workdir = Path(given) if given else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    template_url = _template(workdir)
    template = synthetic.Template.load(template_url)
    results: dict[tuple[str, int], dict[str, Any]] = {}
    rates: dict[tuple[str, int], float] = {}
    ingests: dict[tuple[str, int], float] = {}
    try:
        for backend in _backends():
            with contextlib.ExitStack() as stack:
                server = None
                if backend == "postgresql":
                    from tests.store.conftest import postgres_cluster

                    server = os.environ.get("NEWSGRAPH_BENCH_SCALE_PG") or stack.enter_context(
                        postgres_cluster()
                    )
                    empty = _new_pg(server, "scale_empty")
                else:
                    empty = str(workdir / "empty.db")
                    for stale in workdir.glob("empty.db*"):
                        stale.unlink()
                rates[(backend, 0)] = write_rate(template_url, empty)
                ingests[(backend, 0)] = ingest_rate(_empty(server, workdir, "ingest_empty"))
                for size in _sizes():
                    url = (
                        str(workdir / f"scale-{size}.db")
                        if server is None
                        else _pg_store(server, f"scale_{size}", size)
                    )
                    print(f"bench scale: {backend} {size} ...", file=sys.stderr, flush=True)
                    results[(backend, size)] = measure_store(template, url, size)
                    target_size = results[(backend, size)]["bytes"]
                    with _write_target(url, server, workdir, target_size) as scratch:
                        mark = None if scratch is not None else f"ingest {time.time_ns()}"
                        rates[(backend, size)] = write_rate(template_url, scratch or url)
                        ingests[(backend, size)] = ingest_rate(scratch or url, mark)
                        results[(backend, size)]["writes"] = "copy" if scratch else "in place"
    finally:
        if not given:
            shutil.rmtree(workdir, ignore_errors=True)
    runs = _keep(results, rates, ingests, load_before)
    return report(*_kept(runs), runs)


def _keep(
    results: dict[tuple[str, int], dict[str, Any]],
    rates: dict[tuple[str, int], float],
    ingests: dict[tuple[str, int], float],
    load_before: str,
) -> dict[str, Any]:
    """This run's figures per backend, saved in ``bench/results/scale.json`` beside those kept
    of the backends it did not measure: a 1M build takes hours, so one run may measure SQLite
    and a later one PostgreSQL. A backend's figures always come from one run (its write rates
    are compared with its empty store's of the same run)."""
    runs: dict[str, Any] = json.loads(KEPT.read_text()) if KEPT.exists() else {}
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for backend in {b for b, _ in rates}:
        runs[backend] = {
            "run": when,
            "load_before": load_before,
            "stores": {str(n): r for (b, n), r in results.items() if b == backend},
            "rates": {str(n): r for (b, n), r in rates.items() if b == backend},
            "ingests": {str(n): r for (b, n), r in ingests.items() if b == backend},
        }
    KEPT.write_text(json.dumps(runs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return runs


def _kept(
    runs: dict[str, Any],
) -> tuple[dict[tuple[str, int], Any], dict[tuple[str, int], float], dict[tuple[str, int], float]]:
    """The kept runs as the (backend, size)-keyed tables :func:`report` reads."""
    tables: tuple[dict[tuple[str, int], Any], ...] = ({}, {}, {})
    for backend, run in runs.items():
        for table, part in zip(tables, ("stores", "rates", "ingests"), strict=True):
            table.update({(backend, int(n)): v for n, v in run[part].items()})
    return tables  # type: ignore[return-value]


def _empty(server: str | None, workdir: Path, name: str) -> str:
    """A new empty store: a file in ``workdir`` (SQLite) or a database on ``server``."""
    if server is not None:
        return _new_pg(server, name)
    for stale in workdir.glob(f"{name}.db*"):
        stale.unlink()
    return str(workdir / f"{name}.db")


def _rate_rows(rates: dict[tuple[str, int], float], sizes: list[int]) -> list[str]:
    lines = []
    for backend in sorted({b for b, _ in rates}, key=lambda b: b != "sqlite"):
        base = rates.get((backend, 0), 0.0)
        cells = [
            f"{rates[(backend, s)]:.1f} ({rates[(backend, s)] / base:.0%})"
            if (backend, s) in rates
            else "—"
            for s in sizes
        ]
        lines.append(f"| {backend} | {base:.1f} | " + " | ".join(cells) + " |")
    return lines


def report(
    results: dict[tuple[str, int], dict[str, Any]],
    rates: dict[tuple[str, int], float],
    ingests: dict[tuple[str, int], float],
    runs: dict[str, Any],
) -> str:
    cols = sorted(results, key=lambda k: (k[1], k[0]))
    sizes = sorted({n for _, n in cols})
    when = "; ".join(
        f"{b}: run {r['run']}, load average (1/5/15 min, 2 cores) before {r['load_before']}"
        for b, r in sorted(runs.items(), key=lambda kv: kv[0] != "sqlite")
    )
    lines = [
        "Synthetic stores (`bench/synthetic.py`): the PolNeAR train+dev records copied with new ids, "
        "dates over 2010-2025 and entity names varied into a long tail; latency is the median of 5 calls "
        f"in a fresh process. Each backend's figures come from one run ({when}); "
        "`bench/results/scale.json` keeps them, so a run may measure one backend only.",
        "",
        "| store | articles | quotes | corpus entities | build s | size on disk | bytes/article | load during latency | writes into |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for backend, size in cols:
        r = results[(backend, size)]
        c = r["counts"]
        built = "reused" if r["reused"] else f"{r['build']['total_s']:.0f}"
        lines.append(
            f"| {backend} {size:,} | {c['articles']:,} | {c['quotes']:,} | {c['corpus_entities']:,} | "
            f"{built} | {r['bytes'] / 1e9:.2f} GB | "
            f"{r['bytes'] / c['articles']:,.0f} | {r['load']} | {r.get('writes', 'copy')} |"
        )
    lines += [
        "",
        "| query | " + " | ".join(f"{b} {s:,} ms" for b, s in cols) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    names = [row[0] for row in results[cols[0]]["latency"]]
    worst = 0.0
    for i, name in enumerate(names):
        cells = []
        for key in cols:
            rows = results[key]["latency"]
            if len(rows) != len(names):  # kept from a run with other queries
                cells.append("—")
                continue
            _, ms, n = rows[i]
            worst = max(worst, ms)
            cells.append(f"{ms:.1f} ({n})")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"(In parentheses: results returned.) Slowest: **{worst:.0f} ms** (target: every query under 100 ms "
        f"{'✓' if worst < 100 else '✗'}).",
        "",
        f"`Store.add` of {WRITES} real records (one transaction each, derived counts included) "
        "into each store (a copy of it, or the store itself where the disk has no room for a copy: "
        "'writes into' above), articles/s:",
        "",
        "| backend | empty store | " + " | ".join(f"at {s:,}" for s in sizes) + " |",
        "|---|---:|" + "---:|" * len(sizes),
    ]
    lines += _rate_rows(rates, sizes)
    lines += [
        "",
        "`newsgraph ingest` of the 84 PolNeAR dev texts (spaCy and the store, one process, "
        "the pipeline loaded beforehand) into each store, articles/s (target at 1M: "
        "within 20% of the empty store's):",
        "",
        "| backend | empty store | " + " | ".join(f"at {s:,}" for s in sizes) + " |",
        "|---|---:|" + "---:|" * len(sizes),
    ]
    lines += _rate_rows(ingests, sizes)
    return "\n".join(lines)
