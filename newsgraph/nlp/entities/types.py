"""3. Types: the weighted majority of an entity's mentions, corrected by the context.

Mentions in duplicate paragraphs and headlines hardly vote. PERSON wins on name evidence (a
merged full person name, a given name known from another person, an honorific, an age
appositive) and on speech: the subject of a verb of saying whose complement has he/she for
subject, or with a given name the name list is sure of ("Nadia Jamil said she ...", typed ORG). GPE and LOC votes
are pooled against the rest, with "in X" as extra place votes. A PERSON with no such evidence
takes the type its context gives (:func:`context_type`: "on Twitter", "in Keele"; "La CGT").
"""

from __future__ import annotations

import re
from collections import Counter

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import PLACE_BEFORE

PLACE_TYPES = ("GPE", "LOC")
_PLACES = frozenset(PLACE_TYPES)
# The preposition right before a mention, and the type it gives a name that is no person's:
# a platform or an outlet "on"/"via" ("on Twitter"), a place "in", "at", "near"... ("in Keele").
_PREPOSITION_BEFORE = re.compile(
    r"\b(on|via|in|at|near|from|into|outside|inside|across|throughout)\s+$", re.IGNORECASE
)
_PREPOSITION_TYPE = {"on": "ORG", "via": "ORG"}  # any other: GPE


def decide_type(ent: Entity, text: str, given: set[str], person_words: set[str]) -> str:
    """The entity's type: "Volodymyr Androshchuk" tagged ORG -> PERSON ("Volodymyr" is known
    from Volodymyr Zelenskyy), "Bakhmut" tagged ORG twice and GPE once, "in Bakhmut" -> GPE,
    "Twitter" tagged PERSON, "on Twitter" -> ORG; ``given``: the given names of the article's
    full person names, ``person_words``: their given names and surnames."""
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        votes[m.label] += m.weight or 1
    if _is_person(ent, votes, given) or _speaks_as_a_person(ent, votes):
        return "PERSON"
    label = _place_type(ent, votes, text) or _leading_label(ent, votes)
    if label == "PERSON" and not _any_person_evidence(ent, person_words):
        return context_type(ent, votes, text) or label
    return label


def _is_person(ent: Entity, votes: Counter[str], given: set[str]) -> bool:
    """Person evidence, and PERSON votes or no place votes: "Scholz" (ORG) after "Chancellor"."""
    evidence = _person_evidence(ent, votes, given)
    return evidence and (votes["PERSON"] > 0 or not votes.keys() & _PLACES)


def _person_evidence(ent: Entity, votes: Counter[str], given: set[str]) -> bool:
    """A merged full person name ("Thomas Bach" with "Bach"), a two- or three-word form that
    starts with a known given name while PERSON is (nearly) leading, or a mention's honorific,
    role noun or age ("Mr Scholz", "Androshchuk, 22,")."""
    if _merged_full_person_name(ent):
        return True
    for f in ent.forms:
        ws = f.key.split()
        if 2 <= len(ws) <= 3 and ws[0] in given and votes["PERSON"] + 1 >= max(votes.values()):
            return True
    return any(m.person_evidence for m in ent.mentions)


def _speaks_as_a_person(ent: Entity, votes: Counter[str]) -> bool:
    """A mention is the subject of a verb of saying whose complement has he/she for subject
    ("Rodri said he was delighted", typed GPE), or, without place votes, with a two- or
    three-word name whose given name the list is sure of ("Kevin Vickers told reporters",
    typed ORG)."""
    speaking = [m for m in ent.mentions if m.speaks]
    if not speaking:
        return False
    if any(m.speaks_as for m in speaking):
        return True
    return not votes.keys() & _PLACES and any(_sure_given_name(f.key) for f in ent.forms)


def _sure_given_name(key: str) -> bool:
    """A two- or three-word name whose first word the name list is sure of: "kevin vickers"."""
    ws = key.split()
    found = names.given_gender(ws[0]) if 2 <= len(ws) <= 3 else None
    return found is not None and found[1]


def _any_person_evidence(ent: Entity, person_words: set[str]) -> bool:
    """Anything that says a PERSON-typed name is a person's: a multiword name that is no
    organisation's (no acronym in it: "La CGT"), a given name the list knows, a word of a full
    person name of the article ("Closs" beside "Jayme Closs"), a title, an honorific, an age,
    a he/she after it."""
    for f in ent.forms:
        ws = names.words(f.mentions[0].text)
        if len(ws) > 1:
            if not names.holds_acronym(f.mentions[0].text):
                return True
        elif ws and (ws[0].casefold() in person_words or names.given_gender(ws[0]) is not None):
            return True
    return any(m.person_evidence or m.pronoun for m in ent.mentions)


def context_type(ent: Entity, votes: Counter[str], text: str) -> str | None:
    """The type the context gives a PERSON-typed name with no person evidence, when every
    story mention follows a preposition, or the name holds an acronym ("La CGT"): spaCy's next
    label for it if any ("Heathrow" tagged FAC once), else the type of its prepositions ("on
    Twitter" -> ORG, "in Keele" -> GPE) or ORG for the acronym; None otherwise ("Trump's")."""
    others = [t for t, _ in votes.most_common() if t != "PERSON"]
    story = [m for m in ent.mentions if m.role not in ("title", "duplicate")]
    preps = [_PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start) for m in story]
    if story and all(preps):
        kinds = Counter(_PREPOSITION_TYPE.get(p.group(1).casefold(), "GPE") for p in preps if p)
        return others[0] if others else kinds.most_common(1)[0][0]
    if any(names.holds_acronym(f.mentions[0].text) for f in ent.forms):
        return others[0] if others else "ORG"
    return None


def _merged_full_person_name(ent: Entity) -> bool:
    """Several forms, one a multiword name PERSON leads: "Thomas Bach" + "Bach"."""
    return any(len(f.key.split()) >= 2 and f.person_votes_lead() for f in ent.forms) and (
        len(ent.forms) > 1
    )


def _place_type(ent: Entity, votes: Counter[str], text: str) -> str | None:
    """GPE or LOC when the pooled place votes, plus a vote for each mention after "in",
    "near", "city of"..., beat every other label: "Bakhmut" (ORG 8, GPE 4, "in Bakhmut" twice)."""
    if not votes.keys() & _PLACES:
        return None
    place = sum(votes[t] for t in PLACE_TYPES)
    for m in ent.mentions:
        if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start):
            place += m.weight
    best_other = max((v for t, v in votes.items() if t not in PLACE_TYPES), default=0)
    return max(PLACE_TYPES, key=lambda t: votes[t]) if place > best_other else None


def _leading_label(ent: Entity, votes: Counter[str]) -> str:
    """The label with most votes; on a tie, the label of the first body mention among the
    leaders ("Trump": ORG 4, PERSON 4, first seen as PERSON)."""
    top = max(votes.values())
    for m in ent.mentions:
        if votes[m.label] == top and m.role == "body":
            return m.label
    return votes.most_common(1)[0][0]
