"""Small functions over the dependency parse that the quote rules share (no document state)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsgraph.nlp.entities.spans import SUBJECT_DEPS
from newsgraph.nlp.quotes.lexicon import ORG_NOUNS, PERSON_NOUNS

#: Dependency labels of a clause's subject: the nominal ones the entity step uses
#: (``SUBJECT_DEPS``) and a clausal one (`What he said was ...`).
SUBJ = SUBJECT_DEPS | {"csubj"}
#: Left dependents that belong to a noun phrase (`the former IOC President`).
NP_LEFT = (
    "det",
    "amod",
    "compound",
    "poss",
    "nummod",
    "nmod",
    "quantmod",
    "advmod",
    "case",
    "predet",
)
_WORD = re.compile(r"\w+")
#: A dateline opening a wire story: `LONDON (Reuters) - `, `WASHINGTON, D.C. — `, `GAZA CITY (AP) –`.
DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)*)?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s+"
)
_TRIM = " \t\n,;:—–―-"


def count_words(text: str) -> int:
    """`Mr. Bach's view` -> 4."""
    return len(_WORD.findall(text))


def trim(text: str, s0: int, s1: int) -> tuple[int, int]:
    """``[s0, s1)`` without surrounding spaces, commas, colons and dashes (and a final period):
    `, that it was over.` -> `that it was over`."""
    while s0 < s1 and text[s0] in _TRIM:
        s0 += 1
    while s1 > s0 and text[s1 - 1] in _TRIM + ".":
        s1 -= 1
    return s0, s1


def noun_phrase(tok: Token) -> Span:
    """The noun phrase of a subject: its left edge up to its head and head-internal right
    modifiers (compound names), without relative clauses or appositions (`the IOC President`,
    not `the IOC President, who ...`)."""
    doc = tok.doc
    left = tok.i
    for child in tok.lefts:  # not an opening "With 50 days until the election, ..."
        if child.dep_ in NP_LEFT:
            left = min(left, child.left_edge.i)
    while left < tok.i and doc[left].is_punct:
        left += 1
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat", "nummod") and child.i == right + 1:
            right = child.i
    return doc[left : right + 1]


def noun_phrase_in(tok: Token, window: list[Token]) -> Span:
    """The largest noun phrase around ``tok`` whose head stays inside ``window`` (`Thomas Bach`
    for `Bach` in `..., Thomas Bach said`)."""
    ids = {t.i for t in window}
    root = tok
    while (
        root.head.i != root.i
        and root.head.i in ids
        and root.head.pos_ in ("PROPN", "NOUN")
        and root.dep_ in ("compound", "flat", "amod", "poss", "nmod")
    ):
        root = root.head
    np = noun_phrase(root)
    start = max(np.start, min(ids))
    return tok.doc[start : max(np.end, start + 1)]


def _modifies_cue(t: Token, cue: Token, deps: tuple[str, ...]) -> bool:
    """An auxiliary, negation or adverb of the cue (`has`, `not`, `also` of `has not also
    said`); not a name the parser made an adverb (`Still, McNeely said`)."""
    return t.head.i == cue.i and t.dep_ in deps and t.pos_ != "PROPN"


def cue_span(tok: Token) -> tuple[int, int]:
    """The cue's characters with its auxiliaries and particle (`has also said`, `pointed out`)."""
    doc = tok.doc
    start, end = tok.idx, tok.idx + len(tok.text)
    i = tok.i - 1
    while i >= 0 and _modifies_cue(doc[i], tok, ("aux", "auxpass", "neg", "advmod")):
        # "has said", "also said", "has not yet said": only words right before the verb
        if doc[i].dep_ != "advmod" or i == tok.i - 1 or doc[i + 1].dep_ != "advmod":
            start = doc[i].idx
        i -= 1
    if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "prt":
        end = doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
    return start, end


def source_like(subj: Token) -> bool:
    """A subject that can be a source: a pronoun, a name, a person or organisation noun (`she`,
    `Bach`, `the ministry`; not `the plan`)."""
    if subj.pos_ == "PRON" or subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG"):
        return True
    return subj.lemma_.lower() in PERSON_NOUNS or subj.lemma_.lower() in ORG_NOUNS


def circumstance(prep: Token) -> bool:
    """A prepositional phrase of time (`on Friday`, `for two years`): not an argument."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def passive_agent(verb: Token) -> Span | None:
    """The agent of a passive verb (`was praised by the senator` -> `the senator`), if any."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = pobj_of(agent) if agent else None
    return noun_phrase(pobj) if pobj is not None else None


def pobj_of(prep: Token) -> Token | None:
    """The object of a preposition (`from the IOC` -> `IOC`)."""
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def noun_clause(tok: Token) -> Token | None:
    """A noun's that-clause or to-infinitive after it (`the claim that ...`, `a pledge to
    ...`), the ``acl`` relation of the cue table."""
    for child in tok.rights:
        if child.dep_ not in ("acl", "ccomp"):
            continue
        for g in child.children:
            if (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to"):
                return child
    return None


def names_before(cue: Token) -> Span | None:
    """Names right before a cue the parser gave no subject (`..., Obama and Clinton call them
    "lone wolves"`), not the object of a preposition."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and _modifies_cue(doc[i], cue, ("aux", "neg", "advmod")):
        i -= 1
    end = i + 1
    while i >= 0 and (
        doc[i].pos_ == "PROPN" or (doc[i].lower_ == "and" and i > 0 and doc[i - 1].pos_ == "PROPN")
    ):
        i -= 1
    start = i + 1
    if start >= end or doc[end - 1].pos_ != "PROPN":
        return None
    if i >= 0 and doc[i].pos_ in ("ADP", "DET"):
        return None
    return doc[start:end]
