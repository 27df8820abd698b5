"""Fit the reported-speech decisions (``newsgraph/data/quote_model.json``) on PolNeAR ``train/``.

    python -m newsgraph.train quotes ../shared/eval/polnear/train newsgraph/data/quote_model.json

How: every train text is parsed and goes through the quote component's own steps up to the
reported-speech candidates (the cue table at low floors proposes them; nothing is decided). Each
candidate is labelled against the gold attributions with the evaluation's match (character
overlap of at least half of each side):

- the **end** model sees every end a candidate offers (:func:`newsgraph.nlp.quotes.content.
  end_options`); the one closest to the matched gold content (overlap F1) is the positive;
- the **keep** model sees each candidate with the end the end model picks; it is positive when
  the candidate matches a gold attribution.

Both are L2 logistic regressions (scikit-learn) over the sparse features of
:mod:`newsgraph.nlp.quotes.features`; the regularisation is chosen by 5-fold cross-validation
grouped by article, and the keep threshold is the one that maximises F1 on the out-of-fold
probabilities. Weights are written as JSON by feature name. GGT dev is never used here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newsgraph.eval.brat import GoldArticle, load_gold
from newsgraph.eval.score import half_match, length, overlap
from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.component import quote_context
from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.decide import DECIDED, LinearModel, choose_end
from newsgraph.nlp.quotes.direct import direct_quotes
from newsgraph.nlp.quotes.features import Features, end_features, keep_features
from newsgraph.nlp.quotes.lexicon import RELATIONS, cue_table
from newsgraph.nlp.quotes.reported import reported_candidates

#: Candidates are proposed from every entry of the cue table (its own floors, set when the
#: table was learned); the keep model decides.
FLOORS = dict.fromkeys(RELATIONS, 0.001)  # present in the table at all
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


@dataclass
class Candidate:
    """One candidate of one article, with its gold labels."""

    article: int
    attribution: Attribution
    gold: tuple[tuple[int, int], ...] | None  # the best-matching gold content, if any
    matched_ends: list[bool] = field(default_factory=list)  # per end option: half-match?


def candidates_of(
    doc: Doc, article: GoldArticle, index: int
) -> tuple[QuoteContext, list[Candidate]]:
    """The labelled reported-speech candidates of one parsed article, and its context."""
    ctx, segs_by_para = quote_context(doc, cue_table(), FLOORS)
    direct_quotes(ctx, segs_by_para)  # marks which segments stand as sentences
    segs = [s for ss in segs_by_para for s in ss]
    out = []
    for a in reported_candidates(ctx, segs):
        if a.construction not in DECIDED:
            continue
        options = a.end_options or [(a.end, "rules")]
        golds = [
            g.content for g in article.attributions if g.start < options[-1][0] and a.start < g.end
        ]
        best = max(golds, key=lambda g: max(_f(a, e, g) for e, _ in options), default=None)
        matched = [best is not None and bool(half_match(_spans(a, e), best)) for e, _ in options]
        out.append(Candidate(index, a, best, matched))
    return ctx, out


def _spans(a: Attribution, end: int) -> tuple[tuple[int, int], ...]:
    parts = a.content_parts()
    return (*parts[:-1], (parts[-1][0], end)) if len(parts) > 1 else ((a.start, end),)


def _f(a: Attribution, end: int, gold: tuple[tuple[int, int], ...]) -> float:
    spans = _spans(a, end)
    common = overlap(spans, gold)
    return 2 * common / (length(spans) + length(gold)) if common else 0.0


# ----------------------------------------------------------------------------- fitting
def _fit(rows: Sequence[Features], labels: Sequence[int], groups: Sequence[int]) -> tuple[Any, Any]:
    """The best-C logistic regression (grouped CV log-loss) and its out-of-fold probabilities."""
    # scikit-learn is a training dependency only: imported here
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    y = np.asarray(labels)
    folds = GroupKFold(n_splits=5)
    best = None
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=3000)
        proba = cross_val_predict(model, x, y, groups=groups, cv=folds, method="predict_proba")[
            :, 1
        ]
        eps = 1e-9
        loss = -float(np.mean(y * np.log(proba + eps) + (1 - y) * np.log(1 - proba + eps)))
        if best is None or loss < best[0]:
            best = (loss, c, proba)
    assert best is not None
    final = LogisticRegression(C=best[1], max_iter=3000).fit(x, y)
    return (vec, final), best[2]


def _export(fitted: tuple[Any, Any]) -> LinearModel:
    vec, model = fitted
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3 and name != "bias"
    }
    bias = float(model.intercept_[0]) + float(
        model.coef_[0][vec.vocabulary_["bias"]] if "bias" in vec.vocabulary_ else 0.0
    )
    return LinearModel(round(bias, 4), dict(sorted(weights.items())))


def fit_end(cands: Sequence[Candidate], ctx_of: Callable[[int], QuoteContext]) -> LinearModel:
    """The end model: one row per end option of each candidate matched to a gold content."""
    rows, labels, groups = [], [], []
    for c in cands:
        a = c.attribution
        if c.gold is None or len(a.end_options) < 2 or not any(c.matched_ends):
            continue
        scores = [_f(a, e, c.gold) for e, _ in a.end_options]
        best = scores.index(max(scores))
        ctx = ctx_of(c.article)
        for k, (end, kind) in enumerate(a.end_options):
            rows.append(end_features(ctx, a, end, kind))
            labels.append(int(k == best))
            groups.append(c.article)
    fitted, _ = _fit(rows, labels, groups)
    return _export(fitted)


def fit_keep(
    cands: Sequence[Candidate], ctx_of: Callable[[int], QuoteContext], end: LinearModel
) -> tuple[LinearModel, float]:
    """The keep model and its threshold, on the candidates with the end model's ends."""
    rows, labels, groups = [], [], []
    for c in cands:
        a = c.attribution
        ctx = ctx_of(c.article)
        original = list(a.end_options)
        choose_end(ctx, a, end)
        chosen = next((k for k, (e, _) in enumerate(original) if e == a.end), 0)
        rows.append(keep_features(ctx, a))
        labels.append(int(bool(c.matched_ends) and c.matched_ends[chosen]))
        groups.append(c.article)
    fitted, proba = _fit(rows, labels, groups)
    return _export(fitted), _best_threshold(proba, labels)


def _best_threshold(proba: Any, labels: Sequence[int]) -> float:
    """The probability cut that maximises F1 over candidates (out-of-fold)."""
    best, best_f1 = 0.5, -1.0
    positives = sum(labels)
    for t in [x / 100 for x in range(10, 91, 2)]:
        kept = [y for p, y in zip(proba, labels, strict=True) if p >= t]
        tp = sum(kept)
        if not kept or not tp:
            continue
        p, r = tp / len(kept), tp / positives
        f1 = 2 * p * r / (p + r)
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best


def train(docs: Iterable[Doc], articles: Sequence[GoldArticle]) -> dict[str, Any]:
    """The model file's contents, from parsed docs and their gold articles (same order)."""
    contexts: dict[int, QuoteContext] = {}
    cands: list[Candidate] = []
    for i, (doc, article) in enumerate(zip(docs, articles, strict=True)):
        contexts[i], found = candidates_of(doc, article, i)
        cands.extend(found)
    end = fit_end(cands, contexts.__getitem__)
    keep, threshold = fit_keep(cands, contexts.__getitem__, end)
    keep_dict = {"bias": keep.bias, "threshold": threshold, "weights": keep.weights}
    return {
        "version": 1,
        "source": f"PolNeAR v1.0.0 train ({len(articles)} articles, {len(cands)} candidates)",
        "min_precision": FLOORS,
        "keep": keep_dict,
        "end": {"bias": end.bias, "weights": end.weights},
    }


def main(argv: list[str]) -> int:
    """``TRAIN_DIR OUT.json [LIMIT]``."""
    # the spaCy pipeline is only needed to build: imported here, not by the package
    from newsgraph.pipeline import build_pipeline

    train_dir, out = Path(argv[0]), Path(argv[1])
    limit = int(argv[2]) if len(argv) > 2 else None
    nlp = build_pipeline(components=())
    articles = load_gold(train_dir, limit=limit)
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    model = train(docs, articles)
    out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out}: {model['source']}; keep threshold {model['keep']['threshold']}")
    return 0
