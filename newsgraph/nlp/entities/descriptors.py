"""4. Descriptors: role phrases around a person's name, and the later "the <descriptor>".

Role phrases right before a person's name ("Polish Sports Minister Kamil Bortniczuk") or in an
appositive right after it ("Brian Fallon, a campaign spokesman, said") go into the entity's
descriptors; later "the <descriptor>" phrases ("the IOC President", "the minister") become
mentions of the one person whose descriptor they fit, none if several fit
(:mod:`newsgraph.nlp.entities.bare_descriptors`).

A descriptor is (start char, end char, head noun, modifiers); modifiers are lowercased words,
with entity mentions replaced by ``@form-key`` so that "International Olympic Committee
President" and "IOC President" compare equal after merging.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Mention
from newsgraph.nlp.entities.spans import sent_bounds, token_at

# Honorifics that are forms of address, not roles: never a descriptor.
_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mister", "sir", "madam", "madame", "dr"})
DESC_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_DESCRIPTOR_MAX_TOKENS = 7
_ROLE_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ent", "ant", "ee", "ive", "ary")

_Descriptor = tuple[int, int, str, frozenset[str]]  # start char, end char, head noun, modifiers


def find_descriptors(
    doc: Doc, text: str, ent: Entity, mention_key: dict[int, str], sents: list[int]
) -> None:
    """The role phrases before and after each name mention of a person, into
    ``ent.descriptors``: "Polish Sports Minister Kamil Bortniczuk" -> ("Polish Sports
    Minister", "minister", {"@polish", "sports"}); ``mention_key``: mention start -> set root."""
    for m in ent.mentions:
        if m.role == "duplicate" or m.kind != "name":
            continue
        for d in (
            _descriptor_before(doc, m, mention_key, sents),
            _descriptor_after(doc, m, mention_key, sents),
        ):
            if d:
                dstart, dend, head, mods = d
                ent.descriptors.append((text[dstart:dend], head, mods))


def _role_like(tok: Token) -> bool:
    """A noun that can name a role: a known role noun, a capitalised title, or a role-shaped
    word ("skater", "strategist", "spokeswoman"); not "chance" or "day"."""
    word = tok.lower_.rstrip(".")
    return (
        word in names.ROLE_NOUNS
        or tok.text[:1].isupper()
        or (tok.pos_ == "NOUN" and word.endswith(_ROLE_SUFFIXES) and len(word) > 4)
    )


def _modifiers(doc: Doc, start_i: int, head_i: int, mention_key: dict[int, str]) -> frozenset[str]:
    """The modifiers of a head noun: "Polish Sports Minister" -> {"@polish", "sports"} (a
    mention as its set's key; other entity words, non-words and "of" are left out)."""
    mods: set[str] = set()
    for t in doc[start_i:head_i]:
        if t.idx in mention_key:
            mods.add("@" + mention_key[t.idx])
        elif not t.ent_type_ and t.is_alpha and t.lower_ not in ("of",):
            mods.add(t.lower_)
    return frozenset(mods)


# ------------------------------------------------------------------------- after the name


def _descriptor_after(
    doc: Doc, m: Mention, mention_key: dict[int, str], sents: list[int]
) -> _Descriptor | None:
    """An appositive role right after a person mention: "Thomas Bach, the IOC President," /
    "Brian Fallon, a Clinton spokesman, said"."""
    tok = token_at(doc, m.end - 1)
    if tok is None:
        return None
    sent_end = sent_bounds(sents, tok.i, len(doc))[1]
    i = tok.i + 1
    if i + 2 >= sent_end or doc[i].text != ",":
        return None
    i += 1
    if doc[i].lower_ in ("the", "a", "an"):
        i += 1
    start_i = i
    i = _appositive_end(doc, start_i, sent_end)
    if i == start_i or (i < sent_end and doc[i].text not in (",", ".", ";", "of", "for", "at")):
        return None
    head = doc[i - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ or not _role_like(head):
        return None
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def _appositive_end(doc: Doc, start_i: int, sent_end: int) -> int:
    """The token after an appositive's words (nouns, adjectives, organisation and place names;
    no person, at most seven): ", a Clinton spokesman, said" -> at the second comma."""
    i = start_i
    while i < sent_end and i - start_i < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i]
        if t.ent_type_ == "PERSON" or not (
            t.pos_ in DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        ):
            break
        i += 1
    return i


# ------------------------------------------------------------------------ before the name


def _descriptor_before(
    doc: Doc, m: Mention, mention_key: dict[int, str], sents: list[int]
) -> _Descriptor | None:
    """The role phrase right before a person mention: "International Olympic Committee
    President Thomas Bach" -> "International Olympic Committee President"."""
    tok = token_at(doc, m.start)
    if tok is None or tok.i == 0:
        return None
    sent_start = sent_bounds(sents, tok.i, len(doc))[0]
    head = doc[tok.i - 1]
    if head.i < sent_start or not _role_head(head):
        return None
    start_i = _role_phrase_start(doc, head, sent_start)
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def _role_head(head: Token) -> bool:
    """The word before a name can head a role phrase: "Minister" in "Sports Minister Kamil
    Bortniczuk"; not an entity word, a form of address ("Mr") or an ordinary noun."""
    return not (
        head.pos_ not in ("NOUN", "PROPN")
        or head.ent_type_
        or not head.text[:1].isalpha()
        or head.lower_.rstrip(".") in _ADDRESS
        or not _role_like(head)
    )


def _role_phrase_start(doc: Doc, head: Token, sent_start: int) -> int:
    """The first token of the role phrase a head ends, walking back over nouns, adjectives and
    organisation or place names (at most seven; a bracketed acronym is skipped, an "of" only
    between capitalised words): "Minister of Foreign Affairs" / "Committee (IOC) President"."""
    i = head.i
    n = 0
    while i - 1 >= sent_start and n < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i - 1]
        if t.text == ")" and i - 3 >= sent_start and doc[i - 3].text == "(":
            i -= 3  # "International Olympic Committee (IOC) President"
            continue
        if t.ent_type_ == "PERSON" or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY"):
            break
        ok = t.pos_ in DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        if t.lower_ == "of" and i - 2 >= sent_start and doc[i - 2].text[:1].isupper():
            ok = doc[i].text[:1].isupper()
        if not ok or not t.text[:1].isalnum():
            break
        i -= 1
        n += 1
    return i
