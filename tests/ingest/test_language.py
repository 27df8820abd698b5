"""Language detection (newsgraph.ingest.language): py3langid, English unless it is sure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsgraph
from newsgraph.cli import main
from newsgraph.ingest.language import detect_language
from tests.conftest import DATA

FRENCH = DATA / "ingest" / "french.txt"
GERMAN = DATA / "ingest" / "german.txt"
ENGLISH = DATA / "ingest" / "line-endings.txt"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH.read_text("utf-8"), "fr"),
        (GERMAN.read_text("utf-8"), "de"),
        (ENGLISH.read_text("utf-8"), "en"),
        # Too short to tell: English, whatever py3langid would guess.
        ("Paris mayor Anne Hidalgo resigned.", "en"),
        ("Le maire a démissionné hier soir.", "en"),
        ("Macron visits Berlin", "en"),
        # Names and a quotation in another language inside an English sentence: English.
        ("Jean-Luc Mélenchon and François Bayrou met Olaf Scholz and Friedrich Merz.", "en"),
        ("The minister said « Nous ne céderons pas » before leaving the room on Tuesday.", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("path", "language"), [(FRENCH, "fr"), (GERMAN, "de")])
def test_an_unsupported_language_keeps_paragraphs_and_says_so(
    nlp: object, path: Path, language: str
) -> None:
    record = newsgraph.extract(path.read_text("utf-8"), published="2024-05-14")
    assert record.article.language == language
    assert (record.entities, record.quotes, record.dates) == ([], [], [])
    assert [p.role for p in record.paragraphs] == ["title", "body", "body", "body"]
    assert record.warnings == [
        f"language '{language}' is not supported (the pipeline reads English): "
        "paragraphs only, no entities, quotes or dates"
    ]


def test_english_is_read_as_english(nlp: object) -> None:
    record = newsgraph.extract(ENGLISH.read_text("utf-8"), published="2024-05-14")
    assert record.article.language == "en"
    assert record.entities and record.quotes and not record.warnings
    short = newsgraph.extract("Tom Wei said the bridge will reopen.")
    assert short.article.language == "en" and short.entities


def test_the_cli_warns_in_one_line_and_goes_on(
    nlp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(FRENCH), str(ENGLISH), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 0
    assert [json.loads(line)["article"]["language"] for line in out.splitlines()] == ["fr", "en"]
    assert err.splitlines() == [
        f"newsgraph: {FRENCH}: language 'fr' is not supported (the pipeline reads English): "
        "paragraphs only, no entities, quotes or dates"
    ]


def test_ingest_warns_and_stores_the_article(
    nlp: object, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    assert main(["ingest", str(GERMAN), str(ENGLISH), "--db", str(db), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"newsgraph: {GERMAN}: language 'de' is not supported" in err
    assert "Stored 2 articles" in err and "failed" not in err
