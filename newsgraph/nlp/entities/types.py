"""3. Types: the weighted majority of an entity's mentions, with person and place evidence.

Mentions in duplicate paragraphs and headlines hardly vote. PERSON wins on name evidence (a
merged full person name, a given name known from another person, an honorific, an age
appositive); GPE and LOC votes are pooled against the rest, with "in X" as extra place votes.
"""

from __future__ import annotations

from collections import Counter

from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import PLACE_BEFORE

PLACE_TYPES = ("GPE", "LOC")
_PLACES = frozenset(PLACE_TYPES)


def decide_type(ent: Entity, text: str, given: set[str]) -> str:
    """The entity's type: "Volodymyr Androshchuk" tagged ORG -> PERSON ("Volodymyr" is known
    from Volodymyr Zelenskyy), "Bakhmut" tagged ORG twice and GPE once, "in Bakhmut" -> GPE;
    ``given``: the given names of the article's full person names."""
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        votes[m.label] += m.weight or 1
    if _is_person(ent, votes, given):
        return "PERSON"
    return _place_type(ent, votes, text) or _leading_label(ent, votes)


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
