"""Where things are in the ``Doc``: paragraphs, sentences, the token at a character; the
patterns several steps look for around a span."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

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
_PRONOUN_IDS = {get_string_id(w): g for w, g in names.PRONOUN_GENDER.items()}
_PRONOUN_HASHES = numpy.array(sorted(_PRONOUN_IDS), dtype=numpy.uint64)
_PERSON_ID = get_string_id("PERSON")
_B = 3  # ENT_IOB value of a span's first token


class PronounScan:
    """Where the doc's he/she pronouns and PERSON spans start (token indices, sorted), read in
    one array pass, to find the pronoun after each mention by bisection."""

    def __init__(self, doc: Doc, sents: list[int]) -> None:
        self.doc = doc
        self.n = len(doc)
        self.sents = sents
        if not self.n:
            self.pronouns: list[int] = []
            self.genders: list[str] = []
            self.persons: list[int] = []
            return
        rows = doc.to_array([LOWER, ENT_IOB, ENT_TYPE])
        found = numpy.isin(rows[:, 0], _PRONOUN_HASHES).nonzero()[0].tolist()
        self.pronouns = found
        self.genders = [_PRONOUN_IDS[int(rows[i, 0])] for i in found]
        starts = (rows[:, 1] == _B) & (rows[:, 2] == _PERSON_ID)
        self.persons = starts.nonzero()[0].tolist()

    def after(self, i: int) -> str | None:
        """The gender of the first he/his/she/her... within 15 tokens after token ``i``, in
        its sentence, before any PERSON span starts: "Obama said he" -> "m"; "Obama told
        Hillary Clinton she" -> None."""
        k = bisect_right(self.pronouns, i)
        if k == len(self.pronouns):
            return None
        j = self.pronouns[k]
        end = min(sent_bounds(self.sents, i, self.n)[1], i + 1 + _PRONOUN_WINDOW)
        q = bisect_right(self.persons, i)
        if j >= end or (q < len(self.persons) and self.persons[q] <= j):
            return None
        return self.genders[k]

    def refers(self, tok: Token, first: int) -> str | None:
        """The gender of the he/she that refers back to a subject (``tok``, the root of a span
        that starts at token ``first``): the first he/she after it, in its sentence or the
        next, the subject of a clause that does not hold ``tok`` ("Mulder didn't hesitate.
        '...,' he said" -> "m"); None when a PERSON span is between the sentence before and the
        pronoun ("Reagan was asked how the Cold War would end. He ..."), the first pronoun is no
        subject ("her"), or its verb says the clause ``tok`` is in ("Canada has asked ..., she
        said")."""
        i = tok.i
        k = bisect_right(self.pronouns, i)
        if k == len(self.pronouns):
            return None
        j = self.pronouns[k]
        s = bisect_right(self.sents, i) - 1
        before = self.sents[s - 1] if s > 0 else 0
        end = self.sents[s + 2] if s + 2 < len(self.sents) else self.n
        if j >= min(end, i + 1 + 2 * _PRONOUN_WINDOW):
            return None
        q = bisect_left(self.persons, first)
        own = int(q < len(self.persons) and self.persons[q] == first)  # the span itself
        if bisect_right(self.persons, j) - bisect_left(self.persons, before) > own:
            return None
        pronoun = self.doc[j]
        if pronoun.dep_ not in SUBJECT_DEPS or pronoun.head in tok.ancestors:
            return None
        return self.genders[k]


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_WHO = frozenset({"who", "whom", "whose"})
_WHO_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "ROOT"})


def apposed_noun(span: Span) -> str:
    """The common noun a name stands in apposition to, next to it (across a comma), as a
    lemma: "her book, Living History" -> "book", "the aid group Gatsby" -> "group", "one of the
    largest outlets, Der Spiegel" -> "outlet", "Nunes, the brawler" -> "brawler" (the noun after
    the name first: "the new owner, OHorizons Global, a private investment firm" -> "firm"); ""
    if none, or if the noun goes with another name ("The Caucus, former governor L. Douglas
    Wilder": a list, parsed as apposition), is plural ("two pollsters, Emerson College and
    ...") or is the subject of the verb after it."""
    root, doc = span.root, span.doc
    after = _apposed_after(span)
    if after or root.dep_ != "appos":
        return after
    head = root.head
    if head.lower_ == "one":  # "one of the outlets, X"
        of = [g for p in head.children if p.lower_ == "of" for g in p.children]
        head = next((g for g in of if g.dep_ == "pobj"), head)
    next_to = head.i + 1 == span.start or (head.i + 2 == span.start and doc[head.i + 1].text == ",")
    singular = head.tag_ == "NN" or head.i != root.head.i  # "one of the outlets"
    if head.pos_ == "NOUN" and next_to and singular:
        return head.lemma_.casefold()
    return ""


def _apposed_after(span: Span) -> str:
    """The singular common noun apposed after a name ("Nunes, the brawler"), see
    :func:`apposed_noun`."""
    root, doc = span.root, span.doc
    noun = next((c for c in root.children if c.dep_ == "appos"), None)
    if noun is None or noun.tag_ != "NN" or noun.left_edge.i != span.end + 1:
        return ""
    if doc[span.end].text != "," or any(c.pos_ == "PROPN" for c in noun.children):
        return ""
    after = noun.right_edge.i + 1
    if after < len(doc) and doc[after].pos_ in ("PROPN", "VERB", "AUX"):
        return ""  # "..., former governor L. Douglas Wilder"; "..., the candidate boasted"
    if any(c.dep_ == "acl" for c in noun.children):
        return ""  # "..., the candidate boasted of ...", parsed as a clause on the noun
    return noun.lemma_.casefold()


def relative_who(span: Span) -> bool:
    """A relative "who" on the name or on its apposition, when the name is a subject or an
    object (not a ``pobj`` nor itself an apposition, where the parser often hangs another
    noun's relative clause): "Mulder, who ...", "Nunes, the brawler who calls herself ..."."""
    root = span.root
    if root.dep_ not in _WHO_DEPS:
        return False  # "a lawyer for the Sierra Club, who ...": the lawyer
    for head in [root, *(c for c in root.children if c.dep_ == "appos")]:
        for clause in head.children:
            if clause.dep_ == "relcl" and any(t.lower_ in _WHO for t in clause.children):
                return True
    return False


def speech_subject(span: Span) -> tuple[bool, str | None]:
    """Whether a spaCy span is the subject of a verb of saying, and the gender of the he/she
    that is the subject of what it says: "Rodri said he was delighted" -> (True, "m"); "Kevin
    Vickers told reporters the plan ..." -> (True, None); "Canada has asked ..., she said" ->
    (False, None); "Vickers, of the Liberal Party, said" -> the party (False, None)."""
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or (verb.lemma_ or verb.lower_) not in names.SPEECH_VERBS:
        return False, None
    doc = span.doc
    if any(t.ent_type_ == "PERSON" for t in doc[span.end : verb.i]):
        return False, None  # "(Reuters) - Donald Trump said": a misparse, Trump speaks
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        for t in clause.children:
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in names.PRONOUN_GENDER:
                return True, names.PRONOUN_GENDER[t.lower_]
    return True, None
