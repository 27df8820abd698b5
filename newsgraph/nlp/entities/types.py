"""3. Types: the weighted majority of the mentions, with person and place evidence."""

from __future__ import annotations

from collections import Counter

from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import PLACE_BEFORE

PLACE_TYPES = ("GPE", "LOC")


def decide_type(ent: Entity, text: str, given: set[str]) -> str:
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        votes[m.label] += m.weight or 1
    evidence = ent.person_full
    for f in ent.forms:
        ws = f.key.split()
        if 2 <= len(ws) <= 3 and ws[0] in given and votes["PERSON"] + 1 >= max(votes.values()):
            evidence = True
    evidence = evidence or any(m.person_evidence for m in ent.mentions)
    if (votes["PERSON"] and evidence) or (evidence and not votes.keys() & set(PLACE_TYPES)):
        return "PERSON"
    if votes.keys() & set(PLACE_TYPES):
        place = sum(votes[t] for t in PLACE_TYPES)
        for m in ent.mentions:
            if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start):
                place += m.weight
        best_other = max((v for t, v in votes.items() if t not in PLACE_TYPES), default=0)
        if place > best_other:
            return max(PLACE_TYPES, key=lambda t: votes[t])
    top = max(votes.values())
    for m in ent.mentions:  # tie: the label of the first (body) mention among the leaders
        if votes[m.label] == top and m.role == "body":
            return m.label
    return votes.most_common(1)[0][0]
