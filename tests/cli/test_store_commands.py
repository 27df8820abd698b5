"""The store commands end to end: ingest (files, WARC, bad inputs, rerun, kill -9) and queries."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.cli import main
from tests.conftest import DATA, POLNEAR, ROOT, need_shared

HTML = DATA / "store" / "city-hall.html"


def _polnear_files(n: int) -> list[Path]:
    return sorted(need_shared(POLNEAR / "dev" / "text").glob("*.txt"))[:n]


def _corpus_dir(tmp_path: Path, n: int) -> Path:
    """n PolNeAR texts in a temp dir, with the metadata.tsv beside them (copied at test time)."""
    root = tmp_path / "corpus"
    (root / "text").mkdir(parents=True)
    for f in _polnear_files(n):
        shutil.copy(f, root / "text" / f.name)
    shutil.copy(POLNEAR / "metadata.tsv", root / "metadata.tsv")
    return root


def _write_warc(path: Path, html: bytes) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in (
            ("https://news.example/bridge", "text/html; charset=utf-8", html),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=BytesIO(body), http_headers=headers
                )
            )


def _count(db: Path, table: str = "articles") -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """5 PolNeAR texts, an HTML page in a WARC, a JSONL feed, and bad inputs."""
    tmp = tmp_path_factory.mktemp("cli")
    corpus = _corpus_dir(tmp, 5)
    _write_warc(corpus / "crawl.warc.gz", HTML.read_bytes())
    (corpus / "text" / "broken.txt").write_bytes(b"\x00\x01\x02binary junk\x00" * 20)
    (corpus / "text" / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200)
    lines = [
        {"text": "Mayor Ana Ruiz said the park will reopen in May.", "published": "2024-05-01"},
        {"title": "no text field at all"},
    ]
    (corpus / "feed.jsonl").write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8"
    )
    db = tmp / "news.db"
    return corpus, db


def test_ingest_reports_bad_inputs_and_stores_the_rest(ingested, capsys) -> None:
    corpus, db = ingested
    code = main(["ingest", str(corpus), "--db", str(db), "--published-from-metadata"])
    err = capsys.readouterr().err
    assert code == 1
    for bad in ("broken.txt", "empty.txt", "logo.html", "feed.jsonl:2"):
        assert err.count(bad) == 1, bad  # each failure is printed once
    summary = err.splitlines()[-1]
    assert re.fullmatch(
        r"newsgraph: Stored 7 articles; 4 inputs failed in \d+\.\d s \(\d+\.\d articles/s\)\.",
        summary,
    )
    # 5 texts, the WARC's HTML page (its PNG response is skipped), the JSONL's good line
    assert _count(db) == 7
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT url, title FROM articles WHERE url = 'https://news.example/bridge'"
        ).fetchone()
        assert row == ("https://news.example/bridge", "Council approves new bridge budget")
        dates = dict(conn.execute("SELECT source, published FROM articles").fetchall())
    first = _polnear_files(1)[0]
    assert dates[str(corpus / "text" / first.name)] == first.name.split("_")[1]


def test_rerun_adds_nothing(ingested, capsys) -> None:
    corpus, db = ingested
    with sqlite3.connect(db) as conn:
        before = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("articles", "entities", "mentions", "quotes", "dates", "corpus_entities")
        }
    code = main(["ingest", str(corpus), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1  # the bad files still fail
    assert err.splitlines()[-1].startswith(
        "newsgraph: Nothing new: 7 articles already stored; 4 inputs failed ("
    )
    assert "articles/s" not in err
    with sqlite3.connect(db) as conn:
        after = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before


def test_a_terminal_gets_a_progress_bar_with_the_rate(ingested, capsys, monkeypatch) -> None:
    corpus, db = ingested
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code = main(["ingest", str(corpus), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1  # the same bad files as above
    assert "ingesting" in err
    assert "articles/s" in err  # the bar's rate
    assert "Nothing new: 7 articles already stored" in err
    assert err.count("broken.txt") == 1


def test_query_commands(ingested, capsys) -> None:
    _, db = ingested
    assert main(["entities", "--db", str(db), "--format", "json", "--top", "5"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert (len(top) == 5 and top[0]["mentions"] >= top[-1]["mentions"]) or top[0]["quotes"] > 0
    assert main(["entity", top[0]["id"], "--db", str(db), "--format", "json"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert profile["id"] == top[0]["id"] and profile["article_list"]

    assert main(["quotes", "--db", str(db), "--format", "csv", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,published,speaker")
    assert 1 <= len(lines) - 1 <= 3

    assert main(["quotes", "--db", str(db), "--speaker", "Maria Lopez", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all("bridge" in h["text"] for h in hits)

    assert main(["entity", "Nobody Whatsoever", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "newsgraph: No entity is named 'Nobody Whatsoever'.\n"

    assert main(["entities", "--db", str(db), "--type", "PERSON"]) == 0
    assert "Maria Lopez" in capsys.readouterr().out


def test_choices_are_case_blind(ingested, capsys) -> None:
    _, db = ingested
    assert main(["entities", "--db", str(db), "--type", "person", "--format", "JSON"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {e["type"] for e in found} == {"PERSON"}
    assert main(["quotes", "--db", str(db), "--kind", "Direct", "--act", "SPEECH"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["entities", "--db", str(db), "--type", "persons"])
    assert exc.value.code == 2
    assert "invalid choice: 'persons'" in capsys.readouterr().err


def test_pages_follow_the_printed_cursor(ingested, capsys) -> None:
    corpus, db = ingested
    main(["ingest", str(corpus), "--db", str(db)])  # stored by an earlier test, or now
    capsys.readouterr()
    assert main(["quotes", "--db", str(db), "--format", "json", "--limit", "1000"]) == 0
    whole = [h["id"] for h in json.loads(capsys.readouterr().out)]
    assert len(whole) >= 2
    seen: list[int] = []
    after: list[str] = []
    for _ in range(len(whole) + 1):
        assert main(["quotes", "--db", str(db), "--format", "json", "--limit", "1", *after]) == 0
        out = capsys.readouterr()
        seen += [h["id"] for h in json.loads(out.out)]
        if "next page: --after " not in out.err:
            break
        after = ["--after", out.err.split("next page: --after ")[1].split()[0]]
    assert seen == whole
    assert main(["entities", "--db", str(db), "--top", "1", "--after", "junk"]) == 1
    assert "not a cursor" in capsys.readouterr().err


def _people(db: Path, *people: tuple[str, str, int]) -> None:
    """A store holding one article per (name, type, mentions): "NAME spoke." and NAME again."""
    from newsgraph.store import Store
    from tests.store.builders import make_record

    with Store.open(str(db)) as store:
        for name, type_, n in people:
            text = " ".join([f"{name} spoke."] + [f"{name} left."] * (n - 1))
            store.add(make_record(text, [(name, type_, [name] * n)]))


def test_ambiguous_name_lists_candidates_and_exits_2(tmp_path, capsys) -> None:
    db = tmp_path / "smiths.db"
    _people(db, ("John Smith", "PERSON", 1), ("Jane Smith", "PERSON", 1))
    assert main(["entity", "smith", "--db", str(db)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "newsgraph: 'smith' fits 2 entities and none has 80% of their mentions; "
        "name one by its id or its full name:"
    )
    assert len(err) == 3
    assert re.fullmatch(r"  C\d+  Jane Smith \(PERSON, 1 mention\); written Jane Smith", err[1])
    assert re.fullmatch(r"  C\d+  John Smith \(PERSON, 1 mention\); written John Smith", err[2])
    assert main(["quotes", "--speaker", "Smith", "--db", str(db)]) == 2
    assert "fits 2 entities" in capsys.readouterr().err


def test_a_dominant_entity_is_used_and_the_others_named(tmp_path, capsys) -> None:
    db = tmp_path / "trump.db"
    _people(db, ("Donald Trump", "PERSON", 9), ("Trump", "ORG", 1))
    assert main(["entity", "Trump", "--db", str(db), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["name"] == "Donald Trump"
    note = captured.err.splitlines()
    assert len(note) == 1
    assert re.fullmatch(
        r"newsgraph: 'Trump' is taken to mean Donald Trump \(C\d+, PERSON\), which has 90% of "
        r"the mentions of the entities it fits; it also fits Trump \(C\d+, ORG, 1 mention\)\.",
        note[0],
    )
    assert main(["quotes", "--speaker", "trump", "--db", str(db)]) == 0
    assert "is taken to mean Donald Trump" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["quotes"],
        ["entities"],
        ["entity", "Thomas Bach"],
        ["export", "--format", "jsonl"],
        ["serve"],
    ],
)
def test_a_store_that_does_not_exist_is_not_created(argv, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "nwes.db"
    assert main([*argv, "--db", str(typo)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"newsgraph: The store {typo} does not exist (only newsgraph ingest creates a store).\n"
    )
    assert captured.out == ""
    assert not typo.exists()
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    assert main(argv) == 2  # the default, news.db, is not created either
    assert "The store news.db does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_store_that_cannot_be_opened_is_one_line(tmp_path, capsys) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not a database\n", encoding="utf-8")
    assert main(["entities", "--db", str(not_a_db)]) == 1
    err = capsys.readouterr().err
    assert err == f"newsgraph: The store {not_a_db} cannot be opened: file is not a database.\n"
    url = "postgresql://newsgraph:s3cret@127.0.0.1:1/news"  # nothing listens on port 1
    assert main(["quotes", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Background on this error" not in err
    assert err.startswith("newsgraph: The store postgresql://newsgraph:***@127.0.0.1:1/news ")
    assert "s3cret" not in err


def test_ingest_creates_the_store(tmp_path, capsys) -> None:
    db = tmp_path / "new.db"
    article = tmp_path / "story.txt"
    article.write_text("Mayor Ana Ruiz said the park will reopen in May.\n", encoding="utf-8")
    assert main(["ingest", str(article), "--db", str(db)]) == 0
    assert db.exists() and _count(db) == 1
    assert capsys.readouterr().err.startswith("newsgraph: Stored 1 article in ")


def test_exports(ingested, tmp_path, capsys) -> None:
    import networkx as nx
    import pyarrow.parquet as pq

    _, db = ingested
    graphml = tmp_path / "g.graphml"
    assert main(["export", "--db", str(db), "--format", "graphml", "--output", str(graphml)]) == 0
    g = nx.read_graphml(graphml)
    with sqlite3.connect(db) as conn:
        n_edges = conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT se.corpus_entity_id, me.corpus_entity_id "
            "FROM quotes q JOIN entities se ON se.id = q.speaker_entity_id "
            "JOIN quote_mentions qm ON qm.quote_id = q.id JOIN entities me ON me.id = qm.entity_id "
            "WHERE se.corpus_entity_id != me.corpus_entity_id)"
        ).fetchone()[0]
    assert g.number_of_edges() == n_edges
    assert all(d["weight"] >= 1 for _, _, d in g.edges(data=True))

    out = tmp_path / "tables"
    assert main(["export", "--db", str(db), "--format", "parquet", "--output", str(out)]) == 0
    assert pq.read_table(out / "articles.parquet").num_rows == 7
    assert pq.read_table(out / "edges.parquet").num_rows == n_edges

    jsonl = tmp_path / "records.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "--output", str(jsonl)]) == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 7 and all(r["schema"] == "newsgraph/2" for r in records)
    capsys.readouterr()


@pytest.mark.slow
def test_kill_9_then_rerun_leaves_every_article_exactly_once(tmp_path) -> None:
    """A subprocess ingest killed mid-run; the rerun completes it; nothing partial is left."""
    from newsgraph.store import Store

    n = 16
    corpus = _corpus_dir(tmp_path, n)
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus / "text"), "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = _count(db)
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                break
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 3 <= _count(db) < n

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert "skipped" in rerun.stderr

    # the expected rows: an uninterrupted run of the same command into a fresh store (a
    # subprocess too, so both runs use the code as it is on disk now)
    ref_db = tmp_path / "reference.db"
    ref_cmd = [*cmd[:-1], str(ref_db)]
    ref = subprocess.run(ref_cmd, capture_output=True, text=True, env=env, timeout=900)
    assert ref.returncode == 0, ref.stderr
    with Store.open(str(ref_db)) as reference:
        expected = reference.counts()
    with Store.open(str(db)) as killed:
        got = killed.counts()
    assert got == expected
    assert got["articles"] == n
    per_article = (
        "SELECT a.content_hash, a.n_entities, a.n_quotes, "
        "(SELECT COUNT(*) FROM entities e WHERE e.article_id = a.id), "
        "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id), "
        "(SELECT COUNT(*) FROM paragraphs p WHERE p.article_id = a.id), "
        "(SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.id) "
        "FROM articles a ORDER BY a.content_hash"
    )
    with sqlite3.connect(db) as a, sqlite3.connect(ref_db) as b:
        rows = a.execute(per_article).fetchall()
        assert rows == b.execute(per_article).fetchall()
    for _, n_ent, n_q, ents, qs, paras, _ in rows:
        assert (n_ent, n_q) == (ents, qs) and paras > 0
