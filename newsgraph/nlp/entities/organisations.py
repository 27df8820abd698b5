"""2. Merging, organisations: acronyms with their expansions, plural acronyms, one-word names.

"International Olympic Committee (IOC)" and "NOC [National Olympic Committee]" pair explicitly;
otherwise an acronym goes with the one multiword name whose initials spell it ("FBI" = "Federal
Bureau of Investigation"); "NOCs" = "NOC"; "Hofstra" = "Hofstra University".
"""

from __future__ import annotations

from collections import defaultdict

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Form, UnionFind
from newsgraph.nlp.entities.spans import PAREN_ACRONYM

_GENERIC_ORG_WORDS = frozenset(
    {
        "committee",
        "council",
        "house",
        "department",
        "party",
        "university",
        "association",
        "court",
        "office",
        "ministry",
        "government",
        "agency",
        "commission",
        "company",
        "group",
        "union",
        "team",
        "club",
        "board",
        "bank",
        "service",
        "services",
        "news",
        "media",
        "center",
        "centre",
        "institute",
        "foundation",
        "national",
        "international",
        "state",
        "federal",
        "united",
        "new",
        "american",
        "world",
        "olympic",
        "games",
        "european",
        "republican",
        "democratic",
        "city",
        "county",
        "north",
        "south",
        "east",
        "west",
        "healthcare",
        "health",
        "justice",
    }
)
_INSTITUTION_WORDS = frozenset(
    {"senate", "congress", "parliament", "assembly", "cabinet", "army", "police", "justice"}
)


def merge_plural_acronyms(forms: dict[str, Form], uf: UnionFind) -> None:
    """A plural acronym with its singular: "NOCs" -> "NOC"."""
    for key, form in forms.items():
        if names.is_acronym(form.mentions[0].text):
            base = names.acronym_key(form.mentions[0].text).casefold()
            if base != key and base in forms:
                uf.union(base, key)


def merge_acronyms(
    text: str, forms: dict[str, Form], uf: UnionFind, persons: dict[str, names.PersonName]
) -> None:
    """Acronyms with their expansions, explicit pairs first: "World Health Organization (WHO)",
    then by initials: "FBI" = "Federal Bureau of Investigation" (``persons``: the full person
    names, never expansions)."""
    explicit = _merge_bracketed_acronyms(text, forms, uf, persons)
    _merge_acronyms_by_initials(forms, uf, persons, explicit)


def _merge_bracketed_acronyms(
    text: str, forms: dict[str, Form], uf: UnionFind, persons: dict[str, names.PersonName]
) -> set[str]:
    """ "Expansion (ACR)" or "ACR [Expansion]": a mention and the mention in brackets right
    after it, one an acronym and the other not; returns the keys of the acronyms so paired."""
    by_start = {m.start: key for key, f in forms.items() for m in f.mentions}
    explicit: set[str] = set()
    for key, form in forms.items():
        for m in form.mentions:
            pm = PAREN_ACRONYM.match(text, m.end)
            if not pm or pm.start(1) not in by_start:
                continue
            other = by_start[pm.start(1)]
            a_acr = names.is_acronym(m.text)
            b_acr = names.is_acronym(forms[other].mentions[0].text)
            if a_acr != b_acr and key not in persons and other not in persons:
                uf.union(key, other)  # "Expansion (ACR)" or "ACR [Expansion]"
                explicit.add(key if a_acr else other)
    return explicit


def _merge_acronyms_by_initials(
    forms: dict[str, Form],
    uf: UnionFind,
    persons: dict[str, names.PersonName],
    explicit: set[str],
) -> None:
    """An acronym not paired in brackets goes with the one set of multiword names (not a
    person's) whose initials spell it: "FBI" -> "Federal Bureau of Investigation"."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for key, form in forms.items():
        if key in persons or len(key.split()) < 2 or form.majority() == "PERSON":
            continue
        for acr in names.initials(form.mentions[0].text):
            expansions[acr].add(key)
    for key, form in forms.items():
        if key in explicit or not names.is_acronym(form.mentions[0].text):
            continue
        roots = {uf.find(k) for k in expansions.get(names.acronym_key(form.mentions[0].text), ())}
        if len(roots) == 1:
            uf.union(roots.pop(), key)


def merge_short_orgs(forms: dict[str, Form], uf: UnionFind, person_words: set[str]) -> None:
    """ "Hofstra" -> "Hofstra University", "Post" -> "New York Post": a one-word ORG that is
    the first or last word of exactly one longer ORG, unless the word is generic ("Committee")
    or a person's name in the article (``person_words``: "Trump" is not "Trump University")."""
    ends = _org_ends(forms, uf)
    for key, form in forms.items():
        if not _short_org(key, form, person_words):
            continue
        roots = ends.get(key, set())
        if len(roots) == 1 and uf.find(key) != next(iter(roots)):
            uf.union(next(iter(roots)), key)


def _org_ends(forms: dict[str, Form], uf: UnionFind) -> dict[str, set[str]]:
    """The sets of the multiword ORGs by their first and last words: "hofstra" and "university"
    -> {root of "hofstra university"}; not by an institution that opens a sub-body ("Senate" is
    not "Senate Armed Services Committee", but it is "U.S. Senate")."""
    ends: dict[str, set[str]] = defaultdict(set)
    for key, form in forms.items():
        ws = key.split()
        if len(ws) >= 2 and form.majority() == "ORG":
            if ws[0] not in _INSTITUTION_WORDS:  # "Senate" is not "Senate Armed Services..."
                ends[ws[0]].add(uf.find(key))
            ends[ws[-1]].add(uf.find(key))  # but it is "U.S. Senate"
    return ends


def _short_org(key: str, form: Form, person_words: set[str]) -> bool:
    """A one-word ORG form that may be short for a longer ORG: "hofstra"; not "committee", a
    person's word ("trump"), a PERSON-voted form or an acronym."""
    if " " in key or key in _GENERIC_ORG_WORDS or form.majority() != "ORG":
        return False
    if key in person_words or form.votes()["PERSON"]:
        return False  # "Trump" is not short for "Trump University"
    return not names.is_acronym(form.mentions[0].text)
