"""Which corpus entity a name means: the rule behind ``Store.resolve`` (docs/store.md, "Names").

A name (any alias, case-insensitive; a one-word name also matches every full-named person with
that surname) can fit several corpus entities: "Trump" fits Donald Trump, a person mentioned
hundreds of times, and a one-mention organisation "Trump" that the tagger made of a company
name. When one of them **clearly dominates** -- it has at least :data:`DOMINANT_SHARE` (80%) of
the mentions of all the entities the name fits, counted over the whole corpus -- the name means
that one, and the others are kept beside it (:attr:`Resolution.others`) so that whoever asked can
be told (the CLI on stderr, the web page in a notice). Otherwise the name is ambiguous and
:class:`AmbiguousName` lists the candidates, most mentioned first. An id (``C12``) fits one entity
at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.model import EntitySummary
from newsgraph.store.errors import AmbiguousName, NotFound

#: The share of the candidates' mentions that makes one of them the entity a name means.
DOMINANT_SHARE = 0.8


@dataclass(frozen=True)
class Resolution:
    """The entity a name means, and the other entities the name also fits (set aside)."""

    name: str
    entity: EntitySummary
    others: tuple[EntitySummary, ...] = ()

    @property
    def share(self) -> float:
        """The chosen entity's share of the mentions of every entity the name fits."""
        total = self.entity.mentions + sum(o.mentions for o in self.others)
        return self.entity.mentions / total if total else 1.0

    def note(self) -> str:
        """One sentence saying which entity the name was taken to mean and what else it fits."""
        e = self.entity
        others = "; ".join(describe(o) for o in self.others)
        return (
            f"{self.name!r} is taken to mean {e.name} ({e.id}, {e.type}), which has "
            f"{self.share:.0%} of the mentions of the entities it fits; it also fits {others}."
        )


def describe(entity: EntitySummary) -> str:
    """``Trump (C9, ORG, 1 mention)``: how a candidate is named in messages."""
    plural = "" if entity.mentions == 1 else "s"
    return f"{entity.name} ({entity.id}, {entity.type}, {entity.mentions} mention{plural})"


def choose(name: str, candidates: Iterable[EntitySummary]) -> Resolution:
    """The entity ``name`` means among ``candidates`` (the entities it fits).

    Raises :class:`NotFound` when there is none, :class:`AmbiguousName` when there are several
    and none dominates."""
    ranked = sorted(candidates, key=lambda s: (-s.mentions, s.name, s.id))
    if not ranked:
        raise NotFound(f"No entity is named {name!r}.")
    top, *others = ranked
    if others and not dominates(top, ranked):
        raise AmbiguousName(name, ranked)
    return Resolution(name, top, tuple(others))


def dominates(top: EntitySummary, candidates: list[EntitySummary]) -> bool:
    """``top`` has at least :data:`DOMINANT_SHARE` of the mentions of all ``candidates``."""
    total = sum(c.mentions for c in candidates)
    return total > 0 and top.mentions >= DOMINANT_SHARE * total
