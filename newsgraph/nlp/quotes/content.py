"""Where a reported content begins and ends: small rules over a cue's complement."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.lexicon import (
    ARG_PREPS,
    CONTRAST,
    INTENTION_VERBS,
    LABEL_VERBS,
    NONRESTRICTIVE,
    SPEECH_VERBS,
    THOUGHT_VERBS,
    TOPIC_VERBS,
)
from newsgraph.nlp.quotes.syntax import SUBJ, circumstance, count_words, source_like


def is_proposition(cue: Token, lemma: str, comp: Token) -> bool:
    """Whether a complement can carry reported content: not a relative pronoun (`what he
    called ...` is the fragment's business), not the topic of a discussion verb (`discussed the
    restoration of ...`), not an intention of a subject that is no source (`Russian troops aim
    to seize ...`)."""
    if comp.dep_ in ("dobj", "nsubjpass"):  # the object, or the subject of a passive
        if comp.lower_ in ("what", "which", "that", "who", "whom"):
            return False
        if lemma in TOPIC_VERBS:
            return False
    if comp.dep_ == "xcomp" and lemma in INTENTION_VERBS:
        subj = next((c for c in cue.children if c.dep_ in SUBJ), None)
        if subj is None and cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):
            subj = cue.head
        return subj is not None and source_like(subj)
    return True


def is_adjective_cue(tok: Token) -> bool:
    """A predicative adjective of attitude with a clause or a prepositional object (`they are
    afraid that ...`, `she is skeptical of the deal`): the subject of its copula holds the
    content."""
    if tok.dep_ not in ("acomp", "oprd") or tok.head.i == tok.i:
        return False
    return any(c.dep_ in ("ccomp", "prep") and c.i > tok.i for c in tok.children) and any(
        c.dep_ in SUBJ for c in tok.head.children
    )


def second_argument(cue: Token, obj: Token) -> Token | None:
    """The predicate of a cue's object (`urged Republicans [to join]`, `called X [a hoax]`,
    `demanding Obama [make a pledge]`), or its second argument (`compared Trump [to a coach]`),
    not a clause of its own (`told him [that ...]`)."""
    for c in cue.rights:
        if c.i <= obj.i:
            continue
        if c.dep_ in ("xcomp", "oprd", "attr", "acomp"):
            return c
        if _argument_prep(c, obj):
            # `painted Romney as an out-of-touch rich guy`, `criticized the officer for
            # shooting ...`: the verb's second argument
            return c
        if c.dep_ == "ccomp" and not any(g.dep_ in (*SUBJ, "mark") for g in c.children):
            return c
    return None


def _argument_prep(c: Token, obj: Token) -> bool:
    """A preposition of :data:`ARG_PREPS` right after ``obj``, not of time (`for shooting`, not
    `on Friday`)."""
    return (
        c.dep_ == "prep"
        and c.lower_ in ARG_PREPS
        and c.i == obj.right_edge.i + 1
        and not circumstance(c)
    )


def predicate_end(pred: Token) -> int:
    """The end of an object's predicate; a predicative `as` ends at a closing quote mark
    (`blasted Clinton as a "disgrace" Wednesday on ...`: the label, not the occasion)."""
    last = pred.right_edge
    if pred.dep_ == "prep":
        for t in pred.subtree:
            if t.tag_ == "''" and t.i > pred.i:
                last = t
                break
    return last.idx + len(last.text)


def object_content_end(cue: Token, obj: Token, s1: int) -> int:
    """`urged Republicans to join ...`, `called climate change a hoax`, `demanding Obama make a
    pledge`: the object's content runs over its predicate."""
    pred = second_argument(cue, obj)
    return max(s1, predicate_end(pred)) if pred is not None else s1


def prepositional_content_end(cue: Token, pobj: Token, s1: int) -> int:
    """`called for the secretary to release ...`: the object's predicate; `agreed with Matthews
    about the winner`: a second argument after it."""
    pred = second_argument(cue, pobj)
    if pred is not None and pred.dep_ != "prep":
        s1 = max(s1, predicate_end(pred))
    nxt = next((c for c in cue.rights if _argument_prep(c, pobj)), None)
    if nxt is not None:
        s1 = max(s1, predicate_end(nxt))
    return s1


Gap = tuple[int, int]  # the characters of an interrupting attribution (`, Mr. Obama said,`)


def medial_gap(ctx: QuoteContext, first: Token, cue: Token) -> tuple[int, Gap] | None:
    """The sentence end and the attribution's characters when the attribution ``first .. cue``
    is a parenthetical set off by commas in mid-sentence (`Acts of protest, Mr. Obama said, are
    acts of patriotism`): the content is then the sentence around it, in two parts."""
    doc = cue.doc
    subj = next((c for c in cue.children if c.dep_ in SUBJ and c.i < cue.i), None)
    if subj is not None:
        first = subj.left_edge
    if first.i == 0 or doc[first.i - 1].text != ",":
        return None
    nxt = cue.i + 1
    if nxt < len(doc) and doc[nxt].dep_ == "prt":
        nxt += 1
    sent = ctx.sentence(cue)
    if nxt + 1 >= sent.end or doc[nxt].text != ",":
        return None
    if count_words(ctx.text[doc[nxt].idx : sent.end_char]) < 3:
        return None
    return sent.end_char, (doc[first.i - 1].idx, doc[nxt].idx + 1)


def cut_tail(comp: Token, s1: int) -> int:
    """End a content before a comma-separated tail the writer adds: a participle (`...,
    arguing that`), a non-restrictive relative clause (`..., which forced her to ...`, `..., who
    may have to decide ...`), a contrast (`..., whereas Petraeus knew ...`) or an apposition
    closing the content (`not to use BernieBNB, a house-sharing app ...`)."""
    doc = comp.doc
    for t in comp.subtree:
        if t.i <= comp.i or t.left_edge.i == 0:
            continue
        comma = doc[t.left_edge.i - 1]
        if comma.text != "," or comma.idx >= s1:
            continue
        if _writers_tail(t, s1) and not _quoting_relative(t):
            s1 = min(s1, comma.idx)
    return s1


def _quoting_relative(t: Token) -> bool:
    """A non-restrictive relative clause that quotes the speaker and has no reporting verb of
    its own: the speaker's words, not the writer's (`She added that most of the black vote
    seems anti-Trump, which is a problem because, “In the end, we don't vote against
    somebody.”`; not `..., which he called “a cartel”`, which attributes itself)."""
    if t.dep_ != "relcl":
        return False
    tail = t.doc[t.left_edge.i : t.right_edge.i + 1]
    if any(w.pos_ == "VERB" and w.lemma_.lower() in _REPORTING for w in tail):
        return False
    return any(
        w.text in _OPENING_MARKS
        and not w.whitespace_
        and w.i + 1 < len(w.doc)
        and w.nbor().is_alpha
        for w in tail
    )


_OPENING_MARKS = frozenset({'"', "“", "‘", "'", "«"})
_REPORTING = SPEECH_VERBS | LABEL_VERBS | THOUGHT_VERBS


def _writers_tail(t: Token, s1: int) -> bool:
    """Whether a comma-separated dependent is a tail the writer adds (see :func:`cut_tail`)."""
    last = t.right_edge
    return (
        (t.dep_ in ("advcl", "acl") and t.tag_ == "VBG")
        or (t.dep_ == "relcl" and t.left_edge.lower_ in NONRESTRICTIVE)
        or (t.dep_ == "appos" and last.idx + len(last.text) >= s1 - 1)
        or (
            t.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONTRAST for g in t.children)
        )
    )


def cut_conjoined_cue(comp: Token, s1: int) -> int:
    """End a content before a coordinated reporting verb the parser hung inside it (`said it
    was "opposed" to the test and warned North Korea to ...`)."""
    for c in comp.children:
        if (
            c.dep_ == "conj"
            and c.pos_ == "VERB"
            and c.lemma_.lower() in SPEECH_VERBS
            and not any(g.dep_ in SUBJ for g in c.children)
        ):
            cc = [g for g in comp.children if g.dep_ == "cc" and g.i < c.i]
            cut = cc[-1].idx if cc else c.left_edge.idx
            s1 = min(s1, cut)
    return s1
