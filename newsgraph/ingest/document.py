"""The pre-spaCy form of an article."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.model import Paragraph


class InputError(Exception):
    """An input that cannot be read as an article. ``str(err)`` is the one-line reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(reason)
        self.source = source
        self.reason = reason

    def line(self) -> str:
        return f"newsgraph: {self.source}: {self.reason}"


@dataclass
class Document:
    """An article ready for the pipeline: its text, its paragraphs with roles, and metadata."""

    text: str
    paragraphs: list[Paragraph]
    source: str = "-"
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    language: str | None = None  # ISO 639-1; None: detected (newsgraph.ingest.language)
