"""Gold in the Gender Gap Tracker's layout (``gold.jsonl`` + ``text/``), scored by its conventions.

A GGT gold directory holds ``text/<id>.txt`` and ``gold.jsonl``: one line per article, ``{"id",
"outlet", "quotes": [{"quote", "start", "end", "speaker", "speaker_start", "speaker_end",
"reference", "verb"}]}`` with Python ``str`` offsets into the text. GGT annotates **speech** only
(no beliefs, intentions or findings), its quote spans include the quote marks, an utterance
interrupted by its attribution is two quotes, and a quote with no speaker mention of its own (a
*floating* quote) still names who said it in ``reference``.

So a prediction is scored the GGT way: only quotes whose ``act`` is ``speech``, each content
part of an interrupted quote as a quote of its own. Two metrics, both over all articles:

- **GGT's own** (its 2020 evaluation code, re-implemented here): for each gold quote in order,
  the remaining prediction covering the largest share of it is its match when that share is over
  the threshold (0.3 and 0.8); it is then used up. P, R, F1 over quotes, and speaker accuracy over
  the matches: the predicted speaker mention overlaps the gold one, or the gold has none and the
  prediction is a floating quote (its speaker mention lies outside the quote's sentence).
- **newsgraph's** (as for PolNeAR): a prediction and a gold quote match when their overlap is at
  least half of each. Speaker accuracy over matched gold quotes that have a speaker mention: the
  predicted mention overlaps it, or the predicted entity's name or an alias equals the gold
  ``reference`` or ends with its surname. Pronoun resolution: for gold speakers that are
  pronouns, the predicted canonical name matches ``reference``; floating accuracy: the same for
  gold quotes with no speaker mention.

``../shared/eval/ggt-dev/score.py`` defines the same figures; a test checks that both agree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.model import Record

GGT_THRESHOLDS = (0.3, 0.8)
QUOTE_MARKS = '"“”«»'
PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "his", "their", "its"]
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s|\n")


@dataclass(frozen=True)
class GgtQuote:
    """One gold quote."""

    start: int
    end: int
    quote: str
    speaker: str
    speaker_span: tuple[int, int] | None
    reference: str
    verb: str

    @property
    def direct(self) -> bool:
        return self.quote[:1] in QUOTE_MARKS

    @property
    def pronoun(self) -> bool:
        return self.speaker_span is not None and _norm_name(self.speaker) in PRONOUNS


@dataclass
class GgtArticle:
    id: str
    text: str
    quotes: list[GgtQuote]
    outlet: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class GgtPred:
    """A predicted quote (or one part of one) as GGT's convention sees it."""

    start: int
    end: int
    speaker: tuple[int, int] | None
    names: tuple[str, ...]  # the speaker's entity name and aliases
    canonical: tuple[str, ...]  # the speaker's entity name only
    verb: str
    floating: bool


def is_ggt_dir(path: Path) -> bool:
    return (path / "gold.jsonl").is_file() and (path / "text").is_dir()


def load_ggt(gold_dir: Path, limit: int | None = None) -> list[GgtArticle]:
    """Every article of a GGT gold directory, in ``gold.jsonl`` order."""
    out = []
    for line in (gold_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        path = gold_dir / "text" / f"{row['id']}.txt"
        out.append(
            GgtArticle(
                id=row["id"],
                text=path.read_text(encoding="utf-8"),
                quotes=[_gold_quote(q) for q in row.get("quotes") or []],
                outlet=row.get("outlet") or "",
                path=path,
            )
        )
    return out[:limit] if limit is not None else out


def _gold_quote(q: dict[str, Any]) -> GgtQuote:
    has_span = q.get("speaker_start") is not None and q.get("speaker_end") is not None
    return GgtQuote(
        start=q["start"],
        end=q["end"],
        quote=q.get("quote") or "",
        speaker=q.get("speaker") or "",
        speaker_span=(q["speaker_start"], q["speaker_end"]) if has_span else None,
        reference=q.get("reference") or "",
        verb=(q.get("verb") or "").lower().strip(),
    )


# ----------------------------------------------------------------------------- predictions
def ggt_predictions(record: Record) -> list[GgtPred]:
    """The speech quotes of a record, one per content part."""
    entities = {e.id: e for e in record.entities}
    text = record.article.text
    out = []
    for q in record.quotes:
        if q.act != "speech":
            continue
        sp = q.speaker
        entity = entities.get(sp.entity) if sp and sp.entity else None
        canonical = tuple(
            n for n in (sp.name if sp else None, entity.name if entity else None) if n
        )
        names = canonical + tuple(entity.aliases if entity else ())
        span = (sp.start, sp.end) if sp else None
        verb = (q.cue.text if q.cue else "").lower().strip()
        for part in q.parts if len(q.parts) > 1 else [q]:
            out.append(
                GgtPred(
                    start=part.start,
                    end=part.end,
                    speaker=span,
                    names=names,
                    canonical=canonical,
                    verb=verb,
                    floating=sp is not None and _floating(text, span, part.start, part.end),
                )
            )
    return out


def _floating(text: str, speaker: tuple[int, int] | None, start: int, end: int) -> bool:
    """A speaker mention outside the quote's sentence (a sentence end or a line break lies
    between them), or a speaker with no mention."""
    if speaker is None:
        return True
    lo, hi = (speaker[1], start) if speaker[1] <= start else (end, speaker[0])
    return lo < hi and _SENTENCE_BREAK.search(text, lo, hi) is not None


# ----------------------------------------------------------------------------- metrics
@dataclass
class GgtMetrics:
    """The counts behind both metrics; the ratios are properties."""

    articles: int = 0
    gold: int = 0
    pred: int = 0
    tp_gold: int = 0
    tp_pred: int = 0
    gold_direct: int = 0
    tp_direct: int = 0
    gold_with_speaker: int = 0
    speaker_checked: int = 0
    speaker_ok: int = 0
    pronoun_checked: int = 0
    pronoun_ok: int = 0
    floating_checked: int = 0
    floating_ok: int = 0
    ggt: dict[float, dict[str, int]] = field(
        default_factory=lambda: {
            t: dict.fromkeys(("tp", "fp", "fn", "speaker", "verb"), 0) for t in GGT_THRESHOLDS
        }
    )

    def add(self, other: GgtMetrics) -> None:
        for name, value in vars(other).items():
            if name == "ggt":
                for t, counts in value.items():
                    for k, v in counts.items():
                        self.ggt[t][k] += v
            else:
                setattr(self, name, getattr(self, name) + value)

    # newsgraph's metric
    @property
    def precision(self) -> float:
        return _ratio(self.tp_pred, self.pred)

    @property
    def recall(self) -> float:
        return _ratio(self.tp_gold, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_ok, self.speaker_checked)

    @property
    def attributed_recall(self) -> float:
        return _ratio(self.speaker_ok, self.gold_with_speaker)

    @property
    def pronoun_accuracy(self) -> float:
        return _ratio(self.pronoun_ok, self.pronoun_checked)

    @property
    def floating_accuracy(self) -> float:
        return _ratio(self.floating_ok, self.floating_checked)

    @property
    def direct_recall(self) -> float:
        return _ratio(self.tp_direct, self.gold_direct)

    # GGT's metric
    def ggt_precision(self, threshold: float) -> float:
        c = self.ggt[threshold]
        return _ratio(c["tp"], c["tp"] + c["fp"])

    def ggt_recall(self, threshold: float) -> float:
        c = self.ggt[threshold]
        return _ratio(c["tp"], c["tp"] + c["fn"])

    def ggt_f1(self, threshold: float) -> float:
        return _f1(self.ggt_precision(threshold), self.ggt_recall(threshold))

    def ggt_speaker_accuracy(self, threshold: float) -> float:
        c = self.ggt[threshold]
        return _ratio(c["speaker"], c["tp"])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "quotes": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "speaker_accuracy": self.speaker_accuracy,
            "attributed_recall": self.attributed_recall,
            "pronoun_accuracy": self.pronoun_accuracy,
            "floating_accuracy": self.floating_accuracy,
            "direct_recall": self.direct_recall,
        }
        for t in GGT_THRESHOLDS:
            out[f"ggt_{t}"] = {
                "precision": self.ggt_precision(t),
                "recall": self.ggt_recall(t),
                "f1": self.ggt_f1(t),
                "speaker_accuracy": self.ggt_speaker_accuracy(t),
            }
        counts = {k: v for k, v in vars(self).items() if k != "ggt"}
        counts["ggt"] = {str(t): dict(c) for t, c in self.ggt.items()}
        out["counts"] = counts
        return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _half_match(p: tuple[int, int], g: tuple[int, int]) -> bool:
    common = _overlap(p, g)
    return common > 0 and 2 * common >= g[1] - g[0] and 2 * common >= p[1] - p[0]


def _norm_name(name: str) -> str:
    name = re.sub(r"['’]s\b", "", name)
    return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())


def name_matches(names: Iterable[str], reference: str) -> bool:
    """A name equals the reference, or is its surname, or ends with it (`Trudeau`, `Justin
    Trudeau` for the reference `Justin Trudeau`)."""
    ref = _norm_name(reference)
    if not ref:
        return False
    words = ref.split()
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    surname = words[-1]
    for name in names:
        n = _norm_name(name)
        if n and (n in (ref, surname) or n.endswith(" " + surname)):
            return True
    return False


def score_ggt_article(article: GgtArticle, preds: Sequence[GgtPred]) -> GgtMetrics:
    m = GgtMetrics(articles=1, gold=len(article.quotes), pred=len(preds))
    spans = [(p.start, p.end) for p in preds]
    m.tp_pred = sum(
        1 for s in spans if any(_half_match(s, (g.start, g.end)) for g in article.quotes)
    )
    for g in article.quotes:
        _score_gold(m, g, preds)
    for t in GGT_THRESHOLDS:
        _score_ggt(m.ggt[t], article.quotes, preds, t)
    return m


def _score_gold(m: GgtMetrics, g: GgtQuote, preds: Sequence[GgtPred]) -> None:
    """newsgraph's metric for one gold quote: matched, and its speaker judged on the best hit."""
    gs = (g.start, g.end)
    m.gold_direct += g.direct
    m.gold_with_speaker += g.speaker_span is not None
    hits = [p for p in preds if _half_match((p.start, p.end), gs)]
    if not hits:
        return
    m.tp_gold += 1
    m.tp_direct += g.direct

    def judge(p: GgtPred) -> tuple[bool, bool]:
        mention = g.speaker_span is not None and (
            (p.speaker is not None and _overlap(p.speaker, g.speaker_span) > 0)
            or name_matches(p.names, g.reference)
        )
        return mention, name_matches(p.canonical, g.reference)

    best = max(hits, key=lambda p: (_overlap((p.start, p.end), gs), judge(p)))
    mention_ok, name_ok = judge(best)
    if g.speaker_span is not None:
        m.speaker_checked += 1
        m.speaker_ok += mention_ok
    else:
        m.floating_checked += 1
        m.floating_ok += name_ok
    if g.pronoun:
        m.pronoun_checked += 1
        m.pronoun_ok += name_ok


def _coverage(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    """The share of the gold span the prediction covers."""
    return _overlap(gold, pred) / (gold[1] - gold[0]) if gold[1] > gold[0] else 0.0


def _score_ggt(
    counts: dict[str, int], golds: Sequence[GgtQuote], preds: Sequence[GgtPred], threshold: float
) -> None:
    """GGT's greedy matching: each gold quote in order takes the remaining prediction that covers
    most of it, if that is more than ``threshold``."""
    remaining = list(preds)
    for g in golds:
        gs = (g.start, g.end)
        best, best_score = None, 0.0
        for p in remaining:
            share = _coverage(gs, (p.start, p.end))
            if share > threshold and share > best_score:
                best, best_score = p, share
        if best is None:
            counts["fn"] += 1
            continue
        remaining.remove(best)
        counts["tp"] += 1
        if g.speaker_span is not None:
            counts["speaker"] += (
                best.speaker is not None and _coverage(g.speaker_span, best.speaker) > 0
            )
        else:
            counts["speaker"] += best.floating
        counts["verb"] += best.verb == g.verb
    counts["fp"] += len(remaining)


def score_ggt(
    articles: Sequence[GgtArticle], records: dict[str, Record]
) -> tuple[GgtMetrics, list[str]]:
    """Score records (by article id) against GGT gold; an article with no record predicts
    nothing. Returns the metrics and warnings."""
    total = GgtMetrics()
    warnings = []
    missing = [a.id for a in articles if a.id not in records]
    if missing:
        warnings.append(
            f"{len(missing)} gold article(s) have no predicted record (scored as no quotes), "
            f"e.g. {missing[0]}"
        )
    for a in articles:
        record = records.get(a.id)
        preds = ggt_predictions(record) if record is not None else []
        total.add(score_ggt_article(a, preds))
    return total, warnings
