"""docs/cli.md documents every option of every command (hidden ones included), each in the
section of its command."""

from __future__ import annotations

import argparse
import re

from newsgraph.cli import build_parser
from tests.conftest import ROOT

DOC = ROOT / "docs" / "cli.md"


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _sections() -> dict[str, str]:
    """The text of each ``## `newsgraph COMMAND` `` section of docs/cli.md."""
    parts = re.split(r"^## `newsgraph (\w+)`.*$", DOC.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _documented(option: str, text: str) -> bool:
    """``option`` written in backticks (``--published`` does not count for ``--published-from``)."""
    return re.search(rf"`{re.escape(option)}(?![\w-])", text) is not None


def test_every_command_has_a_section() -> None:
    assert sorted(_sections()) == sorted(_commands())


def test_every_option_of_every_command_is_in_its_section() -> None:
    sections = _sections()
    missing = [
        f"{name} {option}"
        for name, command in _commands().items()
        for action in command._actions
        for option in action.option_strings
        if option not in ("-h", "--help") and not _documented(option, sections.get(name, ""))
    ]
    assert missing == []


def test_the_check_sees_a_missing_option() -> None:
    assert _documented("--published", "| `--published YYYY-MM-DD` |")
    assert not _documented("--published", "| `--published-from-metadata` |")
