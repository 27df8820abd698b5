"""The Dask engine (newsgraph.engines.dask): planning, Parquet output, parity with the local engine,
input errors, and a worker killed mid-partition.

One LocalCluster of 2 single-threaded worker processes serves the whole module (the machine has
2 cores shared with others): starting one costs seconds and a model load per worker.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import signal
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsgraph.engines import dask as dd
from newsgraph.engines import local as local_engine
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.sources import iter_documents
from newsgraph.model import Article, Entity, Mention, Quote, Record, Speaker, TextSpan
from tests.conftest import POLNEAR, need_shared
from tests.store import conftest as store_conftest


def _articles(tmp: Path, n: int, prefix: str = "a") -> list[str]:
    """``n`` small distinct articles, each with a quote and a speaker."""
    paths = []
    names = ["Maria Lopez", "John Carter", "Ana Silva", "Peter Novak", "Li Wei", "Sara Cohen"]
    for i in range(n):
        name = names[i % len(names)]
        path = tmp / f"{prefix}{i:03d}.txt"
        path.write_text(
            f"Council votes on budget number {i}\n\n"
            f'"We will not raise taxes this year," said {name}, the mayor of Springfield, '
            f"on Tuesday. The council meets again in March to discuss item {i}.\n\n"
            f"{name} added that the city would hire {i + 3} new teachers.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def client():
    c = dd.connect(n_workers=2)
    yield c
    dd.close(c)


def _page_faults_of_large_allocations(rounds: int = 200) -> int:
    """Minor page faults while allocating and freeing a 2 MiB array ``rounds`` times: ~512 per
    round when every such allocation is a fresh mmap, near 0 when the heap is reused."""
    import resource

    import numpy

    numpy.ones(262_144).sum()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(rounds):
        numpy.ones(262_144).sum()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_tune_malloc_undoes_the_nannys_trim_threshold(tmp_path):
    # The nanny's MALLOC_TRIM_THRESHOLD_ makes each large array a fresh, page-faulted mmap; after
    # tune_malloc() the heap is reused. Measured in fresh interpreters with the nanny's variable.
    import subprocess
    import sys

    script = (
        "import sys; from newsgraph.engines import dask as dd; from tests.engines import test_dask"
        " as t\nif sys.argv[1] == 'tuned': assert dd.tune_malloc()\n"
        "print(t._page_faults_of_large_allocations())"
    )
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    faults = {
        mode: int(
            subprocess.run(
                [sys.executable, "-c", script, mode],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).parent.parent.parent,
            ).stdout
        )
        for mode in ("plain", "tuned")
    }
    assert faults["plain"] > 50_000, faults
    assert faults["tuned"] < faults["plain"] / 10, faults


def test_dask_workers_reuse_the_heap_for_spacy_sized_arrays(client):
    # The same probe, run in the cluster's workers (started by the nanny with its variable):
    # PreloadPipeline has tuned their allocator.
    env = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    faults = client.run(_page_faults_of_large_allocations)
    assert len(faults) == 2, faults
    if __import__("platform").libc_ver()[0] == "glibc":
        assert all(n < 20_000 for n in faults.values()), (env, faults)


# ----------------------------------------------------------------------------------- planning
def test_plan_groups_small_files_in_input_order(tmp_path):
    paths = _articles(tmp_path, 7)
    size = Path(paths[0]).stat().st_size
    plan = dd.plan([str(tmp_path)], partition_bytes=size * 3)
    flat = [item.path for p in plan.partitions for item in p.items]
    assert flat == sorted(paths)
    assert [p.index for p in plan.partitions] == list(range(len(plan.partitions)))
    assert [len(p.items) for p in plan.partitions] == [3, 3, 1]
    assert plan.errors == []


def test_plan_reports_missing_inputs_and_refuses_stdin(tmp_path):
    plan = dd.plan([str(tmp_path / "nope.txt"), *_articles(tmp_path, 1)])
    assert [(e.source, e.reason) for e in plan.errors] == [
        (str(tmp_path / "nope.txt"), "no such file or directory")
    ]
    assert len(plan.partitions) == 1
    with pytest.raises(dd.EngineError):
        dd.plan(["-"])


def test_jsonl_shards_cover_the_file_and_keep_line_numbers(tmp_path):
    lines = []
    for i in range(40):
        if i == 17:
            lines.append("{not json")
        elif i == 23:
            lines.append("")
        else:
            lines.append(
                json.dumps({"id": f"n{i}", "text": f"Article {i}. " + "word " * (i % 7 + 5)})
            )
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = dd.plan([str(path)], partition_bytes=300)
    shards = [p.items[0] for p in plan.partitions]
    assert len(shards) > 3
    assert all(isinstance(s, dd.JsonlShard) for s in shards)
    assert shards[0].start == 0 and shards[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(shards))
    data = path.read_bytes()
    assert all(s.start == 0 or data[s.start - 1 : s.start] == b"\n" for s in shards)

    def key(item: Document | InputError) -> tuple:
        if isinstance(item, InputError):
            return ("error", item.source, item.reason)
        return ("doc", item.source, item.id, item.text)

    sharded = [key(x) for p in plan.partitions for x in dd.read_partition(p)]
    whole = [key(x) for x in iter_documents([str(path)])]
    assert sharded == whole
    assert ("error", f"{path}:18", sharded[17][2]) in sharded


def test_big_jsonl_shards_stream_and_an_oversized_line_is_one_error(tmp_path):
    """--max-bytes guards a line, not a shard: shards bigger than the limit are read line by
    line, a line over it (here longer than the planner's 1 MiB read) is one error."""
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(150):
            text = f"Article {i} about the council. " + ("filler " * 200_000 if i == 10 else "")
            fh.write(json.dumps({"id": f"n{i}", "text": text}) + "\n")
    plan = dd.plan([str(path)], partition_bytes=2000)
    assert len(plan.partitions) > 3
    assert all(p.size > 1000 for p in plan.partitions[:-1])  # each shard is over --max-bytes
    items = [x for p in plan.partitions for x in dd.read_partition(p, max_bytes=1000)]
    errors = [x for x in items if isinstance(x, InputError)]
    assert [e.source for e in errors] == [f"{path}:11"]
    assert errors[0].reason.startswith("JSONL line is 1400")
    assert [x.id for x in items if isinstance(x, Document)] == [
        f"n{i}" for i in range(150) if i != 10
    ]
    whole = [
        (x.source, getattr(x, "text", None)) for x in iter_documents([str(path)], max_bytes=1000)
    ]
    assert [(x.source, getattr(x, "text", None)) for x in items] == whole


# ----------------------------------------------------------------------------------- Parquet
def _record(i: int) -> Record:
    text = f'"Yes," said Ann Lee {i}. Bob agreed.'
    return Record(
        source=f"mem:{i}",
        article=Article(id=f"id{i}", text=text),
        entities=[
            Entity(
                id="E1",
                name=f"Ann Lee {i}",
                type="PERSON",
                aliases=[f"Ann Lee {i}"],
                mentions=[Mention(start=11, end=11 + len(f"Ann Lee {i}"), text=f"Ann Lee {i}")],
            )
        ],
        quotes=[
            Quote(
                id="Q1",
                kind="direct",
                start=1,
                end=4,
                text="Yes",
                verbatim=[{"start": 1, "end": 4}],
                cue=TextSpan(start=7, end=11, text="said"),
                speaker=Speaker(
                    start=12, end=12 + len(f"Ann Lee {i}"), text=f"Ann Lee {i}", entity="E1"
                ),
            )
        ],
    )


def test_part_files_round_trip_and_replace_atomically(tmp_path):
    out = tmp_path / "out"
    records = [_record(i) for i in range(3)]
    counts = dd.write_part(records, str(out), 0)
    assert counts == {
        "articles": 3,
        "paragraphs": 0,
        "entities": 3,
        "mentions": 3,
        "quotes": 3,
        "dates": 0,
    }
    assert dd.read_records(str(out)) == records
    quotes = pq.read_table(out / "quotes").to_pylist()
    assert [(q["source"], q["text"], q["cue_text"], q["speaker_entity"]) for q in quotes] == [
        (f"mem:{i}", "Yes", "said", "E1") for i in range(3)
    ]
    assert quotes[0]["verbatim"] == [{"start": 1, "end": 4}]
    # A retried task writes the same partition again: the file is replaced, never doubled.
    dd.write_part(records, str(out), 0)
    dd.write_part([_record(9)], str(out), 1)
    assert [r.source for r in dd.read_records(str(out))] == ["mem:0", "mem:1", "mem:2", "mem:9"]
    leftovers = [p.name for p in out.rglob("*") if p.is_file() and not p.name.startswith("part-")]
    assert leftovers == []


# ----------------------------------------------------------------------------------- on a cluster
def test_same_records_as_the_local_engine_on_polnear_dev(client, nlp):
    texts = sorted(need_shared(POLNEAR / "dev" / "text").glob("*.txt"))[:12]
    paths = [str(p) for p in texts]
    from newsgraph.nlp.pipeline import process

    local = list(process([d for d in iter_documents(paths) if isinstance(d, Document)], nlp))
    summary = dd.RunSummary()
    # Small partitions so both workers get several and results arrive out of order.
    remote = list(dd.run(client, paths, partition_bytes=8_000, summary=summary))
    assert summary.partitions >= 4
    assert [r.source for r in remote] == paths  # input order
    assert summary.articles == 12 and summary.errors == []

    def quote_rows(records: list[Record]) -> list[tuple]:
        return [
            (r.source, q.start, q.end, q.kind, q.text, q.speaker and q.speaker.entity)
            for r in records
            for q in r.quotes
        ]

    def entity_rows(records: list[Record]) -> list[tuple]:
        return [
            (r.source, e.id, e.name, e.type, tuple((m.start, m.end) for m in e.mentions))
            for r in records
            for e in r.entities
        ]

    assert quote_rows(local) and entity_rows(local)
    assert quote_rows(remote) == quote_rows(local)
    assert entity_rows(remote) == entity_rows(local)
    assert remote == local


def test_input_errors_are_reported_not_lost(client, tmp_path):
    good = _articles(tmp_path, 2)
    binary = tmp_path / "z-binary.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "One short article about the council."}\n[1, 2]\n', encoding="utf-8")
    missing = str(tmp_path / "missing.html")
    paths = [*good, str(binary), str(feed), missing]
    seen: list[str] = []
    summary = dd.RunSummary()
    records = list(dd.run(client, paths, summary=summary, on_error=lambda e: seen.append(e.line())))
    expected = sorted(e.line() for e in iter_documents(paths) if isinstance(e, InputError))
    assert len(expected) == 3
    assert sorted(seen) == expected
    assert sorted(e.line() for e in summary.errors) == expected
    assert [r.source for r in records] == [*good, f"{feed}:1"]


def test_cli_extract_parquet_on_a_running_scheduler(client, tmp_path, capsys):
    from newsgraph.cli import main

    paths = _articles(tmp_path, 3)
    out = tmp_path / "lake"
    address = client.scheduler.address
    code = main(
        ["extract", "--engine", "dask", "--scheduler", address, "--output", str(out), *paths]
    )
    assert code == 0
    records = dd.read_records(str(out))
    assert [r.source for r in records] == paths
    assert all(r.quotes for r in records)
    assert "3 articles" in capsys.readouterr().err
    # Without --output: JSONL on stdout, in input order, as the local engine prints it.
    assert main(["extract", "--engine", "dask", "--scheduler", address, *paths]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["source"] for line in lines] == paths
    assert [Record.model_validate_json(line) for line in lines] == records


def stall_once(marker_dir: str, slow_source: str, documents: list[Document]) -> list[Record]:
    """Processor for the kill test: the first attempt at the slow partition stalls (and says
    which process it runs in); every other attempt runs the real pipeline."""
    if any(d.source == slow_source for d in documents):
        try:
            fd = os.open(Path(marker_dir) / "stalled.pid", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            time.sleep(120)
    return list(dd.default_processor(documents))


def test_worker_killed_mid_partition_loses_and_duplicates_nothing(client, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = _articles(inputs, 8)
    slow = paths[2]
    out = tmp_path / "out"
    worker_pids = set(client.run(os.getpid).values())
    killed: list[int] = []

    def killer() -> None:
        marker = tmp_path / "stalled.pid"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text():
                pid = int(marker.read_text())
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    summary = dd.RunSummary()
    results: list[dd.PartitionResult] = []
    list(
        dd.run(
            client,
            paths,
            output=str(out),
            partition_bytes=1,  # one file per partition
            processor=functools.partial(stall_once, str(tmp_path), slow),
            summary=summary,
            on_partition=results.append,
        )
    )
    thread.join(timeout=5)
    assert len(killed) == 1 and killed[0] in worker_pids  # a worker really died mid-partition
    slow_result = next(r for r in results if r.index == paths.index(slow))
    assert slow_result.worker_pid != killed[0]  # the retry ran in another process
    assert summary.articles == 8 and summary.partitions == 8
    records = dd.read_records(str(out))
    assert sorted(r.source for r in records) == sorted(paths)  # each input exactly once
    assert len(pq.read_table(out / "articles")) == 8
    assert len(pq.read_table(out / "quotes")) == sum(len(r.quotes) for r in records) > 0
    stray = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith("part-")]
    assert stray == [out / "_SUCCESS"]
    assert json.loads((out / "_SUCCESS").read_text()) == {"partitions": 8, "articles": 8}


def test_a_rerun_replaces_the_output_of_an_earlier_run(client, tmp_path):
    paths = _articles(tmp_path, 3)
    out = tmp_path / "out"
    list(dd.run(client, paths, output=str(out), partition_bytes=1))
    assert len(list((out / "quotes").glob("part-*.parquet"))) == 3
    list(dd.run(client, paths[1:2], output=str(out), partition_bytes=1))
    assert [r.source for r in dd.read_records(str(out))] == [paths[1]]
    assert len(list((out / "quotes").glob("part-*.parquet"))) == 1


# ----------------------------------------------------------------------------------- ingest
postgres_url = store_conftest.postgres_url  # the store tests' throwaway PostgreSQL server


def test_ingest_into_sqlite_matches_the_local_ingest_and_reruns_add_nothing(client, tmp_path):
    from newsgraph.store import Store

    paths = [*_articles(tmp_path, 4), str(tmp_path / "missing.txt")]
    events: list[str] = []
    db = str(tmp_path / "dask.db")
    report = dd.ingest(
        client, paths, db, partition_bytes=1, progress=lambda e, s, r: events.append(e)
    )
    assert (report.stored, report.skipped) == (4, 0)
    assert report.failed == [(paths[-1], "no such file or directory")]
    assert sorted(events) == ["failed", "stored", "stored", "stored", "stored"]
    with Store.open(str(tmp_path / "local.db")) as local, Store.open(db) as remote:
        local_engine.ingest_documents(local, iter_documents(paths))
        assert remote.counts() == local.counts()
        assert remote.counts()["articles"] == 4
        assert remote.quotes(limit=100) == local.quotes(limit=100)
        assert remote.entities(top=100) == local.entities(top=100)
    again = dd.ingest(client, paths[:-1], db, partition_bytes=1)
    assert (again.stored, again.skipped, again.failed) == (0, 4, [])
    with Store.open(db) as remote:
        assert remote.counts()["articles"] == 4


def test_ingest_into_postgresql_survives_a_killed_worker(client, tmp_path, postgres_url):
    from newsgraph.store import Store

    db = store_conftest._new_pg_database(postgres_url)
    paths = _articles(tmp_path, 6, prefix="pg")
    killed: list[int] = []
    events: list[str] = []  # one per other partition whose result the client has taken

    def killer() -> None:
        # The kill waits for the results of the other partitions: a worker killed while the
        # client was still fetching the result of a partition it had finished would have Dask
        # run that partition again, and the rerun would find its article stored (a skip).
        marker = tmp_path / "stalled.pid"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text() and len(events) >= len(paths) - 1:
                killed.append(int(marker.read_text()))
                os.kill(killed[0], signal.SIGKILL)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    report = dd.ingest(
        client,
        paths,
        db,
        partition_bytes=1,
        processor=functools.partial(stall_once, str(tmp_path), paths[3]),
        progress=lambda event, source, reason: events.append(event),
    )
    thread.join(timeout=5)
    assert len(killed) == 1
    assert (report.stored, report.skipped, report.failed) == (6, 0, [])
    with Store.open(db) as store:
        counts = store.counts()
        assert counts["articles"] == 6
        assert sorted(s.source for s in store.articles(limit=100)) == sorted(paths)
    again = dd.ingest(client, paths, db, partition_bytes=1)
    assert (again.stored, again.skipped) == (0, 6)
    with Store.open(db) as store:
        assert store.counts() == counts


def fail_on(bad_source: str, documents: list[Document]) -> list[Record]:
    if any(d.source == bad_source for d in documents):
        raise ValueError("pipeline crashed")
    return list(dd.default_processor(documents))


def test_a_failing_partition_is_reported_and_the_run_goes_on(client, tmp_path):
    paths = _articles(tmp_path, 3)
    summary = dd.RunSummary()
    records = list(
        dd.run(
            client,
            paths,
            partition_bytes=1,
            processor=functools.partial(fail_on, paths[1]),
            summary=summary,
        )
    )
    assert [r.source for r in records] == [paths[0], paths[2]]
    assert [(e.source, e.reason) for e in summary.errors] == [
        (paths[1], "extraction failed: ValueError: pipeline crashed")
    ]


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=BytesIO(html.encode()), http_headers=headers
                )
            )


def test_warc_input_gives_what_the_local_engine_reads(client, tmp_path):
    pages = []
    for i, name in enumerate(["Maria Lopez", "John Carter"]):
        body = (
            f"<p>“We will not raise taxes this year,” said {name}, the mayor of Springfield, on "
            f"Tuesday. The council meets again in March to discuss item {i}.</p>"
        )
        pages.append(
            (f"https://news.example/{i}", f"<html><body><article>{body}</article></body></html>")
        )
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl, pages)
    records = list(dd.run(client, [str(crawl)]))
    expected = [d.source for d in iter_documents([str(crawl)]) if isinstance(d, Document)]
    assert len(expected) == 2
    assert [r.source for r in records] == expected
    assert [r.article.url for r in records] == [url for url, _ in pages]
