"""5. Gender: a hint for each person, by vote.

Honorifics count 3 ("Mr Scholz"), gendered role nouns among the descriptors 2 ("spokeswoman"),
the first he/his/she/her after a name mention in its sentence, with no other person in between,
1; a tie gives no gender.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import sent_bounds, token_at

_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her", "hers", "herself"})
_PRONOUN_WINDOW = 15


def set_genders(doc: Doc, persons: list[Entity], sents: list[int]) -> None:
    """Each person's ``gender``: "m", "f" or None ("Mr Scholz" -> "m")."""
    person_starts = {m.start for e in persons for m in e.mentions}
    for ent in persons:
        others = person_starts - {m.start for m in ent.mentions}
        ent.gender = _majority(_votes(doc, ent, others, sents))


def _votes(doc: Doc, ent: Entity, others: set[int], sents: list[int]) -> Counter[str]:
    """The gender votes for one person: "Mr Scholz ... his" -> {"m": 4}."""
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        if m.gender:
            votes[m.gender] += 3
    for _, head, _ in ent.descriptors:
        if head in names.GENDERED_WORDS:
            votes[names.GENDERED_WORDS[head]] += 2
    for pronoun in _pronouns_after(doc, ent, others, sents):
        votes[names.GENDERED_WORDS[pronoun]] += 1
    return votes


def _pronouns_after(doc: Doc, ent: Entity, others: set[int], sents: list[int]) -> list[str]:
    """For each name mention, the first he/she pronoun after it in its sentence (within 15
    tokens) with no other person (``others``: their mention starts) in between: "Bach said he"
    -> "he"."""
    found: list[str] = []
    for m in ent.mentions:
        if m.kind != "name" or m.role == "duplicate":
            continue
        tok = token_at(doc, m.end - 1)
        if tok is None:
            continue
        sent_end = sent_bounds(sents, tok.i, len(doc))[1]
        for t in doc[tok.i + 1 : min(sent_end, tok.i + 1 + _PRONOUN_WINDOW)]:
            if t.idx in others:
                break
            if t.lower_ in _PRONOUNS:
                found.append(t.lower_)
                break
    return found


def _majority(votes: Counter[str]) -> str | None:
    """The gender with most votes, None on a tie or without votes: {"m": 4, "f": 1} -> "m"."""
    if not votes:
        return None
    (g1, n1), *rest = votes.most_common()
    return g1 if not rest or rest[0][1] < n1 else None
