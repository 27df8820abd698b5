"""Step 3, reported speech: a cue with its content, one function per construction.

- :func:`verb_cue`: a cue from the learned table with its content complement (``said that ...``,
  ``vowed to ...``, ``compared X to Y``), a predicative adjective (``afraid that ...``), the
  subject of a passive cue with an agent, ``..., X said.`` tails and ``A, X said, B``
  parentheticals;
- :func:`statement_noun`: a statement noun's clause (``her pledge to ...``);
- :func:`according_to`: ``according to X``;
- :func:`in_document`: ``In a poll, ...``;
- :func:`quoted_fragment`: a quoted fragment under a cue (``invited Bach to "see ..."``).

A content with marked fragments inside is **mixed**, otherwise **indirect**.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.content import (
    Gap,
    cut_conjoined_cue,
    cut_tail,
    is_adjective_cue,
    is_proposition,
    medial_gap,
    object_content_end,
    prepositional_content_end,
    second_argument,
)
from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.lexicon import (
    LABEL_VERBS,
    NAMING_VERBS,
    NO_COMMENT_VERBS,
    NOUN_CUES,
    REFUSAL_VERBS,
    SOURCE_DOCUMENTS,
    SPEECH_VERBS,
)
from newsgraph.nlp.quotes.marks import Segment, is_title
from newsgraph.nlp.quotes.speaker import speaker_of
from newsgraph.nlp.quotes.syntax import (
    DATELINE,
    SUBJ,
    count_words,
    cue_span,
    noun_clause,
    noun_phrase,
    passive_agent,
    pobj_of,
    source_like,
    trim,
)

Content = tuple[int, int, Gap | None]  # start, end, and an interrupting attribution inside


def reported_speech(ctx: QuoteContext, segs: list[Segment]) -> list[Attribution]:
    """The reported-speech attributions of the document (after the direct-quote step marked
    which segments stand as sentences)."""
    if not ctx.body:
        return []
    out = _noun_clauses_first(reported_candidates(ctx, segs))
    _add_fragments(ctx, segs, out)
    for a in out:
        _mark_verbatim(ctx, segs, a)
    return out


def reported_candidates(ctx: QuoteContext, segs: list[Segment]) -> list[Attribution]:
    """Every construction of this step the document's cues head (no decision yet)."""
    out = []
    for tok in _candidate_tokens(ctx, segs):
        a = _attribution_at(ctx, tok)
        if a is not None:
            out.append(a)
    return out


def _candidate_tokens(ctx: QuoteContext, segs: list[Segment]) -> list[Token]:
    """Tokens of the body outside direct quotes (a cue inside a quote is the quoted speaker's)."""
    doc = ctx.doc
    quoted = [False] * len(doc)
    for s in segs:
        if not s.sentence_level:
            continue
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None:
            quoted[span.start : span.end] = [True] * len(span)
    lo, hi = ctx.body[0]["start"], ctx.body[-1]["end"]
    return [
        tok
        for tok in doc
        if lo <= tok.idx < hi and not quoted[tok.i] and _may_head_attribution(ctx, tok)
    ]


def _may_head_attribution(ctx: QuoteContext, tok: Token) -> bool:
    """A cheap filter: only a word of the cue table or the cue lists, `according` or `in` can
    head a construction of this step."""
    lemma = tok.lemma_.lower()
    return (
        lemma in ctx.cues
        or lemma in SPEECH_VERBS
        or lemma in NOUN_CUES
        or lemma == "accord"
        or tok.lower_ == "in"
    )


def _attribution_at(ctx: QuoteContext, tok: Token) -> Attribution | None:
    """The construction ``tok`` heads, if any."""
    lemma = tok.lemma_.lower()
    if lemma == "accord" and tok.lower_ == "according":
        return according_to(ctx, tok)
    if _is_document_in(ctx, tok):
        return in_document(ctx, tok)
    if _is_noun_cue(ctx, tok, lemma):
        return statement_noun(ctx, tok)
    return verb_cue(ctx, tok, lemma)


def _noun_clauses_first(out: list[Attribution]) -> list[Attribution]:
    """A statement noun's clause beats the verb whose object holds it (`seized on Trump's claim
    that ...`)."""
    nouns = [a for a in out if a.construction == "noun"]
    return [
        a
        for a in out
        if not any(n is not a and n.cue is not None and a.start <= n.cue[0] < a.end for n in nouns)
    ]


# ------------------------------------------------------------------------------ verb cues
def verb_cue(ctx: QuoteContext, tok: Token, lemma: str) -> Attribution | None:
    """A verb (or predicative adjective) of the cue table with its content (`vowed to fight`,
    `said that ...`, `O'Malley's move was praised by the senator`, `..., the source added`);
    ``lemma`` is the token's lowercased lemma."""
    rels = _relations(ctx, tok, lemma)
    if rels is None:
        return None
    comp = _passive_subject(ctx, tok, lemma, rels)
    passive = comp is not None
    if comp is None:
        comp = _complement(ctx, tok, lemma, rels)
    if comp is not None and not _states_something(tok, lemma, comp):
        return None
    content = _content(ctx, tok, comp, rels)
    if content is None:
        return None
    parts = _clip_to_paragraph(ctx, tok, content)
    if parts is None:
        return None
    a = Attribution(
        start=parts[0][0],
        end=parts[-1][1],
        kind="indirect",
        cue=cue_span(tok),
        speaker=passive_agent(tok) if passive else speaker_of(ctx, tok),
        parts=parts,
        cue_lemma=lemma,
        construction="passive" if passive else "verb",
        content_type=_content_type(tok, comp),
    )
    return a


def _states_something(tok: Token, lemma: str, comp: Token) -> bool:
    """Whether the complement reports something said or thought: not a refusal to speak
    (`declined to comment`, `refused to answer`), not `deny` in its sense of withholding (`denied
    Foden a goal`: a dative object), not a name (`known as Krakatoa`, `known as "Bam Bam"`)."""
    if lemma in REFUSAL_VERBS and comp.dep_ == "xcomp":
        said = comp.lemma_.lower()
        return not (said in SPEECH_VERBS or said in NO_COMMENT_VERBS)
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in REFUSAL_VERBS:
        return False  # `refused to comment on the report`: `comment` reports nothing here
    if lemma == "deny" and comp.dep_ == "dobj" and _object_before(tok, comp):
        return False
    if lemma in NAMING_VERBS and tok.tag_ == "VBN":
        return not any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
    return True


def _object_before(tok: Token, obj: Token) -> bool:
    """A second object between a verb and its object (`denied [Foden] a goal`; the parser may
    not call it a dative)."""
    between = tok.doc[tok.i + 1 : obj.left_edge.i]
    return any(
        t.dep_ == "dative" or t.pos_ in ("PROPN", "PRON") or t.text[:1].isupper() for t in between
    )


def _content_type(tok: Token, comp: Token | None) -> str:
    """What a verb cue's content is: `said [that ...]` a clause, `vowed [to fight]` an
    infinitive, `urged [Republicans to join]` an object with its predicate, `criticized [the
    plan]` a noun phrase."""
    if comp is None or comp.dep_ == "ccomp":
        return "clause"
    if comp.dep_ == "xcomp":
        return "infinitive"
    if comp.dep_ == "pcomp" or (comp.dep_ in ("dobj", "pobj") and second_argument(tok, comp)):
        return "predicate"
    return "noun"


def _relations(ctx: QuoteContext, tok: Token, lemma: str) -> dict[str, float] | None:
    """The content relations ``tok`` may take with their learned precision, or ``None`` when it
    is no cue (`said` takes ``ccomp`` at least; an adjective only ``ccomp`` and ``prep``)."""
    rels = dict(ctx.cues.get(lemma) or {})
    if lemma in SPEECH_VERBS:
        rels["ccomp"] = max(rels.get("ccomp", 0.0), ctx.min_precision["ccomp"])
    if not rels or not (
        tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and is_adjective_cue(tok))
    ):
        return None
    if tok.pos_ == "ADJ":
        # `Many Democrats are afraid that ...`, `skeptical of the deal`
        rels = {k: v for k, v in rels.items() if k in ("ccomp", "prep")}
    return rels


def _allowed(ctx: QuoteContext, rels: dict[str, float], rel: str) -> bool:
    return rels.get(rel, 0) >= ctx.min_precision[rel]


def _passive_subject(
    ctx: QuoteContext, tok: Token, lemma: str, rels: dict[str, float]
) -> Token | None:
    """`O'Malley's move was praised by the senator`: the subject of a passive cue with an agent
    is its object (and the agent speaks)."""
    if tok.tag_ != "VBN" or not _allowed(ctx, rels, "dobj"):
        return None
    subj = next(
        (
            c
            for c in tok.children
            if c.dep_ == "nsubjpass"
            and c.pos_ in ("NOUN", "PROPN")
            and is_proposition(tok, lemma, c)
        ),
        None,
    )
    return subj if subj is not None and passive_agent(tok) is not None else None


def _complement(ctx: QuoteContext, tok: Token, lemma: str, rels: dict[str, float]) -> Token | None:
    """The child that carries the content: a clause or object the table allows for this lemma
    (`said [that ...]`), or a preposition's object (`railed against [the deal]`)."""
    comp = None
    for c in tok.children:
        if (
            c.dep_ in ("ccomp", "xcomp", "dobj")
            and _allowed(ctx, rels, c.dep_)
            and is_proposition(tok, lemma, c)
        ):
            comp = c
            break
        if c.dep_ == "prep" and c.i > tok.i and _allowed(ctx, rels, "prep"):
            comp = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if comp is not None:
                break
    if comp is not None and comp.dep_ == "ccomp" and comp.i < tok.i:
        # a clause before the cue and another after it (`Writing for a panel that all agreed
        # Pence won, Barabak noted that ...`): the one after it is the content
        comp = next((c for c in tok.rights if c.dep_ == "ccomp"), comp)
    return comp


def _content(
    ctx: QuoteContext, tok: Token, comp: Token | None, rels: dict[str, float]
) -> Content | None:
    """The content span of a verb cue, by the first construction that fits."""
    if comp is not None and comp.dep_ == "ccomp" and comp.i < tok.i:
        return _content_before_cue(ctx, tok, comp)
    if comp is not None:
        return _content_of_complement(tok, comp)
    if not _allowed(ctx, rels, "ccomp"):
        return None
    if tok.dep_ == "parataxis" and tok.head.i < tok.i:
        return _content_before_parataxis(ctx, tok)
    return _content_around_parenthetical(ctx, tok)


def _content_before_cue(ctx: QuoteContext, tok: Token, comp: Token) -> Content:
    """`..., the source added.`: the whole sentence before the attribution, whatever the parser
    made of it (`Acts of protest, Mr. Obama said, are ...`: the sentence around it)."""
    subj = next((c for c in tok.children if c.dep_ in SUBJ and c.i > comp.i), None)
    first = subj.left_edge if subj is not None and subj.i < tok.i else tok
    start = ctx.sentence(tok)[0].idx
    medial = medial_gap(ctx, first, tok)
    return (start, *medial) if medial else (start, first.idx, None)


def _content_of_complement(tok: Token, comp: Token) -> Content:
    """`said [that it was over]`, `urged [Republicans to join]`, `called [for X to resign]`."""
    s0, s1 = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
    s1 = cut_tail(comp, cut_conjoined_cue(comp, s1))
    if comp.dep_ == "ccomp" and tok.dep_ == "ROOT" and comp.i > tok.i:
        s1 = _rest_of_sentence(tok, s1)
    if comp.dep_ == "dobj":
        s1 = object_content_end(tok, comp, s1)
    elif comp.dep_ in ("pobj", "pcomp") and comp.head.head.i == tok.i:
        s1 = prepositional_content_end(tok, comp, s1)
    return s0, s1, None


def _rest_of_sentence(tok: Token, s1: int) -> int:
    """Where the content of a sentence's main speech verb ends: the sentence's end, whatever
    the parser hung on the verb after its clause (`He said he'll support the nominee, but
    beyond that, he doesn't want to be involved`; `said strategists plan to secure the
    delegates, thereby avoiding a contested convention`; `said she treated the photo line as a
    crucial, although brief, opportunity`), as PolNeAR and GGT both annotate it; ``s1`` (the
    clause's end) when a later verb attributes the rest (`..., adding that ...`)."""
    sent = tok.sent
    if any(t.idx >= s1 and _attributes(t) for t in sent):
        return s1
    end = sent[-1]
    while end.i > tok.i and (end.is_punct or end.is_space):
        end = end.nbor(-1)
    return max(s1, end.idx + len(end.text))


def _attributes(t: Token) -> bool:
    """A verb that says or labels of its own (`adding that ...`, `which he called "a cartel"`)."""
    return t.pos_ == "VERB" and (
        t.lemma_.lower() in SPEECH_VERBS or t.lemma_.lower() in LABEL_VERBS
    )


def _content_before_parataxis(ctx: QuoteContext, tok: Token) -> Content:
    """`The deal is dead, he said.` parsed with the cue as a parataxis of the clause before."""
    start = tok.head.left_edge.idx
    medial = medial_gap(ctx, tok.left_edge, tok)
    return (start, *medial) if medial else (start, tok.left_edge.idx, None)


def _content_around_parenthetical(ctx: QuoteContext, tok: Token) -> Content | None:
    """`Acts of protest, Mr. Obama said, are acts of patriotism`: the sentence around it."""
    if tok.dep_ not in ("parataxis", "advcl") or tok.head.i <= tok.i:
        return None
    medial = medial_gap(ctx, tok.left_edge, tok)
    if medial is None or not any(c.dep_ in SUBJ for c in tok.children):
        return None
    return (ctx.sentence(tok).start_char, *medial)


def _clip_to_paragraph(
    ctx: QuoteContext, tok: Token, content: Content
) -> list[tuple[int, int]] | None:
    """The content's parts inside the cue's paragraph, trimmed (two around an interrupting
    attribution); ``None`` when too short or when it holds the cue itself."""
    para = ctx.paragraph_at(tok.idx)
    if para is None:
        return None
    s0, s1, gap = content
    s0, s1 = trim(ctx.text, max(s0, para["start"]), min(s1, para["end"]))
    dateline = DATELINE.match(ctx.text, s0, s1)
    if dateline is not None and s0 == para["start"]:
        s0 = dateline.end()  # `LONDON (Reuters) - The deal is dead, officials said.`
    if s1 - s0 < 3 or (s0 <= tok.idx < s1 and gap is None):
        return None
    if gap is None:
        return [(s0, s1)]
    parts = [trim(ctx.text, s0, max(s0, gap[0])), trim(ctx.text, min(s1, gap[1]), s1)]
    return [p for p in parts if p[1] > p[0]] or None


# ------------------------------------------------------------------------- other cues
def _is_noun_cue(ctx: QuoteContext, tok: Token, lemma: str) -> bool:
    return tok.pos_ == "NOUN" and (
        lemma in NOUN_CUES or (ctx.cues.get(lemma) or {}).get("acl", 0) >= ctx.min_precision["acl"]
    )


def statement_noun(ctx: QuoteContext, tok: Token) -> Attribution | None:
    """`Trump's claim that there have been "thousands of shootings"`, `his pledge to ...`,
    `concerns among Democrats that ...`: a statement noun with a that-clause or a to-infinitive.
    The possessor speaks, else a source in a `from/by/of/among` phrase of the noun, else nobody
    (the attribution is kept without a speaker)."""
    clause = noun_clause(tok)
    if clause is None:
        return None
    s0 = clause.left_edge.idx
    s1 = cut_tail(clause, clause.right_edge.idx + len(clause.right_edge.text))
    s0, s1 = trim(ctx.text, s0, s1)
    if count_words(ctx.text[s0:s1]) < 3:
        return None
    return Attribution(
        start=s0,
        end=s1,
        kind="indirect",
        cue=(tok.idx, tok.idx + len(tok.text)),
        speaker=_noun_author(tok),
        construction="noun",
        cue_lemma=tok.lemma_.lower(),
    )


def _noun_author(tok: Token) -> Span | None:
    """Who holds a statement noun: `her pledge` -> `her`; `concerns among Democrats` ->
    `Democrats`; `The association said in a statement that ...` -> `The association`."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return noun_phrase(poss)
    speaker = None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of", "among"):
            pobj = pobj_of(c)
            if pobj is not None and source_like(pobj):
                speaker = noun_phrase(pobj)
    return speaker or _speaker_of_verb_around(tok)


def _speaker_of_verb_around(tok: Token) -> Span | None:
    """The subject of the speech verb a statement noun is the means of (`X said in a statement
    that ...`, `X wrote in a letter that ...`)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "in" or prep.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    subj = next((c for c in prep.head.children if c.dep_ in SUBJ), None)
    return noun_phrase(subj) if subj is not None else None


def according_to(ctx: QuoteContext, tok: Token) -> Attribution | None:
    """`The deal is off, according to two officials`: the longer side of the sentence is the
    content, the object of `to` its source."""
    doc = tok.doc
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
    if to is None:
        return None
    pobj = pobj_of(to)
    if pobj is None:
        return None
    sent = ctx.sentence(tok)
    phrase_end = max(pobj.right_edge.idx + len(pobj.right_edge.text), to.idx + 2)
    s0, s1 = _longer_side(ctx, (sent.start_char, tok.idx), (phrase_end, sent.end_char))
    s0, s1 = trim(ctx.text, s0, _before_own_attribution(ctx, s0, s1))
    if s1 - s0 < 10:
        return None
    return Attribution(
        start=s0,
        end=s1,
        kind="indirect",
        cue=(tok.idx, to.idx + len(to.text)),
        speaker=noun_phrase(pobj),
        construction="according",
        cue_lemma="according",
    )


def _before_own_attribution(ctx: QuoteContext, s0: int, s1: int) -> int:
    """The end of a content before a clause joined to it that has its own speaker: `According
    to EHS, the target is being met, but Chapman says that's not what the union is seeing`
    (the content ends at `but`; Chapman's clause is his own quote); not a pronoun's clause
    (`According to ProPublica, Clinton praised her donors, and she asked the bankers to ...`)."""
    span = ctx.doc.char_span(s0, s1, alignment_mode="expand")
    for verb in span or ():
        if verb.dep_ != "conj" or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
        if subj is None or subj.pos_ == "PRON":
            continue  # `..., and she asked the bankers to ...`: the same report goes on
        first = subj.left_edge
        if first.i > 0 and first.nbor(-1).pos_ == "CCONJ":
            first = first.nbor(-1)  # `but Chapman says`, however the parser hung the `but`
        cut = first.idx
        if cut > s0:
            return cut
    return s1


def _longer_side(
    ctx: QuoteContext, left: tuple[int, int], right: tuple[int, int]
) -> tuple[int, int]:
    """The longer of the two trimmed sentence parts around a source phrase: the content."""
    text = ctx.text
    return max((trim(text, *left), trim(text, *right)), key=lambda x: x[1] - x[0])


def _is_document_in(ctx: QuoteContext, tok: Token) -> bool:
    """`In` on a main verb that is no cue (`In the poll, Clinton led ...`)."""
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.dep_ != "ROOT":
        return False
    head_lemma = tok.head.lemma_.lower()
    return head_lemma not in SPEECH_VERBS and head_lemma not in ctx.cues


def in_document(ctx: QuoteContext, tok: Token) -> Attribution | None:
    """`In the latest poll, Clinton led Trump by 5 points`, `In a statement, ...` with no speech
    verb: a document or survey named by `in` on the main verb is the source of the rest of the
    sentence (like `according to`)."""
    pobj = pobj_of(tok)
    if pobj is None or pobj.lemma_.lower() not in SOURCE_DOCUMENTS:
        return None
    sent = ctx.sentence(tok)
    if any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in sent):
        return None  # `In an interview, X said ...`: the speech verb attributes
    left = (sent.start_char, tok.idx)
    right = (pobj.right_edge.idx + len(pobj.right_edge.text), sent.end_char)
    s0, s1 = _longer_side(ctx, left, right)
    if count_words(ctx.text[s0:s1]) < 4:
        return None
    return Attribution(
        start=s0,
        end=s1,
        kind="indirect",
        cue=(tok.idx, tok.idx + len(tok.text)),
        speaker=noun_phrase(pobj),
        construction="in_document",
        cue_lemma="in",
    )


# ------------------------------------------------------------------------- fragments
def _add_fragments(ctx: QuoteContext, segs: list[Segment], out: list[Attribution]) -> None:
    """Quoted fragments no cue complement holds: `invited Bach to "see with his own eyes"`."""
    text = ctx.text
    for s in segs:
        if s.sentence_level or count_words(text[s.start : s.end]) < 1:
            continue
        if is_title(text[s.start : s.end]) and count_words(text[s.start : s.end]) > 2:
            continue  # a title (`told MSNBC's "Morning Joe"`), unless a label verb calls it one
        if any(a.start <= s.open < a.end for a in out):
            continue
        a = quoted_fragment(ctx, s)
        if a is not None:
            out.append(a)


def quoted_fragment(ctx: QuoteContext, seg: Segment) -> Attribution | None:
    """A reported clause around a quoted fragment, governed by a cue verb (`called the plan
    "a disaster"`); for a long fragment, by any verb with a subject (`Zelenskyy invited Bach to
    Bakhmut to "see with his own eyes ..."`)."""
    found = _governing_verb(ctx, seg)
    if found is None:
        return None
    verb, tok = found
    if not _states_something(verb, verb.lemma_.lower(), tok):
        return None
    if is_title(ctx.text[seg.start : seg.end]) and verb.lemma_.lower() not in LABEL_VERBS:
        return None  # a title or name (`told MSNBC's "Morning Joe"`), not reported words
    kids = [
        c
        for c in verb.rights
        if c.dep_ not in ("punct", "cc", "conj", "advmod", "npadvmod") and c.i <= tok.i
    ]
    if not kids:
        return None
    text = ctx.text
    s0 = kids[0].left_edge.idx
    last = max(kids[-1].right_edge, tok.right_edge, key=lambda t: t.i)
    s1 = cut_conjoined_cue(kids[-1], last.idx + len(last.text))
    if count_words(text[seg.close : s1]) > 4:
        s1 = seg.close  # not into a following clause (`... after the IOC confirmed`)
    s0, s1 = trim(text, s0, s1)
    if not s0 <= seg.start < s1:
        return None
    return Attribution(
        start=s0,
        end=s1,
        kind="mixed",
        cue=cue_span(verb),
        speaker=speaker_of(ctx, verb),
        construction="fragment",
        cue_lemma=verb.lemma_.lower(),
        content_type="quoted",
    )


def _governing_verb(ctx: QuoteContext, seg: Segment) -> tuple[Token, Token] | None:
    """The cue above the fragment's first word in its sentence (at most six levels up), and the
    child of it the fragment hangs from; else, for a fragment of 4+ words, the first verb with a
    subject on the way."""
    toks = [t for t in ctx.tokens(seg.start, seg.end) if not t.is_punct]
    if not toks:
        return None
    tok = toks[0]
    words = count_words(ctx.text[seg.start : seg.end])
    fallback: tuple[Token, Token] | None = None
    for _ in range(6):
        head = tok.head
        if head.i == tok.i or ctx.sentence(head).start != ctx.sentence(tok).start:
            break
        if ctx.is_cue(head) and not seg.start <= head.idx < seg.end:
            # (a cue inside the quoted words is the quoted speaker's: `"he said this"`)
            if words >= 2 or (head.lemma_.lower() in LABEL_VERBS and tok.dep_ != "nsubjpass"):
                return head, tok
            break
        if fallback is None and head.pos_ == "VERB" and any(c.dep_ in SUBJ for c in head.children):
            fallback = (head, tok)
        tok = head
    return fallback if words >= 4 else None


def _mark_verbatim(ctx: QuoteContext, segs: list[Segment], a: Attribution) -> None:
    """The quoted fragments inside a reported clause are its verbatim parts (it is then
    **mixed**); a closing mark the parse left out is taken in."""
    verbatim = []
    for s in segs:
        if a.start <= s.open < a.end:
            if s.close > a.end and (a.end > s.start or s.end <= a.end + 2):
                # a content never ends inside quoted words: the closing mark the parse left out
                # is taken in, and so are the words after a cut the parse made inside the quote
                # (`called Burma a "good news story in an era when ..."`; an unclosed quote runs
                # to the end of its paragraph)
                a.set_end(s.close)
            if s.close <= a.end and (s.sentence_level or not is_title(ctx.text[s.start : s.end])):
                verbatim.append((s.start, s.end))
    a.verbatim = verbatim
    if a.verbatim:
        a.kind = "mixed"
