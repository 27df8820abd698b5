"""Shared fixtures. Tests that read ../shared/ skip with a reason when it is absent."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "ioc-bach-bakhmut.txt"
SEED_PUBLISHED = "2023-02-03"
POLNEAR = SHARED / "eval" / "polnear"
AEB = SHARED / "eval" / "article-extraction"


def need_shared(path: Path) -> Path:
    """Return ``path`` or skip: a user's clone has no ../shared/ (CI here always has it)."""
    if not path.exists():
        pytest.skip(
            f"{path} not found: shared evaluation data is only present beside a team checkout"
        )
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp.pipeline import pipeline

    return pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(nlp, seed_text):
    import newsgraph

    return newsgraph.extract(seed_text, published=SEED_PUBLISHED, source=str(SEED))


def assert_offsets(record) -> None:
    """Every offset pair in a record slices ``article.text`` to the reported text."""
    text = record.article.text
    for p in record.paragraphs:
        assert 0 <= p.start < p.end <= len(text)
    for e in record.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, (m, e.name)
    for d in record.dates:
        assert text[d.start : d.end] == d.text
    for q in record.quotes:
        assert q.parts, q
        assert (q.parts[0].start, q.parts[-1].end) == (q.start, q.end)
        assert " ".join(text[p.start : p.end] for p in q.parts) == q.text
        for before, after in itertools.pairwise(q.parts):
            assert before.end <= after.start, q
        for v in q.verbatim:
            assert q.start <= v.start <= v.end <= q.end
        if q.cue:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
