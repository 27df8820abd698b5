"""Small hand-built records for store tests (offsets computed from the text, never typed in)."""

from __future__ import annotations

from newsgraph.model import (
    Article,
    DateMention,
    Entity,
    Mention,
    Paragraph,
    Quote,
    Record,
    Span,
    Speaker,
    TextSpan,
)


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def make_record(
    text: str,
    entities: list[tuple[str, str, list[str]]],
    *,
    quotes: list[dict] | None = None,
    dates: list[tuple[str, str | None]] | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Record:
    """``entities``: (name, type, surface forms as they occur, in order; repeated = next hit).

    ``quotes``: dicts with ``text`` (the quote content), ``kind``, ``speaker`` (surface form) and
    ``entity`` (the speaker's entity index, 1-based) and optional ``cue``.
    """
    paragraphs = []
    pos = 0
    for block in text.split("\n\n"):
        paragraphs.append(Paragraph(start=pos, end=pos + len(block), role="body"))
        pos += len(block) + 2
    seen: dict[str, int] = {}
    ents = []
    for i, (name, type_, surfaces) in enumerate(entities, 1):
        mentions = []
        for surface in surfaces:
            nth = seen.get(surface, 0)
            seen[surface] = nth + 1
            s, e = _span(text, surface, nth)
            mentions.append(Mention(start=s, end=e, text=surface))
        ents.append(
            Entity(
                id=f"E{i}", name=name, type=type_, aliases=sorted(set(surfaces)), mentions=mentions
            )
        )
    qs = []
    for i, q in enumerate(quotes or [], 1):
        s, e = _span(text, q["text"])
        speaker = None
        if q.get("speaker"):
            ss, se = _span(text, q["speaker"])
            ent = q.get("entity")
            speaker = Speaker(
                start=ss,
                end=se,
                text=q["speaker"],
                entity=f"E{ent}" if ent else None,
                name=entities[ent - 1][0] if ent else None,
            )
        cue = None
        if q.get("cue"):
            cs, ce = _span(text, q["cue"])
            cue = TextSpan(start=cs, end=ce, text=q["cue"])
        qs.append(
            Quote(
                id=f"Q{i}",
                kind=q.get("kind", "direct"),
                text=q["text"],
                start=s,
                end=e,
                verbatim=[Span(start=s, end=e)] if q.get("kind", "direct") == "direct" else [],
                cue=cue,
                speaker=speaker,
            )
        )
    ds = []
    for surface, value in dates or []:
        s, e = _span(text, surface)
        ds.append(DateMention(start=s, end=e, text=surface, value=value))
    return Record(
        source="test",
        article=Article(text=text, published=published, title=title, authors=["A. Writer"]),
        paragraphs=paragraphs,
        entities=ents,
        quotes=qs,
        dates=ds,
        warnings=["a warning kept as is"],
    )
