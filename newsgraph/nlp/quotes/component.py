"""The ``newsgraph_quotes`` component: the steps run in order over one document."""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp.extensions import ParagraphData, QuoteData, SpeakerData, register_extensions
from newsgraph.nlp.quotes.act import act_of
from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.context import QuoteContext, Sentences
from newsgraph.nlp.quotes.direct import direct_quotes
from newsgraph.nlp.quotes.lexicon import CALENDAR_WORDS, MIN_CUE_PRECISION, cue_table
from newsgraph.nlp.quotes.marks import Segment, scan_marks, uses_curly_quotes
from newsgraph.nlp.quotes.merge import resolve_overlaps
from newsgraph.nlp.quotes.reported import reported_speech
from newsgraph.nlp.quotes.resolve import SpeakerResolver
from newsgraph.nlp.quotes.syntax import trim
from newsgraph.nlp.quotes.turns import interview_turns

register_extensions()


class QuoteExtractor:
    """Writes ``doc._.ng_quotes`` (see :mod:`newsgraph.nlp.quotes`). Holds only its settings."""

    def __init__(self, min_precision: dict[str, float] | None = None) -> None:
        self.min_precision = dict(min_precision or MIN_CUE_PRECISION)
        self.cues = cue_table()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_quotes = extract_quotes(doc, self.cues, self.min_precision)
        return doc


def quote_context(
    doc: Doc, cues: dict[str, dict[str, float]], min_precision: dict[str, float]
) -> tuple[QuoteContext, list[list[Segment]]]:
    """The document's context and its quote-mark segments per body paragraph (step 1)."""
    text = doc.text  # Doc.text joins every token on each access: read it once
    ctx = QuoteContext(
        doc=doc,
        text=text,
        body=_body_paragraphs(doc, len(text)),
        cues=cues,
        min_precision=min_precision,
        sentences=Sentences(doc),
    )
    curly = uses_curly_quotes(text)
    segs_by_para = [
        scan_marks(text, p["start"], p["end"], i, curly) for i, p in enumerate(ctx.body)
    ]
    ctx.marked = [(s.open, s.close) for ss in segs_by_para for s in ss]
    return ctx, segs_by_para


def extract_quotes(
    doc: Doc, cues: dict[str, dict[str, float]], min_precision: dict[str, float]
) -> list[QuoteData]:
    """The quotes of a parsed ``Doc`` whose paragraphs and entities are set."""
    ctx, segs_by_para = quote_context(doc, cues, min_precision)
    segs = [s for ss in segs_by_para for s in ss]
    direct = direct_quotes(ctx, segs_by_para)  # also marks which segments stand as sentences
    turns = interview_turns(ctx)
    direct = [d for d in direct if not any(t.overlaps(d) for t in turns)] + turns
    candidates = [
        a for a in direct + reported_speech(ctx, segs) if _attribution_outside_content(ctx.text, a)
    ]
    chosen = resolve_overlaps(ctx.text, candidates)
    resolver = SpeakerResolver(doc, ctx.marked, ctx.text, ctx.sentences)
    return _quote_records(ctx, chosen, resolver)


#: Paragraphs that hold quotes: the body and the headline (`Pence: "We will win Ohio"`, `Obama
#: says the economy is strong`; news-attribution corpora annotate headline attributions too).
QUOTE_ROLES = ("body", "title")


def _attribution_outside_content(text: str, a: Attribution) -> bool:
    """Whether a quote keeps its cue and speaker out of its content. One that runs into them
    (`“was a real eye-opener” Farinloye says`) ends before them; one whose content starts over
    them is a misreading (odd marks, a parse gone wrong) and is dropped."""
    spans = [a.cue] if a.cue else []
    if a.speaker is not None:
        spans.append((a.speaker.start_char, a.speaker.end_char))
    inside = [s0 for s0, e0 in spans for s, e in a.content_parts() if s0 < e and s < e0]
    if not inside:
        return True
    cut = trim(text, a.start, min(inside))[1]
    if cut - a.start < 3 or cut <= a.content_parts()[0][0]:
        return False
    a.set_end(cut)
    a.verbatim = [(s, min(e, cut)) for s, e in a.verbatim if s < cut]
    return True


#: How many paragraphs after an attributed statement a quote with no cue of its own still
#: takes its speaker (`"...," she said.` / `"..."` / `"..."`).
FLOATING_PARAGRAPHS = 2


def _paragraph_index(ctx: QuoteContext, pos: int) -> int:
    return max(0, bisect.bisect_right(ctx.para_starts, pos) - 1)


def _body_paragraphs(doc: Doc, length: int) -> list[ParagraphData]:
    """The paragraphs that hold quotes, in text order (the whole text when no paragraphs are
    set)."""
    paras = sorted(doc._.ng_paragraphs or [], key=lambda p: p["start"])
    if not paras:
        paras = [{"start": 0, "end": length, "role": "body"}]
    return [p for p in paras if p["role"] in QUOTE_ROLES]


_AGE = re.compile(r"\d+-year|year-old|years? old")


def _names_a_time(mention: Span) -> bool:
    """A speaker mention that is a date or a time is the parse's mistake, not a speaker
    (`Tuesday`, `Nine months`, `October` in `who lost 16 lbs. "and two belt loops" between May
    and October, says`); an age is a person (`the 46-year-old`)."""
    if mention.root.ent_type_ not in ("DATE", "TIME"):
        return False
    doc = mention.doc  # (not doc.text: a join of every token, per call)
    if _AGE.search(mention.text_with_ws + doc[mention.end : min(len(doc), mention.end + 2)].text):
        return False
    # a name in it is someone's (`Broaddrick Sunday night`, tagged TIME as a whole)
    return not any(t.pos_ == "PROPN" and t.lower_ not in CALENDAR_WORDS for t in mention)


def _quote_records(
    ctx: QuoteContext, chosen: list[Attribution], resolver: SpeakerResolver
) -> list[QuoteData]:
    """The kept quotes in text order, numbered, with their speakers resolved (in text order: a
    pronoun may resolve to a previous speaker); a quote that continues the previous statement
    takes its speaker."""
    text = ctx.text
    out: list[QuoteData] = []
    last_speaker: SpeakerData | None = None
    last_para = -10
    for a in sorted(chosen, key=lambda a: a.start):
        speaker: SpeakerData | None = None
        para = _paragraph_index(ctx, a.start)
        act = act_of(a)
        if a.speaker is not None and not _names_a_time(a.speaker):
            speaker = resolver.resolve(
                a.speaker, a.content_parts(), speech=act == "speech" and not a.speaker_entity
            )
            if speaker["entity"] is None and a.speaker_entity is not None:
                speaker["entity"], speaker["name"] = resolver.entity(a.speaker_entity)
        elif a.continues or (a.floats and para - last_para <= FLOATING_PARAGRAPHS):
            # `Smith said the plan failed. "It was a disaster."`: a floating quote
            speaker = last_speaker
        if speaker is not None:
            last_speaker, last_para = speaker, para
        parts = a.content_parts()
        out.append(
            {
                "id": f"Q{len(out) + 1}",
                "start": parts[0][0],
                "end": parts[-1][1],
                "text": " ".join(text[s:e] for s, e in parts),
                "kind": a.kind,
                "act": act,
                "parts": [{"start": s, "end": e} for s, e in parts],
                "verbatim": [{"start": s, "end": e} for s, e in a.verbatim],
                "cue": {"start": a.cue[0], "end": a.cue[1], "text": text[a.cue[0] : a.cue[1]]}
                if a.cue
                else None,
                "speaker": SpeakerData(**speaker) if speaker else None,
            }
        )
    return out


@Language.factory(
    "newsgraph_quotes",
    requires=[
        "doc._.ng_paragraphs",
        "doc._.ng_entities",
        "token.dep",
        "token.head",
        "token.tag",
        "token.pos",
        "token.lemma",
        "token.is_sent_start",
    ],
    assigns=["doc._.ng_quotes"],
    default_config={"min_precision": MIN_CUE_PRECISION},
)
def make_quote_extractor(
    nlp: Language, name: str, min_precision: dict[str, float]
) -> QuoteExtractor:
    return QuoteExtractor(min_precision)
