"""The canonical name of an entity: not padded, not shouted, most words, most frequent, longest."""

from __future__ import annotations

from collections import Counter

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Form


def canonical_name(ent: Entity, text: str) -> str:
    """The entity's name, the commonest spelling of its best form: "Donald J. Trump" over
    "Donald Trump", "International Olympic Committee" over "IOC", "Thomas Bach" over the
    caption's "Thoms Bach", "The Washington Post" over "Washington Post" and "Post"."""
    keys = {f.key for f in ent.forms}
    first = min(m.start for f in ent.forms for m in f.mentions)
    best = max(ent.forms, key=lambda f: _score(f, ent.type, keys, first, text))
    return _spelling(best)


def _spelling(form: Form) -> str:
    """The form's commonest spelling, one with a capitalised "The" first: the article writes
    it mid-sentence as part of the name ("told The Washington Post" -> "The Washington Post";
    a sentence's first "The" is never kept, see :mod:`.mentions`)."""
    spellings = Counter(m.text for m in form.mentions).most_common()
    with_the = [s for s, _ in spellings if s.startswith("The ")]
    return with_the[0] if with_the else spellings[0][0]


def _score(
    f: Form, type_: str, keys: set[str], first: int, text: str
) -> tuple[bool, bool, int, float, int]:
    """How good a name a form makes, compared in order: not padded, not in capitals ("FLINT",
    a dateline), most words (a PERSON's up to four), most votes, longest. (Headline forms are
    names the story confirms, see :mod:`.headlines`, so they compete like the others.)"""
    surface = Counter(m.text for m in f.mentions).most_common(1)[0][0]
    n_words = len(names.words(surface))
    if type_ == "PERSON" and n_words > 4:
        n_words = 0
    shouting = surface.isupper() and len(surface) > 3  # "FLINT" (a dateline) vs "Flint"
    return (
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
