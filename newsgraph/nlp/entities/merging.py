"""2. Merging: the surface forms of one entity into one set (union-find over form keys).

The steps run in this order, each on the sets the ones before it made: plural acronyms, full
person names of one person, full names with words before them, lone surnames and given names,
acronyms with their expansions, one-word short names of organisations
(:mod:`newsgraph.nlp.entities.organisations`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Form, Mention, UnionFind
from newsgraph.nlp.entities.lone_names import merge_lone_names
from newsgraph.nlp.entities.organisations import (
    merge_acronyms,
    merge_plural_acronyms,
    merge_short_orgs,
)


def form_key(text: str) -> str:
    """The merge key of a surface form ("The Washington Post" = "Washington Post")."""
    key = names.norm(text)
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def forms_of(mentions: list[Mention]) -> dict[str, Form]:
    """The mentions grouped by form key, in order of first mention: "the IOC", "IOC" -> "ioc";
    a one-word name after a gendered honorific is a form of its own: "Mr. Obama" -> "obama#m",
    "Mrs. Obama" -> "obama#f" (two people, maybe)."""
    forms: dict[str, Form] = {}
    for m in mentions:
        key = form_key(m.text)
        if m.gender and " " not in key and not names.is_acronym(m.text):
            key = f"{key}#{m.gender}"
        forms.setdefault(key, Form(key)).mentions.append(m)
    return forms


def given_names(forms: dict[str, Form]) -> set[str]:
    """The given names of the full person names (multiword forms mostly tagged PERSON, with no
    acronym in them: not "La CGT"): "Volodymyr Zelenskyy" -> "volodymyr"."""
    given: set[str] = set()
    for key, form in forms.items():
        p = _person_form(key, form)
        if p is not None:
            given.add(p.first)
    return given


def _person_form(key: str, form: Form) -> names.PersonName | None:
    """A multiword form mostly tagged PERSON, parsed as a full name with no acronym in it."""
    if not form.person_votes_lead() or len(key.split()) < 2:
        return None
    text = form.mentions[0].text
    if names.holds_acronym(text):
        return None  # "La CGT"
    p = names.parse_person(text)
    return p if p and p.full else None


def surnames(forms: dict[str, Form]) -> set[str]:
    """The surnames of the full person names (as :func:`given_names`): "Jayme Closs" ->
    "closs"."""
    found: set[str] = set()
    for key, form in forms.items():
        p = _person_form(key, form)
        if p is not None:
            found.add(p.last)
    return found


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
    _strip_epithets(text, forms, persons, padded, uf)
    person_words = merge_lone_names(text, forms, persons, padded, uf)
    merge_acronyms(text, forms, uf, persons)
    merge_short_orgs(forms, uf, person_words)
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
    key: str,
    form: Form,
    p: names.PersonName,
    forms: dict[str, Form],
    given: set[str],
) -> bool:
    """A name-shaped form is a person's name when PERSON leads its votes, a mention has person
    evidence ("Mr", "a 22-year-old"), or, at up to three words, its given name is known from
    another person ("Volodymyr Androshchuk", tagged ORG) or its surname is a PERSON form."""
    if form.person_votes_lead() or any(m.person_evidence for m in form.mentions):
        return True
    if len(key.split()) > 3:
        return False
    surnames = [forms[k] for k in (p.last, f"{p.last}#m", f"{p.last}#f") if k in forms]
    return p.first in given or any(f.person_votes_lead() for f in surnames)


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


def _strip_epithets(
    text: str,
    forms: dict[str, Form],
    persons: dict[str, names.PersonName],
    padded: set[str],
    uf: UnionFind,
) -> None:
    """A padded name that does not introduce the person is an epithet or a title before the
    name: its mentions are cut to the name ("Crooked Hillary Clinton" -> "Hillary Clinton",
    "Miss Universe Alicia Machado" -> "Alicia Machado", "Billionaire Donald Trump" -> "Donald
    Trump") and it is no alias. Kept: a first word the name list knows as a given name
    ("Enrique Peña Nieto") and a padded name that opens the person's mentions after no
    capitalised word ("Aung San Suu Kyi", then "Suu Kyi")."""
    for key in sorted(padded):
        form = forms.get(key)
        tail = _tail_name(key, persons)
        if form is None or tail is None or not _is_epithet(text, form, tail, forms, uf):
            continue
        drop = len(key.split()) - len(tail.split())
        forms[tail].mentions.extend(_cut_words(text, m, drop) for m in form.mentions)
        forms[tail].mentions.sort(key=lambda m: m.start)
        del forms[key]


def _tail_name(key: str, persons: dict[str, names.PersonName]) -> str | None:
    """The longest full person name a padded key ends with: "crooked hillary clinton" ->
    "hillary clinton"."""
    ws = key.split()
    tails = (" ".join(ws[i:]) for i in range(1, len(ws) - 1))
    return next((t for t in tails if t in persons), None)


def _is_epithet(text: str, form: Form, tail: str, forms: dict[str, Form], uf: UnionFind) -> bool:
    """The words before the name are no given name, and a role noun ("Billionaire"), or the
    padded name does not open the person's mentions, or follows a capitalised title ("Miss")."""
    lead = form.mentions[0].text.split()[0]
    if names.given_gender(lead) is not None:
        return False
    if lead.casefold() in names.ROLE_NOUNS:
        return True
    root = uf.find(tail)
    first = min(m.start for k, f in forms.items() if uf.find(k) == root for m in f.mentions)
    m0 = form.mentions[0].start
    before = text[max(0, m0 - 20) : m0].split()
    titled = bool(before) and before[-1][:1].isupper() and not before[-1].endswith((".", ":"))
    return m0 != first or titled


def _cut_words(text: str, m: Mention, drop: int) -> Mention:
    """The mention without its first ``drop`` words: "Crooked Hillary Clinton" (1) ->
    "Hillary Clinton"; a dropped role noun is its title ("billionaire")."""
    start = m.start
    for _ in range(drop):
        start = text.index(" ", start, m.end) + 1
        while text[start].isspace():
            start += 1
    lead = text[m.start : start].split()[0].casefold()
    title = lead if lead in names.ROLE_NOUNS else m.title
    return replace(m, start=start, text=text[start : m.end], title=title)
