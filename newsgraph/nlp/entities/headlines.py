"""1. Mentions, headlines: what a mention in a ``title`` paragraph may keep of its span.

Headlines capitalise every word, and spaCy glues the words around a name to it ("Donald Trump
Tells", "Obama Calls", "Washington Post Hit Piece Exploits Trump Supporter"). A headline
mention therefore only stays when the article confirms a name inside it, and it keeps just that
name:

the longest run of its words (the leftmost of equal ones) that is

- a name seen outside the headline: "Hillary Clinton Drops" -> "Hillary Clinton", "Obama
  Calls" -> "Obama", "Washington Post Hit Piece Exploits Trump Supporter" -> "Washington Post"
  (or the acronym of one: "U.N." with "United Nations" in the story);
- or a full person name: a given name the name list knows, then a surname the story names
  ("Barack Obama" in the headline, "Mr. Obama" in the story).

Anything else goes ("Avoid Bad Optics", "Trump Face"): no entity is made from a headline alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Mention

_WORD = re.compile(r"[^\s]+")
_EDGE = "\"'“”‘’«»()[]{}:;,.!?—–-"
_POSSESSIVE = ("'s", "’s")
_MAX_WORDS = 8
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]\.)+$")  # "U.S.", "N.Y.", "J."


@dataclass
class _Story:
    """What the story (every paragraph but the headline) names: each name's key with the
    labels of its mentions, acronyms of its multiword names, its full person names."""

    labels: dict[str, Counter[str]] = field(default_factory=dict)
    people: list[names.PersonName] = field(default_factory=list)

    @classmethod
    def of(cls, story: list[Mention]) -> _Story:
        """The names of the story's mentions ("United Nations" -> "united nations", "un")."""
        out = cls()
        for m in story:
            keys = [names.norm(_no_the(m.text)), *(a.casefold() for a in names.initials(m.text))]
            for key in keys:
                out.labels.setdefault(key, Counter())[m.label] += 1
            p = names.parse_person(m.text) if m.label == "PERSON" else None
            if p is not None and p.full:
                out.people.append(p)
        return out


def fit_headline_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with every headline mention cut to the name the rest of the article
    confirms, or dropped: "Donald Trump Tells" (title) with "Donald Trump" in the story ->
    "Donald Trump"; "Avoid Bad Optics" -> gone."""
    out = [m for m in mentions if m.role != "title"]
    if len(out) == len(mentions):
        return mentions  # no headline mention
    story = _Story.of(out)
    for m in mentions:
        if m.role == "title":
            fitted = _fit(text, m, story)
            if fitted is not None:
                out.append(fitted)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _fit(text: str, m: Mention, story: _Story) -> Mention | None:
    """One headline mention cut to a confirmed name ("Obama Calls" -> "Obama"), None if none."""
    for s, e in _runs(text, m.start, m.end):
        found = story.labels.get(names.norm(_no_the(text[s:e])))
        if found:
            whole = (s, e) == (m.start, m.end)  # spaCy's label, else the story's
            return _cut(m, s, e, text, m.label if whole else found.most_common(1)[0][0])
        if _full_name_of_a_known_person(text[s:e], story):
            return _cut(m, s, e, text, "PERSON")
    return None


def _runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the runs of words of a mention, longest first, then leftmost, each without
    its edge punctuation and possessive: "Obama’s Initial Briefing" -> "Obama’s Initial
    Briefing", ..., "Obama", "Initial", "Briefing"."""
    words = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)][:_MAX_WORDS]
    runs = []
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            s, e = _strip(text, words[i][0], words[i + n - 1][1])
            if s < e:
                runs.append((s, e))
    return runs


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """A run without edge punctuation and a final possessive: "“Obama’s" -> "Obama"; an
    abbreviation keeps its period ("U.S.")."""
    while s < e and text[s] in _EDGE:
        s += 1
    while s < e and text[e - 1] in _EDGE and not _ABBREVIATION.search(text[s:e]):
        e -= 1
    if text[s:e].endswith(_POSSESSIVE):
        e -= 2
    return s, e


def _no_the(surface: str) -> str:
    """A name without a leading "The " ("The Washington Post" = "Washington Post")."""
    return surface[4:] if surface[:4].casefold() == "the " else surface


def _full_name_of_a_known_person(surface: str, story: _Story) -> bool:
    """A full name whose given name the list knows and whose surname the story names ("Barack
    Obama" with "Mr. Obama" in the story, "Darian Lonechild" with "Lonechild said she", even
    when spaCy typed that ORG), or that can be one person with a full name of the story
    ("Loretta Lynch" with "Loretta E. Lynch"); not "Trump Face" ("Trump" is no given name)."""
    p = names.parse_person(surface)
    if p is None or not p.full or p.middle or names.holds_acronym(surface):
        return False  # not "Reno NFL"
    if names.given_gender(p.first) is None:
        return False
    return p.last in story.labels or any(names.same_person(p, q) for q in story.people)


def _cut(m: Mention, s: int, e: int, text: str, label: str) -> Mention:
    """The mention narrowed to ``[s, e)``, with the label the story gives that name (and its
    honorific when the cut keeps the start: "Mr. Obama Says" -> "Obama", "mr")."""
    kept = s == m.start
    return Mention(
        s,
        e,
        text[s:e],
        m.role,
        label,
        m.para,
        gender=m.gender if kept else None,
        person_evidence=m.person_evidence and kept,
        title=m.title if kept else "",
        pronoun=m.pronoun if e == m.end else None,
    )
