"""The learned decisions of the reported-speech step: which candidates are attributions, and
where their content ends.

Two logistic regressions over the sparse features of :mod:`newsgraph.nlp.quotes.features`,
fitted on PolNeAR ``train/`` by ``python -m newsgraph.train quotes`` and shipped as
``newsgraph/data/quote_model.json`` (weights by feature name: small, readable, no pickle). Applying
them is a dot product per candidate, a few microseconds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.features import Features, end_features, keep_features

MODEL_FILE = "data/quote_model.json"
#: Constructions the keep model decides on (direct quotes and quoted fragments stay with the
#: rules: their quote marks already say that words were reported).
DECIDED = frozenset({"verb", "passive", "noun", "according", "in_document"})


@dataclass(frozen=True)
class LinearModel:
    """``sigmoid(bias + sum(weight[name] * value))``."""

    bias: float
    weights: dict[str, float]

    def score(self, features: Features) -> float:
        weights = self.weights
        return self.bias + sum(weights.get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: Features) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(features)))))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


@dataclass(frozen=True)
class Decider:
    """The shipped models and the settings they were fitted with."""

    keep: LinearModel
    end: LinearModel
    threshold: float
    min_precision: dict[str, float]  # the cue-table floors candidates were generated with

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decider:
        return cls(
            keep=LinearModel.from_dict(data["keep"]),
            end=LinearModel.from_dict(data["end"]),
            threshold=float(data["keep"]["threshold"]),
            min_precision={k: float(v) for k, v in data["min_precision"].items()},
        )


@lru_cache(maxsize=1)
def shipped_decider() -> Decider | None:
    """The model shipped with the package (``None`` if the file is absent: rules only)."""
    path = resources.files("newsgraph").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return Decider.from_dict(json.loads(path.read_text(encoding="utf-8")))


def decide(ctx: QuoteContext, candidates: list[Attribution], model: Decider) -> list[Attribution]:
    """The candidates the keep model accepts, each with the end the end model prefers."""
    kept = []
    for a in candidates:
        if a.construction not in DECIDED:
            kept.append(a)
            continue
        choose_end(ctx, a, model.end)
        a.score = model.keep.probability(keep_features(ctx, a))
        if a.score >= model.threshold:
            kept.append(a)
    return kept


def choose_end(ctx: QuoteContext, a: Attribution, end_model: LinearModel) -> None:
    """Move the content's end to the best-scoring option, if the candidate has options."""
    if len(a.end_options) < 2:
        return
    best = max(a.end_options, key=lambda o: end_model.score(end_features(ctx, a, o[0], o[1])))
    a.set_end(best[0])
