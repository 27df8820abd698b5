"""4. Descriptors: role phrases before and after a person's name, and later bare "the minister"."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Mention
from newsgraph.nlp.entities.spans import SKIP_ROLES, sent_bounds, token_at

# Honorifics that are forms of address, not roles: never a descriptor.
_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mister", "sir", "madam", "madame", "dr"})
_DESC_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_DESCRIPTOR_MAX_TOKENS = 7
_ROLE_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ent", "ant", "ee", "ive", "ary")


def _role_like(tok: Token) -> bool:
    """A noun that can name a role: a known role noun, a capitalised title, or a role-shaped
    word ("skater", "strategist", "spokeswoman"); not "chance" or "day"."""
    word = tok.lower_.rstrip(".")
    return (
        word in names.ROLE_NOUNS
        or tok.text[:1].isupper()
        or (tok.pos_ == "NOUN" and word.endswith(_ROLE_SUFFIXES) and len(word) > 4)
    )


def _modifiers(doc: Doc, start_i: int, head_i: int, mention_key: dict[int, str]) -> frozenset[str]:
    mods: set[str] = set()
    for t in doc[start_i:head_i]:
        if t.idx in mention_key:
            mods.add("@" + mention_key[t.idx])
        elif not t.ent_type_ and t.is_alpha and t.lower_ not in ("of",):
            mods.add(t.lower_)
    return frozenset(mods)


def descriptor_after(
    doc: Doc, m: Mention, mention_key: dict[int, str], sents: list[int]
) -> tuple[int, int, str, frozenset[str]] | None:
    """An appositive role right after a person mention: "Thomas Bach, the IOC President," /
    "Brian Fallon, a Clinton spokesman, said": (start char, end char, head noun, modifiers)."""
    tok = token_at(doc, m.end - 1)
    if tok is None:
        return None
    sent_end = sent_bounds(sents, tok.i, len(doc))[1]
    i = tok.i + 1
    if i + 2 >= sent_end or doc[i].text != ",":
        return None
    i += 1
    if doc[i].lower_ in ("the", "a", "an"):
        i += 1
    start_i = i
    while i < sent_end and i - start_i < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i]
        if t.ent_type_ == "PERSON" or not (
            t.pos_ in _DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        ):
            break
        i += 1
    if i == start_i or (i < sent_end and doc[i].text not in (",", ".", ";", "of", "for", "at")):
        return None
    head = doc[i - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ or not _role_like(head):
        return None
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def descriptor_before(
    doc: Doc, m: Mention, mention_key: dict[int, str], sents: list[int]
) -> tuple[int, int, str, frozenset[str]] | None:
    """The role phrase right before a person mention: (start char, end char, head noun,
    modifiers).

    Modifiers are lowercased words, with entity mentions replaced by ``@form-key`` so that
    "International Olympic Committee President" and "IOC President" compare equal after merging.
    """
    tok = token_at(doc, m.start)
    if tok is None or tok.i == 0:
        return None
    sent_start = sent_bounds(sents, tok.i, len(doc))[0]
    head = doc[tok.i - 1]
    if (
        head.i < sent_start
        or head.pos_ not in ("NOUN", "PROPN")
        or head.ent_type_
        or not head.text[:1].isalpha()
        or head.lower_.rstrip(".") in _ADDRESS
        or not _role_like(head)
    ):
        return None
    i = head.i
    start_i = head.i
    n = 0
    while i - 1 >= sent_start and n < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i - 1]
        if t.text == ")" and i - 3 >= sent_start and doc[i - 3].text == "(":
            i -= 3  # "International Olympic Committee (IOC) President"
            start_i = i
            continue
        if t.ent_type_ == "PERSON" or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY"):
            break
        ok = t.pos_ in _DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        if t.lower_ == "of" and i - 2 >= sent_start and doc[i - 2].text[:1].isupper():
            ok = doc[i].text[:1].isupper()
        if not ok or not t.text[:1].isalnum():
            break
        i -= 1
        start_i = i
        n += 1
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def bare_descriptors(
    doc: Doc,
    text: str,
    entities: list[Entity],
    mention_key: dict[int, str],
    paras: list[dict[str, Any]],
    sents: list[int],
) -> None:
    """ "the IOC President", "the minister": a mention of the one entity whose descriptor fits."""
    by_head: dict[str, list[tuple[Entity, frozenset[str]]]] = defaultdict(list)
    for ent in entities:
        for _, head, dmods in ent.descriptors:
            by_head[head].append((ent, dmods))
    if not by_head:
        return
    name_spans = sorted((m.start, m.end) for e in entities for m in e.mentions)
    name_starts = [s for s, _ in name_spans]
    pstarts = [p["start"] for p in paras]
    # find the head nouns with one regex over the text (cheaper than walking every token)
    heads = re.compile(r"\b(?:" + "|".join(map(re.escape, by_head)) + r")\b", re.IGNORECASE)
    for hit in heads.finditer(text):
        span = doc.char_span(hit.start(), hit.end())
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        cands_all = by_head.get(tok.lower_)
        if not cands_all or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        sent_start = sent_bounds(sents, tok.i, len(doc))[0]
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.idx in mention_key and not nxt.is_sent_start:
            continue  # "the IOC President Thomas Bach": the name is there
        i = tok.i
        mods: set[str] = set()
        while i - 1 >= sent_start and tok.i - i < 5:
            t = doc[i - 1]
            if t.lower_ == "the":
                break
            if t.pos_ not in _DESC_POS and not t.ent_type_:
                i = -1
                break
            if t.idx in mention_key:
                mods.add("@" + mention_key[t.idx])
            elif not t.ent_type_:
                mods.add(t.lower_)
            i -= 1
        if i <= 0 or doc[i - 1].lower_ != "the":
            continue
        start, end = doc[i].idx, tok.idx + len(tok.text)
        k = bisect_right(name_starts, start) - 1
        if (
            k >= 0
            and name_spans[k][1] > start
            and name_spans[k][0] <= start
            and name_spans[k][1] >= end
        ):
            continue  # inside a name ("the Olympic Council")
        fits = {id(e): e for e, dm in cands_all if mods <= dm and e.mentions[0].start < start}
        if len(fits) != 1:
            continue
        ent = next(iter(fits.values()))
        pi = bisect_right(pstarts, start) - 1
        if pi < 0 or end > paras[pi]["end"] or paras[pi]["role"] in SKIP_ROLES:
            continue
        ent.mentions.append(
            Mention(start, end, text[start:end], paras[pi]["role"], "PERSON", pi, kind="descriptor")
        )
