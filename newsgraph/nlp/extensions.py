"""The ``Doc._.ng_*`` extension attributes shared by newsgraph's components, and their shapes.

Components write plain JSON-like data (lists of dicts in the ``newsgraph/2`` shape) so that
documents survive ``nlp.pipe(..., n_process=N)``, which pickles ``Doc.user_data``. The typed dicts
below say what each list holds; keys starting with ``_`` are private to the components (they are
dropped from the record).

- ``ng_paragraphs``: ``list[ParagraphData]``, set before the pipeline by ingest (or computed by
  ``newsgraph_paragraphs`` from the text).
- ``ng_published``: ``"YYYY-MM-DD"`` or ``None``, the publication date dates are resolved against.
- ``ng_language``: the article's language (ISO 639-1), set before the pipeline; a ``Doc`` in a
  language the pipeline does not read is empty.
- ``ng_entities``: ``list[EntityData]`` (``newsgraph_entities``).
- ``ng_dates``: ``list[DateData]`` (``newsgraph_dates``).
- ``ng_quotes``: ``list[QuoteData]`` (``newsgraph_quotes``).
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from spacy.tokens import Doc

NAMES = (
    "ng_paragraphs",
    "ng_published",
    "ng_language",
    "ng_entities",
    "ng_dates",
    "ng_quotes",
)


class SpanData(TypedDict):
    start: int
    end: int


class TextSpanData(SpanData):
    text: str


class ParagraphData(SpanData):
    role: str  # newsgraph.model.ParagraphRole


class MentionData(TextSpanData):
    role: str


class EntityData(TypedDict):
    id: str
    name: str
    type: str  # newsgraph.model.EntityType
    aliases: list[str]
    mentions: list[MentionData]
    _descriptors: NotRequired[list[str]]  # role phrases ("IOC President"), for speakers
    _gender: NotRequired[str | None]  # "m", "f" or None, for pronoun resolution


class DateData(TextSpanData):
    value: str | None
    role: str  # the paragraph's: "body" or "caption"


class SpeakerData(TextSpanData):
    entity: str | None
    name: str | None


class QuoteData(TextSpanData):
    id: str
    kind: str  # newsgraph.model.QuoteKind
    act: str  # newsgraph.model.QuoteAct
    parts: list[SpanData]
    verbatim: list[SpanData]
    cue: TextSpanData | None
    speaker: SpeakerData | None


def register_extensions() -> None:
    for name in NAMES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
