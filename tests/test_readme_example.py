"""The README's example output is what newsgraph prints today on the seed article."""

from __future__ import annotations

import json
import re

import pytest

from newsgraph.cli import main
from tests.conftest import ROOT, SEED, need_shared

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = "newsgraph extract ../shared/seed/ioc-bach-bakhmut.txt --published 2023-02-03"


def _extract(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    assert (
        main(["extract", str(need_shared(SEED)), "--published", "2023-02-03", "--format", fmt]) == 0
    )
    return capsys.readouterr().out


def test_the_summary_line_and_the_dates_are_todays(capsys) -> None:
    out = _extract(capsys, "text")
    summary = re.search(r"^\d+ body paragraphs.*$", out, re.M)
    assert summary and summary.group() in README
    dates = re.findall(r"^│ (.+?) +│ (\S+) +│$", out.split("Dates (", 1)[1], re.M)
    assert dates and all(f"│ {text:<16} │ {value:<10} │" in README for text, value in dates)
    assert f"$ {COMMAND} --format text" in README


def test_the_json_quote_is_todays(capsys) -> None:
    record = json.loads(_extract(capsys, "json"))
    shown = json.loads(README.split("```json\n", 1)[1].split("```", 1)[0])
    assert shown in record["quotes"]
