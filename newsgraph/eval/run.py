"""``newsgraph eval``: get predictions for a gold directory, score them, and print the results.

Predictions come either from a ``newsgraph/2`` JSONL file (``newsgraph extract`` output), matched
to gold articles by ``article.id`` or by the stem of ``source``, or from running the newsgraph
pipeline over the gold texts (with the publication date from ``metadata.tsv`` when there is one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TextIO

from newsgraph.eval.brat import GoldArticle, load_gold
from newsgraph.eval.score import (
    ArticleResult,
    Error,
    Metrics,
    PredQuote,
    aggregate,
    errors_of,
    score_article,
)
from newsgraph.model import Record

ERROR_KINDS = ("missed", "spurious", "wrong speaker")


@dataclass
class Evaluation:
    results: list[ArticleResult]
    metrics: Metrics
    warnings: list[str] = field(default_factory=list)

    def errors(self, kind: str) -> list[Error]:
        return [e for r in self.results for e in errors_of(r) if e.kind == kind]

    def examples(self, kind: str, n: int) -> list[Error]:
        """``n`` errors of ``kind`` spread over articles: each article's first in turn, then
        each one's second, ... (so one bad article does not fill the list)."""
        per_article = [[e for e in errors_of(r) if e.kind == kind] for r in self.results]
        out: list[Error] = []
        depth = 0
        while len(out) < n and any(len(errors) > depth for errors in per_article):
            out.extend(errors[depth] for errors in per_article if len(errors) > depth)
            depth += 1
        return out[:n]


# ----------------------------------------------------------------------------- predictions
def pred_quotes(record: Record | dict[str, Any]) -> list[PredQuote]:
    """The scorer's view of a record's quotes."""
    quotes = record.quotes if isinstance(record, Record) else Record.from_dict(record).quotes
    out = []
    for q in quotes:
        speaker = q.speaker
        out.append(
            PredQuote(
                start=q.start,
                end=q.end,
                kind=q.kind,
                speaker=(speaker.start, speaker.end) if speaker else None,
                speaker_text=speaker.text if speaker else None,
                speaker_name=speaker.name if speaker else None,
                id=q.id,
                parts=tuple((p.start, p.end) for p in q.parts),
            )
        )
    return out


def record_keys(record: Record) -> list[str]:
    """Names a record may be matched to a gold article by: ``article.id``, then source stem."""
    keys = []
    if record.article.id:
        keys.append(record.article.id)
    if record.source and record.source != "-":
        keys.append(PurePath(record.source).stem)
    return keys


def read_records(path: Path) -> Iterator[Record]:
    """``newsgraph/2`` records from a JSONL file (a single JSON record also works)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped.rstrip():
        # one record, possibly pretty-printed (`newsgraph extract FILE` writes JSON)
        try:
            yield Record.from_dict(json.loads(text))
            return
        except json.JSONDecodeError:
            pass
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield Record.from_dict(json.loads(line))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: not a newsgraph/2 record ({exc})") from None


def predictions_from_file(
    path: Path, articles: Sequence[GoldArticle], warnings: list[str]
) -> dict[str, list[PredQuote]]:
    names = {a.name: a for a in articles}
    out: dict[str, list[PredQuote]] = {}
    for record in read_records(path):
        name = next((k for k in record_keys(record) if k in names), None)
        if name is None:
            continue
        if record.article.text != names[name].text:
            warnings.append(f"{name}: predicted record's text differs from the gold text")
        out[name] = pred_quotes(record)
    return out


def records_from_pipeline(
    texts: Iterable[tuple[str, str, Path | None, str | None]],
    workers: int = 1,
    cache: Path | None = None,
) -> Iterator[Record]:
    """Records for ``(id, text, path, published)`` gold articles, from the pipeline.

    ``cache``: a directory where spaCy's parses are kept between runs
    (:class:`newsgraph.eval.cache.ParseCache`; parsing what is not there yet uses one process).
    """
    # the spaCy pipeline: imported when predictions are made, so `eval --pred` needs no model
    from newsgraph.ingest.load import document_from_text
    from newsgraph.nlp.pipeline import pipeline, process

    documents = [
        document_from_text(text, source=str(path or name), published=published, id=name)
        for name, text, path, published in texts
        if text.strip()
    ]
    if cache is not None:
        from newsgraph.eval.cache import ParseCache  # spaCy DocBin: only when a cache is asked for

        yield from ParseCache(pipeline(), cache).records(documents)
        return
    yield from process(documents, n_process=workers)


def predictions_from_pipeline(
    articles: Sequence[GoldArticle], workers: int = 1, cache: Path | None = None
) -> dict[str, list[PredQuote]]:
    texts = ((a.name, a.text, a.path, a.published) for a in articles)
    return {
        str(record.article.id): pred_quotes(record)
        for record in records_from_pipeline(texts, workers, cache)
    }


def evaluate(
    gold_dir: Path,
    pred: Path | None = None,
    *,
    limit: int | None = None,
    workers: int = 1,
    cache: Path | None = None,
) -> Evaluation:
    articles = load_gold(gold_dir, limit=limit)
    warnings = [w for a in articles for w in a.warnings]
    if pred is not None:
        predictions = predictions_from_file(pred, articles, warnings)
        missing = [a.name for a in articles if a.name not in predictions]
        if missing:
            warnings.append(
                f"{len(missing)} gold article(s) have no predicted record (scored as no quotes), "
                f"e.g. {missing[0]}"
            )
    else:
        predictions = predictions_from_pipeline(articles, workers=workers, cache=cache)
    results = [score_article(a, predictions.get(a.name, [])) for a in articles]
    return Evaluation(results, aggregate(results), warnings)


# ----------------------------------------------------------------------------- printing
def metrics_table(metrics: Metrics, title: str = "Quote attribution") -> Any:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("metric")
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    table.add_column("F1", justify="right")
    table.add_column("counts", justify="right")
    m = metrics
    table.add_row(
        "direct quotes",
        f"{m.direct_precision:.3f}",
        f"{m.direct_recall:.3f}",
        f"{m.direct_f1:.3f}",
        f"{m.matched_pred_direct}/{m.pred_direct} pred, {m.matched_gold_direct}/{m.gold_direct} gold",
    )
    table.add_row(
        "all attributions",
        f"{m.precision:.3f}",
        f"{m.recall:.3f}",
        f"{m.f1:.3f}",
        f"{m.matched} matched, {m.pred} pred, {m.gold} gold",
    )
    table.add_row(
        "speaker accuracy",
        "",
        "",
        f"{m.speaker_accuracy:.3f}",
        f"{m.speaker_correct}/{m.speaker_scored}",
    )
    table.add_row(
        "attributed recall",
        "",
        "",
        f"{m.attributed_recall:.3f}",
        f"{m.speaker_correct}/{m.gold_direct}",
    )
    table.caption = (
        f"{m.articles} articles; errors: missed {m.errors['missed']}, spurious "
        f"{m.errors['spurious']}, wrong speaker {m.errors['wrong speaker']} "
        f"({m.wrong_speaker_same_name} naming the gold source elsewhere)"
    )
    return table


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s|\n")


def context(text: str, start: int, end: int, width: int = 160) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)``: from the previous sentence end to the next one,
    at most ``width`` characters beyond the span on either side (a regex, not spaCy, so that
    ``eval --pred`` needs no model)."""
    lo = max(0, start - width)
    left = lo
    for found in _SENTENCE_END.finditer(text, lo, start):
        left = found.end()
    hi = min(len(text), end + width)
    after = _SENTENCE_END.search(text, end, hi)
    right = after.end() if after else hi
    return left, right


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit // 2 - 2] + " … " + text[-limit // 2 + 2 :]


def _spans_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    return " … ".join(text[s:e] for s, e in spans)


def _at(spans: Iterable[tuple[int, int]]) -> str:
    """Offsets in brackets: the same name at another place is another mention."""
    return " [" + ";".join(f"{s}:{e}" for s, e in spans) + "]"


def describe(error: Error) -> list[tuple[str, str]]:
    """Label/value lines for one error example."""
    text = error.article.text
    gold, pred = error.gold, error.pred
    lo = min(
        x for x in (gold.start if gold else None, pred.start if pred else None) if x is not None
    )
    hi = max(x for x in (gold.end if gold else None, pred.end if pred else None) if x is not None)
    left, right = context(text, lo, hi)
    lines = [("article", f"{error.article.name} [{lo}:{hi}]" + (" direct" if error.direct else ""))]
    lines.append(("context", _clip(text[left:right], 600)))
    if gold is not None:
        lines.append(("gold", _clip(_spans_text(text, gold.content))))
        source = _spans_text(text, gold.source) + _at(gold.source) if gold.source else "(none)"
        cue = _spans_text(text, gold.cue) if gold.cue else "(none)"
        lines.append(("gold source", f"{source}  (cue: {cue})"))
    if pred is not None:
        lines.append((f"pred {pred.kind}", _clip(text[pred.start : pred.end])))
        speaker = "(none)"
        if pred.speaker is not None:
            speaker = (pred.speaker_text or "") + _at((pred.speaker,))
        if pred.speaker_name and pred.speaker_name != pred.speaker_text:
            speaker += f" → {pred.speaker_name}"
        lines.append(("pred speaker", speaker))
    near = error.near
    if isinstance(near, PredQuote):
        lines.append((f"nearest pred {near.kind}", _clip(text[near.start : near.end])))
    elif near is not None:
        lines.append(("nearest gold", _clip(_spans_text(text, near.content))))
    return lines


def print_report(evaluation: Evaluation, out: TextIO, show: int = 0) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, soft_wrap=False, width=120 if not out.isatty() else None)
    console.print(metrics_table(evaluation.metrics))
    if not show:
        return
    for kind in ERROR_KINDS:
        total = evaluation.metrics.errors[kind]
        examples = evaluation.examples(kind, show)
        console.rule(f"{kind}: {len(examples)} of {total}")
        for error in examples:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="bold", justify="right", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in describe(error):
                grid.add_row(label, Text(value))
            console.print(grid)
            console.print()


def metrics_json(evaluation: Evaluation) -> str:
    data = evaluation.metrics.to_dict()
    data["warnings"] = evaluation.warnings
    return json.dumps(data, indent=2, ensure_ascii=False)
