"""5. Gender: honorifics, gendered role nouns and the first he/she pronoun after a mention."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import sent_bounds, token_at

_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her", "hers", "herself"})
_PRONOUN_WINDOW = 15


def gender_from_pronouns(doc: Doc, ent: Entity, person_starts: set[int], sents: list[int]) -> None:
    for m in ent.mentions:
        if m.kind != "name" or m.role == "duplicate":
            continue
        tok = token_at(doc, m.end - 1)
        if tok is None:
            continue
        sent_end = sent_bounds(sents, tok.i, len(doc))[1]
        for t in doc[tok.i + 1 : min(sent_end, tok.i + 1 + _PRONOUN_WINDOW)]:
            if t.idx in person_starts:
                break
            if t.lower_ in _PRONOUNS:
                ent.gender_votes[names.GENDERED_WORDS[t.lower_]] += 1
                break
