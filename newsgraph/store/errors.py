"""What the store's queries raise when a name or an id does not say which entity or article."""

from __future__ import annotations

from newsgraph.model import EntitySummary


class NotFound(LookupError):
    """No article or entity with that id or name."""


class AmbiguousName(LookupError):
    """A name that fits several corpus entities; ``candidates`` lists them (most mentioned first)."""

    def __init__(self, name: str, candidates: list[EntitySummary]) -> None:
        listed = "; ".join(f"{c.id} {c.name} ({c.type}, {c.mentions} mentions)" for c in candidates)
        super().__init__(f"{name!r} is ambiguous: {listed}")
        self.name = name
        self.candidates = candidates
