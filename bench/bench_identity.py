"""One person, one entity across a corpus: GGT dev ingested into a store, quotes grouped by speaker.

The 49 GGT dev articles (Canadian news) go through the pipeline and into a fresh SQLite store.
Every gold quote matched by a stored speech quote (half overlap, as ``newsgraph eval``) is one
item: its gold cluster is the person GGT names (``reference``, case- and punctuation-blind), its
predicted cluster the corpus entity the store links the quote's speaker to (a quote whose speaker
links to no entity is a cluster of its own). B-cubed precision and recall over the items (Bagga &
Baldwin 1998) say how often one entity holds one person's quotes and only theirs. Then: the
people quoted more than once whose quotes are split over two or more entities, and the entities
holding quotes of two or more people.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

TITLE = "One person, one entity: GGT dev in a store, quotes by speaker entity (B-cubed)"

GGT = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "ggt-dev"
TARGET = 0.95


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", re.sub(r"['’]s\b", "", name.lower())).split())


def _items(articles: list[Any], records: dict[str, Any], store: Any) -> list[tuple[str, str]]:
    """(gold person, predicted cluster) for every gold quote a stored speech quote matches."""
    from newsgraph.eval.ggt import ggt_predictions

    hits = store.quotes(limit=100_000)
    by_article: dict[int, list[Any]] = defaultdict(list)
    for h in hits:
        by_article[h.article_id].append(h)
    ids = {store.article(aid).article.id: aid for aid in by_article}
    items = []
    for a in articles:
        record = records.get(a.id)
        stored = by_article.get(ids.get(a.id, -1), [])
        if record is None or not stored:
            continue
        cluster_of = {h.quote_id: _cluster(h) for h in stored}
        spans = {(p.start, p.end): q.id for q in record.quotes for p in q.parts}
        preds = ggt_predictions(record)
        for g in a.quotes:
            if not g.reference:
                continue
            best = max(
                (p for p in preds if _half(p.start, p.end, g.start, g.end)),
                key=lambda p: min(p.end, g.end) - max(p.start, g.start),
                default=None,
            )
            if best is None:
                continue
            qid = spans.get((best.start, best.end))
            entity = cluster_of.get(qid) if qid else None
            items.append((_norm(g.reference), entity or f"none:{a.id}:{g.start}"))
    return items


def _cluster(hit: Any) -> str | None:
    """The entity a stored quote's speaker links to; for a speaker linked to none, the name it
    is stored under (`officials`, as `quotes --speaker officials` finds it), unless it is a bare
    pronoun (then a cluster of its own)."""
    if hit.speaker_entity is not None:
        return str(hit.speaker_entity.id)
    if hit.speaker is None:
        return None
    from newsgraph.eval.ggt import PRONOUNS

    said = _norm(hit.speaker.name or hit.speaker.text)
    return None if said in PRONOUNS else f"as written: {said}"


def _half(ps: int, pe: int, gs: int, ge: int) -> bool:
    common = max(0, min(pe, ge) - max(ps, gs))
    return common > 0 and 2 * common >= ge - gs and 2 * common >= pe - ps


def bcubed(items: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of (gold cluster, predicted cluster) items."""
    if not items:
        return 0.0, 0.0, 0.0
    pair = Counter(items)
    gold = Counter(g for g, _ in items)
    pred = Counter(p for _, p in items)
    precision = sum(pair[(g, p)] / pred[p] for g, p in items) / len(items)
    recall = sum(pair[(g, p)] / gold[g] for g, p in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run() -> str:
    if not GGT.is_dir():
        return f"_Skipped: {GGT} not found (shared evaluation data is beside a team checkout)._"
    from newsgraph.eval.ggt import load_ggt
    from newsgraph.eval.run import records_from_pipeline
    from newsgraph.store import Store

    articles = load_ggt(GGT)
    texts = ((a.id, a.text, a.path, None) for a in articles)
    records = {str(r.article.id): r for r in records_from_pipeline(texts, workers=2)}
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "ggt.db")) as store:
        for record in records.values():
            store.add(record)
        store.finish_ingest(len(records))
        items = _items(articles, records, store)
        names = {e.id: e.name for e in store.entities(top=100_000)}
    return _report(items, names)


def _report(items: list[tuple[str, str]], names: dict[str, str]) -> str:
    p, r, f1 = bcubed(items)
    clusters: dict[str, Counter[str]] = defaultdict(Counter)
    people: dict[str, Counter[str]] = defaultdict(Counter)
    for g, e in items:
        clusters[g][e] += 1
        people[e][g] += 1
    repeated = {g: c for g, c in clusters.items() if sum(c.values()) > 1}
    split = {g: c for g, c in repeated.items() if len(c) > 1}
    merged = {e: c for e, c in people.items() if len(c) > 1 and not e.startswith("none:")}

    def who(e: str) -> str:
        if e.startswith("none:"):
            return "(no entity)"
        return e if e.startswith("as written:") else f"{names.get(e, e)} ({e})"

    lines = [
        f"{len(items)} matched gold quotes with a named speaker; B-cubed P **{p:.3f}**, R "
        f"**{r:.3f}**, F1 **{f1:.3f}** (target ≥ {TARGET}{' ✓' if f1 >= TARGET else ' ✗'}).",
        "",
        f"People quoted more than once: {len(repeated)}; split over two or more entities: "
        f"**{len(split)}**. Entities holding quotes of two or more people: **{len(merged)}**.",
        "",
        "| split person | quotes per entity |",
        "| --- | --- |",
    ]
    for g, c in sorted(split.items(), key=lambda kv: -sum(kv[1].values()))[:25]:
        lines.append(f"| {g} | " + "; ".join(f"{who(e)}: {n}" for e, n in c.most_common()) + " |")
    lines += ["", "| merged entity | quotes per person |", "| --- | --- |"]
    for e, c in sorted(merged.items(), key=lambda kv: -sum(kv[1].values()))[:25]:
        lines.append(f"| {who(e)} | " + "; ".join(f"{g}: {n}" for g, n in c.most_common()) + " |")
    lines += ["", "Reproduce: `python -m bench identity`."]
    return "\n".join(lines)
