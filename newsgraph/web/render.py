"""Server-side rendering of a :class:`Record` into highlighted, escaped HTML.

The article view shows the text paragraph by paragraph with every quote highlighted (one colour per
speaker), its cue underlined, the speaker mention marked, and entity and date mentions tagged. All
of it is built from the record's offsets: the text is cut at every span boundary and each piece is
HTML-escaped on its own (``markupsafe.escape``), so nothing in the article can ever become markup.

Why not a library: highlighters such as ``displacy`` render one layer of non-overlapping spans,
while a record has nested and crossing layers (a quote holding entity mentions, a quote running over
two paragraphs, a mention straddling a quote's edge). The boundary sweep below turns any set of
spans into well-formed nested ``<span>`` elements, splitting an element where layers cross.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

from newsgraph.model import Paragraph, Quote, QuoteHit, Record

# Light backgrounds (readable with dark text) paired with a strong border colour for each speaker.
PALETTE_SIZE = 8
SHOWN_APART = ("caption", "credit", "byline", "boilerplate")  # shown apart, greyed
HIDDEN = ("duplicate",)  # repeated captions: counted, not shown twice

# Layers, outermost first: a quote encloses the marks inside it.
_QUOTE, _SPEAKER, _CUE, _ENTITY, _DATE = range(5)


@dataclass
class Mark:
    """One span to render: where, which layer, and the attributes of its ``<span>``."""

    start: int
    end: int
    layer: int
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str | None = None  # element id, put on the first piece only
    opened: bool = False

    def open_tag(self) -> Markup:
        attrs = {"class": self.classes, **self.attrs}
        if self.anchor and not self.opened:
            attrs = {"id": self.anchor, **attrs}
            if self.layer == _QUOTE:
                attrs["tabindex"] = "0"  # reachable by keyboard; focus shows the speaker
        self.opened = True
        parts = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
        return Markup(f"<span {parts}>")


@dataclass
class SpeakerKey:
    """A speaker of the article with its colour slot."""

    key: str
    name: str
    entity: str | None
    colour: int  # 0..PALETTE_SIZE-1, or -1 for "unknown speaker"
    quotes: int = 0


@dataclass
class RenderedParagraph:
    role: str
    start: int
    end: int
    html: Markup


@dataclass
class RenderedArticle:
    """What the article template needs: paragraphs split by role, the speaker legend, entities."""

    body: list[RenderedParagraph]
    apart: list[RenderedParagraph]
    hidden: int
    speakers: list[SpeakerKey]
    entity_counts: dict[str, int]


def speaker_key(quote: Quote) -> str | None:
    if quote.speaker is None:
        return None
    return quote.speaker.entity or quote.speaker.name or quote.speaker.text


def speaker_label(record: Record, quote: Quote) -> str:
    """Who said it, as a reader wants to see it: the entity's name, else the attribution text."""
    sp = quote.speaker
    if sp is None:
        return "unknown speaker"
    if sp.entity:
        ent = record.entity(sp.entity)
        if ent is not None:
            return ent.name
    return sp.name or sp.text


def speakers(record: Record) -> dict[str, SpeakerKey]:
    """One colour per speaker, in order of first quote; quotes without a speaker share grey."""
    out: dict[str, SpeakerKey] = {}
    for q in sorted(record.quotes, key=lambda q: q.start):
        key = speaker_key(q) or ""
        if key not in out:
            colour = -1 if not key else sum(1 for k in out if k) % PALETTE_SIZE
            entity = q.speaker.entity if q.speaker else None
            out[key] = SpeakerKey(key, speaker_label(record, q), entity, colour)
        out[key].quotes += 1
    return out


#: How the page names each act (``Quote.act``).
ACT_LABELS = {"speech": "said", "thought": "thinks or wants", "finding": "evidence shows"}


def _marks(record: Record, colours: dict[str, SpeakerKey]) -> list[Mark]:
    marks: list[Mark] = []
    for q in record.quotes:
        sk = colours[speaker_key(q) or ""]
        colour = f"c{sk.colour}" if sk.colour >= 0 else "cx"
        attrs = {
            "data-q": q.id,
            "data-speaker": sk.name,
            "data-kind": q.kind,
            "data-act": q.act,
            "title": f"{sk.name} ({q.kind} quote, {ACT_LABELS[q.act]})",
        }
        if q.cue:
            attrs["data-cue"] = q.cue.text
        css = f"q {colour} q-{q.kind} act-{q.act}"
        for k, part in enumerate(q.parts):  # the narration between parts is not the quote
            anchor = q.id if k == 0 else None
            marks.append(Mark(part.start, part.end, _QUOTE, css, attrs, anchor=anchor))
        if q.cue:
            cue_attrs = {"data-q": q.id}
            marks.append(Mark(q.cue.start, q.cue.end, _CUE, f"cue {colour}", cue_attrs))
        if q.speaker:
            sp_attrs = {"data-q": q.id, "title": f"speaker: {sk.name}"}
            marks.append(Mark(q.speaker.start, q.speaker.end, _SPEAKER, f"spk {colour}", sp_attrs))
    for e in record.entities:
        for m in e.mentions:
            attrs = {"data-ent": e.id, "title": f"{e.name} ({e.type})"}
            marks.append(Mark(m.start, m.end, _ENTITY, f"ent ent-{e.type}", attrs))
    for d in record.dates:
        attrs = {"title": f"date: {d.value}" if d.value else "date (unresolved)"}
        if d.value:
            attrs["data-date"] = d.value
        marks.append(Mark(d.start, d.end, _DATE, "date", attrs, anchor=f"d{d.start}"))
    return [m for m in marks if m.end > m.start]


def _text(piece: str) -> Markup:
    """Escape a piece of article text; line breaks inside a paragraph stay visible."""
    return Markup("<br>\n").join(escape(line) for line in piece.split("\n"))


def render_span(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    """``text[start:end]`` as HTML, with ``marks`` (clipped to the range) as nested spans.

    A boundary sweep: at every offset where some mark starts or ends, the open elements are closed
    down to what the next piece shares with them and the missing ones opened, so the output is
    always well formed even when marks cross.
    """
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end} | {p for m in inside for p in (m.start, m.end) if start < p < end})
    out: list[str] = []
    stack: list[Mark] = []
    for a, b in pairwise(cuts):
        active = sorted(
            (m for m in inside if m.start <= a and m.end >= b),
            key=lambda m: (m.layer, m.start, -m.end),
        )
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        out.extend(m.open_tag() for m in active[keep:])
        stack = active
        out.append(_text(text[a:b]))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


def _paragraphs(record: Record) -> list[Paragraph]:
    """The record's paragraphs, or the whole text as one body paragraph when it has none."""
    if record.paragraphs:
        return sorted(record.paragraphs, key=lambda p: p.start)
    text = record.article.text
    return [Paragraph(start=0, end=len(text), role="body")] if text.strip() else []


def render_record(record: Record) -> RenderedArticle:
    """The article as escaped, highlighted HTML paragraphs plus the legend data."""
    colours = speakers(record)
    marks = _marks(record, colours)
    text = record.article.text
    body: list[RenderedParagraph] = []
    apart: list[RenderedParagraph] = []
    hidden = 0
    for p in _paragraphs(record):
        if p.role in HIDDEN:
            hidden += 1
            continue
        html = render_span(text, p.start, p.end, marks)
        (apart if p.role in SHOWN_APART else body).append(
            RenderedParagraph(p.role, p.start, p.end, html)
        )
    counts = Counter({e.id: len(e.mentions) for e in record.entities})
    return RenderedArticle(
        body=body,
        apart=apart,
        hidden=hidden,
        speakers=list(colours.values()),
        entity_counts=dict(counts),
    )


def hit_text(hit: QuoteHit, limit: int = 320) -> Markup:
    """A search hit's text, escaped, with the words the search matched in ``<mark>`` (its
    ``highlights``), cut to about ``limit`` characters at a word boundary."""
    text = hit.text
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit - 1)
        text = text[: cut if cut > limit // 2 else limit - 1].rstrip()
        ellipsis = "…"
    else:
        ellipsis = ""
    out: list[str] = []
    pos = 0
    for span in sorted(hit.highlights, key=lambda s: s.start):
        if span.start < pos or span.end > len(text):
            continue
        out.append(str(escape(text[pos : span.start])))
        out.append(f"<mark>{escape(text[span.start : span.end])}</mark>")
        pos = span.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out) + ellipsis)
