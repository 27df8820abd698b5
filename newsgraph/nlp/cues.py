"""Cue lexicon: which words introduce an attribution, and where their content hangs.

The lexicon maps a cue lemma to the dependency relations of the complement that carries the
attributed content (``ccomp`` for "said that ...", ``xcomp`` for "vowed to ...", ``dobj`` for
"endorsed Sanders", ``prep`` for "talked about ..."), each with the precision it had on PolNeAR
``train/``: of all verbs with that lemma and such a child, the share that were gold cues with that
child heading the gold content. It ships as ``newsgraph/data/cues.json`` and is rebuilt with::

    python -m newsgraph.nlp.cues ../shared/eval/polnear/train newsgraph/data/cues.json

No library ships an attribution-cue lexicon (textacy's list of ~30 "reporting verbs" is English-only
folklore without the complement relation), hence this small learned table.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Verbs that introduce verbatim speech next to a quotation (`"...," she said` / `he added: "..."`).
SPEECH_VERBS = _wordset(
    """say tell add write ask explain note continue declare insist warn claim argue reply respond
    recall tweet announce state read quip joke conclude exclaim shout acknowledge admit complain
    suggest observe remark answer comment emphasise emphasize stress caution predict promise vow
    urge concede boast lament mock retort scoff muse tout plead testify report post counter
    confirm deny reiterate point describe add write agree wonder offer recount begin laugh sigh
    demand announce proclaim assert maintain contend allege affirm told yell scream chant whisper
    mutter holler"""
)

#: Nouns naming a statement: "a statement from the IOC read", "the email said".
STATEMENT_NOUNS = _wordset(
    """statement release email letter memo note post tweet message report communique announcement
    filing document interview op-ed editorial"""
)

#: The relations we learn and use for content. ``acl`` is a noun's clause: a that-clause or a
#: to-infinitive after it (`the claim that ...`, `his pledge to ...`).
RELATIONS = ("ccomp", "xcomp", "dobj", "prep", "acl")

#: Minimum precision and support for a (lemma, relation) pair to enter the shipped lexicon.
MIN_PRECISION = {"ccomp": 0.05, "xcomp": 0.08, "dobj": 0.12, "prep": 0.12, "acl": 0.12}
MIN_SUPPORT = 3


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, float]]:
    """``{lemma: {relation: precision}}`` from the shipped data file."""
    path = resources.files("newsgraph").joinpath("data/cues.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: dict(v) for k, v in data["cues"].items()}


def noun_clause(tok: Token) -> Token | None:
    """A noun's that-clause or to-infinitive after it (`the claim that ...`, `a pledge to
    ...`), the ``acl`` relation of the lexicon."""
    for child in tok.rights:
        if child.dep_ not in ("acl", "ccomp"):
            continue
        for g in child.children:
            if (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to"):
                return child
    return None


def _complements(tok: Token) -> Iterable[tuple[str, Token]]:
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


def _read_gold(ann: Path) -> list[list[tuple[int, int]]]:
    """Content span lists of every attribution in one brat ``.ann`` file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    contents = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not re.match(r"^[TE]\d+\t", line):
            continue
        tid, body = line.split("\t")[:2]
        if tid.startswith("T"):
            label, rest = body.split(" ", 1)
            spans[tid] = (
                label,
                [(int(a), int(b)) for a, b in (s.split() for s in rest.split(";"))],
            )
        else:
            for part in body.split():
                role, _, ref = part.partition(":")
                if re.sub(r"\d+$", "", role) == "Content" and ref in spans:
                    contents.append(spans[ref][1])
    return contents


def learn(pairs: Iterable[tuple[Doc, list[list[tuple[int, int]]]]]) -> dict[str, Any]:
    """Learn ``{lemma: {relation: precision}}`` from parsed docs and their gold content spans."""
    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for doc, contents in pairs:
        heads: set[int] = set()
        for spans in contents:
            for start, end in spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    heads.add(span.root.i)
                    # "that"-clauses: gold content starts at "that", the root is the verb
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
                continue
            for rel, comp in _complements(tok):
                key = (tok.lemma_.lower(), rel)
                seen[key] += 1
                if comp.i in heads:
                    hits[key] += 1
    cues: dict[str, dict[str, float]] = {}
    for (lemma, rel), n in seen.items():
        h = hits[(lemma, rel)]
        if h >= MIN_SUPPORT and h / n >= MIN_PRECISION[rel]:
            cues.setdefault(lemma, {})[rel] = round(h / n, 3)
    return {"source": "PolNeAR v1.0.0 train", "cues": dict(sorted(cues.items()))}


def main(argv: list[str]) -> int:  # pragma: no cover - data build step
    from newsgraph.pipeline import build_pipeline

    train, out = Path(argv[0]), Path(argv[1])
    limit = int(argv[2]) if len(argv) > 2 else None
    nlp = build_pipeline(components=())
    anns: dict[str, Path] = {}
    for ann in sorted((train / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    stems = sorted(anns)[:limit]
    texts = [(train / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
    docs = nlp.pipe(texts, batch_size=16)
    table = learn((doc, _read_gold(anns[s])) for doc, s in zip(docs, stems, strict=True))
    out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table['cues'])} cue lemmas written to {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
