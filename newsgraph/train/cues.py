"""The cue table (``newsgraph/data/cues.json``): which words introduce an attribution, and where
their content hangs, learned from PolNeAR ``train/``.

For every word with a content-like child (see :data:`newsgraph.nlp.quotes.lexicon.RELATIONS`) the
table counts how often that child heads a gold content; pairs with enough support and precision
are kept. Rebuild with::

    python -m newsgraph.train cues ../shared/eval/polnear/train newsgraph/data/cues.json
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.eval.brat import GoldArticle, load_gold
from newsgraph.nlp.quotes.syntax import noun_clause

#: Minimum precision and support for a (lemma, relation) pair to enter the shipped table.
MIN_PRECISION = {"ccomp": 0.05, "xcomp": 0.08, "dobj": 0.12, "prep": 0.12, "acl": 0.12}
MIN_SUPPORT = 3


def complements(tok: Token) -> Iterator[tuple[str, Token]]:
    """The (relation, head token) of each child that could carry content (`said [that ...]`
    -> ``("ccomp", was)``)."""
    if tok.pos_ == "NOUN":
        clause = noun_clause(tok)
        if clause is not None:
            yield "acl", clause
    for child in tok.children:
        if child.dep_ in ("ccomp", "xcomp", "dobj"):
            yield child.dep_, child
        elif child.dep_ == "prep" and child.i > tok.i:
            pobj = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if pobj:
                yield "prep", pobj[0]


def _content_heads(doc: Doc, contents: list[list[tuple[int, int]]]) -> set[int]:
    """Token indices of the syntactic heads of the gold content spans."""
    heads: set[int] = set()
    for spans in contents:
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)  # a that-clause's root is its verb
    return heads


def learn(pairs: Iterable[tuple[Doc, list[list[tuple[int, int]]]]]) -> dict[str, Any]:
    """``{lemma: {relation: precision}}`` from parsed docs and their gold content spans."""
    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for doc, contents in pairs:
        heads = _content_heads(doc, contents)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
                continue
            for rel, comp in complements(tok):
                key = (tok.lemma_.lower(), rel)
                seen[key] += 1
                hits[key] += comp.i in heads
    cues: dict[str, dict[str, float]] = {}
    for (lemma, rel), n in seen.items():
        h = hits[(lemma, rel)]
        if h >= MIN_SUPPORT and h / n >= MIN_PRECISION[rel]:
            cues.setdefault(lemma, {})[rel] = round(h / n, 3)
    return {"source": "PolNeAR v1.0.0 train", "cues": dict(sorted(cues.items()))}


def gold_contents(article: GoldArticle) -> list[list[tuple[int, int]]]:
    """The content spans of every gold attribution of an article."""
    return [list(a.content) for a in article.attributions]


def main(argv: list[str]) -> int:
    """``TRAIN_DIR OUT.json [LIMIT]``."""
    # the spaCy pipeline is only needed to build: imported here, not by the package
    from newsgraph.nlp.pipeline import build_pipeline

    train, out = Path(argv[0]), Path(argv[1])
    limit = int(argv[2]) if len(argv) > 2 else None
    nlp = build_pipeline(components=())
    articles = load_gold(train, limit=limit)
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    table = learn((doc, gold_contents(a)) for doc, a in zip(docs, articles, strict=True))
    out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table['cues'])} cue lemmas written to {out}")
    return 0
