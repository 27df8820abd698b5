"""The features the learned decisions of the reported-speech step read (one definition, used by
the component and by ``python -m newsgraph.train quotes``).

Two decisions are learned from PolNeAR ``train/`` (:mod:`newsgraph.nlp.quotes.decide`):

- **keep**: is a proposed cue and content an attribution at all? (`said that ...` yes; `found
  Nathan Ake with a pass` no);
- **end**: where does the content end? Each candidate offers a few ends (the rules' end, the end
  of the complement's subtree, each comma inside it, the sentence end) and the model scores each.

Features are sparse: ``{name: value}`` with mostly 1.0 values; names say what they test. They
read the parse and the word classes of :mod:`newsgraph.nlp.quotes.lexicon` (cue lemmas are
features too, so a cue seen in training carries its own weight and an unseen one falls back to
the general features).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.lexicon import (
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    FINDING_VERBS,
    ORG_NOUNS,
    PERSON_NOUNS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    THOUGHT_ADJECTIVES,
    THOUGHT_NOUNS,
    THOUGHT_VERBS,
)
from newsgraph.nlp.quotes.syntax import SUBJ, count_words

Features = dict[str, float]

#: Words whose place right after a cut tells what is cut off (`, which ...`, `, saying ...`).
_CUT_WORDS = frozenset(
    [
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "although",
        "though",
        "whereas",
        "because",
        "as",
        "after",
        "before",
        "but",
        "and",
        "or",
        "including",
        "saying",
        "adding",
        "according",
        "if",
        "unless",
        "since",
        "so",
        "even",
        "despite",
        "with",
        "without",
        "to",
        "than",
        "that",
        "amid",
        "following",
        "nor",
        "yet",
    ]
)
_MARKS = frozenset("\"“”'‘’«»")


def _bucket(n: int) -> str:
    """Word counts in a few bins (`3` -> ``"2-3"``)."""
    for limit, name in ((0, "0"), (1, "1"), (3, "2-3"), (7, "4-7"), (15, "8-15"), (30, "16-30")):
        if n <= limit:
            return name
    return "31+"


def _lemma_class(lemma: str) -> str:
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in THOUGHT_VERBS or lemma in THOUGHT_ADJECTIVES or lemma in THOUGHT_NOUNS:
        return "thought"
    if lemma in FINDING_VERBS:
        return "finding"
    if lemma in DIRECTIVE_VERBS:
        return "directive"
    return "other"


def _subject(cue: Token) -> Token | None:
    subj = next((c for c in cue.children if c.dep_ in SUBJ), None)
    if subj is None and cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):
        subj = cue.head
    return subj


def _noun_kind(tok: Token) -> str:
    """What a subject or object is: a pronoun, a person, an organisation, a document..."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return "pron:" + tok.lower_ if tok.lower_ in ("it", "that", "this", "what") else "pron"
    if tok.ent_type_:
        return "ent:" + tok.ent_type_
    if lemma in DOCUMENT_NOUNS:
        return "document"
    if lemma in STATEMENT_NOUNS:
        return "statement"
    if lemma in PERSON_NOUNS:
        return "person-noun"
    if lemma in ORG_NOUNS:
        return "org-noun"
    return "pos:" + tok.pos_


# ----------------------------------------------------------------------------------- keep
def keep_features(ctx: QuoteContext, a: Attribution) -> Features:
    """The features of one candidate for the keep decision."""
    f: Features = {"bias": 1.0, "construction=" + a.construction: 1.0}
    lemma = a.cue_lemma
    f["lemma=" + lemma] = 1.0
    f["class=" + _lemma_class(lemma)] = 1.0
    f["content=" + a.content_type] = 1.0
    f[f"lemma|content={lemma}|{a.content_type}"] = 1.0
    f["words=" + _bucket(count_words(ctx.text[a.start : a.end]))] = 1.0
    if any(a.start <= o < a.end for o, _ in ctx.marked):
        f["has_quote_marks"] = 1.0
    cue = a.cue_token
    if cue is not None:
        f.update(_cue_features(cue))
    comp = a.comp_token
    if comp is not None:
        f.update(_complement_features(comp, a.content_type))
    return f


def _cue_features(cue: Token) -> Features:
    f: Features = {"cue_tag=" + cue.tag_: 1.0, "cue_dep=" + cue.dep_: 1.0}
    if any(c.dep_ == "neg" for c in cue.children):
        f["cue_negated"] = 1.0
    if any(
        c.dep_ in ("aux", "auxpass")
        and c.lower_ in ("will", "would", "could", "might", "may", "should", "can")
        for c in cue.children
    ):
        f["cue_modal"] = 1.0
    subj = _subject(cue)
    f["subject=" + (_noun_kind(subj) if subj is not None else "none")] = 1.0
    if cue.i > 0 and cue.doc[cue.i - 1].lower_ == "to":
        f["cue_infinitive"] = 1.0
    return f


def _complement_features(comp: Token, content_type: str) -> Features:
    f: Features = {
        "comp_dep=" + comp.dep_: 1.0,
        "comp_tag=" + comp.tag_: 1.0,
        "comp_kind=" + _noun_kind(comp): 1.0,
    }
    kids = list(comp.children)
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in kids):
        f["comp_that"] = 1.0
    if any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("whether", "if", "how", "why", "what", "when")
        for c in kids
    ):
        f["comp_wh"] = 1.0
    if any(c.dep_ in SUBJ for c in kids):
        f["comp_has_subject"] = 1.0
    if content_type == "infinitive":
        f["xcomp_lemma=" + comp.lemma_.lower()] = 1.0
    return f


# ------------------------------------------------------------------------------------ end
def end_features(ctx: QuoteContext, a: Attribution, end: int, kind: str) -> Features:
    """The features of one possible end of a candidate's content (``kind``: which rule gave it:
    ``rules``, ``subtree``, ``comma`` or ``sentence``)."""
    text = ctx.text
    f: Features = {"bias": 1.0, "end=" + kind: 1.0, "rel=" + a.content_type: 1.0}
    f["kept=" + _bucket(count_words(text[a.start : end]))] = 1.0
    limit = max(e for e, _ in a.end_options) if a.end_options else end
    dropped = text[end:limit]
    f["dropped=" + _bucket(count_words(dropped))] = 1.0
    if any(c in _MARKS for c in dropped):
        f["dropped_has_mark"] = 1.0
    nxt = _token_after(ctx, end)
    if nxt is not None and nxt.idx < limit:
        f.update(_cut_features(nxt, a, kind))
    return f


def _token_after(ctx: QuoteContext, pos: int) -> Token | None:
    """The first word at or after ``pos``, past commas, dashes and semicolons."""
    span = ctx.doc.char_span(pos, min(len(ctx.text), pos + 60), alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.idx >= pos and not t.is_punct and not t.is_space), None)


def _cut_features(nxt: Token, a: Attribution, kind: str) -> Features:
    """What the cut leaves out: `, which ...` (a relative clause), `, saying ...`, `and ...`."""
    f: Features = {"cut_dep=" + nxt.dep_: 1.0, "cut_tag=" + nxt.tag_: 1.0}
    word = nxt.lower_
    if word in _CUT_WORDS:
        f["cut_word=" + word] = 1.0
        f[f"{kind}|cut_word={word}"] = 1.0
    f[f"{kind}|cut_dep={nxt.dep_}"] = 1.0
    prev = nxt.doc[nxt.i - 1] if nxt.i > 0 else None
    if prev is not None and prev.text in (",", ";", "—", "–", "-", "--"):
        f["cut_after=" + prev.text] = 1.0
    if nxt.lemma_.lower() in SPEECH_VERBS:
        f["cut_at_speech_verb"] = 1.0
    if nxt.ent_type_ or nxt.pos_ == "PROPN":
        f["cut_at_name"] = 1.0
    head = nxt.head
    if a.start <= head.idx < nxt.idx:
        f["cut_head_inside"] = 1.0
        f["cut_head_pos=" + head.pos_] = 1.0
    return f
