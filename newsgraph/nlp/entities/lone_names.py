"""2. Merging, lone names: a lone surname ("Obama", "Mr. Obama", "Trump Jr.") or given name
("Hillary") joins the full name it stands for, by the evidence the article gives.

The candidates of a lone name are the sets of the full names with that surname (or, for a
PERSON-voted lone given name, that given name), and, for a surname without an honorific, the
sets of the same surname *with* one ("Mr. Obama" with no "Barack Obama" in the article is a
person of its own). Honorifics split a surname by gender before anything else: "Mr. Obama" and
"Mrs. Obama" are two forms (keys "obama#m", "obama#f"), and a form with an honorific only joins
a set whose gender agrees (its honorifics, else the name list's sure gender of its given name:
"Mr. Obama" is never Michelle Obama). Then every mention goes to the one candidate the evidence
around it leaves:

1. its gender: its honorific, or the he/she right after it (the pronoun only chooses among
   candidates, it never rules out the last one: "Trump said she ..." often means Clinton);
2. its title, when only some candidates carry it ("President Obama" with "President Barack
   Obama" named);
3. a full name of exactly one candidate earlier in its paragraph ("Bill Clinton spoke first.
   Clinton said ...");
4. the given name: a writer who calls one of two namesakes by the given name alone keeps the
   surname for the other ("Dorie Greenspan ... her son Michael Greenspan ... Michael said ...
   Greenspan said": Dorie);
5. the dominant referent: a candidate with at least twice the mentions of every other and two
   more ("Clinton" in an article about Hillary Clinton that names Chelsea Clinton once).

A mention no rule decides stays in a lone, ambiguous entity ("Clinton" beside Hillary and Bill
Clinton named once each). A word mostly used after "in"/"near"/"city of" is a place, not a
surname ("in Jordan").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import count

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Form, Mention, UnionFind
from newsgraph.nlp.entities.spans import PLACE_BEFORE

# Forms of address: they give a gender (or none), never a title that tells people apart.
_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mister", "sir", "madam", "madame", "dr"})


@dataclass
class FullNames:
    """The sets (roots) of the full names by surname, by given name and by surname and suffix
    ("Donald Trump Jr." -> ("trump", "jr")); padded names aside."""

    by_last: dict[str, set[str]]
    by_first: dict[str, set[str]]
    by_suffix: dict[tuple[str, str], set[str]]

    @classmethod
    def of(cls, persons: dict[str, names.PersonName], padded: set[str], uf: UnionFind) -> FullNames:
        """The index of the sets as they are now: "scholz" -> {root of "olaf scholz"}."""
        full = cls(defaultdict(set), defaultdict(set), defaultdict(set))
        for key, p in persons.items():
            if key in padded:
                continue
            root = uf.find(key)
            full.by_last[p.last].add(root)
            full.by_first[p.first].add(root)
            if p.suffix:
                full.by_suffix[(p.last, p.suffix)].add(root)
        return full

    def words(self) -> set[str]:
        """Every surname and given name of the full names ("trump", "donald")."""
        return set(self.by_last) | set(self.by_first)

    def fitting(self, word: str, suffix: str, form: Form) -> set[str]:
        """The sets a lone name can belong to: by surname and suffix ("Trump Jr."), by surname
        ("Bach"), by a one-edit surname at 6+ letters ("Zelensky"), preferring names with no
        suffix ("Trump" -> Donald Trump, not Donald Trump Jr.), else by given name when PERSON
        leads its votes ("Hillary")."""
        if suffix:
            return set(self.by_suffix.get((word, suffix), ()))
        roots = set(self.by_last.get(word, ()))
        if not roots and len(word) >= 6:
            roots = {r for last, rs in self.by_last.items() if names.typo(word, last) for r in rs}
        suffixed = {r for rs in self.by_suffix.values() for r in rs}
        if len(roots) > 1 and roots - suffixed:
            roots -= suffixed
        if not roots and form.person_votes_lead():
            roots = set(self.by_first.get(word, ()))
        return roots


@dataclass
class _Facts:
    """What is known of one candidate set: the gender the article gives it (honorifics, else
    the he/she after its mentions) and the one the name list gives its given name, the titles
    before its mentions, where its full names stand (paragraph, offset), how often it is
    named."""

    gender: str | None = None
    listed: str | None = None
    titles: set[str] = field(default_factory=set)
    named: list[tuple[int, int]] = field(default_factory=list)
    count: int = 0
    given_alone: bool = False  # also called by the given name alone ("Michael")

    def named_before(self, m: Mention) -> bool:
        """A full name of the set stands earlier in the mention's paragraph."""
        return any(para == m.para and start < m.start for para, start in self.named)

    def allows(self, g: str | None) -> bool:
        """A mention of gender ``g`` may be this person: the gender the article gives it, else
        the name list's, is unknown or the same ("Mr. Rossi" is "Andrea Rossi" when "he"
        follows her name, though the list has Andrea as a woman's name)."""
        return g is None or (self.gender or self.listed) in (None, g)


def merge_lone_names(
    text: str,
    forms: dict[str, Form],
    persons: dict[str, names.PersonName],
    padded: set[str],
    uf: UnionFind,
) -> set[str]:
    """Lone names into the full names they stand for (see the module docstring): "Bach" ->
    "Thomas Bach", "Mr. Obama" -> "Barack Obama"; returns the words of the full names (for
    :func:`newsgraph.nlp.entities.organisations.merge_short_orgs`)."""
    full = FullNames.of(persons, padded, uf)
    lone = [k for k, f in forms.items() if _is_lone(text, k, f, persons)]
    # with an honorific first, then the given names (rule 4 needs them placed)
    lone.sort(key=lambda k: ("#" not in k, not _given_only(forms[k], full)))
    fresh = count(1)
    for key in lone:
        form = forms[key]
        candidates = _candidates(key, form, full, forms, uf)
        if not candidates:
            continue
        facts = _facts_of(candidates, forms, persons, uf)
        shares = _assign(form, candidates, facts)
        _apply(key, form, shares, forms, uf, fresh)
    return full.words()


def _is_lone(text: str, key: str, form: Form, persons: dict[str, names.PersonName]) -> bool:
    """A one-word name ("Bach", "Mr. Obama") or a surname with a suffix ("Trump Jr."), not an
    acronym or a place ("in Jordan")."""
    if key in persons or names.is_acronym(form.mentions[0].text):
        return False
    if len(form.base.split()) != 1 and not _suffixed_surname(form):
        return False
    return not _mostly_a_place(text, form)


def _given_only(form: Form, full: FullNames) -> bool:
    """A lone name that is a given name of the article's full names and none's surname
    ("Michael" beside "Michael Greenspan")."""
    return form.base in full.by_first and form.base not in full.by_last


def _suffixed_surname(form: Form) -> names.PersonName | None:
    """ "Trump Jr." parsed (a surname and a suffix), None for anything else."""
    p = names.parse_person(form.mentions[0].text)
    return p if p is not None and p.suffix and not p.first and " " not in p.last else None


def _mostly_a_place(text: str, form: Form) -> bool:
    """No PERSON vote, and at least a third of the mentions after "in", "near", "city of"...:
    "in Jordan"."""
    if form.votes()["PERSON"]:
        return False
    placed = sum(
        1 for m in form.mentions if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
    )
    return placed * 3 >= len(form.mentions)


def _candidates(
    key: str, form: Form, full: FullNames, forms: dict[str, Form], uf: UnionFind
) -> list[str]:
    """The sets a lone name may join: the full names that fit it and, for a surname without
    an honorific, the sets of the same surname with one ("Obama" -> "Mr. Obama")."""
    suffixed = _suffixed_surname(form)
    word, suffix = (suffixed.last, suffixed.suffix) if suffixed else (form.base, "")
    roots = {uf.find(r) for r in full.fitting(word, suffix, form)}
    if "#" not in key and not suffix:
        roots |= {uf.find(k) for k in (f"{word}#m", f"{word}#f") if k in forms}
    roots.discard(uf.find(key))
    return sorted(roots)


def _facts_of(
    roots: list[str],
    forms: dict[str, Form],
    persons: dict[str, names.PersonName],
    uf: UnionFind,
) -> dict[str, _Facts]:
    """The facts of each candidate set, from all its forms as merged so far."""
    facts = {r: _Facts() for r in roots}
    honorifics: dict[str, Counter[str]] = defaultdict(Counter)
    pronouns: dict[str, Counter[str]] = defaultdict(Counter)
    for key, form in forms.items():
        root = uf.find(key)
        fact = facts.get(root)
        if fact is None:
            continue
        for m in form.mentions:
            honorifics[root].update([m.gender] if m.gender else [])
            pronouns[root].update([m.pronoun] if m.pronoun else [])
            if m.title:
                fact.titles.add(m.title)
            if key in persons and m.role != "duplicate":
                fact.named.append((m.para, m.start))
            fact.count += m.kind == "name" and m.role != "duplicate"
        if fact.listed is None and key in persons:
            fact.listed = _given_name_gender(persons[key])
    _mark_given_alone(facts, forms, persons, uf)
    for root, fact in facts.items():
        fact.gender = _one(honorifics[root]) or _one(pronouns[root])
    return facts


def _mark_given_alone(
    facts: dict[str, _Facts],
    forms: dict[str, Form],
    persons: dict[str, names.PersonName],
    uf: UnionFind,
) -> None:
    """Which candidate sets hold a lone form that is their given name ("Michael" in Michael
    Greenspan's set)."""
    given: dict[str, set[str]] = defaultdict(set)
    for key, p in persons.items():
        given[uf.find(key)].add(p.first)
    for key, form in forms.items():
        root = uf.find(key)
        if root in facts and key not in persons and form.base in given[root]:
            facts[root].given_alone = True


def _one(votes: Counter[str]) -> str | None:
    """The gender with more votes, None on a tie: {"m": 2, "f": 1} -> "m"."""
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _given_name_gender(p: names.PersonName) -> str | None:
    """The gender the name list is sure of for a full name's given name (its first spelled-out
    one): "Barack Obama" -> "m", "J. Edgar Hoover" -> "m" (from "Edgar"), "Pat Smith" -> None."""
    given = names.spelled_given(p)
    found = names.given_gender(given) if given else None
    return found[0] if found and found[1] else None


def _assign(
    form: Form, candidates: list[str], facts: dict[str, _Facts]
) -> dict[str, list[Mention]]:
    """The mentions of a lone form by the candidate set each goes to ("" for the undecided)."""
    shares: dict[str, list[Mention]] = defaultdict(list)
    for m in form.mentions:
        allowed = [r for r in candidates if facts[r].allows(m.gender)]
        fit = _fitting(m, allowed, facts)
        if len(fit) != 1:
            fit = [d for d in (_dominant(fit, facts),) if d]
        shares[fit[0] if fit else ""].append(m)
    return shares


def _fitting(m: Mention, candidates: list[str], facts: dict[str, _Facts]) -> list[str]:
    """The candidates left for one mention by its gender, its title and a full name before it
    in its paragraph; each rule only narrows a choice of several and never rules out all:
    "Obama said she" with Barack and Michelle Obama -> [Michelle's set]."""
    g = m.gender or m.pronoun
    title = m.title if m.title not in _ADDRESS else ""
    rules = (
        (lambda r: facts[r].allows(g)) if g else None,
        (lambda r: title in facts[r].titles) if title else None,
        lambda r: facts[r].named_before(m),
    )
    fit = candidates
    for keep in rules:
        if len(fit) < 2:
            break
        narrowed = [r for r in fit if keep(r)] if keep is not None else fit
        fit = narrowed or fit
    return _not_called_by_given_name(fit, facts)


def _not_called_by_given_name(candidates: list[str], facts: dict[str, _Facts]) -> list[str]:
    """Of namesakes, the writer keeps the surname for the one not called by the given name
    alone ("Michael Greenspan ... Michael said" leaves "Greenspan" to Dorie Greenspan), unless
    the one called so is named in full as often (an article that says "Hillary" for Hillary
    Clinton still means her by "Clinton")."""
    if len(candidates) < 2:
        return candidates
    kept = [r for r in candidates if not facts[r].given_alone]
    out = [r for r in candidates if facts[r].given_alone]
    if not kept or not out:
        return candidates
    if max(len(facts[r].named) for r in kept) <= max(len(facts[r].named) for r in out):
        return candidates
    return kept


def _dominant(candidates: list[str], facts: dict[str, _Facts]) -> str | None:
    """The candidate named at least twice as often as every other, and twice more: 6 against
    2 and 1 -> it; 3 against 2 -> None."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda r: -facts[r].count)
    if len(ranked) == 1:
        return ranked[0]
    best, second = facts[ranked[0]].count, facts[ranked[1]].count
    return ranked[0] if best >= 2 * second and best >= second + 2 else None


def _apply(
    key: str,
    form: Form,
    shares: dict[str, list[Mention]],
    forms: dict[str, Form],
    uf: UnionFind,
    fresh: count[int],
) -> None:
    """Join the form to the one set all its mentions go to, or split off the mentions that go
    elsewhere as forms of their own ("clinton@1" into Hillary Clinton's set)."""
    decided = {root: ms for root, ms in shares.items() if root}
    if len(decided) == 1 and not shares.get(""):
        uf.union(next(iter(decided)), key)
        return
    for root, ms in decided.items():
        part = Form(f"{form.base}@{next(fresh)}", ms)
        forms[part.key] = part
        uf.union(root, part.key)
    form.mentions = shares.get("", [])
    if not form.mentions:
        del forms[key]
