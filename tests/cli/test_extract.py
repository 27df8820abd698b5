"""`newsgraph extract`: formats, exit codes, stderr lines, stdin, directories, JSONL, --max-bytes.

Most tests call ``newsgraph.cli.main`` in-process (the spaCy model is loaded once per test
session); one runs the installed command in a subprocess to check the real exit code and streams.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.model import Record
from newsgraph.schema import validate
from tests.conftest import DATA, SEED, SEED_PUBLISHED, assert_offsets, need_shared

INGEST = DATA / "ingest"
ARTICLE = str(INGEST / "article.txt")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict]:  # type: ignore[type-arg]
    items = [json.loads(line) for line in out.splitlines() if line.strip()]
    for item in items:
        validate(item)
        assert_offsets(Record.from_dict(item))
    return items


def test_one_file_is_one_json_document(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    code, out, err = run(capsys, ARTICLE, "--published", "2024-05-14")
    assert (code, err) == (0, "")
    data = json.loads(out)  # one (indented) JSON document
    validate(data)
    assert data["schema"] == "newsgraph/2" and data["source"] == ARTICLE
    assert data["article"]["published"] == "2024-05-14"
    assert data["article"]["title"] == "Harbour city votes to rebuild its old swing bridge"
    text = data["article"]["text"]
    assert text == Path(ARTICLE).read_text(encoding="utf-8")  # nothing deleted
    roles = [p["role"] for p in data["paragraphs"]]
    assert roles.count("body") == 4 and roles.count("caption") == 1
    assert {"byline", "credit", "duplicate", "boilerplate", "title"} <= set(roles)
    dates = {d["text"]: d["value"] for d in data["dates"]}
    assert dates.get("March 2025") == "2025-03"


def test_jsonl_and_several_inputs(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    html = str(INGEST / "figcaption.html")
    code, out, err = run(capsys, ARTICLE, html)
    assert (code, err) == (0, "")
    items = records(out)  # several inputs: one record per line
    assert [i["source"] for i in items] == [ARTICLE, html]
    assert items[1]["article"]["published"] == "2024-05-14"  # from the page's metadata
    assert [p["role"] for p in items[1]["paragraphs"]].count("caption") == 2
    code, out, _ = run(capsys, ARTICLE, "--format", "jsonl")
    assert code == 0 and len(records(out)) == 1


def test_directory_with_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nlp: object
) -> None:
    for name in ("article.txt", "binary.txt", "latin1.txt", "truncated.html"):
        (tmp_path / name).write_bytes((INGEST / name).read_bytes())
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    assert err.splitlines() == [
        f"newsgraph: {tmp_path / 'binary.txt'}: binary file (control bytes), not text or HTML"
    ]
    items = records(out)
    assert [Path(i["source"]).name for i in items] == [
        "article.txt",
        "latin1.txt",
        "truncated.html",
    ]
    assert items[1]["warnings"] == ["not UTF-8; decoded as cp1252 (detected)"]
    assert "Zürich" in items[1]["article"]["text"]


def test_jsonl_input_with_bad_lines(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    path = str(INGEST / "articles.jsonl")
    code, out, err = run(capsys, path, "--published", "2020-01-01")
    assert code == 1
    assert err.splitlines() == [
        f"newsgraph: {path}:3: invalid JSON: Expecting value",
        f"newsgraph: {path}:4: JSONL record needs a string 'text' or 'html' field",
        "newsgraph: 2 inputs failed",
    ]
    items = records(out)
    assert [(i["source"], i["article"]["id"], i["article"]["published"]) for i in items] == [
        (f"{path}:1", "a1", "2024-05-14"),
        (f"{path}:2", "a2", "2020-01-01"),
    ]


def test_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], nlp: object
) -> None:
    data = Path(ARTICLE).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "-")
    assert (code, err) == (0, "")
    item = json.loads(out)
    validate(item)
    assert item["source"] == "-" and item["article"]["text"] == data.decode()
    # JSONL on stdin is recognised by its first line.
    lines = (INGEST / "articles.jsonl").read_bytes().splitlines()[:2]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n".join(lines))))
    code, out, err = run(capsys, "-", "--format", "jsonl")
    assert (code, err) == (0, "")
    assert [i["article"]["id"] for i in records(out)] == ["a1", "a2"]


def test_max_bytes(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    code, out, err = run(capsys, ARTICLE, str(INGEST / "latin1.txt"), "--max-bytes", "200")
    assert code == 1
    size = Path(ARTICLE).stat().st_size
    assert err.splitlines() == [
        f"newsgraph: {ARTICLE}: input is {size} bytes, over the --max-bytes limit of 200 bytes "
        "(not read)"
    ]
    assert [i["source"] for i in records(out)] == [str(INGEST / "latin1.txt")]


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "xml", ARTICLE],
        ["--published", "May 2024", ARTICLE],
        ["--workers", "0", ARTICLE],
        ["--max-bytes", "-5", ARTICLE],
        ["-", "-"],
        ["--format", "json", ARTICLE, ARTICLE],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        code = main(["extract", *argv])
        raise SystemExit(code)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


def test_missing_file_only(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    code, out, err = run(capsys, "no/such/file.txt")
    assert (code, out) == (1, "")
    assert err == "newsgraph: no/such/file.txt: no such file or directory\n"


def test_text_summary(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    code, out, err = run(capsys, str(INGEST / "figcaption.html"), "--format", "text")
    assert (code, err) == (0, "")
    assert "Harbour city votes to rebuild its old swing bridge" in out
    assert "4 body paragraphs" in out and "2 captions" in out
    assert "The swing bridge seen from the north quay" in out  # captions are listed
    assert "Entities" in out and "Dates" in out
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal


def test_subprocess_streams_and_exit_code(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "extract", ARTICLE, str(tmp_path / "empty.txt")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stderr == f"newsgraph: {tmp_path / 'empty.txt'}: empty file\n"  # no progress bar
    assert [i["source"] for i in records(proc.stdout)] == [ARTICLE]


def test_seed_end_to_end(capsys: pytest.CaptureFixture[str], nlp: object) -> None:
    seed = str(need_shared(SEED))
    code, out, err = run(capsys, seed, "--published", SEED_PUBLISHED)
    assert (code, err) == (0, "")
    data = json.loads(out)
    validate(data)
    assert_offsets(Record.from_dict(data))
    text = data["article"]["text"]
    assert text == Path(seed).read_text(encoding="utf-8")
    paragraphs = [(p["role"], text[p["start"] : p["end"]]) for p in data["paragraphs"]]
    with_credit = [(r, t) for r, t in paragraphs if "©" in t]
    assert len(with_credit) == 7
    assert [r for r, _ in with_credit].count("caption") == 4
    assert all(r in ("caption", "duplicate") for r, _ in with_credit)
    assert all(r == "body" for r, t in paragraphs if "©" not in t)
    # Nothing from a caption is reported as body.
    caption_spans = [(p["start"], p["end"]) for p in data["paragraphs"] if p["role"] != "body"]
    for entity in data["entities"]:
        for m in entity["mentions"]:
            inside = any(s <= m["start"] < e for s, e in caption_spans)
            assert m["role"] != "body" if inside else m["role"] == "body"


def test_workers_give_the_same_records(
    capsys: pytest.CaptureFixture[str], nlp: object, tmp_path: Path
) -> None:
    html = str(INGEST / "figcaption.html")
    code1, out1, _ = run(capsys, ARTICLE, html, str(INGEST / "latin1.txt"))
    code2, out2, err2 = run(capsys, ARTICLE, html, str(INGEST / "latin1.txt"), "--workers", "2")
    assert (code1, code2, err2) == (0, 0, "")
    assert records(out2) == records(out1)  # same records, same (input) order


def test_a_terminal_gets_a_progress_bar_with_the_rate(capsys, monkeypatch, tmp_path):
    """On a terminal (stderr a tty) extract shows done/total and articles/s; the output is the
    same records."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    second = tmp_path / "second.txt"
    second.write_text("The minister said the talks would resume on Monday.\n", encoding="utf-8")
    code, out, err = run(capsys, ARTICLE, str(second))
    assert code == 0
    assert len(records(out)) == 2
    assert "extracting" in err
    assert "2/2" in err
    assert "articles/s" in err
