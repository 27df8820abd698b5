"""Interview turns: transcripts and Q&A, where a label and a colon attribute a paragraph.

- ``NAME: text`` turns (`PENCE: Well, look, ...`, `Trump: The economy is a disaster.`): the
  paragraph after the label is what NAME said, when the label names a person of the article (a
  label that names nobody is page furniture: `WATCH:`, `UPDATE:`).
- ``Q:``/``A:`` interviews: an answer is the interviewee's (the person the article mentions
  most); a question is the writer's own and is not a quote.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.context import QuoteContext

_TURN = re.compile(r"[\"“']?(?P<label>[A-Z][A-Za-z'’.\- ]{0,40}?)\s*:\s+(?P<content>\S)")
_NOT_SPEAKERS = frozenset({"q", "watch", "update", "note", "editor's note", "related", "photos"})


def interview_turns(ctx: QuoteContext) -> list[Attribution]:
    """The turns of the document's interview paragraphs (none when it has no interview)."""
    turns = [t for p in ctx.body if (t := _turn(ctx, p["start"], p["end"])) is not None]
    has_qa = {ctx.text[a:b] for a, b, _ in turns} >= {"Q", "A"}
    out = []
    for label_start, colon, content_start in turns:
        label = ctx.text[label_start:colon].strip()
        if label == "A" and has_qa:
            entity = _interviewee(ctx)
        elif label.lower() in _NOT_SPEAKERS:
            continue
        else:
            entity = _person_named(ctx, label)
            if entity is None:
                continue
        para = ctx.paragraph_at(content_start)
        if para is None:
            continue
        end = len(ctx.text[: para["end"]].rstrip())
        speaker = ctx.doc.char_span(label_start, label_start + len(label), alignment_mode="expand")
        out.append(_attribution(content_start, end, (colon, colon + 1), speaker, entity))
    return out


def _turn(ctx: QuoteContext, start: int, end: int) -> tuple[int, int, int] | None:
    """``(label start, colon, content start)`` of a paragraph that opens with a label."""
    found = _TURN.match(ctx.text, start, end)
    if found is None or _quoted_after_colon(ctx, found.start("content")):
        return None
    if len(found.group("label").split()) > 3:
        return None
    colon = ctx.text.index(":", found.end("label"))
    return found.start("label"), colon, found.start("content")


def _quoted_after_colon(ctx: QuoteContext, pos: int) -> bool:
    """`Pence: "We will win Ohio"`: the colon introduces a quote, which step 2 attributes."""
    return any(a <= pos < b and a >= pos - 1 for a, b in ctx.marked)


def _person_named(ctx: QuoteContext, label: str) -> str | None:
    """The PERSON entity a label names, case-blind (`PENCE` -> Mike Pence; `WATCH` -> none)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z'’]+", label)]
    if not words:
        return None
    for e in ctx.doc._.ng_entities or []:
        if e["type"] != "PERSON":
            continue
        names = [e["name"], *e.get("aliases", [])]
        if any(n.lower().split()[-1:] == words[-1:] for n in names if n.split()):
            return str(e["id"])
    return None


def _interviewee(ctx: QuoteContext) -> str | None:
    """The PERSON entity the body mentions most (the subject of a Q&A interview)."""
    counts: Counter[str] = Counter()
    for e in ctx.doc._.ng_entities or []:
        if e["type"] == "PERSON":
            counts[e["id"]] = sum(1 for m in e["mentions"] if m.get("role") == "body")
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


def _attribution(
    start: int, end: int, cue: tuple[int, int], speaker: Span | None, entity: str | None
) -> Attribution:
    """One turn: its content is verbatim; the label before the colon speaks."""
    return Attribution(
        start=start,
        end=end,
        kind="direct",
        cue=cue,
        speaker=speaker,
        verbatim=[(start, end)],
        direct=True,
        construction="turn",
        content_type="quoted",
        speaker_entity=entity,
    )
