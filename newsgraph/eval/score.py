"""Score predicted quotes against gold attributions (pure functions, no spaCy).

Definitions (issue #3; also in ``docs/eval.md``):

- **match**: a predicted quote matches a gold attribution when the character overlap of the
  predicted content span and the gold Content span(s) is at least half of each, i.e.
  ``overlap >= 0.5 * len(pred)`` and ``overlap >= 0.5 * len(gold)`` (lengths of discontinuous gold
  spans are the sum of their parts).
- **one-to-one**: within an article, all (gold, pred) pairs that match are sorted by overlap
  (largest first; ties by gold then pred position) and taken greedily, each gold and each
  prediction at most once. One matching serves every metric.
- **direct gold**: the content has ``"``, ``“`` or ``”`` inside one of its spans, or *just around*
  one: the nearest character before a span (skipping spaces and tabs, never a line break) is an
  opening mark (``“``, or ``"`` at the start of a line or after whitespace or ``([{—–-``), or the
  nearest character after a span (skipping spaces and tabs, and at most one of ``,.;:?!``) is a
  closing mark (``”``, or ``"`` at the end of the text or before whitespace or punctuation).
- **direct pred**: a predicted quote of kind ``direct`` or ``mixed``.
- direct P = matched direct preds / direct preds; direct R = matched direct golds / direct golds
  ("matched" = matched to any gold / any prediction; kinds need not agree); all-attribution P/R
  over all preds and golds; F1 = harmonic mean (0 when P + R = 0). A ratio with an empty
  denominator is 0.
- **speaker accuracy**: among matched direct golds with a Source, the share whose predicted speaker
  mention span overlaps the gold Source span (at least one character); **attributed recall**: those
  correct / all direct golds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from newsgraph.eval.brat import GoldArticle, GoldAttribution, Spans, normalise

QUOTE_MARKS = frozenset('"“”')
DIRECT_KINDS = frozenset({"direct", "mixed"})
T = TypeVar("T")
_SPACE = " \t\u00a0"
_OPEN_BEFORE = "([{—–-"
_PUNCT_AFTER = ",.;:?!"


@dataclass(frozen=True)
class PredQuote:
    """What the scorer needs from a predicted quote (a ``newsgraph/2`` quote)."""

    start: int
    end: int
    kind: str
    speaker: tuple[int, int] | None = None
    speaker_text: str | None = None
    speaker_name: str | None = None
    id: str = ""
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def direct(self) -> bool:
        return self.kind in DIRECT_KINDS

    @property
    def spans(self) -> Spans:
        """The content: its parts (an interrupted quote is discontinuous, as PolNeAR's content
        is), else ``[start, end)``."""
        return normalise(list(self.parts) or [(self.start, self.end)])


# ----------------------------------------------------------------------------- span arithmetic
def length(spans: Spans) -> int:
    return sum(end - start for start, end in spans)


def overlap(a: Spans, b: Spans) -> int:
    """Characters covered by both (each side normalised: sorted, non-overlapping)."""
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


def half_match(pred: Spans, gold: Spans) -> int:
    """The overlap if it is at least half of each side (and not zero), else 0."""
    common = overlap(pred, gold)
    if common and 2 * common >= length(pred) and 2 * common >= length(gold):
        return common
    return 0


# ----------------------------------------------------------------------------- direct gold
def _opens(text: str, i: int) -> bool:
    char = text[i]
    if char == "“":
        return True
    if char != '"':
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_BEFORE


def _closes(text: str, i: int) -> bool:
    char = text[i]
    if char == "”":
        return True
    if char != '"':
        return False
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return not nxt.isalnum()  # end of text, whitespace or punctuation


def is_direct_gold(text: str, content: Spans) -> bool:
    """Whether gold content counts as direct (quote marks inside it or just around it)."""
    for start, end in content:
        if any(c in QUOTE_MARKS for c in text[start:end]):
            return True
        i = start - 1
        while i >= 0 and text[i] in _SPACE:
            i -= 1
        if i >= 0 and _opens(text, i):
            return True
        j = end
        while j < len(text) and text[j] in _SPACE:
            j += 1
        if j < len(text) and text[j] in _PUNCT_AFTER:
            j += 1
        if j < len(text) and _closes(text, j):
            return True
    return False


# ----------------------------------------------------------------------------- matching
def match(golds: Sequence[GoldAttribution], preds: Sequence[PredQuote]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: greedy by overlap, largest first."""
    candidates: list[tuple[int, int, int, int, int]] = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            if pred.end <= gold.start or pred.start >= gold.end:
                continue
            if common := half_match(pred.spans, gold.content):
                candidates.append((-common, gold.start, pred.start, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def speaker_correct(gold: GoldAttribution, pred: PredQuote) -> bool:
    """The predicted speaker mention overlaps the gold Source span."""
    if pred.speaker is None or not gold.source:
        return False
    return overlap(normalise([pred.speaker]), gold.source) > 0


def same_name(text: str, gold: GoldAttribution, pred: PredQuote) -> bool:
    """Diagnostic only (not a metric of the issue): whether a wrong speaker still names the gold
    Source elsewhere: the Source text and the predicted mention text or resolved entity name are
    equal, or one contains the other as whole words (case-insensitive; parts of 3+ characters)."""
    source = _words(" ".join(text[s:e] for s, e in gold.source))
    if not source or pred.speaker is None:
        return False
    mention = _words(text[pred.speaker[0] : pred.speaker[1]])
    name = _words(pred.speaker_name or "")
    for other in (mention, name):
        if other == source:
            return True
        if (
            len(other) >= 3
            and len(source) >= 3
            and (f" {other} " in f" {source} " or f" {source} " in f" {other} ")
        ):
            return True
    return False


def _words(value: str) -> str:
    return " ".join(value.lower().split())


# ----------------------------------------------------------------------------- results
@dataclass
class ArticleResult:
    """One article scored: the matching plus everything the metrics and error lists need."""

    article: GoldArticle
    preds: list[PredQuote]
    pairs: list[tuple[int, int]]
    direct_gold: list[bool]

    @property
    def gold_of(self) -> dict[int, int]:
        return {pi: gi for gi, pi in self.pairs}

    @property
    def pred_of(self) -> dict[int, int]:
        return dict(self.pairs)


@dataclass(frozen=True)
class Error:
    """One error for ``--show``: which kind, where, and the gold/pred involved (either may be None)."""

    kind: str  # "missed" | "spurious" | "wrong speaker"
    article: GoldArticle
    gold: GoldAttribution | None
    pred: PredQuote | None
    direct: bool
    near: GoldAttribution | PredQuote | None = None
    """For missed/spurious: the prediction/gold overlapping it most (a boundary error), if any."""


def score_article(article: GoldArticle, preds: Iterable[PredQuote]) -> ArticleResult:
    pred_list = sorted(preds, key=lambda p: (p.start, p.end, p.id))
    golds = article.attributions
    return ArticleResult(
        article=article,
        preds=pred_list,
        pairs=match(golds, pred_list),
        direct_gold=[is_direct_gold(article.marks_text or article.text, g.content) for g in golds],
    )


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Metrics:
    articles: int = 0
    gold: int = 0
    pred: int = 0
    matched: int = 0
    gold_direct: int = 0
    pred_direct: int = 0
    matched_gold_direct: int = 0
    matched_pred_direct: int = 0
    speaker_scored: int = 0
    speaker_correct: int = 0
    wrong_speaker_same_name: int = 0
    errors: dict[str, int] = field(
        default_factory=lambda: {"missed": 0, "spurious": 0, "wrong speaker": 0}
    )

    @property
    def direct_precision(self) -> float:
        return _ratio(self.matched_pred_direct, self.pred_direct)

    @property
    def direct_recall(self) -> float:
        return _ratio(self.matched_gold_direct, self.gold_direct)

    @property
    def direct_f1(self) -> float:
        return _f1(self.direct_precision, self.direct_recall)

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.pred)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_correct, self.speaker_scored)

    @property
    def attributed_recall(self) -> float:
        return _ratio(self.speaker_correct, self.gold_direct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "direct": {
                "precision": self.direct_precision,
                "recall": self.direct_recall,
                "f1": self.direct_f1,
            },
            "all": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "speaker_accuracy": self.speaker_accuracy,
            "attributed_recall": self.attributed_recall,
            "counts": {
                "articles": self.articles,
                "gold": self.gold,
                "pred": self.pred,
                "matched": self.matched,
                "gold_direct": self.gold_direct,
                "pred_direct": self.pred_direct,
                "matched_gold_direct": self.matched_gold_direct,
                "matched_pred_direct": self.matched_pred_direct,
                "speaker_scored": self.speaker_scored,
                "speaker_correct": self.speaker_correct,
            },
            "errors": dict(self.errors),
            "diagnostics": {"wrong_speaker_same_name": self.wrong_speaker_same_name},
        }


def errors_of(result: ArticleResult) -> list[Error]:
    """Missed golds, spurious preds and wrong speakers of one article, in text order."""
    golds, preds = result.article.attributions, result.preds
    pred_of, gold_of = result.pred_of, result.gold_of
    out: list[Error] = []
    for gi, gold in enumerate(golds):
        direct = result.direct_gold[gi]
        if gi not in pred_of:
            near_pred = _nearest(gold.content, preds, lambda p: p.spans)
            out.append(Error("missed", result.article, gold, None, direct, near_pred))
            continue
        pred = preds[pred_of[gi]]
        if direct and gold.source and not speaker_correct(gold, pred):
            out.append(Error("wrong speaker", result.article, gold, pred, direct))
    for pi, pred in enumerate(preds):
        if pi not in gold_of:
            near_gold = _nearest(pred.spans, golds, lambda g: g.content)
            out.append(Error("spurious", result.article, None, pred, pred.direct, near_gold))
    out.sort(key=_error_position)
    return out


def _nearest(spans: Spans, items: Sequence[T], spans_of: Callable[[T], Spans]) -> T | None:
    """The item overlapping ``spans`` most (None when nothing overlaps)."""
    best, best_overlap = None, 0
    for item in items:
        common = overlap(spans, spans_of(item))
        if common > best_overlap:
            best, best_overlap = item, common
    return best


def _error_position(error: Error) -> tuple[int, int]:
    if error.gold is not None:
        return error.gold.start, error.gold.end
    assert error.pred is not None
    return error.pred.start, error.pred.end


def aggregate(results: Iterable[ArticleResult]) -> Metrics:
    """Sum the counts of every article (micro-averaged metrics)."""
    m = Metrics()
    for r in results:
        golds, preds = r.article.attributions, r.preds
        pred_of, gold_of = r.pred_of, r.gold_of
        m.articles += 1
        m.gold += len(golds)
        m.pred += len(preds)
        m.matched += len(r.pairs)
        m.gold_direct += sum(r.direct_gold)
        m.pred_direct += sum(p.direct for p in preds)
        m.matched_gold_direct += sum(1 for gi in pred_of if r.direct_gold[gi])
        m.matched_pred_direct += sum(1 for pi in gold_of if preds[pi].direct)
        for gi, pi in r.pairs:
            if r.direct_gold[gi] and golds[gi].source:
                m.speaker_scored += 1
                m.speaker_correct += speaker_correct(golds[gi], preds[pi])
        for error in errors_of(r):
            m.errors[error.kind] += 1
            if error.kind == "wrong speaker" and error.gold and error.pred:
                m.wrong_speaker_same_name += same_name(r.article.text, error.gold, error.pred)
    return m
