"""The data the steps pass along: mentions, surface forms, entities, a union-find."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Mention:
    start: int
    end: int
    text: str
    role: str
    label: str
    para: int
    kind: str = "name"  # "name" (a name form) or "descriptor" ("the IOC President")
    gender: str | None = None  # from an honorific in or right before the span
    person_evidence: bool = False  # honorific, age appositive

    @property
    def weight(self) -> int:
        """Vote weight: a repeated (duplicate) paragraph or a headline hardly votes."""
        return 0 if self.role in ("duplicate", "title") else 4


@dataclass
class Form:
    """All mentions with one normalised surface form."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    def votes(self) -> Counter[str]:
        c: Counter[str] = Counter()
        for m in self.mentions:
            c[m.label] += m.weight or 1
        return c

    def majority(self) -> str:
        return self.votes().most_common(1)[0][0]

    def person_votes_lead(self) -> bool:
        v = self.votes()
        return v["PERSON"] > 0 and v["PERSON"] >= max(v.values())

    def paragraphs(self) -> set[int]:
        return {m.para for m in self.mentions if m.role != "duplicate"}

    def gender(self) -> str | None:
        g = Counter(m.gender for m in self.mentions if m.gender)
        return g.most_common(1)[0][0] if len(g) == 1 else None


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class Entity:
    forms: list[Form]
    mentions: list[Mention]
    type: str = ""
    person_full: bool = False
    descriptors: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    gender_votes: Counter[str] = field(default_factory=Counter)

    def first_body(self) -> int:
        return min((m.start for m in self.mentions if m.role == "body"), default=-1)
