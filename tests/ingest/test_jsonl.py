"""JSONL corpora are streamed record by record: --max-bytes guards one record, not the file."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tracemalloc
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.cli.progress import progress_total
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.jsonl import count_records, raw_lines
from newsgraph.ingest.sources import iter_documents

MAX = 4096  # --max-bytes of these tests: each record is far smaller, the file far bigger


def _article(i: int) -> dict[str, str]:
    return {
        "id": f"n{i}",
        "text": f"Mayor Ana Ruiz said on Tuesday that bridge number {i} will reopen in May. "
        f"The council approved the repairs to bridge {i} by seven votes to two.",
    }


def _corpus(path: Path, n: int, *, big_at: int | None = None, big_bytes: int = 0) -> Path:
    """``n`` small records, one line each; line ``big_at`` (1-based) is ``big_bytes`` long."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(1, n + 1):
            record = _article(i)
            if i == big_at:
                record["text"] += " More." * (big_bytes // 6)
            fh.write(json.dumps(record) + "\n")
    return path


def test_a_corpus_over_the_limit_is_read_and_an_oversized_record_is_one_failure(
    tmp_path: Path,
) -> None:
    path = _corpus(tmp_path / "corpus.jsonl", 300, big_at=7, big_bytes=3 * MAX)
    assert path.stat().st_size > 10 * MAX
    items = list(iter_documents([str(path)], max_bytes=MAX))
    errors = [i for i in items if isinstance(i, InputError)]
    documents = [i for i in items if isinstance(i, Document)]
    assert len(documents) == 299
    assert [d.id for d in documents[5:7]] == ["n6", "n8"]
    assert documents[-1].source == f"{path}:300"  # line numbers go on after the skipped line
    (error,) = errors
    assert error.source == f"{path}:7"
    size = len(path.read_bytes().split(b"\n")[6]) + 1
    assert error.reason == (
        f"JSONL line is {size} bytes, over the --max-bytes limit of {MAX} bytes (not read)"
    )


def test_memory_stays_bounded_by_one_record(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "big.jsonl", 4_000, big_at=10, big_bytes=2_000_000)
    assert path.stat().st_size > 2_500_000
    tracemalloc.start()
    try:
        count = sum(isinstance(i, Document) for i in iter_documents([str(path)], max_bytes=MAX))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3_999
    assert peak < 1_000_000, peak  # the file is 2.6 MB, its longest line 2 MB


def test_raw_lines_never_hold_more_than_the_limit() -> None:
    data = b"short\n" + b"x" * 200_000 + b"\nlast line without newline"
    reads: list[int] = []

    class Spy(io.BytesIO):
        def readline(self, size: int | None = -1, /) -> bytes:
            line = super().readline(size)
            reads.append(len(line))
            return line

    lines = list(raw_lines(Spy(data), 10))
    assert lines == [(1, b"short\n"), (2, 200_001), (3, 25)]
    assert max(reads) <= 1 << 16  # a line over the limit is skipped 64 KiB at a time


def test_stdin_jsonl_is_streamed_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = _corpus(tmp_path / "c.jsonl", 50, big_at=3, big_bytes=2 * MAX).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_documents(["-"], max_bytes=MAX))
    assert [i.source for i in items if isinstance(i, InputError)] == ["-:3"]
    assert sum(isinstance(i, Document) for i in items) == 49
    # An oversized first line that opens JSONL is one record's failure too.
    data = _corpus(tmp_path / "d.jsonl", 5, big_at=1, big_bytes=2 * MAX).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_documents(["-"], max_bytes=MAX))
    assert [i.source for i in items if isinstance(i, InputError)] == ["-:1"]
    assert [i.source for i in items if isinstance(i, Document)] == [f"-:{n}" for n in range(2, 6)]


def test_odd_lines_bom_and_utf16(tmp_path: Path) -> None:
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(
        b"\xef\xbb\xbf" + json.dumps(_article(1)).encode() + b"\r\n"
        b'{"text": "Caf\xe9 owners in Z\xfcrich said on Monday that rents rose again."}\n'
        b'{"text": "The Z\xfcrich council met on Tuesday to discuss the rents."}\n'
    )
    first, second, third = iter_documents([str(latin)])
    assert isinstance(first, Document) and first.id == "n1" and first.warnings == []
    assert isinstance(second, Document) and "Café owners in Zürich" in second.text
    assert second.warnings == third.warnings == ["not UTF-8; decoded as cp1252 (detected)"]
    wide = tmp_path / "wide.jsonl"
    wide.write_text(json.dumps(_article(1)) + "\n" + json.dumps(_article(2)), encoding="utf-16")
    assert [d.id for d in iter_documents([str(wide)])] == ["n1", "n2"]  # type: ignore[union-attr]


def test_the_progress_bar_counts_records(tmp_path: Path) -> None:
    path = _corpus(tmp_path / "c.jsonl", 25)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n   \n")
    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    assert count_records(str(path)) == 25
    assert progress_total([str(path), str(tmp_path / "a.txt")]) == 26
    assert progress_total([str(path), "-"]) is None


def test_ingest_stores_the_corpus_and_fails_the_one_record(
    nlp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _corpus(tmp_path / "corpus.jsonl", 12, big_at=5, big_bytes=2 * MAX)
    assert path.stat().st_size > MAX
    db = tmp_path / "news.db"
    code = main(["ingest", str(path), "--db", str(db), "--max-bytes", str(MAX), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Stored 11 articles; 1 input failed" in err
    assert f"{path}:5: JSONL line is" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (11,)
