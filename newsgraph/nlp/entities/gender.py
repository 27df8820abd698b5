"""5. Gender: a hint for each person, the article's own evidence first, then the name list.

The article votes: honorifics count 3 ("Mr Scholz"), gendered role nouns among the descriptors
2 ("spokeswoman", "his wife, Michelle Obama"), the first he/his/she/her after a name mention in
its sentence, with no other person in between, 1. When the article's votes lead by 3 or more
(an honorific, three pronouns more), they decide. Otherwise the given name votes too, from
gender-guesser's list (:mod:`newsgraph.nlp.given_names`): 2 when the list is sure
("Michelle"), 1 for a "mostly" name ("Erin"), nothing for "Pat" or "Jean"; a tie gives no
gender. So two stray "he" after "Heidi Cruz" do not make her a man (a tie: no gender), but
"Mr." before "Andrea Rossi" makes him one.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity
from newsgraph.nlp.entities.spans import SUBJECT_DEPS, sent_bounds, token_at

_PRONOUN_WINDOW = 15
# A mention whose next pronoun votes: a subject or a subject's owner ("Bach said he", "Bach's
# plan, he said"); an object's does not ("It took Cable some time to realize she was serious").
_VOTING_DEPS = SUBJECT_DEPS | {"poss", "appos", "ROOT"}
_ARTICLE_LEAD = 3  # the article's votes decide alone when they lead by this much


def set_genders(doc: Doc, persons: list[Entity], sents: list[int]) -> None:
    """Each person's ``gender``: "m", "f" or None ("Mr Scholz" -> "m", "Nadia Jamil" -> "f")."""
    person_starts = {m.start for e in persons for m in e.mentions}
    for ent in persons:
        others = person_starts - {m.start for m in ent.mentions}
        ent.gender = _decide(_votes(doc, ent, others, sents), _name_vote(ent))


def _votes(doc: Doc, ent: Entity, others: set[int], sents: list[int]) -> Counter[str]:
    """The article's gender votes for one person: "Mr Scholz ... his" -> {"m": 4}."""
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
    -> "he". Only a subject's (or its owner's, its apposition's) pronoun: in "Easley met
    Randy Cable at a bar, she felt ..." the "she" is Easley's, not Cable's."""
    found: list[str] = []
    for m in ent.mentions:
        if m.kind != "name" or m.role == "duplicate":
            continue
        tok = token_at(doc, m.end - 1)
        if tok is None:
            continue
        if tok.dep_ not in _VOTING_DEPS:
            continue
        sent_end = sent_bounds(sents, tok.i, len(doc))[1]
        for t in doc[tok.i + 1 : min(sent_end, tok.i + 1 + _PRONOUN_WINDOW)]:
            if t.idx in others:
                break
            if t.lower_ in names.PRONOUN_GENDER:
                found.append(t.lower_)
                break
    return found


def _name_vote(ent: Entity) -> Counter[str]:
    """The name list's vote on the person's given name (that of its most mentioned full name,
    its first spelled-out one): "Michelle Obama" -> {"f": 2}, "Erin Kim" -> {"f": 1},
    "Pat Smith" or a lone "Smith" -> {}."""
    full = [(len(f.mentions), p) for f in ent.forms if (p := _full_name(f.mentions[0].text))]
    if not full:
        return Counter()
    given = names.spelled_given(max(full, key=lambda x: x[0])[1])
    found = names.given_gender(given) if given else None
    return Counter({found[0]: 2 if found[1] else 1}) if found else Counter()


def _full_name(surface: str) -> names.PersonName | None:
    """ "Michelle Obama" parsed, None for a lone name."""
    p = names.parse_person(surface)
    return p if p is not None and p.full else None


def _decide(article: Counter[str], name: Counter[str]) -> str | None:
    """The article's gender when its votes lead by 3 or more, else the majority of the
    article's and the name's votes together: ({"m": 1}, {"f": 2}) -> "f"; ({"m": 3}, {"f": 2})
    -> "m"; ({"m": 2}, {"f": 2}) -> None."""
    lead = _majority(article)
    if lead is not None and _margin(article) >= _ARTICLE_LEAD:
        return lead
    return _majority(article + name)


def _margin(votes: Counter[str]) -> int:
    """How far the first gender leads the second: {"m": 4, "f": 1} -> 3."""
    ranked = [n for _, n in votes.most_common()] + [0, 0]
    return ranked[0] - ranked[1]


def _majority(votes: Counter[str]) -> str | None:
    """The gender with most votes, None on a tie or without votes: {"m": 4, "f": 1} -> "m"."""
    if not votes:
        return None
    (g1, n1), *rest = votes.most_common()
    return g1 if not rest or rest[0][1] < n1 else None
