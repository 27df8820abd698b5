"""Every ```python block of README.md and docs/*.md runs as written.

The blocks of one file run in order, in one namespace (a later block may use what an earlier one
made), in a fresh copy of ``tests/data/docs/``: invented articles (``story.txt``, ``articles/``,
``crawl/``) and ``news.db``, a store made from ``articles/`` by the real pipeline, so that
``Store.open("news.db")`` finds a store and ``store.entity("Thomas Bach")`` an entity. A block
that truly cannot run here (it needs a SLURM cluster, say) is marked in the doc by an HTML comment
on the line before its fence, ``<!-- not run: REASON -->``, and the doc says why in its text.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIXTURES = DATA / "docs"
_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
_NOT_RUN = re.compile(r"<!-- not run: (.+?) -->\s*$")


@dataclass(frozen=True)
class Block:
    """One ```python block: where it is, its code, and why it is not run (or None)."""

    doc: Path
    line: int
    code: str
    not_run: str | None

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def python_blocks(doc: Path) -> list[Block]:
    text = doc.read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        reason = _NOT_RUN.search(before)
        found.append(Block(doc, line, m.group(1), reason.group(1) if reason else None))
    return found


WITH_PYTHON = [doc for doc in DOCS if python_blocks(doc)]


@pytest.fixture(scope="session")
def docs_workdir(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The invented articles, and ``news.db`` made from ``articles/`` (once per session)."""
    # the local engine loads spaCy: imported by the tests that run it only
    from newsgraph.engines import local
    from newsgraph.store import Store

    root = tmp_path_factory.mktemp("docs") / "work"
    shutil.copytree(FIXTURES, root)
    with Store.open(str(root / "news.db")) as store:
        report = local.ingest(store, [str(root / "articles")], published="2024-03-05", nlp=nlp)
        store.finish_ingest(report.stored)
    assert report.stored == 3 and not report.failed
    return root


@pytest.fixture
def workdir(docs_workdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the docs' working directory, as the current directory."""
    work = tmp_path / "work"
    shutil.copytree(docs_workdir, work)
    monkeypatch.chdir(work)
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    return work


def test_the_docs_have_python_to_run() -> None:
    names = {doc.name for doc in WITH_PYTHON}
    assert {"README.md", "cli.md", "store.md", "schema.md", "scaling.md"} <= names
    for doc in WITH_PYTHON:
        for block in python_blocks(doc):
            compile(block.code, block.where, "exec")  # every block is Python, run or not


def test_a_block_is_left_out_only_with_a_reason() -> None:
    left_out = [b for doc in DOCS for b in python_blocks(doc) if b.not_run]
    assert [(b.doc.name, b.not_run) for b in left_out] == [
        ("scaling.md", "it needs dask_jobqueue and a SLURM cluster"),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("doc", WITH_PYTHON, ids=[d.name for d in WITH_PYTHON])
def test_every_python_block_runs_as_written(doc: Path, workdir: Path) -> None:
    namespace: dict[str, Any] = {"__name__": f"docs.{doc.stem}"}
    for block in python_blocks(doc):
        if block.not_run:
            continue
        try:
            exec(compile(block.code, block.where, "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{block.where}: the block fails as written: {exc!r}") from exc
