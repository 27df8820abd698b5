"""Cost of the ``newsgraph_entities`` pass next to spaCy's own time, on PolNeAR dev texts.

spaCy (the pinned model plus ``newsgraph_paragraphs``) runs once over the texts with the entity
component disabled; then the component alone runs over the resulting ``Doc`` objects (best of
three rounds). Times are process CPU seconds (``time.process_time``): the two cores are shared
with other work, and wall time would mostly measure the neighbours.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

TITLE = "Entities: cost of the document-level entity pass"
POLNEAR_DEV = Path(__file__).resolve().parent.parent.parent / "shared/eval/polnear/dev/text"
LIMIT = 80


def run() -> str:
    from newsgraph.nlp.entities import EntityMerger
    from newsgraph.nlp.pipeline import build_pipeline

    paths = sorted(POLNEAR_DEV.glob("*.txt"))[:LIMIT]
    if not paths:
        return f"_Skipped: {POLNEAR_DEV} not found._"
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    nlp = build_pipeline(components=("newsgraph_entities",))
    list(nlp.pipe(texts[:2]))  # warm up
    t0 = time.process_time()
    with nlp.select_pipes(disable=["newsgraph_entities"]):
        docs = list(nlp.pipe(texts, batch_size=16))
    spacy_s = time.process_time() - t0
    merger = EntityMerger()
    rounds = []
    for _ in range(3):
        t0 = time.process_time()
        for doc in docs:
            merger(doc)
        rounds.append(time.process_time() - t0)
    ours = min(rounds)
    ents = [e for doc in docs for e in doc._.ng_entities]
    types = Counter(e["type"] for e in ents)
    merged = sum(1 for e in ents if len(e["aliases"]) > 1)
    spans = sum(len(doc.ents) for doc in docs)
    mentions = sum(len(e["mentions"]) for e in ents)
    return "\n".join(
        [
            f"{len(texts)} PolNeAR dev texts, {words:,} words, 1 process.",
            "",
            "| stage | CPU seconds | words/CPU-s | share of spaCy |",
            "| --- | ---: | ---: | ---: |",
            f"| spaCy (model + paragraphs) | {spacy_s:.2f} | {words / spacy_s:,.0f} | 100% |",
            f"| newsgraph_entities | {ours:.3f} | {words / ours:,.0f} | "
            f"{100 * ours / spacy_s:.1f}% |",
            "",
            f"spaCy spans {spans:,} -> {mentions:,} mentions in {len(ents):,} entities "
            f"({merged:,} with more than one surface form); types: "
            + ", ".join(f"{t} {n}" for t, n in types.most_common()),
        ]
    )
