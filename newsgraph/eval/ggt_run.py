"""``newsgraph eval --gold DIR`` for a GGT gold directory: predictions, metrics, error examples.

The metrics are :mod:`newsgraph.eval.ggt`'s (GGT's own at 0.3 and 0.8, and newsgraph's
half-overlap match with speaker, pronoun and floating-quote accuracy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TextIO

from newsgraph.eval.ggt import (
    GGT_THRESHOLDS,
    GgtArticle,
    GgtMetrics,
    ggt_predictions,
    load_ggt,
    name_matches,
    score_ggt,
)
from newsgraph.eval.run import read_records, records_from_pipeline
from newsgraph.model import Record


@dataclass
class GgtEvaluation:
    articles: list[GgtArticle]
    records: dict[str, Record]
    metrics: GgtMetrics
    warnings: list[str] = field(default_factory=list)


def evaluate_ggt(
    gold_dir: Path,
    pred: Path | None = None,
    *,
    limit: int | None = None,
    workers: int = 1,
    cache: Path | None = None,
) -> GgtEvaluation:
    """Score records (a JSONL file, or the pipeline run over the gold texts) against GGT gold."""
    articles = load_ggt(gold_dir, limit=limit)
    if pred is not None:
        ids = {a.id for a in articles}
        records = {}
        for record in read_records(pred):
            key = record.article.id or PurePath(record.source or "").stem
            if key not in ids:
                key = PurePath(record.source or "").stem
            if key in ids:
                records[key] = record
    else:
        texts = ((a.id, a.text, a.path, None) for a in articles)
        records = {str(r.article.id): r for r in records_from_pipeline(texts, workers, cache)}
    metrics, warnings = score_ggt(articles, records)
    return GgtEvaluation(articles, records, metrics, warnings)


# ----------------------------------------------------------------------------- printing
def metrics_table(m: GgtMetrics) -> Any:
    from rich.table import Table  # rich is the CLI's: imported where a table is printed

    table = Table(title="Quotes, GGT conventions (speech only, each part a quote)")
    for name, justify in (("metric", "left"), ("P", "right"), ("R", "right"), ("F1", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("counts", justify="right")
    table.add_row(
        "quotes (half overlap)",
        f"{m.precision:.3f}",
        f"{m.recall:.3f}",
        f"{m.f1:.3f}",
        f"{m.tp_pred}/{m.pred} pred, {m.tp_gold}/{m.gold} gold",
    )
    for t in GGT_THRESHOLDS:
        c = m.ggt[t]
        table.add_row(
            f"GGT metric (> {t})",
            f"{m.ggt_precision(t):.3f}",
            f"{m.ggt_recall(t):.3f}",
            f"{m.ggt_f1(t):.3f}",
            f"{c['tp']} matched, {c['fp']} spurious, {c['fn']} missed",
        )
    for label, value, num, den in (
        ("speaker accuracy", m.speaker_accuracy, m.speaker_ok, m.speaker_checked),
        ("attributed recall", m.attributed_recall, m.speaker_ok, m.gold_with_speaker),
        ("pronoun speakers", m.pronoun_accuracy, m.pronoun_ok, m.pronoun_checked),
        ("floating quotes", m.floating_accuracy, m.floating_ok, m.floating_checked),
        ("direct recall", m.direct_recall, m.tp_direct, m.gold_direct),
    ):
        table.add_row(label, "", "", f"{value:.3f}", f"{num}/{den}")
    table.caption = f"{m.articles} articles"
    return table


def error_examples(evaluation: GgtEvaluation, n: int) -> dict[str, list[str]]:
    """Up to ``n`` examples of missed quotes, spurious speech quotes and wrong speakers."""
    out: dict[str, list[str]] = {"missed": [], "spurious": [], "wrong speaker": []}
    for article in evaluation.articles:
        record = evaluation.records.get(article.id)
        preds = ggt_predictions(record) if record is not None else []
        text = article.text
        for g in article.quotes:
            hits = [p for p in preds if _half(p.start, p.end, g.start, g.end)]
            if not hits:
                out["missed"].append(f"{article.id} [{g.start}:{g.end}] {_clip(g.quote)}")
            elif not any(name_matches(p.names, g.reference) for p in hits) and g.reference:
                said = hits[0].canonical[0] if hits[0].canonical else "(no name)"
                out["wrong speaker"].append(
                    f"{article.id} [{g.start}:{g.end}] {_clip(g.quote)} — gold {g.reference!r}, "
                    f"predicted {said!r}"
                )
        for p in preds:
            if not any(_half(p.start, p.end, g.start, g.end) for g in article.quotes):
                out["spurious"].append(
                    f"{article.id} [{p.start}:{p.end}] {_clip(text[p.start : p.end])}"
                )
    return {k: v[:n] for k, v in out.items()}


def _half(ps: int, pe: int, gs: int, ge: int) -> bool:
    common = max(0, min(pe, ge) - max(ps, gs))
    return common > 0 and 2 * common >= ge - gs and 2 * common >= pe - ps


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_report(evaluation: GgtEvaluation, out: TextIO, show: int = 0) -> None:
    from rich.console import Console  # rich is the CLI's: imported where it prints

    console = Console(file=out, soft_wrap=False, width=120 if not out.isatty() else None)
    console.print(metrics_table(evaluation.metrics))
    if not show:
        return
    for kind, lines in error_examples(evaluation, show).items():
        console.rule(f"{kind}: {len(lines)} shown")
        for line in lines:
            console.print(line, highlight=False, markup=False)


def metrics_json(evaluation: GgtEvaluation) -> str:
    data = evaluation.metrics.to_dict()
    data["warnings"] = evaluation.warnings
    return json.dumps(data, indent=2, ensure_ascii=False)
