"""Quote attribution on every dev corpus, newsgraph beside a peer measured in the same run.

Corpora: PolNeAR dev (US politics, brat gold), GGT dev (Canadian news, GGT gold) and the
British-style copies of both (every double quote mark made single by
``../shared/eval/british_quotes.py``, gold unchanged). Each is scored by its own convention, with
the same code as ``newsgraph eval --gold DIR``: PolNeAR counts every attribution (speech,
thought, finding) and one interrupted quote as one discontinuous content; GGT counts speech
only and each part of an interrupted quote as a quote.

The peer is textacy 0.13's ``direct_quotations`` (speaker, cue, content triples from quote
marks), run paragraph by paragraph on the same spaCy model, as a user of spaCy would.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TITLE = "Quote attribution on every dev corpus (newsgraph and textacy, same run)"

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
POLNEAR_DEV = SHARED / "polnear" / "dev"
GGT_DEV = SHARED / "ggt-dev"
BRITISH = SHARED / "british_quotes.py"
QUOTE_COMPONENTS = ("newsgraph_quotes",)

# targets of the quotes issue, on the dev sets
TARGETS = {"ggt_quote_f1": 0.82, "ggt_f1_0.3": 0.86, "direct_f1": 0.91, "all_f1": 0.76}


def _records_newsgraph(
    texts: list[tuple[str, str, str | None]], seconds: dict[str, float]
) -> list[Any]:
    """newsgraph records of ``(id, text, published)``, one document at a time, CPU-timed."""
    from newsgraph.ingest.load import document_from_text
    from newsgraph.nlp.pipeline import make_doc, pipeline, record_from_doc

    nlp = pipeline()
    out = []
    for name, text, published in texts:
        document = document_from_text(text, source=f"{name}.txt", published=published, id=name)
        t0 = time.process_time()
        doc = make_doc(nlp, document)
        seconds["tokenizer"] += time.process_time() - t0
        for component_name, component in nlp.pipeline:
            t0 = time.process_time()
            doc = component(doc)
            seconds[component_name] += time.process_time() - t0
        out.append(record_from_doc(doc, document))
    return out


def _records_textacy(texts: list[tuple[str, str, str | None]]) -> list[Any]:
    """Records holding textacy's direct quotations, paragraph by paragraph (no entities)."""
    from textacy.extract.triples import direct_quotations

    from newsgraph.ingest.text import segment
    from newsgraph.model import Article, Quote, Record, Speaker, TextSpan
    from newsgraph.nlp.pipeline import load_model

    nlp = load_model()
    out = []
    for name, text, _ in texts:
        quotes = []
        paragraphs = [p for p in segment(text) if p.role in ("body", "title")]
        docs = nlp.pipe(text[p.start : p.end] for p in paragraphs)
        for p, doc in zip(paragraphs, docs, strict=True):
            try:
                triples = list(direct_quotations(doc))
            except ValueError:  # textacy gives up on a paragraph with an unclosed quote
                triples = []
            for speaker, cue, content in triples:
                start, end = p.start + content.start_char, p.start + content.end_char
                sp = None
                if speaker:
                    s0, s1 = p.start + speaker[0].idx, p.start + speaker[-1].idx + len(speaker[-1])
                    sp = Speaker(start=s0, end=s1, text=text[s0:s1])
                cue_span = None
                if cue:
                    c0, c1 = p.start + cue[0].idx, p.start + cue[-1].idx + len(cue[-1])
                    cue_span = TextSpan(start=c0, end=c1, text=text[c0:c1])
                quotes.append(
                    Quote(
                        id=f"Q{len(quotes) + 1}",
                        start=start,
                        end=end,
                        text=text[start:end],
                        kind="direct",
                        cue=cue_span,
                        speaker=sp,
                    )
                )
        out.append(Record(source=f"{name}.txt", article=Article(id=name, text=text), quotes=quotes))
    return out


def _polnear(
    gold_dir: Path, make: Callable[[list[tuple[str, str, str | None]]], list[Any]]
) -> dict[str, float]:
    from newsgraph.eval.brat import load_gold
    from newsgraph.eval.run import pred_quotes
    from newsgraph.eval.score import aggregate, score_article

    articles = load_gold(gold_dir)
    records = make([(a.name, a.text, a.published) for a in articles])
    m = aggregate(score_article(a, pred_quotes(r)) for a, r in zip(articles, records, strict=True))
    return {
        "direct_p": m.direct_precision,
        "direct_r": m.direct_recall,
        "direct_f1": m.direct_f1,
        "all_p": m.precision,
        "all_r": m.recall,
        "all_f1": m.f1,
        "speaker": m.speaker_accuracy,
        "attributed": m.attributed_recall,
    }


def _ggt(
    gold_dir: Path, make: Callable[[list[tuple[str, str, str | None]]], list[Any]]
) -> dict[str, float]:
    from newsgraph.eval.ggt import load_ggt, score_ggt

    articles = load_ggt(gold_dir)
    records = make([(a.id, a.text, None) for a in articles])
    m, _ = score_ggt(articles, {r.article.id: r for r in records})
    return {
        "ggt_quote_p": m.precision,
        "ggt_quote_r": m.recall,
        "ggt_quote_f1": m.f1,
        "ggt_f1_0.3": m.ggt_f1(0.3),
        "ggt_p_0.3": m.ggt_precision(0.3),
        "ggt_r_0.3": m.ggt_recall(0.3),
        "speaker": m.speaker_accuracy,
        "pronoun": m.pronoun_accuracy,
        "floating": m.floating_accuracy,
    }


def _british(kind: str, src: Path, dst: Path) -> Path:
    subprocess.run([sys.executable, str(BRITISH), kind, str(src), str(dst)], check=True)
    return dst


def _cell(row: dict[str, float], key: str) -> str:
    value = row.get(key)
    if value is None:
        return "–"
    target = TARGETS.get(key)
    flag = "" if target is None else (" ✓" if value >= target else " ✗")
    return f"{value:.3f}{flag}"


def run() -> str:
    if not POLNEAR_DEV.is_dir() or not GGT_DEV.is_dir():
        return f"_Skipped: {SHARED} not found (shared evaluation data is beside a team checkout)._"
    seconds: dict[str, float] = defaultdict(float)

    def ours(texts: list[tuple[str, str, str | None]]) -> list[Any]:
        return _records_newsgraph(texts, seconds)

    rows: list[tuple[str, str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpora = [
            ("PolNeAR dev", "polnear", POLNEAR_DEV),
            ("PolNeAR dev, British", "polnear", _british("polnear", POLNEAR_DEV, Path(tmp, "p"))),
            ("GGT dev", "ggt", GGT_DEV),
            ("GGT dev, British", "ggt", _british("ggt", GGT_DEV, Path(tmp, "g"))),
        ]
        for label, kind, path in corpora:
            score = _polnear if kind == "polnear" else _ggt
            rows.append((label, "newsgraph", score(path, ours)))
            rows.append((label, "textacy 0.13", score(path, _records_textacy)))
    return _report(rows, seconds)


def _report(rows: list[tuple[str, str, dict[str, float]]], seconds: dict[str, float]) -> str:
    lines = [
        "PolNeAR: direct and all-attribution P/R/F1 (half-overlap match), speaker accuracy over "
        "matched direct gold with a source. GGT: newsgraph's half-overlap quote P/R/F1, GGT's own "
        "metric at 0.3, speaker accuracy, pronoun speakers and floating quotes resolved to the "
        "gold name (`docs/eval.md`). ✓/✗: the quotes issue's dev targets.",
        "",
        "| corpus | system | direct F1 | all P | all R | all F1 | quote P | quote R | quote F1 "
        "| GGT F1 (0.3) | speaker | pronoun | floating |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, system, r in rows:
        cells = [
            _cell(r, k)
            for k in (
                "direct_f1",
                "all_p",
                "all_r",
                "all_f1",
                "ggt_quote_p",
                "ggt_quote_r",
                "ggt_quote_f1",
                "ggt_f1_0.3",
                "speaker",
                "pronoun",
                "floating",
            )
        ]
        lines.append(f"| {label} | {system} | " + " | ".join(cells) + " |")
    model = [k for k in seconds if not k.startswith("newsgraph") or k == "newsgraph_morphology"]
    spacy_time = sum(seconds[k] for k in model)
    quote_time = sum(seconds[k] for k in QUOTE_COMPONENTS)
    share = quote_time / spacy_time if spacy_time else 0.0
    lines += [
        "",
        f"Speed (newsgraph, all four corpora, one document at a time, CPU seconds): spaCy model "
        f"{spacy_time:.1f} s, `newsgraph_quotes` {quote_time:.2f} s = **{share:.1%} of spaCy's "
        f"time** (target < 10%{' ✓' if share < 0.10 else ' ✗'}).",
        "",
        "Reproduce one row: `newsgraph eval --gold ../shared/eval/polnear/dev` or `newsgraph eval "
        "--gold ../shared/eval/ggt-dev` (`--show 5` for examples of each error kind).",
    ]
    return "\n".join(lines)
