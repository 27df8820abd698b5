"""The one data model of newsgraph.

Every layer speaks these types: ``newsgraph.extract`` returns a :class:`Record`, the CLI prints
``Record.to_json()``, the store writes and reads them, the HTTP API returns them and the web page
renders them. The JSON form is versioned (``SCHEMA_VERSION``) and documented in ``docs/schema.md``;
``newsgraph/schema/newsgraph-2.schema.json`` is the JSON Schema every output is validated against.

All offsets (``start``/``end``) are Python ``str`` indices into ``Record.article.text``:
``article.text[m.start:m.end] == m.text`` for every mention, quote, cue, speaker and date.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "newsgraph/2"

ParagraphRole = Literal["body", "caption", "credit", "byline", "duplicate", "boilerplate", "title"]
EntityType = Literal[
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "LAW", "WORK_OF_ART"
]
QuoteKind = Literal["direct", "mixed", "indirect"]
QuoteAct = Literal["speech", "thought", "finding"]

ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]
PARAGRAPH_ROLES: tuple[str, ...] = ParagraphRole.__args__  # type: ignore[attr-defined]
QUOTE_KINDS: tuple[str, ...] = QuoteKind.__args__  # type: ignore[attr-defined]
QUOTE_ACTS: tuple[str, ...] = QuoteAct.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """A character span ``[start, end)`` of ``article.text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class TextSpan(Span):
    """A span together with the text it covers (``article.text[start:end]``)."""

    text: str


class Article(_Model):
    """The article as newsgraph read it. ``text`` is what every offset indexes."""

    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    authors: list[str] = Field(default_factory=list)
    language: str = "en"
    text: str


class Paragraph(Span):
    """A paragraph of ``article.text`` and what it is. Only ``body`` paragraphs feed extraction."""

    role: ParagraphRole


class Mention(TextSpan):
    """One occurrence of an entity. ``role`` is the role of the paragraph it stands in."""

    role: ParagraphRole = "body"


class Entity(_Model):
    """A person, organisation, place... with all its name variants merged.

    ``name`` is the canonical (longest, best-spelled) name, ``aliases`` every surface form seen.
    """

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Speaker(TextSpan):
    """The mention a quote's attribution hangs on, and the entity it resolves to (if known)."""

    entity: str | None = None
    name: str | None = None


class Quote(TextSpan):
    """A quotation or reported statement.

    ``parts`` are the content pieces, in order, without enclosing quote marks: one for a quote
    that runs on, several when its attribution interrupts it (`"A," she said. "B."` -> `A,` and
    `B.`); they never hold the cue, the speaker or the narration between them. ``start``/``end``
    is their hull and ``text`` their texts joined by a space. ``verbatim`` lists the spans inside
    quote marks (all of it for ``direct``, some for ``mixed``, none for ``indirect``). ``act`` is
    what was reported: ``speech`` (said, wrote, told), ``thought`` (believes, wants, fears) or a
    ``finding`` (what a poll, study, report or video shows).
    """

    id: str
    kind: QuoteKind
    act: QuoteAct = "speech"
    parts: list[Span] = Field(default_factory=list)
    verbatim: list[Span] = Field(default_factory=list)
    cue: TextSpan | None = None
    speaker: Speaker | None = None

    @model_validator(mode="after")
    def _one_part_at_least(self) -> Quote:
        """A ``newsgraph/1`` quote (no ``parts``) is one part: ``[start, end)``."""
        if not self.parts:
            self.parts = [Span(start=self.start, end=self.end)]
        return self


class DateMention(TextSpan):
    """A temporal expression, normalised against the publication date.

    ``value`` is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-Www`` (ISO week), at the precision
    the text gives (never an invented day), or ``None`` when it cannot be resolved. ``role`` is
    the role of the paragraph it stands in: ``body``, or ``caption`` for a date under a photo.
    """

    value: str | None = None
    role: ParagraphRole = "body"


class Record(_Model):
    """Everything newsgraph extracted from one article (the ``newsgraph/2`` JSON record)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(default=SCHEMA_VERSION, alias="schema")
    source: str | None = None
    article: Article
    paragraphs: list[Paragraph] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict, with ``schema`` first."""
        return self.model_dump(by_alias=True, mode="json")

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls.model_validate(data)

    # Convenience views -------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Record` (what ``newsgraph/schema/newsgraph-2.schema.json`` holds)."""
    schema = Record.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://newsgraph.invalid/schema/newsgraph-2.schema.json"
    schema["title"] = "newsgraph/2 record"
    schema["properties"]["schema"]["const"] = SCHEMA_VERSION
    return schema


# =========================================================================================
# Query results of the corpus store (``newsgraph.store``), shared by the CLI, HTTP API and web
# page. Article ids are the store's integer ids; corpus-level entity ids are stable strings
# (``"C12"``). Every hit carries the article id and character offsets into its text.
# =========================================================================================


class EntityRef(_Model):
    """A corpus-level entity, by id and canonical name."""

    id: str
    name: str
    type: EntityType


class ArticleSummary(_Model):
    """One stored article, without its text."""

    id: int
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    content_hash: str
    words: int = 0
    quotes: int = 0
    entities: int = 0


class QuoteHit(TextSpan):
    """A stored quote: ``text``/``start``/``end`` index the text of article ``article_id``."""

    id: int
    quote_id: str = Field(description="the quote's id inside its record (Q1...)")
    article_id: int
    title: str | None = None
    url: str | None = None
    published: str | None = None
    kind: QuoteKind
    act: QuoteAct = "speech"
    parts: list[Span] = Field(default_factory=list, description="content pieces, in order")
    verbatim: list[Span] = Field(
        default_factory=list, description="the spans inside quote marks, as in the record"
    )
    cue: TextSpan | None = None
    speaker: Speaker | None = Field(
        default=None, description="as in the record: offsets and the per-article entity id"
    )
    speaker_entity: EntityRef | None = None
    mentions: list[EntityRef] = Field(
        default_factory=list, description="corpus entities mentioned inside the quote"
    )
    score: float | None = Field(
        default=None, description="full-text searches: the hit's relevance (higher is better)"
    )
    highlights: list[Span] = Field(
        default_factory=list,
        description="full-text searches: the matched words, as offsets into ``text``",
    )


class EntitySummary(EntityRef):
    """A corpus-level entity with its counts."""

    aliases: list[str] = Field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    quotes: int = Field(default=0, description="quotes attributed to the entity")
    quoted_about: int = Field(default=0, description="quotes that mention the entity")


class TimelineItem(TextSpan):
    """A dated expression in a paragraph that mentions the entity (offsets into the article)."""

    date: str | None = Field(description="the normalised value (YYYY, YYYY-MM, YYYY-MM-DD...)")
    article_id: int
    title: str | None = None
    published: str | None = None
    context: str = Field(default="", description="the paragraph the date stands in")


class EntityProfile(EntitySummary):
    """Everything the corpus says about one entity."""

    article_list: list[ArticleSummary] = Field(default_factory=list)
    quotes_by: list[QuoteHit] = Field(default_factory=list)
    quotes_about: list[QuoteHit] = Field(default_factory=list)
    timeline: list[TimelineItem] = Field(default_factory=list)


class GraphEdge(_Model):
    """Speaker entity → entity mentioned in the speaker's quotes, weighted by quote count."""

    source: EntityRef
    target: EntityRef
    weight: int
    quote_ids: list[int] = Field(default_factory=list)
