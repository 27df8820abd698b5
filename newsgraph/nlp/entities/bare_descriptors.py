"""4. Descriptors, later: "the <descriptor>" phrases as mentions of the person they fit.

"The minister added..." after "Polish Sports Minister Kamil Bortniczuk" is a mention of
Bortniczuk: same head noun, the phrase's modifiers among the descriptor's ("the IOC President"
fits "International Olympic Committee President" once the two names are merged), the person
named before, and no other person fitting.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.nlp.entities.data import Entity, Mention
from newsgraph.nlp.entities.descriptors import DESC_POS
from newsgraph.nlp.entities.spans import SKIP_ROLES, sent_bounds

_Candidates = dict[str, list[tuple[Entity, frozenset[str]]]]  # head noun -> (person, modifiers)


def bare_descriptors(
    doc: Doc,
    text: str,
    persons: list[Entity],
    mention_key: dict[int, str],
    paras: list[dict[str, Any]],
    sents: list[int],
) -> None:
    """ "the IOC President", "the minister": a mention of the one person whose descriptor fits
    (same head noun, the phrase's modifiers among the descriptor's, the person named before)."""
    by_head: _Candidates = defaultdict(list)
    for ent in persons:
        for _, head, dmods in ent.descriptors:
            by_head[head].append((ent, dmods))
    if not by_head:
        return
    where = _Where.of(doc, text, persons, mention_key, paras, sents)
    # find the head nouns with one regex over the text (cheaper than walking every token)
    heads = re.compile(r"\b(?:" + "|".join(map(re.escape, by_head)) + r")\b", re.IGNORECASE)
    for hit in heads.finditer(text):
        found = _bare_mention(where, hit.start(), hit.end(), by_head)
        if found is not None:
            found[0].mentions.append(found[1])


@dataclass
class _Where:
    """What a bare descriptor is checked against: the doc, the name mentions (sorted spans and
    their starts), the paragraphs and their starts, the sentence starts."""

    doc: Doc
    text: str
    mention_key: dict[int, str]
    sents: list[int]
    paras: list[dict[str, Any]]
    pstarts: list[int]
    name_spans: list[tuple[int, int]]
    name_starts: list[int]

    @classmethod
    def of(
        cls,
        doc: Doc,
        text: str,
        persons: list[Entity],
        mention_key: dict[int, str],
        paras: list[dict[str, Any]],
        sents: list[int],
    ) -> _Where:
        """The checks for a doc, with the persons' mentions as they are now."""
        name_spans = sorted((m.start, m.end) for e in persons for m in e.mentions)
        pstarts = [p["start"] for p in paras]
        starts = [s for s, _ in name_spans]
        return cls(doc, text, mention_key, sents, paras, pstarts, name_spans, starts)

    def inside_name(self, start: int, end: int) -> bool:
        """The span lies inside a person's name mention ("the Olympic Council")."""
        k = bisect_right(self.name_starts, start) - 1
        if k < 0:
            return False
        s, e = self.name_spans[k]
        return e > start and s <= start and e >= end

    def paragraph(self, start: int, end: int) -> int | None:
        """The paragraph that holds the span, None across a break or in a credit or
        boilerplate paragraph."""
        pi = bisect_right(self.pstarts, start) - 1
        if pi < 0 or end > self.paras[pi]["end"] or self.paras[pi]["role"] in SKIP_ROLES:
            return None
        return pi


def _bare_mention(
    where: _Where, start: int, end: int, by_head: _Candidates
) -> tuple[Entity, Mention] | None:
    """The person and the descriptor mention a head-noun hit makes: "The minister added" ->
    (Kamil Bortniczuk, "minister"); None if it is no "the ..." phrase or fits no one person."""
    tok = _bare_head(where, start, end, by_head)
    if tok is None:
        return None
    phrase = _after_the(where, tok)
    if phrase is None:
        return None
    i, mods = phrase
    start, end = where.doc[i].idx, tok.idx + len(tok.text)
    if where.inside_name(start, end):
        return None  # inside a name ("the Olympic Council")
    ent = _one_fit(by_head[tok.lower_], mods, start)
    if ent is None:
        return None
    pi = where.paragraph(start, end)
    if pi is None:
        return None
    role = where.paras[pi]["role"]
    return ent, Mention(start, end, where.text[start:end], role, "PERSON", pi, kind="descriptor")


def _bare_head(where: _Where, start: int, end: int, by_head: _Candidates) -> Token | None:
    """The token of a head-noun hit when it is a noun some person's descriptor ends in and no
    name follows it ("the IOC President Thomas Bach": the name is there)."""
    doc = where.doc
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return None
    tok = span[0]
    if not by_head.get(tok.lower_) or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.idx in where.mention_key and not nxt.is_sent_start:
        return None  # "the IOC President Thomas Bach": the name is there
    return tok


def _after_the(where: _Where, tok: Token) -> tuple[int, set[str]] | None:
    """The first token after "the" and the modifiers up to the head, for a "the" at most five
    words back in the sentence, over nouns, adjectives and entity words: "the IOC President"
    -> (at "IOC", {"@ioc"}); None for "a minister" or "the deal the minister"."""
    doc, mention_key = where.doc, where.mention_key
    sent_start = sent_bounds(where.sents, tok.i, len(doc))[0]
    i = tok.i
    mods: set[str] = set()
    while i - 1 >= sent_start and tok.i - i < 5:
        t = doc[i - 1]
        if t.lower_ == "the":
            break
        if t.pos_ not in DESC_POS and not t.ent_type_:
            return None
        if t.idx in mention_key:
            mods.add("@" + mention_key[t.idx])
        elif not t.ent_type_:
            mods.add(t.lower_)
        i -= 1
    if i <= 0 or doc[i - 1].lower_ != "the":
        return None
    return i, mods


def _one_fit(
    candidates: list[tuple[Entity, frozenset[str]]], mods: set[str], start: int
) -> Entity | None:
    """The one person, named before ``start``, with a descriptor whose modifiers hold ``mods``
    ("the minister" with two ministers named: None)."""
    fits = {id(e): e for e, dm in candidates if mods <= dm and e.mentions[0].start < start}
    return next(iter(fits.values())) if len(fits) == 1 else None
