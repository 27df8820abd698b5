"""Inputs to documents (newsgraph.ingest.sources): paths, directories, stdin, JSONL, size limits."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.sources import expand_paths, iter_documents, looks_like_jsonl, read_bytes
from tests.conftest import DATA

INGEST = DATA / "ingest"


def split(items: list[Document | InputError]) -> tuple[list[Document], list[InputError]]:
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, InputError)],
    )


def test_directory_with_bad_files_among_good_ones(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Headline\n\nThe mayor said the bridge will reopen.\n")
    (tmp_path / "a.html").write_bytes((INGEST / "figcaption.html").read_bytes())
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_bytes((INGEST / "binary.txt").read_bytes())
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "e.txt").write_text("The council met again on Friday to discuss the harbour.")
    assert list(expand_paths([str(tmp_path)])) == [
        str(tmp_path / n) for n in ("a.html", "b.txt", "c.txt", "d.txt", "sub/e.txt")
    ]
    documents, errors = split(list(iter_documents([str(tmp_path)])))
    assert [d.source for d in documents] == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "e.txt"),
    ]
    assert [e.line() for e in errors] == [
        f"newsgraph: {tmp_path / 'c.txt'}: empty file",
        f"newsgraph: {tmp_path / 'd.txt'}: binary file (control bytes), not text or HTML",
    ]


def test_missing_paths_and_empty_directories(tmp_path: Path) -> None:
    items = list(expand_paths([str(tmp_path / "nope.txt"), str(tmp_path)]))
    assert all(isinstance(i, InputError) for i in items)
    assert [i.reason for i in items] == [  # type: ignore[union-attr]
        "no such file or directory",
        "directory has no .txt, .html, .htm, .jsonl, .warc or .warc.gz files",
    ]


def test_max_bytes_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # a sparse 50 MB file: nothing to read if refused up front
        handle.truncate(50 * 1024 * 1024)
    opened: list[str] = []
    real_open = open

    def spy(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(InputError) as info:
        read_bytes(str(big), max_bytes=20 * 1024 * 1024)
    assert info.value.reason == (
        "input is 52428800 bytes, over the --max-bytes limit of 20971520 bytes (not read)"
    )
    assert str(big) not in opened
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 100)
    assert read_bytes(str(small), max_bytes=100) == b"x" * 100
    with pytest.raises(InputError):
        read_bytes(str(small), max_bytes=99)


def test_stdin_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.BytesIO(b"y" * 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    with pytest.raises(InputError) as info:
        read_bytes("-", max_bytes=10)
    assert "over the --max-bytes limit of 10 bytes" in info.value.reason
    assert stream.tell() == 11  # read no more than the limit + 1


def test_jsonl_lines() -> None:
    path = str(INGEST / "articles.jsonl")
    documents, errors = split(list(iter_documents([path], published="2020-01-01")))
    assert [d.source for d in documents] == [f"{path}:1", f"{path}:2"]
    first, second = documents
    assert (first.id, first.title, first.url, first.published) == (
        "a1",
        "Bridge vote",
        "https://example.invalid/a1",
        "2024-05-14",
    )
    assert first.text.startswith("The city council of Port Ellis")
    assert second.id == "a2" and second.published == "2020-01-01"  # falls back to --published
    assert "European Maritime Fund" in second.text
    assert [e.line() for e in errors] == [
        f"newsgraph: {path}:3: invalid JSON: Expecting value",
        f"newsgraph: {path}:4: JSONL record needs a string 'text' or 'html' field",
    ]


def test_jsonl_bad_published_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "The mayor spoke on Monday.", "published": "last week"}\n')
    (document,) = iter_documents([str(path)])
    assert isinstance(document, Document)
    assert document.published is None
    assert document.warnings == ["ignored 'published' 'last week': not a YYYY-MM-DD date"]


def test_jsonl_sniffing_for_stdin() -> None:
    assert looks_like_jsonl('{"text": "a"}\n{"text": "b"}')
    assert not looks_like_jsonl('{"other": 1}')
    assert not looks_like_jsonl("The mayor said {sic} nothing.")


def test_non_utf8_file_warns(tmp_path: Path) -> None:
    (document,) = iter_documents([str(INGEST / "latin1.txt")])
    assert isinstance(document, Document)
    assert "Zürich" in document.text
    assert document.warnings == ["not UTF-8; decoded as cp1252 (detected)"]
