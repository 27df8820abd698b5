"""What the store raises when a name or an id does not say which entity or article, and when
there is no store where it was told to look."""

from __future__ import annotations

from newsgraph.model import EntitySummary


class NotFound(LookupError):
    """No article or entity with that id or name."""


class AmbiguousName(LookupError):
    """A name that fits several corpus entities, none of which dominates
    (:mod:`newsgraph.store.resolution`); ``candidates`` lists them, most mentioned first."""

    def __init__(self, name: str, candidates: list[EntitySummary]) -> None:
        listed = "; ".join(
            f"{c.name} ({c.id}, {c.type}, {c.mentions} mentions)" for c in candidates
        )
        super().__init__(
            f"{name!r} fits {len(candidates)} entities and none has most of their mentions: "
            f"{listed}. Name one by its id or its full name."
        )
        self.name = name
        self.candidates = candidates


class StoreMissing(LookupError):
    """No newsgraph store at the address given, and the store was opened with ``create=False``.

    ``where`` is the address as the user gave it (a password in a URL masked); the message is
    one sentence naming it."""

    def __init__(self, where: str, reason: str = "does not exist") -> None:
        super().__init__(f"The store {where} {reason} (only newsgraph ingest creates a store).")
        self.where = where
