"""``newsgraph_quotes``: quotations and reported speech with their cues and speakers.

Reads: ``doc.text``, sentences, the dependency parse (``dep_``, ``head``, ``lemma_``, ``pos_``),
``doc._.ng_paragraphs`` (only ``body`` paragraphs hold quotes) and ``doc._.ng_entities`` (mention
offsets, through :mod:`newsgraph.nlp.speakers`).
Writes: ``doc._.ng_quotes``: ``[{"id", "start", "end", "text", "kind", "verbatim", "cue",
"speaker"}]``, non-overlapping, in text order.

How (rules, no model; textacy's ``direct_quotations`` only handles one paragraph with balanced
marks and no reported speech, so we do our own):

1. **Quote marks**, paragraph by paragraph: straight and curly double quotes (and ``''``/````
   ``)``; single quotes inside them are kept as text. A mark opened and not closed runs to the end
   of its paragraph (newswire continuation), never across it.
2. **Direct** quotes are marked spans that stand as sentences (paragraph start, after ``:``, a
   sentence end, or ``X said,``). Their cue is a speech verb just after (``"...," she said``) or
   just before (``he added: "..."``), a colon or dash attribution (``Bach: "..."``,
   ``"..." — Bach``). Marked parts of one paragraph sharing a cue form one quote (``"A," he said.
   "B."``, as PolNeAR annotates it). A quote with no cue of its own continues the statement of
   the previous body paragraph and inherits its speaker.
3. **Reported speech**: a cue from the learned lexicon (:mod:`newsgraph.nlp.cues`) with its
   content complement (``said that ...``, ``vowed to ...``, ``compared X to Y``), a predicative
   adjective (``afraid that ...``), a statement noun's clause (``her pledge to ...``), the
   subject of a passive cue with an agent, ``according to X``, ``In a poll, ...``, and ``..., X
   said.`` tails. A content with marked fragments inside is **mixed**, otherwise **indirect**.
4. **Speakers**: the subject of the cue (passive agent, ``a statement from X``, ``X's statement``,
   the subject of the governing verb for ``adding ...``, the object for object control), resolved
   by :mod:`newsgraph.nlp.speakers`. See ``docs/quotes.md`` for every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.cues import SPEECH_VERBS, STATEMENT_NOUNS, lexicon, noun_clause
from newsgraph.nlp.extensions import register_extensions
from newsgraph.nlp.speakers import (
    ORG_NOUNS,
    PERSON_NOUNS,
    SpeakerResolver,
    release_sentences,
    sentence_of,
)

register_extensions()

_MARK = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_WORD = re.compile(r"\w+")
_TRIM = " \t\n,;:—–―-"
_DASH_AFTER = re.compile(r"\s*([—–―]|--?)\s*")
#: Minimum learned precision for a (cue lemma, relation) pair to make an indirect attribution.
MIN_CUE_PRECISION = {"ccomp": 0.07, "xcomp": 0.1, "dobj": 0.25, "prep": 0.15, "acl": 0.3}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
#: Verbs whose one-word quoted object is an attribution, not a scare quote
#: (`called the behaviour "outrageous"`, `labeled it a "problem"`).
LABEL_VERBS = frozenset(
    ["call", "label", "dub", "brand", "term", "describe", "deem", "decry", "blast", "slam"]
)
_NP_LEFT = (
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


@dataclass
class Segment:
    """One span between quote marks inside one paragraph."""

    open: int  # offset of the opening mark
    start: int  # content start (after the mark)
    end: int  # content end (before the closing mark, or paragraph end)
    close: int  # offset after the closing mark (== end when unclosed)
    closed: bool
    para: int  # index of the body paragraph
    sentence_level: bool = False
    cue: Token | None = None
    cue_span: tuple[int, int] | None = None
    speaker: Span | None = None


@dataclass
class Attribution:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: Span | None
    verbatim: list[tuple[int, int]] = field(default_factory=list)
    priority: int = 0
    inherited: dict[str, Any] | None = None


def scan_marks(text: str, start: int, end: int, para: int) -> list[Segment]:
    """Quoted segments of ``text[start:end]`` (one paragraph). Never raises on odd marks."""
    segs: list[Segment] = []
    open_at: tuple[int, int] | None = None  # (mark offset, content start)
    marks = list(_MARK.finditer(text, start, end))
    skip: set[int] = set()
    for k, m in enumerate(marks):
        if k in skip:
            continue
        mark, pos = m.group(), m.start()
        if (
            mark in _OPENERS
            and open_at is not None
            and k + 2 < len(marks)
            and marks[k + 1].group() in _CLOSERS
            and marks[k + 2].group() in _CLOSERS
        ):
            # a quote inside a quote typed with the same double marks (`"... what he calls
            # "hell" than ..."`): the inner pair is text of the outer quote
            skip.add(k + 1)
            continue
        prev = text[pos - 1] if pos > start else " "
        nxt = text[m.end()] if m.end() < end else " "
        if mark in _OPENERS:
            # a typo'd curly mark closing a quote: `Mostly False.“`
            is_open = not (open_at is not None and not prev.isspace() and not nxt.isalnum())
        elif mark in _CLOSERS:
            # a closing mark typed at the start of a quote: `”What is most infuriating`
            is_open = open_at is None and prev.isspace() and nxt.isalnum()
        elif open_at is None:
            # a straight mark opens unless it clearly ends a word ('5" tall' is rare in news)
            is_open = not (prev.isalnum() and not nxt.isalnum()) or True
        else:
            is_open = False
        if is_open and open_at is None:
            open_at = (pos, m.end())
        elif is_open and open_at is not None:
            # a new opening while one is open: the first one never closed
            if mark in _OPENERS:
                segs.append(_seg(text, open_at, pos, pos, False, para))
                open_at = (pos, m.end())
        elif not is_open and open_at is not None:
            segs.append(_seg(text, open_at, pos, m.end(), True, para))
            open_at = None
    if open_at is not None:
        segs.append(_seg(text, open_at, end, end, False, para))
    return [s for s in segs if s.end > s.start]


def _seg(
    text: str, open_at: tuple[int, int], end: int, close: int, closed: bool, para: int
) -> Segment:
    s = open_at[1]
    while s < end and text[s].isspace():
        s += 1
    e = end
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return Segment(open_at[0], s, e, close, closed, para)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SMALL = frozenset(["of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "or"])


def _is_title(text: str) -> bool:
    """A title or name in quote marks (`CNN's "State of the Union"`), not a quotation."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not words or len(words) > 8:
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _SMALL for w in words)


#: Prepositions that mark a cue's second argument right after its object (`described X as
#: Y`, `compared X to Y`, `criticized X for Y`, `accused X of Y`, `warned X about Y`).
ARG_PREPS = frozenset(["as", "to", "for", "of", "about", "with", "against", "on"])
#: Relative pronouns of a comma-separated (non-restrictive) relative clause ending a content.
_NONRESTRICTIVE = frozenset(["which", "who", "whom", "whose"])
#: Conjunctions of a comma-separated contrast the writer adds after a content.
_CONTRAST = frozenset(["although", "though", "whereas", "while"])
#: Documents and surveys that are a source when named by `in` (`In the latest poll, ...`).
SOURCE_DOCUMENTS = _wordset(
    """poll survey study report statement interview letter memo op-ed editorial column essay
    book speech tweet filing complaint lawsuit"""
)
#: Verbs whose noun-phrase object is a topic, not reported content (`discussed the restoration`).
TOPIC_VERBS = frozenset(["discuss", "debate"])
#: Verbs of intention: their ``to`` complement is reported only for a source-like subject.
INTENTION_VERBS = frozenset(
    ["aim", "plan", "intend", "seek", "try", "attempt", "want", "wish", "hope", "strive"]
)


#: Statement nouns whose possessor speaks their that-clause (`Trump's claim that ...`).
NOUN_CUES = frozenset(
    [
        "claim",
        "statement",
        "assertion",
        "argument",
        "warning",
        "promise",
        "pledge",
        "suggestion",
        "insistence",
        "accusation",
        "allegation",
        "charge",
        "remark",
        "contention",
        "announcement",
        "prediction",
        "admission",
    ]
)


def _circumstance(prep: Token) -> bool:
    """A prepositional phrase of time (`on Friday`, `for two years`): not an argument."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _source_like(subj: Token) -> bool:
    """A subject that can be a source: a pronoun, a name, a person or organisation noun."""
    if subj.pos_ == "PRON" or subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG"):
        return True
    return subj.lemma_.lower() in PERSON_NOUNS or subj.lemma_.lower() in ORG_NOUNS


def _words(text: str) -> int:
    return len(_WORD.findall(text))


class QuoteExtractor:
    def __init__(self, min_precision: dict[str, float] | None = None) -> None:
        self.min_precision = min_precision or MIN_CUE_PRECISION
        self.lexicon = lexicon()
        self._text = ""
        self._marked: list[tuple[int, int]] = []  # (open, close) of the doc's quote marks

    # -- helpers over the parse ------------------------------------------------------------
    @staticmethod
    def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
        span = doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    @staticmethod
    def _np(tok: Token) -> Span:
        """The noun phrase of a subject: its left edge up to its head and head-internal right
        modifiers (compound names), without relative clauses or appositions."""
        doc = tok.doc
        left = tok.i
        for child in tok.lefts:  # not an opening "With 50 days until the election, ..."
            if child.dep_ in _NP_LEFT:
                left = min(left, child.left_edge.i)
        while left < tok.i and doc[left].is_punct:
            left += 1
        right = tok.i
        for child in tok.rights:
            if child.dep_ in ("compound", "flat", "nummod") and child.i == right + 1:
                right = child.i
        return doc[left : right + 1]

    def _speaker(self, cue: Token) -> Span | None:
        """The mention a cue's attribution hangs on."""
        v = cue
        if (
            cue.dep_ == "acl"
            and cue.tag_ == "VBG"
            and cue.head.pos_ in ("NOUN", "PROPN")
            and _source_like(cue.head)
            and not any(c.dep_ in _SUBJ for c in cue.children)
        ):
            # `footage of Hillary Clinton asking, "..."`: the noun the participle modifies
            return self._np(cue.head)
        has_subj = any(c.dep_ in _SUBJ for c in cue.children)
        if (
            cue.dep_ == "acl"
            and cue.head.dep_ == "ROOT"
            and cue.head.pos_ == "PROPN"
            and cue.tag_ in ("VBD", "VBN")
            and not has_subj
        ):
            # `Aaron Kall, the director of ..., compared Trump to ...` parsed with the name as
            # the root and the verb as its modifier: the name is the subject
            return self._np(cue.head)
        if cue.dep_ == "xcomp" and not has_subj:
            # object control: `led the journalist to fear ...`, `uses footage of Clinton
            # asking, "..."`: the object of the governing verb (or the person it shows) speaks
            obj = next((c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i), None)
            if obj is not None and not _source_like(obj):
                of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
                obj = pobj if pobj is not None and _source_like(pobj) else None
            if obj is not None and obj.lower_ not in ("it", "that", "this", "what", "which"):
                name = next(
                    (c for c in obj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None
                )
                if obj.pos_ == "NOUN" and name is not None:
                    # `the Latvian journalist Dainis Ivans`: the name in apposition
                    return self._np(name)
                return self._np(obj)
        if (
            cue.lemma_.lower() in LABEL_VERBS
            and cue.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "pobj")
            and self._is_cue(cue.head)
            and any(c.lower_ == "what" and c.i < cue.i for c in cue.children)
        ):
            # `Ban condemned what he called a "brazen breach"`: the attribution is the outer
            # cue's (news-attribution corpora annotate its subject as the source); not under a
            # verb that reports nothing (`in the hopes of shedding what Gilbert called ...`)
            return self._speaker(cue.head)
        if cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.head.dep_ == "relcl":
            # `..., saying "..."` hung on a relative clause: the participle belongs to the
            # main clause (`Trump was defensive ... an architect who said ..., saying`)
            v = sentence_of(cue).root
        if cue.pos_ == "ADJ" and cue.dep_ in ("acomp", "oprd"):
            v = cue.head  # `Democrats are afraid that ...`: the subject of the copula
        for _ in range(6):
            subjects = [c for c in v.children if c.dep_ in _SUBJ and not c.is_punct]
            # not a dash the parser took for a subject (`made public ― Trump boasted`)
            subj = subjects[0] if subjects else None
            before = [c for c in subjects if c.i < v.i]
            if len(before) > 1 and all(c.pos_ == "PROPN" for c in before):
                # one name phrase split into two subjects (`International Olympic Committee
                # (IOC) President Thomas Bach has rejected`): its head is the last name
                subj = before[-1]
            if subj is not None and subj.dep_ == "nsubjpass":
                agent = next((c for c in v.children if c.dep_ == "agent"), None)
                pobj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                )
                if pobj is not None:
                    subj = pobj
            if subj is None and v.dep_ == "relcl":
                subj = v.head
            if subj is not None:
                if subj.lower_ in ("who", "which", "that") and v.dep_ == "relcl":
                    subj = v.head
                if subj.lemma_.lower() in STATEMENT_NOUNS:
                    for c in subj.children:
                        if c.dep_ == "poss":
                            return self._np(c)
                        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                            if pobj is not None:
                                return self._np(pobj)
                if subj.pos_ == "NOUN":
                    # `the election, Minyon Moore, a senior adviser ..., called`: a misparsed
                    # subject with a name in apposition; the name speaks
                    name = next(
                        (c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                        None,
                    )
                    if name is not None:
                        return self._np(name)
                return self._outer(v, subj) or self._np(subj)
            if (
                v.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "parataxis", "prep")
                and v.head.i != v.i
            ):
                v = v.head
                if cue.dep_ == "conj":
                    # `said that "..." and claimed that ...`: the parser may hang the second cue
                    # inside the first one's content; take the subject of the cue above it
                    while not self._is_cue(v) and v.dep_ in _CLIMB and v.head.i != v.i:
                        v = v.head
            else:
                break
        # no subject up the chain: the subject of the sentence's main verb, if it precedes
        # the cue (`The chair ... called for a "special meeting" to vote ...`)
        root = sentence_of(cue).root
        subjects = [c for c in root.children if c.dep_ in _SUBJ and not c.is_punct and c.i < cue.i]
        if subjects and root.i != cue.i:
            return self._np(subjects[0])
        return self._names_before(cue)

    @staticmethod
    def _names_before(cue: Token) -> Span | None:
        """Parse-independent fallback when the parser gave the cue no subject: names right before
        it (`..., Obama and Clinton call them "lone wolves"`), not the object of a preposition."""
        doc = cue.doc
        i = cue.i - 1
        while i >= 0 and doc[i].dep_ in ("aux", "neg", "advmod") and doc[i].head.i == cue.i:
            i -= 1
        end = i + 1
        while i >= 0 and (
            doc[i].pos_ == "PROPN"
            or (doc[i].lower_ == "and" and i > 0 and doc[i - 1].pos_ == "PROPN")
        ):
            i -= 1
        start = i + 1
        if start >= end or doc[end - 1].pos_ != "PROPN":
            return None
        if i >= 0 and doc[i].pos_ in ("ADP", "DET"):
            return None
        return doc[start:end]

    def _outer(self, verb: Token, subj: Token) -> Span | None:
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
        return self._np(osubj)

    def _is_cue(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        return tok.pos_ == "VERB" and (lemma in SPEECH_VERBS or lemma in self.lexicon)

    def _cue_span(self, tok: Token) -> tuple[int, int]:
        doc = tok.doc
        start, end = tok.idx, tok.idx + len(tok.text)
        for c in tok.lefts:  # "has said", "also said", "reportedly said"
            if c.dep_ in ("aux", "auxpass", "neg") or (c.dep_ == "advmod" and c.i == tok.i - 1):
                start = min(start, c.idx)
        if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "prt":
            end = doc[tok.i + 1].idx + len(doc[tok.i + 1].text)
        return start, end

    # -- the component ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        self._text = text  # Doc.text joins every token on each access: read it once
        paras = sorted(doc._.ng_paragraphs or [], key=lambda p: p["start"])
        if not paras:
            paras = [{"start": 0, "end": len(text), "role": "body"}]
        body = [p for p in paras if p["role"] == "body"]
        segs_by_para: list[list[Segment]] = []
        for i, p in enumerate(body):
            segs_by_para.append(scan_marks(text, p["start"], p["end"], i))
        all_segs = [s for ss in segs_by_para for s in ss]
        self._marked = [(s.open, s.close) for s in all_segs]
        resolver = SpeakerResolver(doc, self._marked, text)

        direct = self._direct(doc, body, segs_by_para)
        reported = self._reported(doc, body, all_segs)
        chosen = self._merge(direct + reported)

        out: list[dict[str, Any]] = []
        last_speaker: dict[str, Any] | None = None
        for a in sorted(chosen, key=lambda a: a.start):
            speaker: dict[str, Any] | None
            if a.speaker is not None:
                speaker = resolver.resolve(a.speaker)
            elif a.inherited == {}:
                speaker = last_speaker
            else:
                speaker = None
            if speaker is not None:
                last_speaker = speaker
            out.append(
                {
                    "id": f"Q{len(out) + 1}",
                    "start": a.start,
                    "end": a.end,
                    "text": text[a.start : a.end],
                    "kind": a.kind,
                    "verbatim": [{"start": s, "end": e} for s, e in a.verbatim],
                    "cue": {"start": a.cue[0], "end": a.cue[1], "text": text[a.cue[0] : a.cue[1]]}
                    if a.cue
                    else None,
                    "speaker": dict(speaker) if speaker else None,
                }
            )
        doc._.ng_quotes = out
        release_sentences()
        return doc

    # -- direct quotes ---------------------------------------------------------------------
    def _direct(
        self, doc: Doc, body: list[dict[str, Any]], segs_by_para: list[list[Segment]]
    ) -> list[Attribution]:
        text = self._text
        out: list[Attribution] = []
        prev_direct: Attribution | None = None
        prev_para = -2
        for pi, segs in enumerate(segs_by_para):
            p = body[pi]
            for k, s in enumerate(segs):
                lo = segs[k - 1].close if k else p["start"]
                hi = segs[k + 1].open if k + 1 < len(segs) else p["end"]
                pre = text[lo : s.open].rstrip()
                inner = text[s.start : s.end]
                words = _words(inner)
                s.sentence_level = words >= 2 and (
                    not pre
                    or pre[-1] in ":.!?—–"
                    or (pre[-1] == "," and self._speech_near(doc, lo, s.open, last=True))
                    or (not s.closed and words >= 4)
                )
                if not s.sentence_level:
                    continue
                prev_end = body[pi - 1]["end"] if pi and not k else None
                self._find_cue(doc, s, lo, hi, pre, prev_end)
            # group sentence-level segments of the paragraph by shared cue
            groups: list[list[Segment]] = []
            for s in segs:
                if not s.sentence_level:
                    continue
                if (
                    groups
                    and (s.cue is None or groups[-1][-1].cue is None or groups[-1][-1].cue == s.cue)
                    and not (
                        s.cue is not None
                        and any(g.cue is not None and g.cue != s.cue for g in groups[-1])
                    )
                ):
                    groups[-1].append(s)
                else:
                    groups.append([s])
            for whole in groups:
                cue_seg = next((s for s in whole if s.cue_span is not None), None)
                # `"A," he said. "B."` is one quote (as PolNeAR annotates it) unless the
                # attribution between the parts is longer than the parts themselves
                parts: list[list[Segment]] = [[whole[0]]]
                for s in whole[1:]:
                    cur = parts[-1]
                    quoted = sum(x.end - x.start for x in cur) + s.end - s.start
                    if s.open - cur[-1].end <= quoted:
                        cur.append(s)
                    else:
                        parts.append([s])
                for g in parts:
                    a = Attribution(
                        start=g[0].start,
                        end=g[-1].end,
                        kind="direct",
                        cue=cue_seg.cue_span if cue_seg else None,
                        speaker=cue_seg.speaker if cue_seg else None,
                        verbatim=[(s.start, s.end) for s in g],
                        priority=2,
                    )
                    if cue_seg is None:
                        # continuation of the previous paragraph's statement, or an orphan
                        if prev_direct is not None and prev_para >= pi - 2:
                            a.inherited = {}
                        elif _words(text[a.start : a.end]) < 4:
                            continue
                    out.append(a)
                    prev_direct = a
                    prev_para = pi
        return out

    def _speech_near(self, doc: Doc, lo: int, hi: int, last: bool) -> bool:
        toks = [t for t in self._tokens(doc, lo, hi) if not t.is_punct]
        toks = toks[-4:] if last else toks[:6]
        return any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX") for t in toks)

    def _find_cue(
        self, doc: Doc, s: Segment, lo: int, hi: int, pre: str, prev_para_end: int | None
    ) -> None:
        text = self._text
        if pre.endswith(":"):
            # `In a statement, Peabody said: "..."`: a speech verb right before the colon wins
            # over anything after the quote
            sent0 = self._sentence_before(doc, lo, s.open)
            near = [t for t in sent0 if not t.is_punct][-3:]
            for t in reversed(near):
                if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
                    sp = self._speaker_in(t, sent0)
                    if sp is not None:
                        s.cue, s.cue_span, s.speaker = t, self._cue_span(t), sp
                        return
        # after the quote: `"...," she said.` / `"..." said Bach.` / `"..." — Bach`
        after = [t for t in self._tokens(doc, s.close, hi) if s.close <= t.idx < hi]
        window: list[Token] = []
        # a quote closing its sentence followed by a new sentence: only `"..." Trump said.`
        limit = 25
        if text[s.start : s.end].rstrip().endswith((".", "!", "?")) and after and after[0].is_title:
            limit = 4
        for t in after:
            if t.text in (".", "!", "?", ";") or len(window) >= limit:
                break
            window.append(t)
        for t in window:
            if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
                sp = self._speaker_in(t, window)
                if sp is not None:
                    s.cue, s.cue_span, s.speaker = t, self._cue_span(t), sp
                    return
        if window and (
            "," in text[s.end : s.close] or text[s.start : s.end].rstrip().endswith(("?", "!"))
        ):
            # `"Go back to Univision," Trump barked`: a quote closed by a comma (or ?/!) and
            # followed by a name or pronoun and a verb is attributed by that verb, whatever it is
            head = window[:4]
            for k, t in enumerate(head):
                if t.pos_ != "VERB" or t.tag_ not in ("VBD", "VBZ", "VBP"):
                    continue
                before = [x for x in head[:k] if x.pos_ in ("PROPN", "PRON", "NOUN")]
                after_v = [x for x in window[k + 1 : k + 4] if x.pos_ in ("PROPN", "PRON")]
                if before or (k == 0 and after_v):
                    sp = self._speaker_in(t, window)
                    if sp is not None:
                        s.cue, s.cue_span, s.speaker = t, self._cue_span(t), sp
                        return
                break
        dash = _DASH_AFTER.match(self._text, s.close, hi)
        if dash is not None:
            names = [t for t in after if t.idx >= dash.end() and t.pos_ in ("PROPN", "NOUN")]
            if names:
                s.cue_span = (dash.start(1), dash.end(1))
                s.cue = names[0]
                s.speaker = self._np_in(names[0], [t for t in after if t.idx >= dash.end()])
                return
        # before the quote: `he added: "..."` / `Bach said, "..."` / `Bach: "..."`
        sent = self._sentence_before(doc, lo, s.open)
        for t in reversed(sent):
            if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
                sp = self._speaker_in(t, sent)
                if sp is not None:
                    s.cue, s.cue_span, s.speaker = t, self._cue_span(t), sp
                    return
        if not pre and prev_para_end is not None and text[:prev_para_end].rstrip().endswith(":"):
            # `Sanders made the following comment:` closing the paragraph before the quote
            end = len(text[:prev_para_end].rstrip())
            last = doc.char_span(end - 1, end, alignment_mode="expand")
            if last is not None:
                sent = list(sentence_of(last[0]))
                pre = ":"
        if pre.endswith(":") and sent:
            colon = sent[-1]
            verbs = [t for t in sent if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
            subj = next((c for v in verbs for c in v.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                # `President Obama is rolling out a new message: "..."`
                s.cue, s.cue_span = verbs[0], self._cue_span(verbs[0])
                s.speaker = self._np(subj)
                return
            heads = [t for t in sent[:-1] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if heads and len(sent) <= 8:
                s.cue, s.cue_span = colon, (colon.idx, colon.idx + 1)
                s.speaker = self._np_in(heads[-1], sent[:-1])

    def _sentence_before(self, doc: Doc, lo: int, hi: int) -> list[Token]:
        """The tokens of ``[lo, hi)`` from the last sentence end on."""
        before = [t for t in self._tokens(doc, lo, hi) if t.idx + len(t.text) <= hi]
        sent: list[Token] = []
        for t in reversed(before):
            if t.text in (".", "!", "?") and sent:
                break
            sent.insert(0, t)
        return sent

    def _speaker_in(self, verb: Token, window: list[Token]) -> Span | None:
        """The cue's subject, but only if it stands outside the quotation (in ``window``);
        else the noun phrase next to the verb in the window (the parser often hangs the
        subject of `"...," X said` inside the quote)."""
        lo, hi = window[0].i, window[-1].i
        sp = self._speaker(verb)
        if sp is not None and (lo <= sp.root.i <= hi or verb.i not in range(lo, hi + 1)):
            return sp
        if (
            sp is not None
            and sp.root.i < lo
            and sentence_of(sp.root).start == sentence_of(verb).start
            and not any(a <= sp.start_char < b for a, b in self._marked)
        ):
            # the window starts after a quoted title or scare quote of the same sentence
            # (`Clinton ... during a "Commander-in-Chief Forum" sponsored by NBC News and said
            # ...: "..."`): a subject before it, outside any quote marks, still speaks
            return sp
        left = [t for t in window if t.i < verb.i and t.pos_ in ("PROPN", "NOUN", "PRON")]
        if left:
            return self._np_in(left[-1], [t for t in window if t.i < verb.i])
        right = [t for t in window if t.i > verb.i and t.pos_ in ("PROPN", "NOUN", "PRON")]
        if right:
            return self._np_in(right[0], [t for t in window if t.i > verb.i])
        return None

    def _np_in(self, tok: Token, window: list[Token]) -> Span:
        """The largest noun phrase around ``tok`` whose head stays inside ``window``."""
        ids = {t.i for t in window}
        root = tok
        while (
            root.head.i != root.i
            and root.head.i in ids
            and root.head.pos_ in ("PROPN", "NOUN")
            and root.dep_ in ("compound", "flat", "amod", "poss", "nmod")
        ):
            root = root.head
        np = self._np(root)
        start = max(np.start, min(ids))
        return tok.doc[start : max(np.end, start + 1)]

    # -- reported speech -------------------------------------------------------------------
    def _reported(
        self, doc: Doc, body: list[dict[str, Any]], segs: list[Segment]
    ) -> list[Attribution]:
        text = self._text
        out: list[Attribution] = []
        starts = [p["start"] for p in body]
        inside = [(s.start, s.end) for s in segs if s.sentence_level]
        if not body:
            return out
        lo, hi = body[0]["start"], body[-1]["end"]
        quoted = [False] * len(doc)  # tokens inside direct quotes: no cues there
        for q0, q1 in inside:
            span = doc.char_span(q0, q1, alignment_mode="expand")
            if span is not None:
                quoted[span.start : span.end] = [True] * len(span)
        nouns: list[Attribution] = []
        for tok in doc:
            if tok.idx < lo or tok.idx >= hi or quoted[tok.i]:
                continue
            lemma = tok.lemma_.lower()
            if lemma == "accord" and tok.lower_ == "according":
                a = self._according(doc, tok)
                if a is not None:
                    out.append(a)
                continue
            if (
                tok.lower_ == "in"
                and tok.dep_ == "prep"
                and tok.head.dep_ == "ROOT"
                and tok.head.lemma_.lower() not in SPEECH_VERBS
                and tok.head.lemma_.lower() not in self.lexicon
            ):
                a = self._in_source(tok)
                if a is not None:
                    out.append(a)
                continue
            if tok.pos_ == "NOUN" and (
                lemma in NOUN_CUES
                or (self.lexicon.get(lemma) or {}).get("acl", 0) >= self.min_precision["acl"]
            ):
                a = self._noun_cue(tok)
                if a is not None:
                    out.append(a)
                    nouns.append(a)
                continue
            rels = dict(self.lexicon.get(lemma) or {})
            if lemma in SPEECH_VERBS:
                rels["ccomp"] = max(rels.get("ccomp", 0.0), self.min_precision["ccomp"])
            if not rels or not (
                tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and self._adj_cue(tok))
            ):
                continue
            if tok.pos_ == "ADJ":
                # `Many Democrats are afraid that ...`, `skeptical of the deal`: a predicative
                # adjective's clause or prepositional object
                rels = {k: v for k, v in rels.items() if k in ("ccomp", "prep")}
            comp = None
            medial: int | None = None
            passive = False
            if tok.tag_ == "VBN" and rels.get("dobj", 0) >= self.min_precision["dobj"]:
                # `O'Malley's move was praised by the senator`: the subject of a passive cue
                # with an agent is its object, and the agent speaks
                subj = next(
                    (
                        c
                        for c in tok.children
                        if c.dep_ == "nsubjpass"
                        and c.pos_ in ("NOUN", "PROPN")
                        and self._proposition(tok, lemma, c)
                    ),
                    None,
                )
                if subj is not None and self._agent(tok) is not None:
                    comp, passive = subj, True
            children: Any = () if passive else tok.children
            for c in children:
                if (
                    c.dep_ in ("ccomp", "xcomp", "dobj")
                    and rels.get(c.dep_, 0) >= self.min_precision[c.dep_]
                    and self._proposition(tok, lemma, c)
                ):
                    comp = c
                    break
                if (
                    c.dep_ == "prep"
                    and c.i > tok.i
                    and rels.get("prep", 0) >= self.min_precision["prep"]
                ):
                    # `railed against the deal`: the content is the object of the preposition
                    comp = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                    if comp is not None:
                        break
            if comp is not None and comp.dep_ == "ccomp" and comp.i < tok.i:
                # a clause before the cue and another after it (`Writing for a panel that all
                # agreed Pence won, Barabak noted that ...`): the one after it is the content
                comp = next((c for c in tok.rights if c.dep_ == "ccomp"), comp)
            if comp is not None and comp.dep_ == "ccomp" and comp.i < tok.i:
                # `..., the source added.`: the whole sentence before the attribution, whatever
                # the parser made of it
                subj = next((c for c in tok.children if c.dep_ in _SUBJ and c.i > comp.i), None)
                first = subj.left_edge if subj is not None and subj.i < tok.i else tok
                s0 = sentence_of(tok)[0].idx
                medial = self._medial_end(first, tok)
                s1 = medial or first.idx
            elif comp is not None:
                s0, s1 = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
                s1 = self._cut_tail(comp, self._cut_conj(comp, s1))
                if comp.dep_ == "dobj":
                    # `urged Republicans to join ...`, `called climate change a hoax`,
                    # `demanding Obama make a pledge`: the object and its predicate
                    pred = self._small_clause(tok, comp)
                    if pred is not None:
                        s1 = max(s1, self._pred_end(pred))
                elif comp.dep_ in ("pobj", "pcomp") and comp.head.head.i == tok.i:
                    # `called for the secretary to release ...`: the object's predicate
                    pred = self._small_clause(tok, comp)
                    if pred is not None and pred.dep_ != "prep":
                        s1 = max(s1, self._pred_end(pred))
                    # `agreed with Matthews about the winner`: a second argument after it
                    nxt = next(
                        (
                            c
                            for c in tok.rights
                            if c.dep_ == "prep"
                            and c.lower_ in ARG_PREPS
                            and c.i == comp.right_edge.i + 1
                            and not _circumstance(c)
                        ),
                        None,
                    )
                    if nxt is not None:
                        s1 = max(s1, self._pred_end(nxt))
            elif (
                rels.get("ccomp", 0) >= self.min_precision["ccomp"]
                and tok.dep_ in ("parataxis",)
                and tok.head.i < tok.i
            ):
                head = tok.head
                s0 = head.left_edge.idx
                medial = self._medial_end(tok.left_edge, tok)
                s1 = medial or tok.left_edge.idx
            elif (
                rels.get("ccomp", 0) >= self.min_precision["ccomp"]
                and tok.dep_ in ("parataxis", "advcl")
                and tok.head.i > tok.i
                and self._medial_end(tok.left_edge, tok) is not None
                and any(c.dep_ in _SUBJ for c in tok.children)
            ):
                # `Acts of protest, Mr. Obama said, are acts of patriotism`
                medial = self._medial_end(tok.left_edge, tok)
                s0, s1 = sentence_of(tok).start_char, medial or 0
            else:
                continue
            # a clause within one paragraph, not containing the cue
            para = self._para_of(starts, body, tok.idx)
            if para is None:
                continue
            s0, s1 = max(s0, para["start"]), min(s1, para["end"])
            s0, s1 = self._trim(text, s0, s1)
            if s1 - s0 < 3 or (s0 <= tok.idx < s1 and medial is None):
                continue
            out.append(
                Attribution(
                    start=s0,
                    end=s1,
                    kind="indirect",
                    cue=self._cue_span(tok),
                    speaker=self._agent(tok) if passive else self._speaker(tok),
                    priority=1,
                )
            )
        # a statement noun's clause beats the verb whose object holds it
        # (`seized on Trump's claim that ...`)
        out = [
            a
            for a in out
            if not any(
                n is not a and n.cue is not None and a.start <= n.cue[0] < a.end for n in nouns
            )
        ]
        # quoted fragments no cue complement holds: `invited Bach to "see with his own eyes"`
        for s in segs:
            if s.sentence_level or _words(text[s.start : s.end]) < 1:
                continue
            if _is_title(text[s.start : s.end]) and _words(text[s.start : s.end]) > 2:
                continue
            if any(a.start <= s.open < a.end for a in out):
                continue
            a = self._fragment(doc, s)
            if a is not None:
                out.append(a)
        # mark mixed: the quoted fragments inside a reported clause
        for a in out:
            verbatim = []
            for s in segs:
                if a.start <= s.open < a.end:
                    if s.close > a.end and s.end <= a.end + 2:
                        a.end = s.close  # keep the closing mark the parse left out
                    if s.close <= a.end and (
                        s.sentence_level or not _is_title(text[s.start : s.end])
                    ):
                        verbatim.append((s.start, s.end))
            a.verbatim = verbatim
            if a.verbatim:
                a.kind = "mixed"
        return out

    def _fragment(self, doc: Doc, seg: Segment) -> Attribution | None:
        """A reported clause around a quoted fragment, governed by a cue verb."""
        toks = [t for t in self._tokens(doc, seg.start, seg.end) if not t.is_punct]
        if not toks:
            return None
        tok = toks[0]
        fallback: tuple[Token, Token] | None = None
        found: tuple[Token, Token] | None = None
        for _ in range(6):
            head = tok.head
            if head.i == tok.i or sentence_of(head).start != sentence_of(tok).start:
                break
            if self._is_cue(head) and not seg.start <= head.idx < seg.end:
                # (a cue inside the quoted words is the quoted speaker's: `"he said this"`)
                if _words(self._text[seg.start : seg.end]) >= 2 or (
                    head.lemma_.lower() in LABEL_VERBS and tok.dep_ != "nsubjpass"
                ):
                    found = (head, tok)
                break
            if (
                fallback is None
                and head.pos_ == "VERB"
                and any(c.dep_ in _SUBJ for c in head.children)
            ):
                fallback = (head, tok)
            tok = head
        if found is None:
            # a long verbatim fragment under any verb with a subject:
            # `Zelenskyy invited Bach to Bakhmut to "see with his own eyes ..."`
            if fallback is None or _words(self._text[seg.start : seg.end]) < 4:
                return None
            found = fallback
        verb, tok = found
        kids = [
            c
            for c in verb.rights
            if c.dep_ not in ("punct", "cc", "conj", "advmod", "npadvmod") and c.i <= tok.i
        ]
        if not kids:
            return None
        s0 = kids[0].left_edge.idx
        last = max(kids[-1].right_edge, tok.right_edge, key=lambda t: t.i)
        s1 = self._cut_conj(kids[-1], last.idx + len(last.text))
        if _words(self._text[seg.close : s1]) > 4:
            s1 = seg.close  # not into a following clause (`... after the IOC confirmed`)
        s0, s1 = self._trim(self._text, s0, s1)
        if not s0 <= seg.start < s1:
            return None
        return Attribution(
            start=s0,
            end=s1,
            kind="mixed",
            cue=self._cue_span(verb),
            speaker=self._speaker(verb),
            priority=1,
        )

    def _agent(self, verb: Token) -> Span | None:
        """The agent of a passive verb (`was praised by the senator`), if any."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        return self._np(pobj) if pobj is not None else None

    @staticmethod
    def _adj_cue(tok: Token) -> bool:
        """A predicative adjective of attitude with a clause or a prepositional object (`they
        are afraid that ...`, `she is skeptical of the deal`): the subject of its copula
        holds the content."""
        if tok.dep_ not in ("acomp", "oprd") or tok.head.i == tok.i:
            return False
        return any(c.dep_ in ("ccomp", "prep") and c.i > tok.i for c in tok.children) and any(
            c.dep_ in _SUBJ for c in tok.head.children
        )

    @staticmethod
    def _proposition(cue: Token, lemma: str, comp: Token) -> bool:
        """Whether a complement can carry reported content: not a relative pronoun (`what he
        called ...` is the fragment's business), not the topic of a discussion verb
        (`discussed the restoration of ...`), not an intention of a subject that is no source
        (`Russian troops aim to seize ...`)."""
        if comp.dep_ in ("dobj", "nsubjpass"):  # the object, or the subject of a passive
            if comp.lower_ in ("what", "which", "that", "who", "whom"):
                return False
            if lemma in TOPIC_VERBS:
                return False
        if comp.dep_ == "xcomp" and lemma in INTENTION_VERBS:
            subj = next((c for c in cue.children if c.dep_ in _SUBJ), None)
            if subj is None and cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):
                subj = cue.head
            return subj is not None and _source_like(subj)
        return True

    @staticmethod
    def _small_clause(cue: Token, obj: Token) -> Token | None:
        """The predicate of a cue's object (`urged Republicans [to join]`, `called X [a
        hoax]`, `demanding Obama [make a pledge]`), not a clause of its own (`told him [that
        ...]`)."""
        for c in cue.rights:
            if c.i <= obj.i:
                continue
            if c.dep_ in ("xcomp", "oprd", "attr", "acomp"):
                return c
            if (
                c.dep_ == "prep"
                and c.lower_ in ARG_PREPS
                and c.i == obj.right_edge.i + 1
                and not _circumstance(c)
            ):
                # `painted Romney as an out-of-touch rich guy`, `compared Trump to a coach`,
                # `criticized the officer for shooting ...`: the verb's second argument
                return c
            if c.dep_ == "ccomp" and not any(g.dep_ in (*_SUBJ, "mark") for g in c.children):
                return c
        return None

    @staticmethod
    def _pred_end(pred: Token) -> int:
        """The end of an object's predicate; a predicative `as` ends at a closing quote mark
        (`blasted Clinton as a "disgrace" Wednesday on ...`: the label, not the occasion)."""
        last = pred.right_edge
        if pred.dep_ == "prep":
            for t in pred.subtree:
                if t.tag_ == "''" and t.i > pred.i:
                    last = t
                    break
        return last.idx + len(last.text)

    def _medial_end(self, first: Token, cue: Token) -> int | None:
        """The sentence end when the attribution ``first .. cue`` is a parenthetical set off by
        commas in mid-sentence (`Acts of protest, Mr. Obama said, are acts of patriotism`): the
        content is then the whole sentence around it, as PolNeAR annotates it."""
        doc = cue.doc
        subj = next((c for c in cue.children if c.dep_ in _SUBJ and c.i < cue.i), None)
        if subj is not None:
            first = subj.left_edge
        if first.i == 0 or doc[first.i - 1].text != ",":
            return None
        nxt = cue.i + 1
        if nxt < len(doc) and doc[nxt].dep_ == "prt":
            nxt += 1
        sent = sentence_of(cue)
        if nxt + 1 >= sent.end or doc[nxt].text != ",":
            return None
        if _words(self._text[doc[nxt].idx : sent.end_char]) < 3:
            return None
        return sent.end_char

    @staticmethod
    def _cut_tail(comp: Token, s1: int) -> int:
        """End a content before a comma-separated tail the writer adds: a participle (`...,
        arguing that`), a non-restrictive relative clause (`..., which forced her to ...`,
        `..., who may have to decide ...`), a contrast (`..., whereas Petraeus knew ...`) or an
        apposition closing the content (`not to use BernieBNB, a house-sharing app ...`)."""
        doc = comp.doc
        for t in comp.subtree:
            if t.i <= comp.i or t.left_edge.i == 0:
                continue
            comma = doc[t.left_edge.i - 1]
            if comma.text != "," or comma.idx >= s1:
                continue
            last = t.right_edge
            if (
                (t.dep_ in ("advcl", "acl") and t.tag_ == "VBG")
                or (t.dep_ == "relcl" and t.left_edge.lower_ in _NONRESTRICTIVE)
                or (t.dep_ == "appos" and last.idx + len(last.text) >= s1 - 1)
                or (
                    t.dep_ == "advcl"
                    and any(g.dep_ == "mark" and g.lower_ in _CONTRAST for g in t.children)
                )
            ):
                s1 = min(s1, comma.idx)
        return s1

    def _cut_conj(self, comp: Token, s1: int) -> int:
        """End a content before a coordinated reporting verb the parser hung inside it
        (`said it was "opposed" to the test and warned North Korea to ...`)."""
        for c in comp.children:
            if (
                c.dep_ == "conj"
                and c.pos_ == "VERB"
                and c.lemma_.lower() in SPEECH_VERBS
                and not any(g.dep_ in _SUBJ for g in c.children)
            ):
                cc = [g for g in comp.children if g.dep_ == "cc" and g.i < c.i]
                cut = cc[-1].idx if cc else c.left_edge.idx
                s1 = min(s1, cut)
        return s1

    @staticmethod
    def _para_of(starts: list[int], body: list[dict[str, Any]], pos: int) -> dict[str, Any] | None:
        import bisect

        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and body[i]["start"] <= pos < body[i]["end"]:
            return body[i]
        return None

    @staticmethod
    def _trim(text: str, s0: int, s1: int) -> tuple[int, int]:
        while s0 < s1 and text[s0] in _TRIM:
            s0 += 1
        while s1 > s0 and text[s1 - 1] in _TRIM + ".":
            s1 -= 1
        return s0, s1

    def _noun_cue(self, tok: Token) -> Attribution | None:
        """`Trump's claim that there have been "thousands of shootings"`, `his pledge to ...`,
        `concerns among Democrats that ...`: a statement noun with a that-clause or a
        to-infinitive. The possessor speaks, else a source in a `from/by/of/among` phrase of the
        noun, else nobody (the attribution is kept without a speaker)."""
        clause = noun_clause(tok)
        if clause is None:
            return None
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        speaker = self._np(poss) if poss is not None else None
        if speaker is None:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "by", "of", "among"):
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None and _source_like(pobj):
                        speaker = self._np(pobj)
        s0 = clause.left_edge.idx
        s1 = self._cut_tail(clause, clause.right_edge.idx + len(clause.right_edge.text))
        s0, s1 = self._trim(self._text, s0, s1)
        if _words(self._text[s0:s1]) < 3:
            return None
        return Attribution(
            start=s0,
            end=s1,
            kind="indirect",
            cue=(tok.idx, tok.idx + len(tok.text)),
            speaker=speaker,
            priority=1,
        )

    def _according(self, doc: Doc, tok: Token) -> Attribution | None:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        sent = sentence_of(tok)
        phrase_start = tok.idx
        phrase_end = max(pobj.right_edge.idx + len(pobj.right_edge.text), to.idx + 2)
        left = (sent.start_char, phrase_start)
        right = (phrase_end, sent.end_char)
        s0, s1 = self._larger_side(left, right)
        if s1 - s0 < 10:
            return None
        return Attribution(
            start=s0,
            end=s1,
            kind="indirect",
            cue=(tok.idx, to.idx + len(to.text)),
            speaker=self._np(pobj),
            priority=1,
        )

    def _larger_side(self, left: tuple[int, int], right: tuple[int, int]) -> tuple[int, int]:
        """The longer of the two trimmed sentence parts around a source phrase: the content."""
        text = self._text
        return max((self._trim(text, *left), self._trim(text, *right)), key=lambda x: x[1] - x[0])

    def _in_source(self, tok: Token) -> Attribution | None:
        """`In the latest poll, Clinton led Trump by 5 points`, `In a statement, ...` with no
        speech verb: a document or survey named by `in` on the main verb is the source of the
        rest of the sentence (like `according to`)."""
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in SOURCE_DOCUMENTS:
            return None
        sent = sentence_of(tok)
        if any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in sent):
            return None  # `In an interview, X said ...`: the speech verb attributes
        left = (sent.start_char, tok.idx)
        right = (pobj.right_edge.idx + len(pobj.right_edge.text), sent.end_char)
        text = self._text
        s0, s1 = self._larger_side(left, right)
        if _words(text[s0:s1]) < 4:
            return None
        return Attribution(
            start=s0,
            end=s1,
            kind="indirect",
            cue=(tok.idx, tok.idx + len(tok.text)),
            speaker=self._np(pobj),
            priority=1,
        )

    # -- overlaps --------------------------------------------------------------------------
    def _merge(self, cands: list[Attribution]) -> list[Attribution]:
        chosen: list[Attribution] = []
        # direct first; a reported clause that fully contains direct quotes absorbs them as mixed
        direct = [a for a in cands if a.priority == 2]
        reported = sorted(
            (a for a in cands if a.priority < 2), key=lambda a: (a.start, -(a.end - a.start))
        )
        taken_direct: set[int] = set()
        for r in reported:
            inside = [i for i, d in enumerate(direct) if r.start <= d.start and d.end <= r.end + 1]
            own = [
                sp.start_char
                for i in inside
                if direct[i].cue is not None
                and direct[i].cue != r.cue
                and (sp := direct[i].speaker) is not None
                and r.start <= sp.start_char < r.end
            ]
            if own:
                # `She said fathers would not be eligible, and when pressed ..., the mother of
                # three replied, "..."`: a quote with its own attribution inside the clause ends
                # the clause at the coordination before that attribution
                head = self._text[r.start : own[0]]
                cut = max(head.rfind(", and "), head.rfind(", but "), head.rfind("; "))
                if cut > 0:
                    r.end = r.start + cut
                    r.verbatim = [v for v in r.verbatim if v[1] <= r.end]
                    r.kind = "mixed" if r.verbatim else "indirect"
                    inside = [
                        i for i, d in enumerate(direct) if r.start <= d.start and d.end <= r.end + 1
                    ]
            partial = [
                i
                for i, d in enumerate(direct)
                if i not in inside and d.start < r.end and r.start < d.end
            ]
            if partial:
                continue
            if inside and any(i in taken_direct for i in inside):
                continue
            if any(c.start < r.end and r.start < c.end for c in chosen):
                continue
            if inside:
                # `He said that "..."`: content is the clause; the direct span starts at the clause
                d0 = direct[inside[0]]
                if d0.start - r.start <= 6 and len(inside) == 1:
                    continue  # the clause is just the quote: keep the direct one
                r.kind = "mixed"
                r.verbatim = sorted({*r.verbatim, *(v for i in inside for v in direct[i].verbatim)})
                taken_direct.update(inside)
            chosen.append(r)
        for i, d in enumerate(direct):
            if i in taken_direct:
                continue
            if any(c.start < d.end and d.start < c.end for c in chosen):
                continue
            chosen.append(d)
        return chosen


@Language.factory("newsgraph_quotes")
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
