"""2. Merging: union-find over the normalised surface forms."""

from __future__ import annotations

from collections import defaultdict

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Form, Mention, UnionFind
from newsgraph.nlp.entities.spans import PAREN_ACRONYM, PLACE_BEFORE

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


def form_key(text: str) -> str:
    """The merge key of a surface form ("The Washington Post" = "Washington Post")."""
    key = names.norm(text)
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def merge(text: str, mentions: list[Mention]) -> tuple[dict[str, Form], UnionFind]:
    forms: dict[str, Form] = {}
    for m in mentions:
        key = form_key(m.text)
        forms.setdefault(key, Form(key)).mentions.append(m)
    uf = UnionFind()
    for key in forms:
        uf.find(key)

    # plural acronyms ("NOCs" -> "NOC")
    for key, form in forms.items():
        if names.is_acronym(form.mentions[0].text):
            base = names.acronym_key(form.mentions[0].text).casefold()
            if base != key and base in forms:
                uf.union(base, key)

    # given names known from PERSON-led multiword forms
    given: set[str] = set()
    parsed: dict[str, names.PersonName] = {}
    for key, form in forms.items():
        if form.person_votes_lead() and len(key.split()) >= 2:
            p = names.parse_person(form.mentions[0].text)
            if p and p.full:
                given.add(p.first)
    for key, form in forms.items():
        p = names.parse_person(form.mentions[0].text)
        if p is None or not p.full:
            continue
        evidence = any(m.person_evidence for m in form.mentions)
        short = len(key.split()) <= 3
        surname = forms.get(p.last)
        if (
            form.person_votes_lead()
            or evidence
            or (short and p.first in given)
            or (short and surname is not None and surname.person_votes_lead())
        ):
            parsed[key] = p

    # full names of one person
    full_keys = sorted(parsed, key=lambda k: (-len(forms[k].mentions), k))
    for i, a in enumerate(full_keys):
        for b in full_keys[i + 1 :]:
            pa, pb = parsed[a], parsed[b]
            if not names.same_person(pa, pb):
                continue
            ga, gb = forms[a].gender(), forms[b].gender()
            if ga and gb and ga != gb:
                continue
            if names.fuzzy_kind(pa, pb) == "fuzzy":
                fa, fb = forms[a].paragraphs(), forms[b].paragraphs()
                if fa & fb or min(len(fa), len(fb)) > 1:
                    continue
            uf.union(a, b)

    # "Crooked Hillary Clinton", "Universe Alicia Machado": a full name with words before it
    # (also when spaCy typed the longer span ORG: "Enrique Peña Nieto" -> "Peña Nieto")
    padded: set[str] = set()
    for key in forms:
        ws = key.split()
        if len(ws) < 3 or (key not in parsed and names.parse_person(key.title()) is None):
            continue
        for n in range(2, len(ws)):
            tail = " ".join(ws[-n:])
            if tail in parsed and tail != key:
                uf.union(tail, key)
                padded.add(key)
                break

    # lone surnames / given names -> the one full name that fits
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    suffixed: set[str] = set()
    for key, p in parsed.items():
        if key in padded:
            continue
        root = uf.find(key)
        by_last[p.last].add(root)
        by_first[p.first].add(root)
        if p.suffix:
            suffixed.add(root)
    for key, form in forms.items():
        if key in parsed or len(key.split()) != 1 or names.is_acronym(form.mentions[0].text):
            continue
        votes = form.votes()
        placed = sum(
            1 for m in form.mentions if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
        )
        if not votes["PERSON"] and placed * 3 >= len(form.mentions):
            continue  # "in Jordan": the country is no surname of "Michael Jordan"
        roots = set(by_last.get(key, ()))
        if not roots and len(key) >= 6:
            roots = {r for last, rs in by_last.items() if names.typo(key, last) for r in rs}
        if len(roots) > 1 and roots - suffixed:
            roots -= suffixed
        if not roots and form.person_votes_lead():
            roots = set(by_first.get(key, ()))
        if len(roots) == 1:
            uf.union(roots.pop(), key)

    _merge_acronyms(text, forms, uf, parsed)
    person_words = set(by_last) | set(by_first)
    _merge_short_orgs(forms, uf, person_words)
    return forms, uf


def _merge_short_orgs(forms: dict[str, Form], uf: UnionFind, person_words: set[str]) -> None:
    """ "Hofstra" -> "Hofstra University", "Post" -> "New York Post": a one-word ORG that is
    the first or last word of exactly one longer ORG, unless the word is generic ("Committee")."""
    ends: dict[str, set[str]] = defaultdict(set)
    for key, form in forms.items():
        ws = key.split()
        if len(ws) >= 2 and form.majority() == "ORG":
            if ws[0] not in _INSTITUTION_WORDS:  # "Senate" is not "Senate Armed Services..."
                ends[ws[0]].add(uf.find(key))
            ends[ws[-1]].add(uf.find(key))  # but it is "U.S. Senate"
    for key, form in forms.items():
        if " " in key or key in _GENERIC_ORG_WORDS or form.majority() != "ORG":
            continue
        if key in person_words or form.votes()["PERSON"]:
            continue  # "Trump" is not short for "Trump University"
        if names.is_acronym(form.mentions[0].text):
            continue
        roots = ends.get(key, set())
        if len(roots) == 1 and uf.find(key) != next(iter(roots)):
            uf.union(next(iter(roots)), key)


def _merge_acronyms(
    text: str, forms: dict[str, Form], uf: UnionFind, persons: dict[str, names.PersonName]
) -> None:
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
