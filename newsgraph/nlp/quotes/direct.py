"""Step 2, direct quotes: quote-mark spans that stand as sentences, with their cue and speaker.

A marked span stands as a sentence at a paragraph start, after ``:``, after a sentence end or
after ``X said,``. Its cue is found by an ordered list of cue finders (:data:`CUE_FINDERS`): a
speech verb just after (``"...," she said``) or just before (``he added: "..."``), a colon or dash
attribution (``Bach: "..."``, ``"..." — Bach``). Marked parts of one paragraph sharing a cue form
one quote (``"A," he said. "B."``, as PolNeAR annotates it). A quote with no cue of its own
continues the statement of the previous body paragraph and takes its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Span, Token

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.context import QuoteContext
from newsgraph.nlp.quotes.lexicon import ORG_NOUNS, SPEECH_VERBS, VERDICT_NOUNS, people_noun
from newsgraph.nlp.quotes.marks import Segment, is_title
from newsgraph.nlp.quotes.speaker import speaker_in_window
from newsgraph.nlp.quotes.syntax import SUBJ, count_words, cue_span, noun_phrase, noun_phrase_in

_DASH_AFTER = re.compile(r"\s*([—–―]|--?)\s*")


def direct_quotes(ctx: QuoteContext, segs_by_para: list[list[Segment]]) -> list[Attribution]:
    """The direct-quote candidates of the document, in text order."""
    out: list[Attribution] = []
    previous: tuple[Attribution, int] | None = None  # the last direct quote and its paragraph
    for pi, segs in enumerate(segs_by_para):
        _find_cues(ctx, pi, segs)
        for group in _group_by_cue(segs):
            cue_seg = next((s for s in group if s.cue_span is not None), None)
            a = _attribution(group, cue_seg)
            if cue_seg is None:
                # continuation of the previous paragraph's statement, or an orphan
                if previous is not None and previous[1] >= pi - 2:
                    a.continues = True
                elif count_words(ctx.text[a.start : a.end]) < 4:
                    continue
                else:
                    a.floats = True  # may follow a reported statement: step 7 decides
            out.append(a)
            previous = (a, pi)
    return out


def _find_cues(ctx: QuoteContext, pi: int, segs: list[Segment]) -> None:
    """Mark which segments of body paragraph ``pi`` stand as sentences, and find their cues."""
    p = ctx.body[pi]
    text = ctx.text
    for k, s in enumerate(segs):
        lo = segs[k - 1].close if k else p["start"]
        hi = segs[k + 1].open if k + 1 < len(segs) else p["end"]
        pre = text[lo : s.open].rstrip()
        words = count_words(text[s.start : s.end])
        s.sentence_level = words >= 2 and (
            not pre
            or pre[-1] in ":.!?—–"
            or (pre[-1] == "," and _speech_near(ctx, lo, s.open))
            or (not s.closed and words >= 4)
            or (k > 0 and _goes_on_after_cue(ctx, segs[k - 1], s))
        )
        if not s.sentence_level:
            continue
        prev_end = ctx.body[pi - 1]["end"] if pi and not k else None
        found = find_cue(CueSite(ctx, s, lo, hi, pre, prev_end))
        if found is not None:
            s.cue, s.cue_span, s.speaker = found
        elif is_title(text[s.start : s.end]) or _pull_quote(ctx, s, lo, hi):
            s.sentence_level = False  # a title or a subheading, not a quotation


def _pull_quote(ctx: QuoteContext, s: Segment, lo: int, hi: int) -> bool:
    """A paragraph that is nothing but a quote the article quotes again elsewhere (a
    subheading or pull quote: `'I'm not an alien, but I am a mutant'` above the paragraph that
    quotes it with its attribution)."""
    text = ctx.text
    if text[lo : s.open].strip() or text[s.close : hi].strip(" \t.,;:!?'\"’”"):
        return False
    words = text[s.start : s.end].strip(" .,;:!?").split()
    if len(words) < 2:
        return False
    body = " ".join(words)
    at = text.find(body)
    while at >= 0:
        if not s.open <= at < s.close and any(a <= at < b for a, b in ctx.marked):
            return True
        at = text.find(body, at + 1)
    return False


def _goes_on_after_cue(ctx: QuoteContext, prev: Segment, s: Segment) -> bool:
    """The quote goes on in the sentence of the previous part's cue, after words of the
    writer's that say nothing of their own (`"Every time you say that," Tester said, referring
    to the 1 percent excuse, "you give ammunition ..."`; `"I love Larry," he said, but "when it
    comes to energy, ..."`): one more part of the same quote."""
    if prev.cue_span is None or not prev.close <= prev.cue_span[0] < s.open:
        return False
    gap = ctx.text[prev.cue_span[1] : s.open]
    if re.search(r"[.!?:;]", gap) or not gap.rstrip().endswith((",", " but", " and")):
        return False
    return not any(
        t.lemma_.lower() in SPEECH_VERBS
        for t in ctx.tokens(prev.cue_span[1], s.open)
        if t.pos_ == "VERB"
    )


def _speech_near(ctx: QuoteContext, lo: int, hi: int) -> bool:
    """A speech verb among the last words before a comma (`Bach said, "..."`)."""
    toks = [t for t in ctx.tokens(lo, hi) if not t.is_punct][-4:]
    return any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX") for t in toks)


def _group_by_cue(segs: list[Segment]) -> list[list[Segment]]:
    """Sentence-level segments of one paragraph grouped by shared cue (`"A," he said. "B."`)."""
    groups: list[list[Segment]] = []
    for s in segs:
        if not s.sentence_level:
            continue
        if (
            groups
            and (s.cue is None or groups[-1][-1].cue is None or groups[-1][-1].cue == s.cue)
            and not (
                s.cue is not None and any(g.cue is not None and g.cue != s.cue for g in groups[-1])
            )
        ):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def _attribution(part: list[Segment], cue_seg: Segment | None) -> Attribution:
    """One direct quote: each segment is a part (`"A," she said. "B."` -> `A,` and `B.`)."""
    cue = cue_seg.cue if cue_seg else None
    return Attribution(
        start=part[0].start,
        end=part[-1].inner_end,
        kind="direct",
        cue=cue_seg.cue_span if cue_seg else None,
        speaker=cue_seg.speaker if cue_seg else None,
        verbatim=[(s.start, s.end) for s in part],
        direct=True,
        parts=[(s.start, s.inner_end) for s in part],
        construction="direct",
        content_type="quoted",
        cue_lemma=cue.lemma_.lower() if cue is not None and cue.pos_ in ("VERB", "AUX") else "",
    )


# ----------------------------------------------------------------------------- cue finders
Cue = tuple[Token, tuple[int, int], Span | None]  # the cue token, its characters, the speaker


@dataclass
class CueSite:
    """A sentence-level segment and the text around it in its paragraph."""

    ctx: QuoteContext
    seg: Segment
    lo: int  # end of the previous segment (or the paragraph start)
    hi: int  # start of the next segment (or the paragraph end)
    pre: str  # the text between ``lo`` and the opening mark, right-stripped
    prev_para_end: int | None  # end of the previous body paragraph, for a first segment

    @cached_property
    def after(self) -> list[Token]:
        """The tokens between the closing mark and the next segment."""
        s = self.seg
        return [t for t in self.ctx.tokens(s.close, self.hi) if s.close <= t.idx < self.hi]

    @cached_property
    def window(self) -> list[Token]:
        """The tokens after the quote up to the end of their sentence (25 at most); for a quote
        closing its sentence followed by a new sentence, only `"..." Trump said.` (4)."""
        text, s, after = self.ctx.text, self.seg, self.after
        limit = 25
        if text[s.start : s.end].rstrip().endswith((".", "!", "?")) and after and after[0].is_title:
            limit = 4
        window: list[Token] = []
        for t in after:
            if _ends_sentence(t) or len(window) >= limit:
                break
            window.append(t)
        return window

    @cached_property
    def sentence_before(self) -> list[Token]:
        """The tokens between ``lo`` and the opening mark, from the last sentence end on."""
        hi = self.seg.open
        before = [t for t in self.ctx.tokens(self.lo, hi) if t.idx + len(t.text) <= hi]
        sent: list[Token] = []
        for t in reversed(before):
            if t.text in (".", "!", "?") and sent:
                break
            sent.insert(0, t)
        return sent


def _ends_sentence(t: Token) -> bool:
    """A sentence-final mark; not the period of an abbreviation the tokenizer split off and the
    parser kept inside a name (`St. Charles Police Lt. Tom Wilkison said`)."""
    if t.text == ".":
        return t.dep_ == "punct"
    return t.text in ("!", "?", ";")


def find_cue(site: CueSite) -> Cue | None:
    """The cue of a sentence-level segment: the first finder of :data:`CUE_FINDERS` that finds
    one."""
    for finder in CUE_FINDERS:
        found = finder(site)
        if found is not None:
            return found
    return None


def _is_speech_verb(t: Token) -> bool:
    return t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")


def _speech_verb_in(site: CueSite, candidates: list[Token], window: list[Token]) -> Cue | None:
    """The first speech verb of ``candidates`` with a speaker in ``window``."""
    for t in candidates:
        if _is_speech_verb(t):
            sp = speaker_in_window(site.ctx, t, window)
            if sp is not None:
                return t, cue_span(t), sp
    return None


def speech_verb_before_colon(site: CueSite) -> Cue | None:
    """`In a statement, Peabody said: "..."`: a speech verb right before the colon wins over
    anything after the quote."""
    if not site.pre.endswith(":"):
        return None
    sent = site.sentence_before
    near = [t for t in sent if not t.is_punct][-3:]
    return _speech_verb_in(site, list(reversed(near)), sent)


def speech_verb_after(site: CueSite) -> Cue | None:
    """`"...," she said.` / `"..." said Bach.`; not in the next sentence when it opens with a
    subordinate clause (`"..." While some critics say ...`; `As she put it` attributes)."""
    window = site.window
    first = window[0] if window else None
    if first is not None and first.pos_ == "SCONJ" and first.is_title and first.lower_ != "as":
        return None
    return _speech_verb_in(site, window, window)


def any_verb_after_comma(site: CueSite) -> Cue | None:
    """`"Go back to Univision," Trump barked`: a quote closed by a comma (or ?/!) and followed by
    a name or pronoun and a verb is attributed by that verb, whatever it is."""
    text, s, window = site.ctx.text, site.seg, site.window
    if not window or not (
        "," in text[s.end : s.close] or text[s.start : s.end].rstrip().endswith(("?", "!"))
    ):
        return None
    head = window[:4]
    if head[0].pos_ in ("SCONJ", "ADP", "CCONJ"):
        return None  # `"Don't you do it," until gunshots are heard`: a clause, no attribution
    for k, t in enumerate(head):
        if t.pos_ != "VERB" or t.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or _name_like(t):
            continue
        before = [x for x in head[:k] if x.pos_ in ("PROPN", "PRON", "NOUN") or _name_like(x)]
        after_v = [x for x in window[k + 1 : k + 4] if x.pos_ in ("PROPN", "PRON")]
        if before or (k == 0 and after_v):
            sp = speaker_in_window(site.ctx, t, window)
            if sp is not None:
                return t, cue_span(t), sp
        return None
    return None


_NAME_VERBED = re.compile(
    r"\s*(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s+(?P<verb>[a-z]+(?:ed|s))\s*[.,;!?]"
)


def name_then_verb(site: CueSite) -> Cue | None:
    """`"Go register," Trump implored.`: after a quote closed by a comma (or ?/!), capitalised
    words and a verb ending the clause attribute it, whatever the tagger made of them (the
    small model tags `Trump` as a verb)."""
    text, s = site.ctx.text, site.seg
    if not ("," in text[s.end : s.close] or text[s.start : s.end].rstrip().endswith(("?", "!"))):
        return None
    found = _NAME_VERBED.match(text, s.close, site.hi)
    if found is None:
        return None
    name = site.ctx.doc.char_span(*found.span("name"), alignment_mode="expand")
    verb = site.ctx.doc.char_span(*found.span("verb"), alignment_mode="expand")
    if name is None or verb is None or len(verb) != 1:
        return None
    return verb[0], found.span("verb"), name


def _name_like(t: Token) -> bool:
    """A word NER calls a person whatever its tag (`Trump` tagged as a verb)."""
    return t.ent_type_ == "PERSON" and t.text[:1].isupper()


def dash_after(site: CueSite) -> Cue | None:
    """`"..." — Bach`: the dash is the cue, the name after it speaks."""
    dash = _DASH_AFTER.match(site.ctx.text, site.seg.close, site.hi)
    if dash is None:
        return None
    tail = [t for t in site.after if t.idx >= dash.end()]
    names = [t for t in tail if t.pos_ in ("PROPN", "NOUN")]
    if not names:
        return None
    first = names[0]
    if first.lemma_.lower() in VERDICT_NOUNS:
        # `— that was the verdict of fire chief Daniel Ruiz`: the one whose verdict it is
        of = next((t for t in tail if t.i > first.i and t.lower_ in ("of", "from")), None)
        later = [t for t in names if of is not None and t.i > of.i]
        if later:
            first = later[0]
    return first, (dash.start(1), dash.end(1)), noun_phrase_in(first, tail)


def according_to_after(site: CueSite) -> Cue | None:
    """`"...," according to Dr. Keith Ahamad, a family doctor`: `according to` right after the
    quote is its cue, and the noun phrase it takes speaks."""
    words = [t for t in site.window if not t.is_punct]
    if len(words) < 3 or (words[0].lower_, words[1].lower_) != ("according", "to"):
        return None
    names = [t for t in words[2:] if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not names:
        return None
    start, end = words[0].idx, words[1].idx + len(words[1].text)
    return words[0], (start, end), noun_phrase_in(names[0], words[2:])


def speech_verb_before(site: CueSite) -> Cue | None:
    """`he added: "..."` / `Bach said, "..."`: the last speech verb of the sentence before."""
    sent = site.sentence_before
    return _speech_verb_in(site, list(reversed(sent)), sent)


def colon_lead_in(site: CueSite) -> Cue | None:
    """`President Obama is rolling out a new message: "..."`: the main verb of a lead-in ending
    in a colon (also when the colon closes the previous paragraph: `Sanders made the following
    comment:`); `Bach: "..."`: a short lead-in's last noun."""
    sent, pre = _lead_in(site)
    if not pre.endswith(":") or not sent:
        return None
    colon = sent[-1]
    found = _last_clause(sent)
    if found is not None:
        verb, subj = found
        if _says_nothing(verb, subj):
            owner = next((c for c in subj.children if c.dep_ == "poss"), None)
            return (verb, cue_span(verb), noun_phrase(owner)) if owner is not None else None
        return verb, cue_span(verb), noun_phrase(subj)
    lead = sent[:-1]
    comma = next((k for k, t in enumerate(lead) if t.text == ","), None)
    if comma:
        lead = lead[:comma]  # `Seib, The Wall Street Journal: "..."`: the name, not its paper
    heads = [t for t in lead if t.pos_ in ("PROPN", "NOUN", "PRON") or _name_like(t)]
    if heads and len(sent) <= 8:
        # a name before a common noun: `Trump quickly deflected with a non sequitur: "..."`
        named = [t for t in heads if t.pos_ in ("PROPN", "PRON") or _name_like(t)]
        head = named[0] if named and heads[-1].pos_ == "NOUN" else heads[-1]
        return colon, (colon.idx, colon.idx + 1), noun_phrase_in(head, lead)
    return None


def _says_nothing(verb: Token, subj: Token) -> bool:
    """A lead-in that only says what something is, of a thing that cannot speak: `And here was
    the big reveal:`, `Her message now is simple:` (her message: the owner speaks); not
    `Martell, the addictions doctor, is more blunt:`, nor `The union's position is clear:`."""
    return (
        verb.lemma_ == "be"
        and subj.pos_ == "NOUN"
        and not people_noun(lemma := subj.lemma_.lower())
        and lemma not in ORG_NOUNS
    )


def _last_clause(sent: list[Token]) -> tuple[Token, Token] | None:
    """The verb nearest the colon that has its subject in the lead-in, with that subject:
    `Martell, the addictions doctor, is more blunt: "..."` (also when the parse makes the
    quote's verb the root), `Governance lassitude was on display when Musk took to Twitter
    with this: "..."` (Musk, not the lassitude)."""
    first, last = sent[0].i, sent[-1].i
    for verb in reversed(sent):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in verb.children if c.dep_ in SUBJ and first <= c.i <= last), None)
        if subj is not None:
            return verb, subj
    return None


def _lead_in(site: CueSite) -> tuple[list[Token], str]:
    """The sentence before the quote and the text before its mark; for the first quote of a
    paragraph after one that ends with a colon, that paragraph's last sentence and ``":"``."""
    text, prev_end = site.ctx.text, site.prev_para_end
    if site.pre or prev_end is None or not text[:prev_end].rstrip().endswith(":"):
        return site.sentence_before, site.pre
    end = len(text[:prev_end].rstrip())
    last = site.ctx.doc.char_span(end - 1, end, alignment_mode="expand")
    if last is None:
        return site.sentence_before, site.pre
    return list(site.ctx.sentence(last[0])), ":"


#: The cue finders of a direct quote, in the order they are tried.
CUE_FINDERS: tuple[Callable[[CueSite], Cue | None], ...] = (
    speech_verb_before_colon,
    speech_verb_after,
    any_verb_after_comma,
    name_then_verb,
    according_to_after,
    dash_after,
    speech_verb_before,
    colon_lead_in,
)
