"""GGT gold: reading it, scoring by its conventions, agreeing with its own scorer, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest import approx

import newsgraph
from newsgraph.cli import main
from newsgraph.eval.ggt import is_ggt_dir, load_ggt, score_ggt
from newsgraph.model import Article, Entity, Quote, Record, Span, Speaker
from tests.conftest import SHARED, need_shared

GGT = SHARED / "eval" / "ggt-dev"
TEXT = 'The mayor spoke. "We will rebuild," Ana Lopez said. "It will take time." She left.'


def _gold_dir(tmp_path: Path) -> Path:
    """One invented article with two gold quotes: an interrupted utterance is two quotes."""
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    first, second = TEXT.index('"We'), TEXT.index('"It')
    speaker = TEXT.index("Ana Lopez")
    gold = {
        "id": "a1",
        "outlet": "test",
        "quotes": [
            {
                "quote": TEXT[first : first + 17],
                "start": first,
                "end": first + 17,
                "speaker": "Ana Lopez",
                "speaker_start": speaker,
                "speaker_end": speaker + 9,
                "reference": "Ana Lopez",
                "verb": "said",
            },
            {
                "quote": TEXT[second : second + 19],
                "start": second,
                "end": second + 19,
                "speaker": "",
                "speaker_start": None,
                "speaker_end": None,
                "reference": "Ana Lopez",
                "verb": "",
            },
        ],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return tmp_path


def _record(parts: list[tuple[int, int]], act: str = "speech") -> Record:
    speaker = TEXT.index("Ana Lopez")
    quote = Quote(
        id="Q1",
        start=parts[0][0],
        end=parts[-1][1],
        text=" ".join(TEXT[s:e] for s, e in parts),
        kind="direct",
        act=act,  # type: ignore[arg-type]
        parts=[Span(start=s, end=e) for s, e in parts],
        speaker=Speaker(
            start=speaker, end=speaker + 9, text="Ana Lopez", entity="E1", name="Ana Lopez"
        ),
    )
    entity = Entity(id="E1", name="Ana Lopez", type="PERSON", aliases=["Ana Lopez"])
    return Record(article=Article(id="a1", text=TEXT), quotes=[quote], entities=[entity])


def test_an_interrupted_quote_scores_as_its_parts(tmp_path) -> None:
    articles = load_ggt(_gold_dir(tmp_path))
    a, b = TEXT.index("We will"), TEXT.index("It will")
    parts = [(a, a + 15), (b, b + 17)]
    m, warnings = score_ggt(articles, {"a1": _record(parts)})
    assert warnings == []
    assert (m.tp_gold, m.tp_pred, m.pred) == (2, 2, 2)
    assert m.f1 == approx(1.0) and m.ggt_f1(0.3) == approx(1.0)
    assert m.speaker_accuracy == approx(1.0) and m.floating_accuracy == approx(1.0)
    # the hull as one quote matches neither half by half-overlap
    hull, _ = score_ggt(articles, {"a1": _record([(a, b + 17)])})
    assert hull.tp_gold == 0 and hull.ggt[0.3]["tp"] == 1


def test_only_speech_is_scored(tmp_path) -> None:
    articles = load_ggt(_gold_dir(tmp_path))
    a = TEXT.index("We will")
    m, _ = score_ggt(articles, {"a1": _record([(a, a + 15)], act="thought")})
    assert m.pred == 0 and m.tp_gold == 0


def test_a_missing_record_predicts_nothing(tmp_path) -> None:
    m, warnings = score_ggt(load_ggt(_gold_dir(tmp_path)), {})
    assert m.gold == 2 and m.recall == 0 and warnings


def test_eval_cli_reads_a_ggt_directory(tmp_path, capsys) -> None:
    (tmp_path / "gold").mkdir()
    gold = _gold_dir(tmp_path / "gold")
    assert is_ggt_dir(gold)
    a, b = TEXT.index("We will"), TEXT.index("It will")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(_record([(a, a + 15), (b, b + 17)]).to_json() + "\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--pred", str(pred), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quotes"]["f1"] == approx(1.0) and data["ggt_0.3"]["f1"] == approx(1.0)


def _their_scores(gold: Path, pred: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(gold / "score.py"), str(gold), str(pred)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def test_our_scorer_agrees_with_ggts_own_on_the_dev_set(tmp_path) -> None:
    """newsgraph's predictions for a few dev articles get the same counts from
    newsgraph.eval.ggt as from ../shared/eval/ggt-dev/score.py (which scores the articles
    without a record as predicting nothing: they add no predictions and no hits)."""
    gold = need_shared(GGT)
    texts = sorted((gold / "text").glob("*.txt"))[:6]
    pred = tmp_path / "ours.jsonl"
    records = {}
    with pred.open("w", encoding="utf-8") as f:
        for path in texts:
            record = newsgraph.extract(path.read_text(encoding="utf-8"), source=str(path))
            records[path.stem] = record
            f.write(record.to_json() + "\n")
    picked = [a for a in load_ggt(gold) if a.id in records]
    m, _ = score_ggt(picked, records)
    theirs = _their_scores(gold, pred)
    assert m.pred > 0 and m.tp_pred > 0
    assert (m.pred, m.tp_pred, m.tp_gold) == (theirs["pred"], theirs["tp_pred"], theirs["tp_gold"])
    assert (m.speaker_ok, m.pronoun_ok, m.floating_ok) == (
        theirs["spk_ok"],
        theirs["pron_ok"],
        theirs["float_ok"],
    )
    for t in (0.3, 0.8):
        assert m.ggt[t]["tp"] == theirs[f"ggt_true_positive_{t}"]


@pytest.mark.parametrize("quote_text", ['"Yes," she said.'])
def test_gold_loading_keeps_offsets(tmp_path, quote_text) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "x.txt").write_text(quote_text, encoding="utf-8")
    row = {
        "id": "x",
        "quotes": [
            {
                "quote": '"Yes,"',
                "start": 0,
                "end": 6,
                "speaker": "she",
                "speaker_start": 7,
                "speaker_end": 10,
                "reference": "Ann",
                "verb": "said",
            }
        ],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = load_ggt(tmp_path)
    q = article.quotes[0]
    assert article.text[q.start : q.end] == q.quote and q.direct and q.pronoun
    assert article.text[slice(*q.speaker_span)] == "she"
