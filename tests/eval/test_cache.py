"""``newsgraph eval --cache``: spaCy's parses kept between runs give the very same records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsgraph.cli import main
from newsgraph.eval.run import records_from_pipeline
from tests.conftest import DATA

TEXTS = [
    (
        "a1",
        '"We will not go back on our promise," Mayor Ana Ruiz said on Monday. "Never."\n\n'
        "The council, she added, would vote in June.",
        None,
        "2024-05-06",
    ),
    (
        "a2",
        "Police said two people were hurt. The fire chief, Dan Cole, told reporters: "
        '"It could have been worse."',
        None,
        None,
    ),
]


def _records(texts: list[Any], **kwargs: Any) -> list[str]:
    return [json.dumps(r.to_dict(), sort_keys=True) for r in records_from_pipeline(texts, **kwargs)]


def test_kept_parses_give_the_records_a_full_run_gives(tmp_path, nlp, monkeypatch) -> None:
    cache = tmp_path / "parses"
    plain = _records(TEXTS)
    assert _records(TEXTS, cache=cache) == plain
    assert len(list(cache.glob("*.spacy"))) == 2

    def no_parsing(docs: Iterator[Any], **_: Any) -> Iterator[Any]:
        for _doc in docs:
            raise AssertionError("a kept parse was parsed again")
        yield from ()

    with monkeypatch.context() as m:
        m.setattr(nlp, "pipe", no_parsing)
        assert _records(TEXTS, cache=cache) == plain
    changed = [(TEXTS[0][0], TEXTS[0][1] + " She left.", None, "2024-05-06")]
    assert _records(changed, cache=cache) == _records(changed)
    assert len(list(cache.glob("*.spacy"))) == 3  # a new text: a new parse, the old ones kept


def test_eval_cli_takes_a_cache_directory(tmp_path, capsys) -> None:
    args = ["eval", "--gold", str(DATA / "brat"), "--json"]
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    for _ in range(2):  # parsed and kept, then read back
        assert main([*args, "--cache", str(tmp_path / "c")]) == 0
        assert json.loads(capsys.readouterr().out) == plain
    assert list((tmp_path / "c").glob("*.spacy"))
