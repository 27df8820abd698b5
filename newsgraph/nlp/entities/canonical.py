"""The canonical name of an entity: seen outside headlines, not padded, not shouted, most words,
most frequent, longest."""

from __future__ import annotations

from collections import Counter

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Form


def canonical_name(ent: Entity, text: str) -> str:
    """The entity's name, the commonest spelling of its best form: "Donald J. Trump" over
    "Donald Trump", "International Olympic Committee" over "IOC", "Thomas Bach" over the
    caption's "Thoms Bach"."""
    keys = {f.key for f in ent.forms}
    first = min(m.start for f in ent.forms for m in f.mentions)
    best = max(ent.forms, key=lambda f: _score(f, ent.type, keys, first, text))
    return Counter(m.text for m in best.mentions).most_common(1)[0][0]


def _score(
    f: Form, type_: str, keys: set[str], first: int, text: str
) -> tuple[bool, bool, bool, int, float, int]:
    """How good a name a form makes, compared in order: seen outside headlines, not padded,
    not in capitals ("FLINT", a dateline), most words (a PERSON's up to four), most votes,
    longest."""
    surface = Counter(m.text for m in f.mentions).most_common(1)[0][0]
    n_words = len(names.words(surface))
    if type_ == "PERSON" and n_words > 4:
        n_words = 0
    shouting = surface.isupper() and len(surface) > 3  # "FLINT" (a dateline) vs "Flint"
    return (
        any(m.role != "title" for m in f.mentions),  # headlines capitalise everything
        not _padded(f, keys, first, text),
        not shouting,
        n_words,
        sum(m.weight or 1 for m in f.mentions),
        len(surface),
    )


def _padded(f: Form, keys: set[str], first: int, text: str) -> bool:
    """A full name with words before it ("Crooked Hillary Clinton" beside "Hillary Clinton"),
    unless it introduces the person ("Enrique Peña Nieto", "Keith Lamont Scott" first, then
    "Peña Nieto", "Lamont Scott") after no capitalised title word ("Miss Universe Alicia
    Machado"); ``keys``: the entity's form keys, ``first``: its first mention's offset."""
    ws = f.key.split()
    if not any(" ".join(ws[-n:]) in keys for n in range(2, len(ws))):
        return False
    m0 = min(m.start for m in f.mentions)
    before = text[max(0, m0 - 20) : m0].split()
    titled = bool(before) and before[-1][:1].isupper() and not before[-1].endswith((".", ":"))
    return m0 != first or titled
