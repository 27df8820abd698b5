"""Step 4a, speakers: the mention an attribution hangs on, found from its cue.

:func:`speaker_of` runs an ordered sieve of small rules over the parse; the first rule that
applies decides. A rule returns the speaker mention, ``None`` when it does not apply, or
:data:`NOBODY` when it applies and finds that nobody speaks. Which entity the mention names is
step 4b (:mod:`newsgraph.nlp.quotes.resolve`).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.lexicon import LABEL_VERBS, SPEECH_VERBS, STATEMENT_NOUNS
from newsgraph.nlp.quotes.syntax import (
    SUBJ,
    names_before,
    noun_phrase,
    noun_phrase_in,
    passive_agent,
    pobj_of,
)
from newsgraph.nlp.quotes.syntax import source_like as _source_like

#: Relations along which a cue's missing subject is looked for higher up (`said that ... and
#: claimed that ...` hung inside the first cue's content).
_CLIMB = (
    "acl",
    "prep",
    "pobj",
    "conj",
    "advcl",
    "xcomp",
    "pcomp",
    "ccomp",
    "parataxis",
    "relcl",
    "acomp",
    "attr",
)
#: Relations a verb without a subject passes the search on to its head.
_PASS_UP = ("conj", "advcl", "xcomp", "pcomp", "ccomp", "parataxis", "prep")


class _Nobody:
    """A rule applied and found no speaker."""


NOBODY = _Nobody()
Verdict = Span | _Nobody | None
SpeakerRule = Callable[[QuoteContext, Token], Verdict]


def speaker_of(ctx: QuoteContext, cue: Token) -> Span | None:
    """The mention a cue's attribution hangs on (the first rule of :data:`SPEAKER_RULES` that
    applies decides)."""
    for rule in SPEAKER_RULES:
        verdict = rule(ctx, cue)
        if verdict is not None:
            return verdict if isinstance(verdict, Span) else None
    return None


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in SUBJ for c in tok.children)


# ------------------------------------------------------------------------------ the rules
def participle_of_noun(ctx: QuoteContext, cue: Token) -> Verdict:
    """`footage of Hillary Clinton asking, "..."`: the noun the participle modifies."""
    if (
        cue.dep_ == "acl"
        and cue.tag_ == "VBG"
        and cue.head.pos_ in ("NOUN", "PROPN")
        and _source_like(cue.head)
        and not _has_subject(cue)
    ):
        return noun_phrase(cue.head)
    return None


def name_parsed_as_root(ctx: QuoteContext, cue: Token) -> Verdict:
    """`Aaron Kall, the director of ..., compared Trump to ...` parsed with the name as the root
    and the verb as its modifier: the name is the subject."""
    if (
        cue.dep_ == "acl"
        and cue.head.dep_ == "ROOT"
        and cue.head.pos_ == "PROPN"
        and cue.tag_ in ("VBD", "VBN")
        and not _has_subject(cue)
    ):
        return noun_phrase(cue.head)
    return None


def object_control(ctx: QuoteContext, cue: Token) -> Verdict:
    """`led the journalist to fear ...`, `uses footage of Clinton asking, "..."`: the object of
    the governing verb (or the person it shows) speaks; `the Latvian journalist Dainis Ivans`:
    the name in apposition."""
    if cue.dep_ != "xcomp" or _has_subject(cue):
        return None
    obj = next((c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i), None)
    if obj is not None and not _source_like(obj):
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = pobj_of(of) if of else None
        obj = pobj if pobj is not None and _source_like(pobj) else None
    if obj is None or obj.lower_ in ("it", "that", "this", "what", "which"):
        return None
    name = next((c for c in obj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if obj.pos_ == "NOUN" and name is not None:
        return noun_phrase(name)
    return noun_phrase(obj)


def what_they_called(ctx: QuoteContext, cue: Token) -> Verdict:
    """`Ban condemned what he called a "brazen breach"`: the attribution is the outer cue's
    (news-attribution corpora annotate its subject as the source); not under a verb that reports
    nothing (`in the hopes of shedding what Gilbert called ...`)."""
    if (
        cue.lemma_.lower() in LABEL_VERBS
        and cue.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "pobj")
        and ctx.is_cue(cue.head)
        and any(c.lower_ == "what" and c.i < cue.i for c in cue.children)
    ):
        return speaker_of(ctx, cue.head) or NOBODY
    return None


def subject_up_the_chain(ctx: QuoteContext, cue: Token) -> Verdict:
    """The subject of the cue (`Bach said`), of its passive agent (`was praised by the
    senator`), or of the verb it hangs on (`..., adding that ...`), climbing at most six
    levels."""
    verb = _clause_verb(ctx, cue)
    for _ in range(6):
        subj = _subject(verb)
        if subj is not None:
            return _speaker_from_subject(verb, subj)
        climbed = _climb(ctx, verb, cue)
        if climbed is None:
            return None
        verb = climbed
    return None


def main_clause_subject(ctx: QuoteContext, cue: Token) -> Verdict:
    """No subject up the chain: the subject of the sentence's main verb, if it precedes the cue
    (`The chair ... called for a "special meeting" to vote ...`)."""
    root = ctx.sentence(cue).root
    subjects = [c for c in root.children if c.dep_ in SUBJ and not c.is_punct and c.i < cue.i]
    if subjects and root.i != cue.i:
        return noun_phrase(subjects[0])
    return None


def names_right_before(ctx: QuoteContext, cue: Token) -> Verdict:
    """Parse-independent fallback: names right before the cue (`..., Obama and Clinton call them
    "lone wolves"`)."""
    return names_before(cue)


#: The speaker rules, in the order they are tried.
SPEAKER_RULES: tuple[SpeakerRule, ...] = (
    participle_of_noun,
    name_parsed_as_root,
    object_control,
    what_they_called,
    subject_up_the_chain,
    main_clause_subject,
    names_right_before,
)


# ------------------------------------------------------------------ subject_up_the_chain
def _clause_verb(ctx: QuoteContext, cue: Token) -> Token:
    """Where the subject search starts: the cue, or the verb that owns its clause (`..., saying
    "..."` hung on a relative clause: the main clause; `Democrats are afraid that ...`: the
    copula)."""
    if cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.head.dep_ == "relcl":
        # `Trump was defensive ... an architect who said ..., saying`
        return ctx.sentence(cue).root
    reported = cue.head
    if (
        cue.tag_ == "VBG"
        and cue.dep_ == "advcl"
        and reported.dep_ == "ccomp"
        and reported.head.lemma_.lower() in SPEECH_VERBS
        and any(t.text == "," for t in cue.doc[reported.i : cue.i])
    ):
        # `Higgs has said the province will stick to it, insisting ...`: the participle the
        # writer adds after what someone said is that speaker's, not the reported subject's
        return reported.head
    if cue.pos_ == "ADJ" and cue.dep_ in ("acomp", "oprd"):
        return cue.head
    return cue


def _subject(verb: Token) -> Token | None:
    """The verb's subject; the last name of one name phrase split into two subjects
    (`International Olympic Committee (IOC) President Thomas Bach has rejected`); the agent for
    a passive subject; the noun a relative clause modifies."""
    # not a dash the parser took for a subject (`made public ― Trump boasted`)
    subjects = [c for c in verb.children if c.dep_ in SUBJ and not c.is_punct]
    subj = subjects[0] if subjects else None
    before = [c for c in subjects if c.i < verb.i]
    if len(before) > 1 and all(c.pos_ == "PROPN" for c in before):
        subj = before[-1]
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = pobj_of(agent) if agent else None
        if pobj is not None:
            subj = pobj
    if subj is None and verb.dep_ == "relcl":
        subj = verb.head
    return subj


def _speaker_from_subject(verb: Token, subj: Token) -> Span:
    """The mention a subject stands for: the noun a relative pronoun stands for, the author of
    a statement noun (`Bach's statement said`, `a statement from the IOC said`), a name in
    apposition to a misparsed noun, the outer speaker of a reported pronoun, else the subject's
    own noun phrase."""
    if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head
    if subj.lemma_.lower() in STATEMENT_NOUNS:
        author = _statement_author(subj)
        if author is not None:
            return author
    if subj.pos_ == "NOUN":
        # `the election, Minyon Moore, a senior adviser ..., called`: a misparsed subject with a
        # name in apposition; the name speaks
        name = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if name is not None:
            return noun_phrase(name)
    return _outer_speaker(verb, subj) or noun_phrase(subj)


def _statement_author(noun: Token) -> Span | None:
    """`Bach's statement` -> `Bach`; `a statement from the IOC` -> `the IOC`; `a statement
    released by the Prime Minister's Office` -> `the Prime Minister's Office`."""
    for c in noun.children:
        if c.dep_ == "poss":
            return noun_phrase(c)
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            pobj = pobj_of(c)
            if pobj is not None:
                return noun_phrase(pobj)
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = passive_agent(c)
            if agent is not None:
                return agent
    return None


def _outer_speaker(verb: Token, subj: Token) -> Span | None:
    """For a pronoun subject of a clause reported by a speech verb (`Lynch said she recalled
    thinking "..."`), the outer speaker: the one the attribution is annotated to."""
    if subj.pos_ != "PRON" or verb.dep_ != "ccomp":
        return None
    outer = verb.head
    if outer.lemma_.lower() not in SPEECH_VERBS or outer.pos_ != "VERB":
        return None
    osubj = next((c for c in outer.children if c.dep_ in ("nsubj",) and c.i < outer.i), None)
    if osubj is None or osubj.pos_ == "PRON":
        return None
    return noun_phrase(osubj)


def _climb(ctx: QuoteContext, verb: Token, cue: Token) -> Token | None:
    """The next verb up for a verb without a subject, or ``None``: `said that "..." and claimed
    that ...` may hang the second cue inside the first one's content, so a coordinated cue
    climbs to the cue above it."""
    if verb.dep_ not in _PASS_UP or verb.head.i == verb.i:
        return None
    verb = verb.head
    if cue.dep_ == "conj":
        while not ctx.is_cue(verb) and verb.dep_ in _CLIMB and verb.head.i != verb.i:
            verb = verb.head
    return verb


# ------------------------------------------------------------------------- direct quotes
def speaker_in_window(ctx: QuoteContext, verb: Token, window: list[Token]) -> Span | None:
    """The cue's subject, but only if it stands outside the quotation (in ``window``); else the
    noun phrase next to the verb in the window (the parser often hangs the subject of `"...," X
    said` inside the quote)."""
    lo, hi = window[0].i, window[-1].i
    sp = speaker_of(ctx, verb)
    if sp is not None and (lo <= sp.root.i <= hi or verb.i not in range(lo, hi + 1)):
        return sp
    if (
        sp is not None
        and sp.root.i < lo
        and ctx.sentence(sp.root).start == ctx.sentence(verb).start
        and not ctx.in_marks(sp.start_char)
    ):
        # the window starts after a quoted title or scare quote of the same sentence
        # (`Clinton ... during a "Commander-in-Chief Forum" sponsored by NBC News and said
        # ...: "..."`): a subject before it, outside any quote marks, still speaks
        return sp
    left = [
        t
        for t in window
        if t.i < verb.i and (t.pos_ in ("PROPN", "NOUN", "PRON") or t.ent_type_ == "PERSON")
    ]
    if left:
        return noun_phrase_in(left[-1], [t for t in window if t.i < verb.i])
    right = [t for t in window if t.i > verb.i and t.pos_ in ("PROPN", "NOUN", "PRON")]
    if right:
        return noun_phrase_in(right[0], [t for t in window if t.i > verb.i])
    return None
