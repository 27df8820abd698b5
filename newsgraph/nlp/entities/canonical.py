"""The canonical name of an entity."""

from __future__ import annotations

from collections import Counter

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Form


def canonical_name(ent: Entity, text: str) -> str:
    """The entity's name: seen outside headlines, not padded, not shouted, most words, most
    frequent, longest."""
    keys = {f.key for f in ent.forms}
    first = min(m.start for f in ent.forms for m in f.mentions)

    def padded(f: Form) -> bool:
        """A full name with words before it ("Crooked Hillary Clinton" beside "Hillary
        Clinton"), unless it introduces the person ("Enrique Peña Nieto", "Keith Lamont
        Scott" first, then "Peña Nieto", "Lamont Scott") after no capitalised title word
        ("Miss Universe Alicia Machado")."""
        ws = f.key.split()
        if not any(" ".join(ws[-n:]) in keys for n in range(2, len(ws))):
            return False
        m0 = min(m.start for m in f.mentions)
        before = text[max(0, m0 - 20) : m0].split()
        titled = bool(before) and before[-1][:1].isupper() and not before[-1].endswith((".", ":"))
        return m0 != first or titled

    def score(f: Form) -> tuple[bool, bool, bool, int, float, int]:
        surface = Counter(m.text for m in f.mentions).most_common(1)[0][0]
        n_words = len(names.words(surface))
        if ent.type == "PERSON" and n_words > 4:
            n_words = 0
        shouting = surface.isupper() and len(surface) > 3  # "FLINT" (a dateline) vs "Flint"
        return (
            any(m.role != "title" for m in f.mentions),  # headlines capitalise everything
            not padded(f),
            not shouting,
            n_words,
            sum(m.weight or 1 for m in f.mentions),
            len(surface),
        )

    best = max(ent.forms, key=score)
    return Counter(m.text for m in best.mentions).most_common(1)[0][0]
