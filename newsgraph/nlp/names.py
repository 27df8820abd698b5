"""Name helpers for the entity pass: normalising, parsing person names, acronyms, typos.

Pure string functions (no spaCy), so they are cheap and testable alone. rapidfuzz does the edit
distances; what it cannot know (that "Hillary" and "Bill" are different people while "Thoms" and
"Thomas" are one, that "IOC" abbreviates "International Olympic Committee") is written here as
small, explicit rules:

- two *given* names are the same when equal, when one is the other's initial ("J." / "John"), or
  when both are at least 5 letters long and one edit apart (OSA distance 1: "Thoms"/"Thomas",
  "Dymtro"/"Dmytro"); short names one edit apart are different people ("Mark"/"Mary");
- two *surnames* are the same when equal or, at 5+ letters, one edit apart ("Zelensky"/"Zelenskyy");
- an acronym matches a phrase whose capitalised words' initials spell it, with or without the
  small function words ("FBI" = "Federal Bureau of Investigation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser.config import CONSTANTS
from nicknames import NickNamer
from rapidfuzz.distance import OSA

from newsgraph.nlp.given_names import is_given_name, name_gender

# Titles and honorifics that may stand inside a PERSON span ("Mr. Trump", "President Obama").
# Lowercased, without the final period. The value is the gender they imply, if any.
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "lady": "f",
    "dame": "f",
    "dr": None,
    "prof": None,
    "professor": None,
    "president": None,
    "vice": None,
    "sen": None,
    "senator": None,
    "rep": None,
    "representative": None,
    "gov": None,
    "governor": None,
    "gen": None,
    "general": None,
    "col": None,
    "capt": None,
    "sgt": None,
    "lt": None,
    "adm": None,
    "minister": None,
    "secretary": None,
    "chancellor": None,
    "mayor": None,
    "judge": None,
    "justice": None,
    "rev": None,
    "pope": None,
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "st": None,
}

# Abbreviated titles and the word they stand for ("Sen. Ted Cruz" and "Senator Cruz" share one).
TITLE_SPELLINGS: dict[str, str] = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "sgt": "sergeant",
    "lt": "lieutenant",
    "adm": "admiral",
    "prof": "professor",
    "rev": "reverend",
    "mister": "mr",
}

# English nouns with a gender: "-man"/"-woman" roles, "-ess" feminines, kinship, nobility.
# (Masculine, feminine) pairs; "actor", "host", "waiter" are used for anyone and are left out.
_GENDERED_PAIRS = [
    *(
        (f"{stem}man", f"{stem}woman")
        for stem in (
            "chair",
            "spokes",
            "congress",
            "business",
            "council",
            "assembly",
            "alder",
            "sports",
            "police",
            "news",
            "anchor",
            "camera",
            "committee",
            "states",
        )
    ),
    ("man", "woman"),
    ("boy", "girl"),
    ("gentleman", "lady"),
    ("husband", "wife"),
    ("son", "daughter"),
    ("father", "mother"),
    ("brother", "sister"),
    ("grandfather", "grandmother"),
    ("grandson", "granddaughter"),
    ("uncle", "aunt"),
    ("nephew", "niece"),
    ("boyfriend", "girlfriend"),
    ("fiance", "fiancee"),
    ("widower", "widow"),
    ("dad", "mom"),
    ("stepfather", "stepmother"),
    ("stepson", "stepdaughter"),
    ("king", "queen"),
    ("prince", "princess"),
    ("duke", "duchess"),
    ("", "countess"),
    ("baron", "baroness"),
    ("emperor", "empress"),
    ("lord", "lady"),
    ("sir", "dame"),
    ("monk", "nun"),
    ("heir", "heiress"),
    ("steward", "stewardess"),
    ("godfather", "godmother"),
    ("schoolboy", "schoolgirl"),
    ("", "actress"),
    ("", "mum"),
    ("", "hostess"),
    ("", "waitress"),
    ("", "mistress"),
    ("", "goddess"),
    ("", "priestess"),
]
# Words that, standing right before or inside a name, say something about the person's gender.
GENDERED_WORDS: dict[str, str] = {
    **{k: v for k, v in HONORIFICS.items() if v},
    **{m: "m" for m, _ in _GENDERED_PAIRS if m},
    **{f: "f" for _, f in _GENDERED_PAIRS},
    "he": "m",
    "his": "m",
    "him": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

# The common verbs of saying (lemmas): their subject speaks, as people (and organisations) do.
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "ask",
        "explain",
        "write",
        "tweet",
        "note",
        "insist",
        "argue",
        "claim",
        "reply",
        "respond",
        "warn",
        "state",
        "announce",
        "declare",
        "testify",
        "recall",
        "confirm",
        "deny",
        "acknowledge",
        "admit",
        "complain",
    ]
)

# Personal pronouns and the gender they give.
PRONOUN_GENDER: dict[str, str] = {
    **dict.fromkeys(("he", "his", "him", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}

# Role nouns that, right before a name, say it is a person's ("Chancellor Olaf Scholz",
# "Ukrainian leader Volodymyr Zelenskyy", "figure skater Dmytro Sharpar").
ROLE_NOUNS = frozenset(
    {k for k, v in HONORIFICS.items()}
    | set(
        [
            "leader",
            "minister",
            "chancellor",
            "premier",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "chairman",
            "chairwoman",
            "chair",
            "ceo",
            "director",
            "coach",
            "athlete",
            "skater",
            "player",
            "candidate",
            "nominee",
            "mayor",
            "ambassador",
            "actor",
            "actress",
            "singer",
            "rapper",
            "writer",
            "author",
            "daughter",
            "son",
            "wife",
            "husband",
            "mother",
            "father",
            "brother",
            "sister",
            "widow",
            "aide",
            "adviser",
            "advisor",
            "official",
            "lawyer",
            "attorney",
            "prosecutor",
            "host",
            "anchor",
            "reporter",
            "correspondent",
            "economist",
            "analyst",
            "commissioner",
            "founder",
            "chief",
            "boss",
            "manager",
            "striker",
            "captain",
            "champion",
            "star",
            "president",
            "senator",
            "governor",
            "congressman",
            "congresswoman",
            "lawmaker",
            "politician",
            "businessman",
            "businesswoman",
            "billionaire",
            "archbishop",
            "bishop",
            "cardinal",
            "pastor",
            "rabbi",
            "imam",
        ]
    )
)

# Generational and other suffixes that end a name ("Donald Trump Jr.", "John Smith III", "Esq."):
# nameparser's list of suffixes that are not post-nominal acronyms, in Latin script. Spellings of
# one suffix compare equal ("Junior" = "Jr.").
NAME_SUFFIXES = frozenset(
    s for s in CONSTANTS.suffix_not_acronyms if s.isascii() and s.isalpha() and len(s) > 1
)
_SUFFIX_SPELLINGS = {"junior": "jr", "jnr": "jr", "snr": "sr", "esquire": "esq"}
# Words skipped when spelling an acronym from a phrase ("Federal Bureau of Investigation" -> FBI).
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "&", "to", "at", "de", "du"})
# Surname particles that stay part of the surname ("van Gogh", "de la Cruz").
PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "della", "di", "la", "le", "bin", "al", "der"}
)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_ROMAN = re.compile(r"[IVXLC]+")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}s?$|^[A-Z][A-Z&]{1,6}s?$")


def norm(text: str) -> str:
    """Key for comparing surface forms: case, spacing, quote style and periods ignored."""
    text = text.translate(_QUOTES).replace(".", "")
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    """The words of a name, periods and commas dropped ("Donald J. Trump" -> Donald, J, Trump)."""
    return [w for w in re.split(r"[\s,]+", text.translate(_QUOTES).replace(".", " ")) if w]


@lru_cache(maxsize=16384)
def is_acronym(text: str) -> bool:
    """ "IOC", "NOCs", "U.S.", "AT&T": short all-capitals tokens (optionally with a plural s)."""
    return bool(_ACRONYM.match(text.replace(" ", ""))) and sum(c.isupper() for c in text) >= 2


def holds_acronym(text: str) -> bool:
    """A name of several words with an acronym after the first word, not all of them capitals
    (a shouted name) and not a numeral suffix: "La CGT", "Junge SVP"; not "Charles Keating
    IV", "HILLARY CLINTON", "George H.W. Bush" or "AWR Hawkins" (initials come first)."""
    ws = words(text)
    caps = [
        w
        for w in ws[1:]
        if is_acronym(w) and not _ROMAN.fullmatch(w) and w.casefold() not in NAME_SUFFIXES
    ]
    shouted = all(w.isupper() for w in ws)
    return bool(caps) and not shouted and not any("." in w for w in text.split())


def acronym_key(text: str) -> str:
    """ "U.S." -> "US", "NOCs" -> "NOC": the letters an acronym is compared by."""
    text = text.replace(".", "").replace(" ", "")
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        text = text[:-1]
    return text.upper()


@lru_cache(maxsize=16384)
def initials(text: str) -> frozenset[str]:
    """The acronyms a phrase may abbreviate: initials of its words, with and without the
    function words ("Federal Bureau of Investigation" -> {"FBI", "FBOI"})."""
    ws = [w for w in words(text) if w[:1].isalpha()]
    content = [w for w in ws if w.casefold() not in FUNCTION_WORDS]
    if len(ws) < 2 or len(content) < 2 or not all(w[0].isupper() for w in content):
        return frozenset()
    small = "".join(w[0] for w in ws if w[0].isupper() or w.casefold() in FUNCTION_WORDS)
    return frozenset({"".join(w[0] for w in content).upper(), small.upper()})


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given name, middle parts, surname and suffix (all normalised)."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str = ""

    @property
    def full(self) -> bool:
        return bool(self.first) and bool(self.last)


@lru_cache(maxsize=16384)
def parse_person(text: str) -> PersonName | None:
    """Split "Donald J. Trump Jr." into first/middle/last/suffix; None if not name-shaped.

    Leading honorifics are skipped; a one-word name is returned as a bare surname.
    """
    ws = words(text)
    while ws and ws[0].casefold() in HONORIFICS and len(ws) > 1:
        ws = ws[1:]
    suffix = ""
    if len(ws) > 1 and ws[-1].casefold() in NAME_SUFFIXES:
        suffix = _SUFFIX_SPELLINGS.get(ws[-1].casefold(), ws[-1].casefold())
        ws = ws[:-1]
    if not ws or len(ws) > 5 or not all(w[:1].isupper() or w.casefold() in PARTICLES for w in ws):
        return None
    if len(ws) == 1:
        return PersonName("", (), ws[0].casefold(), suffix)
    # the surname takes particles before it: "Ludwig van Beethoven"
    i = len(ws) - 1
    while i > 1 and ws[i - 1].casefold() in PARTICLES:
        i -= 1
    last = " ".join(ws[i:]).casefold()
    return PersonName(ws[0].casefold(), tuple(w.casefold() for w in ws[1:i]), last, suffix)


def given_gender(word: str) -> tuple[str, bool] | None:
    """The name list's gender for a word used as a given name (see
    :func:`newsgraph.nlp.given_names.name_gender`), None for a title or role the list also has
    as a name: "Michelle" -> ("f", True); "General" (Motors), "Judge" -> None."""
    w = word.casefold().rstrip(".")
    if w in HONORIFICS or w in ROLE_NOUNS:
        return None
    return name_gender(w)


def spelled_given(p: PersonName) -> str:
    """The first given name spelled out: "J. Edgar Hoover" -> "edgar", "Ted Cruz" -> "ted"."""
    return next((w for w in (p.first, *p.middle) if len(w) > 1), "")


def typo(a: str, b: str) -> bool:
    """One edit apart (OSA: insertion, deletion, substitution or transposition), 5+ letters."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or (a[0] != b[0] and a[:2] != b[1::-1]):
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


def same_given(a: str, b: str) -> bool:
    """Given names that may be one person's: equal, an initial of the other, a short form of
    the other ("Ken"/"Kenneth", "Chuck"/"Charles") or a typo ("Thoms"/"Thomas"); never two
    names the name list knows ("Ivana"/"Ivanka")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if is_short_form(a, b):
        return True
    return typo(a, b) and not (is_given_name(a) and is_given_name(b))


@lru_cache(maxsize=1)
def _nicknames() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=4096)
def is_short_form(a: str, b: str) -> bool:
    """One given name is the other's short form, in the ``nicknames`` package's table of
    English hypocorisms (2,600 pairs, both ways): "Chuck"/"Charles", "Pete"/"Peter",
    "Sandy"/"Sandra"; not "Ivana"/"Ivanka", "Ted"/"Ed" or "Liz"/"Beth"."""
    a, b = a.casefold().rstrip("."), b.casefold().rstrip(".")
    table = _nicknames()
    return b in table.nicknames_of(a) or a in table.nicknames_of(b)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Two full names that can be the same person ("Donald J. Trump"/"Donald Trump",
    "Thoms Bach"/"Thomas Bach"); never "Hillary Clinton"/"Bill Clinton" or "Donald Trump"/
    "Donald Trump Jr."."""
    if not (a.full and b.full) or a.suffix != b.suffix:
        return False
    if not (a.last == b.last or typo(a.last, b.last)):
        return False
    if not same_given(a.first, b.first):
        return False
    # both spelled out, different middle names: different people ("John Paul Smith"/"John Mark Smith")
    if a.middle and b.middle:
        ma, mb = a.middle[0], b.middle[0]
        if len(ma) > 1 and len(mb) > 1 and not typo(ma, mb):
            return False
        if ma[0] != mb[0]:
            return False
    return True


def fuzzy_kind(a: PersonName, b: PersonName) -> str:
    """ "exact" when first and last agree letter for letter, else "fuzzy" (a typo or initial)."""
    return "exact" if a.first == b.first and a.last == b.last else "fuzzy"
