"""What the steps pass along: mentions, their surface forms, the entities they make, a union-find."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Mention:
    """One mention: a trimmed spaCy span ("Thomas Bach", body paragraph 3, PERSON) or a
    descriptor found later ("the IOC President" -> "IOC President")."""

    start: int
    end: int
    text: str
    role: str
    label: str
    para: int
    kind: str = "name"  # "name" (a name form) or "descriptor" ("the IOC President")
    gender: str | None = None  # from an honorific in or right before the span
    person_evidence: bool = False  # honorific, age appositive
    title: str = ""  # the honorific or role word in or right before the span ("president")
    pronoun: str | None = None  # gender of the first he/she after it in its sentence ("m")
    speaks: bool = False  # the subject of a verb of saying ("Vickers told reporters")
    speaks_as: str | None = None  # the gender of the he/she it says something of ("said he")
    who: bool = False  # a relative "who" on it or its apposition ("Mulder, who ...")
    refers: bool = False  # a he/she referring back to it as a subject ("X hesitated. He said")
    plural: bool = False  # a plural proper noun ("Canadians", "Liberals"; tag NNPS)
    apposed: str = ""  # the common noun it is apposed to ("her book, Living History": "book")

    @property
    def weight(self) -> int:
        """Vote weight: a repeated (duplicate) paragraph or a headline hardly votes."""
        return 0 if self.role in ("duplicate", "title") else 4


@dataclass
class Form:
    """All mentions with one normalised surface form ("The Washington Post", "Washington Post")."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    def votes(self) -> Counter[str]:
        """The spaCy labels of the mentions, weighted: {"PERSON": 8, "ORG": 1}."""
        c: Counter[str] = Counter()
        for m in self.mentions:
            c[m.label] += m.weight or 1
        return c

    def majority(self) -> str:
        """The label with most votes ("ORG")."""
        return self.votes().most_common(1)[0][0]

    def person_votes_lead(self) -> bool:
        """PERSON has votes and no label has more ("Trump": PERSON 8, ORG 8)."""
        v = self.votes()
        return v["PERSON"] > 0 and v["PERSON"] >= max(v.values())

    def paragraphs(self) -> set[int]:
        """The paragraphs the form is seen in, repeated (duplicate) paragraphs aside."""
        return {m.para for m in self.mentions if m.role != "duplicate"}

    @property
    def base(self) -> str:
        """The key without the tag a lone name's form may carry: "obama#m" -> "obama"."""
        return base_key(self.key)

    def gender(self) -> str | None:
        """The one gender its honorifics give ("Mr Scholz": "m"), None if none or both."""
        g = Counter(m.gender for m in self.mentions if m.gender)
        return g.most_common(1)[0][0] if len(g) == 1 else None


def base_key(key: str) -> str:
    """A form key without its tag: "obama#m" ("Mr. Obama") and "clinton@2" (the "Clinton"
    mentions linked to one of two Clintons) -> "obama", "clinton"."""
    for mark in ("#", "@"):
        if mark in key:
            key = key.split(mark, 1)[0]
    return key


class UnionFind:
    """Disjoint sets of form keys; ``union(a, b)`` makes ``a``'s root the root of both."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        """The root of ``x``'s set (``x`` itself when alone), compressing the path."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """One set of ``a``'s and ``b``'s ("bach" into "thomas bach")."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class Entity:
    """The forms merged into one entity and all their mentions, with what the later steps find:
    its type, descriptors ("IOC President", head "president") and gender."""

    forms: list[Form]
    mentions: list[Mention]
    type: str = ""
    descriptors: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    gender: str | None = None

    def first_body(self) -> int:
        """The offset of the first body mention, -1 if none (seen only in captions etc.)."""
        return min((m.start for m in self.mentions if m.role == "body"), default=-1)
