"""CRLF, CR and mixed line endings give the record LF gives; offsets index the text as given."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.ingest.text import newline_text
from newsgraph.model import Record
from tests.conftest import DATA, SEED, SEED_PUBLISHED, assert_offsets, need_shared

FIXTURE = DATA / "ingest" / "line-endings.txt"  # entities, quotes and dates, blank lines


def _mixed(text: str) -> str:
    """Line i ends with \\r\\n, \\r, \\n, U+2028 in turn."""
    ends = ["\r\n", "\r", "\n", "\u2028"]
    return "".join(line + ends[i % 4] for i, line in enumerate(text.split("\n")))[:-1]


STYLES = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "mixed": _mixed,
}


def _comparable(record: Record) -> dict[str, object]:
    """The record with its offsets taken back to the LF text and its texts' line breaks as LF."""
    lf = newline_text(record.article.text)

    def span(s: object) -> tuple[int, int]:
        return (lf.from_original(s.start), lf.from_original(s.end))  # type: ignore[attr-defined]

    def text(s: str) -> str:
        return newline_text(s).text

    return {
        "paragraphs": [(span(p), p.role) for p in record.paragraphs],
        "entities": [
            (e.name, e.type, e.aliases, [(span(m), m.text, m.role) for m in e.mentions])
            for e in record.entities
        ],
        "quotes": [
            (
                span(q),
                text(q.text),
                q.kind,
                [span(p) for p in q.parts],
                q.cue and (span(q.cue), q.cue.text),
                q.speaker and (span(q.speaker), q.speaker.text, q.speaker.entity),
            )
            for q in record.quotes
        ],
        "dates": [(span(d), d.text, d.value) for d in record.dates],
        "title": record.article.title,
    }


@pytest.mark.parametrize("style", sorted(STYLES))
def test_line_endings_give_the_same_record(nlp: object, style: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert "\r" not in text
    lf = newsgraph.extract(text, published="2024-05-14")
    assert {e.name for e in lf.entities} >= {"Tom Wei", "Port Ellis"}
    assert lf.quotes and lf.dates
    given = STYLES[style](text)
    record = newsgraph.extract(given, published="2024-05-14")
    assert record.article.text == given  # the text as given, every offset into it
    assert_offsets(record)
    assert _comparable(record) == _comparable(lf)
    assert "Tom Wei." not in {m.text for e in record.entities for m in e.mentions}


def test_the_seed_article_with_crlf(nlp: object, seed_text: str) -> None:
    need_shared(SEED)
    lf = newsgraph.extract(seed_text, published=SEED_PUBLISHED)
    crlf = newsgraph.extract(seed_text.replace("\n", "\r\n"), published=SEED_PUBLISHED)
    assert_offsets(crlf)
    assert _comparable(crlf) == _comparable(lf)
