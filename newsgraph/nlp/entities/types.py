"""3. Types: the weighted majority of an entity's mentions, corrected by the context.

Mentions in duplicate paragraphs and headlines hardly vote. PERSON wins on name evidence (a
merged full person name, a given name known from another person, an honorific, an age
appositive) and on speech: the subject of a verb of saying whose complement has he/she for
subject, or with a given name the name list is sure of ("Nadia Jamil said she ...", typed ORG). GPE and LOC votes
are pooled against the rest, with "in X" as extra place votes. A PERSON with no such evidence
takes the type its context gives (:func:`context_type`: "on Twitter", "in Keele"; "La CGT").

Before merging, :func:`retype_forms` corrects the labels of each surface form by the parse
around its mentions, so that merging follows: a plural name is a group ("Canadians"), a name
apposed to an organisation or work noun is one ("one of the outlets, Der Spiegel"), a name the
context makes a person's is PERSON ("Mulder didn't hesitate. '...,' he said").
"""

from __future__ import annotations

import re
from collections import Counter

from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Entity, Form, Mention
from newsgraph.nlp.entities.spans import PLACE_BEFORE
from newsgraph.nlp.quotes.lexicon import ORG_NOUNS, PEOPLE_NOUNS, PERSON_NOUNS

PLACE_TYPES = ("GPE", "LOC")
_PLACES = frozenset(PLACE_TYPES)
# The preposition right before a mention, and the type it gives a name that is no person's:
# a platform or an outlet "on"/"via" ("on Twitter"), a place "in", "at", "near"... ("in Keele").
_PREPOSITION_BEFORE = re.compile(
    r"\b(on|via|in|at|near|from|into|outside|inside|across|throughout)\s+$", re.IGNORECASE
)
_PREPOSITION_TYPE = {"on": "ORG", "via": "ORG"}  # any other: GPE
# Common nouns that, in apposition, say what a name is ("her book, Living History"; "one of
# the largest outlets, Der Spiegel"; "Nunes, a resident of ..."): semantic classes.
_WORK_NOUNS = frozenset(
    {"book", "cookbook", "novel", "memoir", "biography", "film", "movie", "documentary"}
    | {"song", "album", "play", "poem", "painting"}
)
_PERSON_NOUNS = PERSON_NOUNS | PEOPLE_NOUNS | names.ROLE_NOUNS
_STORY_SKIP = ("title", "duplicate")
_THE_BEFORE = re.compile(r"\bthe\s$", re.IGNORECASE)


def retype_forms(forms: dict[str, Form], text: str) -> None:
    """Correct the spaCy labels of a form's mentions by their context, before merging (so
    that merging follows): a one-word plural proper noun that is no person's name is a group
    ("Canadians aged 40 ...", tagged PERSON -> NORP; "the Clintons" stays); a PERSON-tagged name
    apposed to an organisation or a work noun is one ("one of the outlets, Der Spiegel"; "her
    book, Living History"); a name of another type is a person's (:func:`_person_by_context`)
    when the context says so ("Mulder didn't hesitate. '...,' he said", tagged GPE; "Amanda
    Nunes ... when she", tagged ORG)."""
    for key, form in forms.items():
        story = [m for m in form.mentions if m.role not in _STORY_SKIP] or form.mentions
        if all(m.plural for m in story) and " " not in key:
            if not _singular_is_a_person(key, forms):
                _as_group(form)
            continue
        label = form.majority()
        if label == "PERSON":
            kind = _apposed_kind(story)
            if kind and not _name_like(form, story):
                _relabel(form, kind)
        elif label != "NORP" and _person_by_context(key, story, text):
            _relabel(form, "PERSON")


def _strong_cue(m: Mention) -> bool:
    """The mention says it is a person's name: the subject of a verb of saying with a he/she
    subject in what it says, a relative "who", a person noun in apposition ("Kimbal" in
    "Musk's brother, Kimbal")."""
    return m.speaks_as is not None or m.who or m.apposed in _PERSON_NOUNS


def _apposed_kind(story: list[Mention]) -> str | None:
    """ORG or WORK_OF_ART when at least half of the mentions are apposed to an organisation or
    a work noun."""
    kinds = Counter(
        "ORG" if m.apposed in ORG_NOUNS else "WORK_OF_ART"
        for m in story
        if m.apposed in ORG_NOUNS or m.apposed in _WORK_NOUNS
    )
    kind = kinds.most_common(1)[0] if kinds else None
    return kind[0] if kind and 2 * kind[1] >= len(story) else None


def _name_like(form: Form, story: list[Mention]) -> bool:
    """Person evidence that outweighs an apposition: a strong cue, an honorific or age, a first
    word the name list knows ("Bill Clinton" in "the organization Bill Clinton used")."""
    if any(_strong_cue(m) or m.person_evidence for m in story):
        return True
    return names.given_gender(story[0].text.split()[0]) is not None


def _person_by_context(key: str, story: list[Mention], text: str) -> bool:
    """A strong cue (:func:`_strong_cue`), or a he/she referring back to it as a subject, for
    at least half of the story mentions, once with a strong cue; a multiword name starting with
    a given name the list knows, or after a strong cue. Never a name that holds an acronym
    or ends in an organisation noun ("Sierra Club"), follows "in"/"near"/"city of" or is
    apposed to an organisation or work noun."""
    story = [m for m in story if _may_be_a_name(m, text)]
    strong = sum(_strong_cue(m) for m in story)
    cues = sum(_strong_cue(m) or (m.refers and not _quoted(m, text)) for m in story)
    if not cues or (2 * cues < len(story) and not (strong and _sure_given_name(key))):
        return False
    ws = key.split()
    if names.holds_acronym(story[0].text) or ws[-1] in ORG_NOUNS or _apposed_kind(story):
        return False
    if any(PLACE_BEFORE.search(text, max(0, m.start - 20), m.start) for m in story):
        return False
    return strong > 0 or len(ws) == 1 or names.given_gender(story[0].text.split()[0]) is not None


def _may_be_a_name(m: Mention, text: str) -> bool:
    """A mention that can be a person's name: not after "the" ("The Hill reported. ... he"),
    no acronym ("CNN"), not in capitals (a dateline: "WASHINGTON ―")."""
    if _THE_BEFORE.search(text, max(0, m.start - 4), m.start):
        return False
    return not (names.is_acronym(m.text) or m.text.isupper())


def _quoted(m: Mention, text: str) -> bool:
    """The mention is inside a quotation of its paragraph (more opening than closing marks,
    or an odd number of straight ones, before it): the he/she after it is often the one who
    speaks ("'I'm not sure America's going to ...,' he said")."""
    before = text[text.rfind("\n", 0, m.start) + 1 : m.start]
    opened = before.count("“") - before.count("”")
    return opened > 0 or before.count('"') % 2 == 1


def _singular_is_a_person(key: str, forms: dict[str, Form]) -> bool:
    """ "clintons": "Clinton" is a PERSON form or a full person name's last word; "sparkes" is
    the surname of "Vern Sparkes"."""
    stems = {key, key[:-1], key[:-2]} if key.endswith("es") else {key, key[:-1]}
    for k, f in forms.items():
        if f.person_votes_lead() and (k in stems or k.rsplit(" ", 1)[-1] in stems):
            return True
    return False


def _as_group(form: Form) -> None:
    """A plural name is no person: PERSON labels become NORP, person evidence goes."""
    for m in form.mentions:
        m.person_evidence = m.who = m.refers = False
        m.speaks_as = None
        if m.label == "PERSON":
            m.label = "NORP"


def _relabel(form: Form, label: str) -> None:
    for m in form.mentions:
        m.label = label


def decide_type(ent: Entity, text: str, given: set[str], person_words: set[str]) -> str:
    """The entity's type: "Volodymyr Androshchuk" tagged ORG -> PERSON ("Volodymyr" is known
    from Volodymyr Zelenskyy), "Bakhmut" tagged ORG twice and GPE once, "in Bakhmut" -> GPE,
    "Twitter" tagged PERSON, "on Twitter" -> ORG; ``given``: the given names of the article's
    full person names, ``person_words``: their given names and surnames."""
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        votes[m.label] += m.weight or 1
    if _is_person(ent, votes, given) or _speaks_as_a_person(ent, votes):
        return "PERSON"
    label = _place_type(ent, votes, text) or _leading_label(ent, votes)
    if label == "PERSON" and not _any_person_evidence(ent, person_words):
        return context_type(ent, votes, text) or label
    return label


def _is_person(ent: Entity, votes: Counter[str], given: set[str]) -> bool:
    """Person evidence, and PERSON votes or no place votes: "Scholz" (ORG) after "Chancellor"."""
    evidence = _person_evidence(ent, votes, given)
    return evidence and (votes["PERSON"] > 0 or not votes.keys() & _PLACES)


def _person_evidence(ent: Entity, votes: Counter[str], given: set[str]) -> bool:
    """A merged full person name ("Thomas Bach" with "Bach"), a two- or three-word form that
    starts with a known given name while PERSON is (nearly) leading, or a mention's honorific,
    role noun or age ("Mr Scholz", "Androshchuk, 22,")."""
    if _merged_full_person_name(ent):
        return True
    for f in ent.forms:
        ws = f.key.split()
        if 2 <= len(ws) <= 3 and ws[0] in given and votes["PERSON"] + 1 >= max(votes.values()):
            return True
    return any(m.person_evidence for m in ent.mentions)


def _speaks_as_a_person(ent: Entity, votes: Counter[str]) -> bool:
    """A mention is the subject of a verb of saying whose complement has he/she for subject
    ("Rodri said he was delighted", typed GPE), or, without place votes, with a two- or
    three-word name whose given name the list is sure of ("Kevin Vickers told reporters",
    typed ORG)."""
    speaking = [m for m in ent.mentions if m.speaks]
    if not speaking:
        return False
    if any(m.speaks_as for m in speaking):
        return True
    return not votes.keys() & _PLACES and any(_sure_given_name(f.key) for f in ent.forms)


def _sure_given_name(key: str) -> bool:
    """A two- or three-word name whose first word the name list is sure of: "kevin vickers"."""
    ws = key.split()
    found = names.given_gender(ws[0]) if 2 <= len(ws) <= 3 else None
    return found is not None and found[1]


def _any_person_evidence(ent: Entity, person_words: set[str]) -> bool:
    """Anything that says a PERSON-typed name is a person's: a multiword name that is no
    organisation's (no acronym in it: "La CGT"), a given name the list knows, a word of a full
    person name of the article ("Closs" beside "Jayme Closs"), a title, an honorific, an age,
    a he/she after it."""
    for f in ent.forms:
        ws = names.words(f.mentions[0].text)
        if len(ws) > 1:
            if not names.holds_acronym(f.mentions[0].text):
                return True
        elif ws and (ws[0].casefold() in person_words or names.given_gender(ws[0]) is not None):
            return True
    return any(m.person_evidence or m.pronoun for m in ent.mentions)


def context_type(ent: Entity, votes: Counter[str], text: str) -> str | None:
    """The type the context gives a PERSON-typed name with no person evidence, when every
    story mention follows a preposition, or the name holds an acronym ("La CGT"): spaCy's next
    label for it if any ("Heathrow" tagged FAC once), else the type of its prepositions ("on
    Twitter" -> ORG, "in Keele" -> GPE) or ORG for the acronym; None otherwise ("Trump's")."""
    others = [t for t, _ in votes.most_common() if t != "PERSON"]
    story = [m for m in ent.mentions if m.role not in ("title", "duplicate")]
    preps = [_PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start) for m in story]
    if story and all(preps):
        kinds = Counter(_PREPOSITION_TYPE.get(p.group(1).casefold(), "GPE") for p in preps if p)
        return others[0] if others else kinds.most_common(1)[0][0]
    if any(names.holds_acronym(f.mentions[0].text) for f in ent.forms):
        return others[0] if others else "ORG"
    return None


def _merged_full_person_name(ent: Entity) -> bool:
    """Several forms, one a multiword name PERSON leads: "Thomas Bach" + "Bach"."""
    return any(len(f.key.split()) >= 2 and f.person_votes_lead() for f in ent.forms) and (
        len(ent.forms) > 1
    )


def _place_type(ent: Entity, votes: Counter[str], text: str) -> str | None:
    """GPE or LOC when the pooled place votes, plus a vote for each mention after "in",
    "near", "city of"..., beat every other label: "Bakhmut" (ORG 8, GPE 4, "in Bakhmut" twice)."""
    if not votes.keys() & _PLACES:
        return None
    place = sum(votes[t] for t in PLACE_TYPES)
    for m in ent.mentions:
        if PLACE_BEFORE.search(text, max(0, m.start - 20), m.start):
            place += m.weight
    best_other = max((v for t, v in votes.items() if t not in PLACE_TYPES), default=0)
    return max(PLACE_TYPES, key=lambda t: votes[t]) if place > best_other else None


def _leading_label(ent: Entity, votes: Counter[str]) -> str:
    """The label with most votes; on a tie, the label of the first body mention among the
    leaders ("Trump": ORG 4, PERSON 4, first seen as PERSON)."""
    top = max(votes.values())
    for m in ent.mentions:
        if votes[m.label] == top and m.role == "body":
            return m.label
    return votes.most_common(1)[0][0]
