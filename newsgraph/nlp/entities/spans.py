"""Where things are in the ``Doc``: paragraphs, sentences, the token at a character; the
patterns several steps look for around a span."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.nlp import names

# Paragraphs whose mentions are dropped: photo credits, bylines ("By Jane Doe"), boilerplate.
SKIP_ROLES = frozenset({"credit", "byline", "boilerplate"})
# An acronym in brackets right after a name: "International Olympic Committee (IOC)".
PAREN_ACRONYM = re.compile(r"\s*[(\[]\s*([A-Z][A-Za-z&.]{1,9})\s*[)\]]")
# What comes before a place name: "in Bakhmut", "the city of Kyiv".
PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|across|inside)|\b(?:city|town|village|region|province|state) of)\s+$",
    re.IGNORECASE,
)


def sorted_paragraphs(doc: Doc, text: str) -> list[dict[str, Any]]:
    """``doc._.ng_paragraphs`` by offset; without them, the whole text as one body paragraph."""
    paras = doc._.ng_paragraphs
    if not paras:
        return [{"start": 0, "end": len(text), "role": "body"}]
    return sorted(paras, key=lambda p: p["start"])


def sentence_starts(doc: Doc) -> list[int]:
    """First token of every sentence (the parser's or the senter's; one sentence without)."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [s.start for s in doc.sents]


def token_at(doc: Doc, char: int) -> Token | None:
    """The token at a character offset ("expand" alignment), None if there is none."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def sent_bounds(sents: list[int], i: int, n: int) -> tuple[int, int]:
    """The token range of the sentence holding token ``i`` (``sents``: sentence start tokens)."""
    k = bisect_right(sents, i) - 1
    return (sents[k] if k >= 0 else 0), (sents[k + 1] if k + 1 < len(sents) else n)


_PRONOUN_WINDOW = 15


def pronoun_after(doc: Doc, end_char: int, sents: list[int]) -> str | None:
    """The gender of the first he/his/she/her... within 15 tokens after a mention ending at
    ``end_char``, in its sentence, before any PERSON span starts: "Obama said he" -> "m";
    "Obama told Hillary Clinton she" -> None."""
    tok = token_at(doc, end_char - 1)
    if tok is None:
        return None
    sent_end = sent_bounds(sents, tok.i, len(doc))[1]
    for t in doc[tok.i + 1 : min(sent_end, tok.i + 1 + _PRONOUN_WINDOW)]:
        if t.ent_iob_ == "B" and t.ent_type_ == "PERSON":
            return None
        if t.lower_ in names.PRONOUN_GENDER:
            return names.PRONOUN_GENDER[t.lower_]
    return None
