"""``newsgraph eval`` end to end on the tiny brat fixture."""

from __future__ import annotations

import json

from pytest import approx

from newsgraph.cli import main
from newsgraph.model import Article, Quote, Record, Speaker
from tests.conftest import DATA
from tests.eval.test_score import fixture_predictions

BRAT = DATA / "brat"


def write_predictions(path, *, by="id", drop=()):
    """The hand-made predictions of test_score as newsgraph/2 JSONL records."""
    lines = []
    for name, preds in fixture_predictions().items():
        if name in drop:
            continue
        text = (BRAT / "text" / f"{name}.txt").read_text(encoding="utf-8")
        quotes = [
            Quote(
                id=p.id,
                start=p.start,
                end=p.end,
                text=text[p.start : p.end],
                kind=p.kind,  # type: ignore[arg-type]
                speaker=Speaker(
                    start=p.speaker[0], end=p.speaker[1], text=text[p.speaker[0] : p.speaker[1]]
                )
                if p.speaker
                else None,
            )
            for p in preds
        ]
        article = Article(id=name if by == "id" else None, text=text)
        source = f"some/where/{name}.txt" if by == "source" else None
        lines.append(Record(article=article, quotes=quotes, source=source).to_json())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_pred_json(tmp_path, capsys):
    pred = write_predictions(tmp_path / "pred.jsonl")
    assert main(["eval", "--gold", str(BRAT), "--pred", str(pred), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["all"]["precision"] == approx(5 / 7)
    assert data["all"]["recall"] == approx(5 / 8)
    assert data["direct"]["f1"] == approx(24 / 31)
    assert data["speaker_accuracy"] == approx(2 / 3)
    assert data["attributed_recall"] == approx(0.5)
    assert data["errors"] == {"missed": 3, "spurious": 2, "wrong speaker": 1}
    assert data["warnings"] == []
    assert data["diagnostics"] == {"wrong_speaker_same_name": 0}


def test_eval_pred_matched_by_source_stem_and_missing_articles(tmp_path, capsys):
    pred = write_predictions(tmp_path / "pred.jsonl", by="source", drop=("gamma",))
    assert main(["eval", "--gold", str(BRAT), "--pred", str(pred), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    # gamma scored as no predictions: its 3 golds are missed, its 2 predictions are gone
    assert data["counts"]["pred"] == 5 and data["counts"]["gold"] == 8
    assert data["counts"]["matched"] == 4
    assert "1 gold article(s) have no predicted record" in captured.err


def test_eval_pred_single_pretty_json_record(tmp_path, capsys):
    jsonl = write_predictions(tmp_path / "pred.jsonl")
    alpha = Record.from_dict(json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0]))
    single = tmp_path / "alpha.json"
    single.write_text(alpha.to_json(indent=2), encoding="utf-8")
    assert main(["eval", "--gold", str(BRAT), "--pred", str(single), "--json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    # alpha alone: P1, P2 match G1, G2; P3 is spurious
    assert (data["counts"]["pred"], data["counts"]["matched"], data["counts"]["gold"]) == (3, 2, 2)
    assert data["all"]["precision"] == approx(2 / 3) and data["all"]["recall"] == 1.0


def test_eval_table_and_examples(tmp_path, capsys):
    pred = write_predictions(tmp_path / "pred.jsonl")
    assert main(["eval", "--gold", str(BRAT), "--pred", str(pred), "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert "direct quotes" in out and "0.774" in out  # direct F1 24/31
    assert "speaker accuracy" in out and "0.667" in out
    assert "missed: 1 of 3" in out and "spurious: 1 of 2" in out and "wrong speaker: 1 of 1" in out
    assert "the bridge is closed" in out  # first missed example, with its sentence
    assert "It was reported that the bridge is closed." in out
    assert "Officials met on Monday" in out  # first spurious
    assert "a spokesman" in out and "Nobody" in out  # gold source vs predicted speaker
    assert "nearest" not in out  # the first missed/spurious examples overlap nothing
    assert main(["eval", "--gold", str(BRAT), "--pred", str(pred), "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert "nearest gold" in out and "nearest pred indirect" in out


def test_examples_are_spread_over_articles(tmp_path):
    from newsgraph.eval.run import evaluate

    pred = write_predictions(tmp_path / "pred.jsonl", drop=("alpha", "gamma"))
    evaluation = evaluate(BRAT, pred)
    # missed: alpha G1 G2, beta G5 (beta's others matched), gamma G6 G7 G8
    missed = evaluation.examples("missed", 4)
    assert [e.article.name for e in missed] == ["alpha", "beta", "gamma", "alpha"]
    assert len(evaluation.examples("missed", 99)) == len(evaluation.errors("missed")) == 6


def test_eval_limit(tmp_path, capsys):
    pred = write_predictions(tmp_path / "pred.jsonl")
    assert main(["eval", "--gold", str(BRAT), "--pred", str(pred), "--json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["articles"] == 1 and data["counts"]["gold"] == 2


def test_eval_usage_errors(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "missing")]) == 2
    assert "not a gold directory" in capsys.readouterr().err
    assert main(["eval", "--gold", str(BRAT), "--pred", str(tmp_path / "none.jsonl")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema": "newsgraph/2"}\nnot json\n', encoding="utf-8")
    assert main(["eval", "--gold", str(BRAT), "--pred", str(bad)]) == 1


def test_eval_runs_the_pipeline_without_pred(capsys):
    assert main(["eval", "--gold", str(BRAT), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    counts = data["counts"]
    assert counts["articles"] == 3 and counts["gold"] == 8 and counts["gold_direct"] == 4
    assert counts["matched"] <= min(counts["pred"], counts["gold"])
    assert 0.0 <= data["all"]["f1"] <= 1.0
