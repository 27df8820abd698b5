"""2. Merging: the surface forms of one entity into one set (union-find over form keys).

The steps run in this order, each on the sets the ones before it made: plural acronyms, full
person names of one person, full names with words before them, lone surnames and given names,
acronyms with their expansions, one-word short names of organisations
(:mod:`newsgraph.nlp.entities.organisations`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Form, Mention, UnionFind
from newsgraph.nlp.entities.organisations import (
    merge_acronyms,
    merge_plural_acronyms,
    merge_short_orgs,
)
from newsgraph.nlp.entities.spans import PLACE_BEFORE


def form_key(text: str) -> str:
    """The merge key of a surface form ("The Washington Post" = "Washington Post")."""
    key = names.norm(text)
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def forms_of(mentions: list[Mention]) -> dict[str, Form]:
    """The mentions grouped by form key, in order of first mention: "the IOC", "IOC" -> "ioc"."""
    forms: dict[str, Form] = {}
    for m in mentions:
        key = form_key(m.text)
        forms.setdefault(key, Form(key)).mentions.append(m)
    return forms


def given_names(forms: dict[str, Form]) -> set[str]:
    """The given names of the full person names (multiword forms mostly tagged PERSON):
    "Volodymyr Zelenskyy" -> "volodymyr"."""
    given: set[str] = set()
    for key, form in forms.items():
        if form.person_votes_lead() and len(key.split()) >= 2:
            p = names.parse_person(form.mentions[0].text)
            if p and p.full:
                given.add(p.first)
    return given


def merge(text: str, forms: dict[str, Form], given: set[str]) -> UnionFind:
    """The sets of forms that name one entity ("thomas bach", "bach", "thoms bach"); ``given``:
    :func:`given_names`."""
    uf = UnionFind()
    for key in forms:
        uf.find(key)
    merge_plural_acronyms(forms, uf)
    persons = _person_names(forms, given)
    _merge_full_names(forms, persons, uf)
    padded = _merge_padded_names(forms, persons, uf)
    full = _FullNames.of(persons, padded, uf)
    _merge_lone_names(text, forms, persons, full, uf)
    merge_acronyms(text, forms, uf, persons)
    merge_short_orgs(forms, uf, set(full.by_last) | set(full.by_first))
    return uf


def groups(forms: dict[str, Form], uf: UnionFind) -> list[list[Form]]:
    """The forms of each set, sets in order of their first form: [[thomas bach, bach], [ioc]]."""
    by_root: dict[str, list[Form]] = defaultdict(list)
    for key, form in forms.items():
        by_root[uf.find(key)].append(form)
    return list(by_root.values())


# --------------------------------------------------------------------------------- people


def _person_names(forms: dict[str, Form], given: set[str]) -> dict[str, names.PersonName]:
    """The forms that are full person names, parsed: "olaf scholz" -> (olaf, scholz)."""
    persons: dict[str, names.PersonName] = {}
    for key, form in forms.items():
        p = names.parse_person(form.mentions[0].text)
        if p is not None and p.full and _is_person_name(key, form, p, forms, given):
            persons[key] = p
    return persons


def _is_person_name(
    key: str, form: Form, p: names.PersonName, forms: dict[str, Form], given: set[str]
) -> bool:
    """A name-shaped form is a person's name when PERSON leads its votes, a mention has person
    evidence ("Mr", "a 22-year-old"), or, at up to three words, its given name is known from
    another person ("Volodymyr Androshchuk", tagged ORG) or its surname is a PERSON form."""
    if form.person_votes_lead() or any(m.person_evidence for m in form.mentions):
        return True
    if len(key.split()) > 3:
        return False
    surname = forms.get(p.last)
    return p.first in given or (surname is not None and surname.person_votes_lead())


def _merge_full_names(
    forms: dict[str, Form], persons: dict[str, names.PersonName], uf: UnionFind
) -> None:
    """Full names of one person: "Donald J. Trump" = "Donald Trump", "Thoms Bach" = "Thomas
    Bach" (pairs in order of frequency)."""
    full_keys = sorted(persons, key=lambda k: (-len(forms[k].mentions), k))
    for i, a in enumerate(full_keys):
        for b in full_keys[i + 1 :]:
            if _one_person(forms, persons, a, b):
                uf.union(a, b)


def _one_person(
    forms: dict[str, Form], persons: dict[str, names.PersonName], a: str, b: str
) -> bool:
    """Two full names that can be one person (:func:`newsgraph.nlp.names.same_person`) with no
    contradicting gender ("Mr" / "Mrs"); a spelling variant ("Thoms Bach") only when one of the
    two is in a single paragraph and they never share one."""
    pa, pb = persons[a], persons[b]
    if not names.same_person(pa, pb):
        return False
    ga, gb = forms[a].gender(), forms[b].gender()
    if ga and gb and ga != gb:
        return False
    if names.fuzzy_kind(pa, pb) == "fuzzy":
        fa, fb = forms[a].paragraphs(), forms[b].paragraphs()
        return not (fa & fb or min(len(fa), len(fb)) > 1)
    return True


def _merge_padded_names(
    forms: dict[str, Form], persons: dict[str, names.PersonName], uf: UnionFind
) -> set[str]:
    """ "Crooked Hillary Clinton", "Universe Alicia Machado": a full name with words before it
    goes with that name (also when spaCy typed the longer span ORG: "Enrique Peña Nieto" ->
    "Peña Nieto"); returns the keys of the padded forms."""
    padded: set[str] = set()
    for key in forms:
        ws = key.split()
        if len(ws) < 3 or (key not in persons and names.parse_person(key.title()) is None):
            continue
        for n in range(2, len(ws)):
            tail = " ".join(ws[-n:])
            if tail in persons and tail != key:
                uf.union(tail, key)
                padded.add(key)
                break
    return padded


@dataclass
class _FullNames:
    """The sets (roots) of the full names by surname and by given name, and the sets with a
    suffixed name ("Donald Trump Jr."); padded names aside."""

    by_last: dict[str, set[str]]
    by_first: dict[str, set[str]]
    suffixed: set[str]

    @classmethod
    def of(
        cls, persons: dict[str, names.PersonName], padded: set[str], uf: UnionFind
    ) -> _FullNames:
        """The index of the sets as they are now: "scholz" -> {root of "olaf scholz"}."""
        full = cls(defaultdict(set), defaultdict(set), set())
        for key, p in persons.items():
            if key in padded:
                continue
            root = uf.find(key)
            full.by_last[p.last].add(root)
            full.by_first[p.first].add(root)
            if p.suffix:
                full.suffixed.add(root)
        return full

    def fitting(self, key: str, form: Form) -> set[str]:
        """The sets a lone name can belong to: by surname ("Bach"), by a one-edit surname at 6+
        letters ("Zelensky"), preferring names with no suffix ("Trump" -> Donald Trump, not
        Donald Trump Jr.), else by given name when PERSON leads its votes ("Hillary")."""
        roots = set(self.by_last.get(key, ()))
        if not roots and len(key) >= 6:
            roots = {r for last, rs in self.by_last.items() if names.typo(key, last) for r in rs}
        if len(roots) > 1 and roots - self.suffixed:
            roots -= self.suffixed
        if not roots and form.person_votes_lead():
            roots = set(self.by_first.get(key, ()))
        return roots


def _merge_lone_names(
    text: str,
    forms: dict[str, Form],
    persons: dict[str, names.PersonName],
    full: _FullNames,
    uf: UnionFind,
) -> None:
    """A lone surname (or given name) into the one full name that fits it: "Bach" -> "Thomas
    Bach"; "Clinton" stays alone beside Hillary and Bill Clinton."""
    for key, form in forms.items():
        if key in persons or len(key.split()) != 1 or names.is_acronym(form.mentions[0].text):
            continue
        if _mostly_a_place(text, form):
            continue  # "in Jordan": the country is no surname of "Michael Jordan"
        roots = full.fitting(key, form)
        if len(roots) == 1:
            uf.union(roots.pop(), key)


def _mostly_a_place(text: str, form: Form) -> bool:
    """No PERSON vote, and at least a third of the mentions after "in", "near", "city of"...:
    "in Jordan"."""
    if form.votes()["PERSON"]:
        return False
    placed = sum(
        1 for m in form.mentions if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
    )
    return placed * 3 >= len(form.mentions)
