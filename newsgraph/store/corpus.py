"""Cross-article entity merging: which per-article entities are the same corpus-level entity.

The rule is conservative (a wrong merge puts words in someone else's mouth; a missed merge only
splits a count) and deterministic: the result depends on the set of stored articles, never on the
order they were ingested in. See ``docs/store.md`` for the user-facing description.

1. **Same name, same type.** Every per-article entity has a *key*: its canonical name, Unicode
   NFKC-normalised, casefolded, with punctuation, a leading "the", a possessive "'s" and (for
   people) single-letter middle initials removed; a "Jr."/"Sr."/"III" suffix stays part of it. (A person the
   article calls "Trump" whose aliases hold exactly one full name with that surname, "Donald
   Trump", is keyed by that full name.) Entities with the
   same ``(type, key)`` are one *name group* (one ``corpus_entities`` row, created on first sight
   and never renumbered).
2. **Acronym ↔ expansion.** An all-capitals name of 2-6 letters ("IOC", "U.S.") links to the name
   group whose initials (skipping "of", "the", "and"...) spell it, same type: first an entity of
   the same article if exactly one fits, else a name group of the corpus if exactly one fits.
3. **Lone surname.** A one-word PERSON ("Bach") links to a full-named PERSON whose last name it
   is: within its own article the one that fits, or the one the article is about; else, in the
   whole corpus, the one name group that fits or the one that owns the surname by its mentions
   (``newsgraph.store.linking.article_owner`` and ``surname_owner``); where the article alone
   cannot tell two namesakes apart, the corpus's owner if the article names that person most
   too (``article_lead``). Two different Smiths are two name groups, so a lone "Smith" that
   neither owns stays its own entity.

Rule 1 only ever adds groups. Rules 2-3 at corpus level are recomputed for the affected
acronyms/surnames whenever a new name group appears, and surname ownership whenever a
namesake's mention count changes (see ``Store.refresh_names``), which is what keeps the outcome
independent of ingest order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "&", "on", "in", "to", "a", "an", "de"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^\w\s&-]+")
_SPACE = re.compile(r"[\s-]+")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
_CORPUS_ID = re.compile(r"[Cc]\d+")


def corpus_id(number: int) -> str:
    """The public id of corpus entity ``number`` (``"C12"``)."""
    return f"C{number}"


def parse_corpus_id(value: str) -> int | None:
    """``"C12"`` (or ``"c12"``) → 12; anything else → None."""
    if _CORPUS_ID.fullmatch(value.strip()):
        return int(value.strip()[1:])
    return None


def normalise(name: str) -> str:
    """Casefolded, punctuation-free, whitespace-collapsed form of a name (for alias matching)."""
    text = unicodedata.normalize("NFKC", name).strip()
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub("", text).casefold()
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def name_key(name: str, type_: str) -> str:
    """The merge key of rule 1 (for PERSON: without middle initials; a Jr./Sr./III suffix is
    part of the name, so Donald Trump Jr. is not Donald Trump)."""
    key = normalise(name)
    if type_ == "PERSON":
        words, suffixes = _split_suffixes(key.split())
        if len(words) > 2:
            words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
        key = " ".join(words + suffixes)
    return key


def _split_suffixes(words: list[str]) -> tuple[list[str], list[str]]:
    """``["donald", "trump", "jr"]`` → ``(["donald", "trump"], ["jr"])``."""
    cut = len(words)
    while cut > 1 and words[cut - 1] in NAME_SUFFIXES:
        cut -= 1
    return words[:cut], words[cut:]


def entity_key(name: str, type_: str, aliases: Iterable[str] = ()) -> str:
    """The key of a per-article entity: of its name, except that a PERSON named by a lone
    surname whose aliases hold exactly one full name with that surname ("Trump" with alias
    "Donald Trump": the article's own merge already joined them) takes the full name's key."""
    key = name_key(name, type_) or name.casefold()
    if is_lone_surname(key, type_):
        full = {k for a in aliases if surname(k := name_key(a, type_), type_) == key}
        if len(full) == 1:
            return full.pop()
    return key


def is_lone_surname(key: str, type_: str) -> bool:
    return type_ == "PERSON" and bool(key) and " " not in key


def surname(key: str, type_: str) -> str | None:
    """The last name of a full-named PERSON key (two words or more before any Jr./Sr.
    suffix: "donald trump jr" → "trump"), else None."""
    if type_ != "PERSON":
        return None
    words, _ = _split_suffixes(key.split())
    return words[-1] if len(words) >= 2 else None


def acronym_of(name: str) -> str | None:
    """``"IOC"``/``"U.S."`` → ``"ioc"``/``"us"`` when the name is written as an acronym."""
    compact = unicodedata.normalize("NFKC", name).strip().replace(" ", "")
    if not _ACRONYM.match(compact):
        return None
    return compact.replace(".", "").casefold()


def initials(key: str) -> str | None:
    """The initials of a multi-word name key, skipping function words (None for one word)."""
    words = [w for w in key.split() if w not in ACRONYM_STOPWORDS]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words)


def unique(items: Iterable[int]) -> int | None:
    """The single distinct item, or None when there are none or several."""
    found = set(items)
    return found.pop() if len(found) == 1 else None
