"""``newsgraph_entities``: spaCy's entity mentions merged into document-level entities.

Reads: ``doc.ents`` (spaCy NER), ``doc._.ng_paragraphs`` (``[{"start", "end", "role"}]``),
sentences, tokens' ``pos_``.
Writes: ``doc._.ng_entities``::

    [{"id": "E1", "name": "Thomas Bach", "type": "PERSON", "aliases": ["Thomas Bach", "Bach", ...],
      "mentions": [{"start", "end", "text", "role"}],
      "_descriptors": ["IOC President", "president"],   # private: for the quote component
      "_gender": "m" | "f" | None}]                       # private

Entities are ordered by their first body mention (entities seen only in captions etc. come last,
by first mention) and numbered E1, E2...; mentions are sorted by offset; ``name`` is the
canonical name (most words, then most frequent spelling); ``aliases`` every distinct surface form
of the *name* (descriptor mentions such as "IOC President" are mentions, not aliases).

How it works (deterministic; linear in tokens, quadratic only in distinct surface forms):

1. **Mentions.** Every ``doc.ents`` span of a reported type (``newsgraph.model.EntityType``) is
   clipped to the paragraph it starts in (nothing crosses a paragraph break), cut before a photo
   credit marker ("Bakhmut ©Office of Ukraine" -> "Bakhmut"; spans after the marker are dropped),
   and trimmed: surrounding spaces and punctuation, a possessive "'s"/"’s", a leading "the" and,
   in PERSON spans, leading honorifics ("Mr.", "President"). A capitalised "The" in mid-sentence
   is kept as part of the name ("in The Hague"); lowercase "the" and sentence-initial "The" go,
   so "the Olympic Movement" is reported as "Olympic Movement". Mentions in ``credit`` and
   ``boilerplate`` paragraphs are dropped; others keep their paragraph's role (captions are
   reported as ``caption``, never as ``body``). Junk goes: no capital letter ("boycotts"), fewer
   than two characters, no letter at all.
2. **Merging** (union-find over normalised surface forms): equal forms; two full person names that
   can be one person (:func:`newsgraph.nlp.names.same_person`: "Donald J. Trump" = "Donald Trump",
   "Thoms Bach" = "Thomas Bach"; a spelling variant merges only when it is rare and the two never
   share a paragraph); a lone surname (or given name) into the one full name that fits it, left
   alone when two full names share it ("Clinton" with Hillary and Bill Clinton); an acronym with
   its expansion, from "Expansion (ACR)" / "ACR [Expansion]" or, when unique, from initials.
3. **Types** by the weighted majority of the mentions (duplicate paragraphs do not vote), with
   PERSON evidence from names (a merged full person name, a given name known from another
   PERSON, an honorific, an age appositive ", a 22-year-old") and place evidence ("in Bakhmut").
4. **Descriptors.** Role phrases right before a person's name ("Polish Sports Minister Kamil
   Bortniczuk") are kept in ``_descriptors``; later "the <descriptor>" phrases ("the IOC
   President", "the minister") become mentions of the one entity they fit (none if several fit).
5. **Gender** hint from honorifics, gendered role nouns and the first he/she pronoun after a
   mention in its sentence with no other person in between (majority vote).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.model import ENTITY_TYPES
from newsgraph.nlp import names
from newsgraph.nlp.extensions import register_extensions

register_extensions()

SKIP_ROLES = frozenset({"credit", "boilerplate"})
PLACE_TYPES = ("GPE", "LOC")
# Photo credit markers: what follows them in a paragraph is a credit, not article content.
_CREDIT = re.compile(
    r"©|\(c\)\s|\b(?:photo(?:graph)?s?|credit|image|picture)\s*:|\bphoto(?:graph)?\s+by\b"
    r"|\((?:getty|afp|reuters|ap|epa|pa)\b|/\s*(?:afp|getty|reuters|ap|epa)\b",
    re.IGNORECASE,
)
_LEAD_PUNCT = "\"'“‘«([{*•·-–—:;,. \t\n\r"
_TRAIL_PUNCT = "\"'“”’‘»)]},;:!?*•·-–—/ \t\n\r"
_ABBREV = frozenset({"inc", "corp", "co", "ltd", "jr", "sr", "st", "bros", "no", "dept"})
_SENT_END = re.compile(r"(?:^|[.!?:\"“”'‘’]\s*)$")
_PAREN_ACRONYM = re.compile(r"\s*[(\[]\s*([A-Z][A-Za-z&.]{1,9})\s*[)\]]")
_AGE = re.compile(
    r",\s+(?:an?\s+)?(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ]year[- ]old\b|,?\s+aged\s+\d|\s*\(\d{1,3}\)"
    r"|,\s+\d{1,3},"
)
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|across|inside)|\b(?:city|town|village|region|province|state) of)\s+$",
    re.IGNORECASE,
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mister|Sir|Dame|Lady|Lord|Madam)\.?\s+$", re.IGNORECASE
)
# Honorifics that are forms of address, not roles: never a descriptor.
_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "mister", "sir", "madam", "madame", "dr"})
_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her", "hers", "herself"})
_DESC_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# A name holds no ": " ("WALLACE: Let's start") and no possessive before a lowercase word or a
# number ("Trump’s 1995"): cut the span there.
_INNER_CUT = re.compile(r":\s|\s*\(|['’]s\s+(?=[a-z0-9])")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_ROLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
_NAMEISH_POS = frozenset({"PROPN", "PUNCT", "NUM", "X", "SYM"})
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
_PRONOUN_WINDOW = 15
_DESCRIPTOR_MAX_TOKENS = 7


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    role: str
    label: str
    para: int
    kind: str = "name"  # "name" (a name form) or "descriptor" ("the IOC President")
    gender: str | None = None  # from an honorific in or right before the span
    person_evidence: bool = False  # honorific, age appositive

    @property
    def weight(self) -> int:
        """Vote weight: a repeated (duplicate) paragraph or a headline hardly votes."""
        return 0 if self.role in ("duplicate", "title") else 4


@dataclass
class _Form:
    """All mentions with one normalised surface form."""

    key: str
    mentions: list[_Mention] = field(default_factory=list)

    def votes(self) -> Counter[str]:
        c: Counter[str] = Counter()
        for m in self.mentions:
            c[m.label] += m.weight or 1
        return c

    def majority(self) -> str:
        return self.votes().most_common(1)[0][0]

    def person_votes_lead(self) -> bool:
        v = self.votes()
        return v["PERSON"] > 0 and v["PERSON"] >= max(v.values())

    def paragraphs(self) -> set[int]:
        return {m.para for m in self.mentions if m.role != "duplicate"}

    def gender(self) -> str | None:
        g = Counter(m.gender for m in self.mentions if m.gender)
        return g.most_common(1)[0][0] if len(g) == 1 else None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


# ---------------------------------------------------------------------------------------------
# 1. mentions


def _paragraphs(doc: Doc, text: str) -> list[dict[str, Any]]:
    paras = doc._.ng_paragraphs
    if not paras:
        return [{"start": 0, "end": len(text), "role": "body"}]
    return sorted(paras, key=lambda p: p["start"])


def _trim(
    text: str, start: int, end: int, para_start: int, person: bool
) -> tuple[int, int, str | None]:
    """Trim a span to the name it holds; returns (start, end, gender-of-honorific)."""
    gender: str | None = None
    changed = True
    while changed and start < end:
        changed = False
        # any Unicode space too (a no-break space after a name: "Thomas Bach11\xa0")
        while start < end and (text[start] in _LEAD_PUNCT or text[start].isspace()):
            start += 1
        while start < end and (text[end - 1] in _TRAIL_PUNCT or text[end - 1].isspace()):
            end -= 1
        if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
            end -= 2
            changed = True
        if start < end and text[end - 1] == ".":
            last = (
                text[start : end - 1].rsplit(None, 1)[-1] if text[start : end - 1].strip() else ""
            )
            if len(last) > 3 and "." not in last and last.casefold() not in _ABBREV:
                end -= 1
                changed = True
        lw = re.match(r"([a-z]+)\s+(?=\S)", text[start:end])
        if lw and lw.group(1) not in names.PARTICLES:
            start += lw.end()  # "state Department of Revenue Services"
            changed = True
            continue
        head = text[start : start + 4]
        if head == "The " and _SENT_END.search(text[para_start:start]):
            start += 4
            changed = True
        if person:
            m = re.match(r"([A-Za-z]+)\.?\s+(?=\S)", text[start:end])
            if m and m.group(1).casefold() in names.HONORIFICS:
                gender = gender or names.HONORIFICS[m.group(1).casefold()]
                start += m.end()
                changed = True
    return start, end, gender


def _collect(doc: Doc, text: str, paras: list[dict[str, Any]]) -> list[_Mention]:
    pstarts = [p["start"] for p in paras]
    credit_at: list[int | None] = []
    for p in paras:
        m = _CREDIT.search(text, p["start"], p["end"])
        credit_at.append(m.start() if m else None)
    lowercase_words = set(_LOWER_WORD.findall(text))
    out: list[_Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ENTITY_TYPES:
            continue
        start, end = ent.start_char, ent.end_char
        while start < end and text[start].isspace():
            start += 1
        pi = bisect_right(pstarts, start) - 1
        if pi < 0 or start >= paras[pi]["end"]:
            continue  # between paragraphs
        para = paras[pi]
        if para["role"] in SKIP_ROLES:
            continue
        end = min(end, para["end"])
        cut = credit_at[pi]
        if cut is not None:
            if start >= cut:
                continue
            end = min(end, cut)
        if label == "PERSON":
            # "Injecting Clinton": leading words the tagger does not call names
            for tok in ent:
                if tok.idx >= end or tok.idx + len(tok) >= end:
                    break
                gerund = tok.is_sent_start and tok.lower_.endswith("ing") and len(tok) > 5
                if tok.pos_ in _NAMEISH_POS and not gerund:
                    break
                start = max(start, tok.idx + len(tok))
        inner = _INNER_CUT.search(text, start, end)
        if inner:
            end = inner.start()
        start, end, gender = _trim(text, start, end, para["start"], label == "PERSON")
        surface = text[start:end]
        if len(surface) < 2 or not any(c.isalpha() for c in surface):
            continue
        if not any(c.isupper() for c in surface):
            continue  # "boycotts": a common noun
        if gender is None:
            hm = _HONORIFIC_BEFORE.search(text, max(para["start"], start - 10), start)
            if hm:
                gender = names.HONORIFICS.get(hm.group(1).casefold())
        if (
            len(ent) == 1
            and ent[0].lower_ in lowercase_words
            and ent[0].text == text[start:end]
            and _sentence_initial(ent[0])
        ):
            continue  # "Boycotts are ...": a sentence-initial common noun (lowercase elsewhere)
        age = _AGE.match(text, end) is not None
        rb = _ROLE_BEFORE.search(text, max(para["start"], start - 20), start)
        role_before = rb is not None and rb.group(1).casefold() in names.ROLE_NOUNS
        out.append(
            _Mention(
                start,
                end,
                surface,
                para["role"],
                label,
                pi,
                gender=gender,
                person_evidence=gender is not None or age or role_before,
            )
        )
    _add_parenthetical_acronyms(text, out, paras)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _sentence_starts(doc: Doc) -> list[int]:
    """First token of every sentence (the parser's or the senter's; one sentence without)."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [s.start for s in doc.sents]


def _sentence_initial(tok: Token) -> bool:
    i = tok.i
    while i > 0 and tok.doc[i - 1].is_punct and tok.doc[i - 1].text in "\"'“‘(":
        i -= 1
    return i == 0 or tok.doc[i].is_sent_start is True


def _add_parenthetical_acronyms(
    text: str, mentions: list[_Mention], paras: list[dict[str, Any]]
) -> None:
    """ "International Olympic Committee (IOC)": make sure the acronym is a mention too."""
    taken = {(m.start, m.end) for m in mentions}
    for m in list(mentions):
        if m.label == "PERSON" or len(m.text.split()) < 2:
            continue
        pm = _PAREN_ACRONYM.match(text, m.end)
        if not pm or pm.end(1) > paras[m.para]["end"] or not names.is_acronym(pm.group(1)):
            continue
        s, e = pm.span(1)
        if (s, e) not in taken:
            mentions.append(_Mention(s, e, text[s:e], m.role, m.label, m.para))
            taken.add((s, e))


# ---------------------------------------------------------------------------------------------
# 2. merging


def _key(text: str) -> str:
    """The merge key of a surface form ("The Washington Post" = "Washington Post")."""
    key = names.norm(text)
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def _merge(text: str, mentions: list[_Mention]) -> tuple[dict[str, _Form], _UnionFind]:
    forms: dict[str, _Form] = {}
    for m in mentions:
        key = _key(m.text)
        forms.setdefault(key, _Form(key)).mentions.append(m)
    uf = _UnionFind()
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
            1 for m in form.mentions if _PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
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


def _merge_short_orgs(forms: dict[str, _Form], uf: _UnionFind, person_words: set[str]) -> None:
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
    text: str, forms: dict[str, _Form], uf: _UnionFind, persons: dict[str, names.PersonName]
) -> None:
    by_start = {m.start: key for key, f in forms.items() for m in f.mentions}
    explicit: set[str] = set()
    for key, form in forms.items():
        for m in form.mentions:
            pm = _PAREN_ACRONYM.match(text, m.end)
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


# ---------------------------------------------------------------------------------------------
# 3.-5. entities


@dataclass
class _Entity:
    forms: list[_Form]
    mentions: list[_Mention]
    type: str = ""
    person_full: bool = False
    descriptors: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    gender_votes: Counter[str] = field(default_factory=Counter)

    def first_body(self) -> int:
        return min((m.start for m in self.mentions if m.role == "body"), default=-1)


def _decide_type(ent: _Entity, text: str, given: set[str]) -> str:
    votes: Counter[str] = Counter()
    for m in ent.mentions:
        votes[m.label] += m.weight or 1
    evidence = ent.person_full
    for f in ent.forms:
        ws = f.key.split()
        if 2 <= len(ws) <= 3 and ws[0] in given and votes["PERSON"] + 1 >= max(votes.values()):
            evidence = True
    evidence = evidence or any(m.person_evidence for m in ent.mentions)
    if (votes["PERSON"] and evidence) or (evidence and not votes.keys() & set(PLACE_TYPES)):
        return "PERSON"
    if votes.keys() & set(PLACE_TYPES):
        place = sum(votes[t] for t in PLACE_TYPES)
        for m in ent.mentions:
            if _PLACE_BEFORE.search(text, max(0, m.start - 20), m.start):
                place += m.weight
        best_other = max((v for t, v in votes.items() if t not in PLACE_TYPES), default=0)
        if place > best_other:
            return max(PLACE_TYPES, key=lambda t: votes[t])
    top = max(votes.values())
    for m in ent.mentions:  # tie: the label of the first (body) mention among the leaders
        if votes[m.label] == top and m.role == "body":
            return m.label
    return votes.most_common(1)[0][0]


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _sent_bounds(sents: list[int], i: int, n: int) -> tuple[int, int]:
    """The token range of the sentence holding token ``i`` (``sents``: sentence start tokens)."""
    k = bisect_right(sents, i) - 1
    return (sents[k] if k >= 0 else 0), (sents[k + 1] if k + 1 < len(sents) else n)


_ROLE_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ent", "ant", "ee", "ive", "ary")


def _role_like(tok: Token) -> bool:
    """A noun that can name a role: a known role noun, a capitalised title, or a role-shaped
    word ("skater", "strategist", "spokeswoman"); not "chance" or "day"."""
    word = tok.lower_.rstrip(".")
    return (
        word in names.ROLE_NOUNS
        or tok.text[:1].isupper()
        or (tok.pos_ == "NOUN" and word.endswith(_ROLE_SUFFIXES) and len(word) > 4)
    )


def _modifiers(doc: Doc, start_i: int, head_i: int, mention_key: dict[int, str]) -> frozenset[str]:
    mods: set[str] = set()
    for t in doc[start_i:head_i]:
        if t.idx in mention_key:
            mods.add("@" + mention_key[t.idx])
        elif not t.ent_type_ and t.is_alpha and t.lower_ not in ("of",):
            mods.add(t.lower_)
    return frozenset(mods)


def _descriptor_after(
    doc: Doc, m: _Mention, mention_key: dict[int, str], sents: list[int]
) -> tuple[int, int, str, frozenset[str]] | None:
    """An appositive role right after a person mention: "Thomas Bach, the IOC President," /
    "Brian Fallon, a Clinton spokesman, said": (start char, end char, head noun, modifiers)."""
    tok = _token_at(doc, m.end - 1)
    if tok is None:
        return None
    sent_end = _sent_bounds(sents, tok.i, len(doc))[1]
    i = tok.i + 1
    if i + 2 >= sent_end or doc[i].text != ",":
        return None
    i += 1
    if doc[i].lower_ in ("the", "a", "an"):
        i += 1
    start_i = i
    while i < sent_end and i - start_i < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i]
        if t.ent_type_ == "PERSON" or not (
            t.pos_ in _DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        ):
            break
        i += 1
    if i == start_i or (i < sent_end and doc[i].text not in (",", ".", ";", "of", "for", "at")):
        return None
    head = doc[i - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ or not _role_like(head):
        return None
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def _descriptor_before(
    doc: Doc, m: _Mention, mention_key: dict[int, str], sents: list[int]
) -> tuple[int, int, str, frozenset[str]] | None:
    """The role phrase right before a person mention: (start char, end char, head noun,
    modifiers).

    Modifiers are lowercased words, with entity mentions replaced by ``@form-key`` so that
    "International Olympic Committee President" and "IOC President" compare equal after merging.
    """
    tok = _token_at(doc, m.start)
    if tok is None or tok.i == 0:
        return None
    sent_start = _sent_bounds(sents, tok.i, len(doc))[0]
    head = doc[tok.i - 1]
    if (
        head.i < sent_start
        or head.pos_ not in ("NOUN", "PROPN")
        or head.ent_type_
        or not head.text[:1].isalpha()
        or head.lower_.rstrip(".") in _ADDRESS
        or not _role_like(head)
    ):
        return None
    i = head.i
    start_i = head.i
    n = 0
    while i - 1 >= sent_start and n < _DESCRIPTOR_MAX_TOKENS:
        t = doc[i - 1]
        if t.text == ")" and i - 3 >= sent_start and doc[i - 3].text == "(":
            i -= 3  # "International Olympic Committee (IOC) President"
            start_i = i
            continue
        if t.ent_type_ == "PERSON" or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY"):
            break
        ok = t.pos_ in _DESC_POS or t.ent_type_ in ("ORG", "NORP", "GPE", "LOC")
        if t.lower_ == "of" and i - 2 >= sent_start and doc[i - 2].text[:1].isupper():
            ok = doc[i].text[:1].isupper()
        if not ok or not t.text[:1].isalnum():
            break
        i -= 1
        start_i = i
        n += 1
    mods = _modifiers(doc, start_i, head.i, mention_key)
    return doc[start_i].idx, head.idx + len(head.text), head.lower_.rstrip("."), mods


def _gender_from_pronouns(
    doc: Doc, ent: _Entity, person_starts: set[int], sents: list[int]
) -> None:
    for m in ent.mentions:
        if m.kind != "name" or m.role == "duplicate":
            continue
        tok = _token_at(doc, m.end - 1)
        if tok is None:
            continue
        sent_end = _sent_bounds(sents, tok.i, len(doc))[1]
        for t in doc[tok.i + 1 : min(sent_end, tok.i + 1 + _PRONOUN_WINDOW)]:
            if t.idx in person_starts:
                break
            if t.lower_ in _PRONOUNS:
                ent.gender_votes[names.GENDERED_WORDS[t.lower_]] += 1
                break


def _bare_descriptors(
    doc: Doc,
    text: str,
    entities: list[_Entity],
    mention_key: dict[int, str],
    paras: list[dict[str, Any]],
    sents: list[int],
) -> None:
    """ "the IOC President", "the minister": a mention of the one entity whose descriptor fits."""
    by_head: dict[str, list[tuple[_Entity, frozenset[str]]]] = defaultdict(list)
    for ent in entities:
        for _, head, dmods in ent.descriptors:
            by_head[head].append((ent, dmods))
    if not by_head:
        return
    name_spans = sorted((m.start, m.end) for e in entities for m in e.mentions)
    name_starts = [s for s, _ in name_spans]
    pstarts = [p["start"] for p in paras]
    # find the head nouns with one regex over the text (cheaper than walking every token)
    heads = re.compile(r"\b(?:" + "|".join(map(re.escape, by_head)) + r")\b", re.IGNORECASE)
    for hit in heads.finditer(text):
        span = doc.char_span(hit.start(), hit.end())
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        cands_all = by_head.get(tok.lower_)
        if not cands_all or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        sent_start = _sent_bounds(sents, tok.i, len(doc))[0]
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.idx in mention_key and not nxt.is_sent_start:
            continue  # "the IOC President Thomas Bach": the name is there
        i = tok.i
        mods: set[str] = set()
        while i - 1 >= sent_start and tok.i - i < 5:
            t = doc[i - 1]
            if t.lower_ == "the":
                break
            if t.pos_ not in _DESC_POS and not t.ent_type_:
                i = -1
                break
            if t.idx in mention_key:
                mods.add("@" + mention_key[t.idx])
            elif not t.ent_type_:
                mods.add(t.lower_)
            i -= 1
        if i <= 0 or doc[i - 1].lower_ != "the":
            continue
        start, end = doc[i].idx, tok.idx + len(tok.text)
        k = bisect_right(name_starts, start) - 1
        if (
            k >= 0
            and name_spans[k][1] > start
            and name_spans[k][0] <= start
            and name_spans[k][1] >= end
        ):
            continue  # inside a name ("the Olympic Council")
        fits = {id(e): e for e, dm in cands_all if mods <= dm and e.mentions[0].start < start}
        if len(fits) != 1:
            continue
        ent = next(iter(fits.values()))
        pi = bisect_right(pstarts, start) - 1
        if pi < 0 or end > paras[pi]["end"] or paras[pi]["role"] in SKIP_ROLES:
            continue
        ent.mentions.append(
            _Mention(
                start, end, text[start:end], paras[pi]["role"], "PERSON", pi, kind="descriptor"
            )
        )


def _canonical(ent: _Entity, text: str) -> str:
    """The entity's name: seen outside headlines, not padded, not shouted, most words, most
    frequent, longest."""
    keys = {f.key for f in ent.forms}
    first = min(m.start for f in ent.forms for m in f.mentions)

    def padded(f: _Form) -> bool:
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

    def score(f: _Form) -> tuple[bool, bool, bool, int, float, int]:
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


class EntityMerger:
    """The ``newsgraph_entities`` component (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_entities = build_entities(doc)
        return doc


def build_entities(doc: Doc) -> list[dict[str, Any]]:
    """The document-level entities of a ``Doc`` that went through spaCy's NER."""
    text = doc.text  # a join over the tokens: compute it once
    paras = _paragraphs(doc, text)
    mentions = _collect(doc, text, paras)
    if not mentions:
        return []
    forms, uf = _merge(text, mentions)
    groups: dict[str, list[_Form]] = defaultdict(list)
    for key, form in forms.items():
        groups[uf.find(key)].append(form)
    given = {
        names.parse_person(f.mentions[0].text).first  # type: ignore[union-attr]
        for f in forms.values()
        if len(f.key.split()) >= 2
        and f.person_votes_lead()
        and (p := names.parse_person(f.mentions[0].text)) is not None
        and p.full
    }
    entities: list[_Entity] = []
    for fs in groups.values():
        ms = sorted((m for f in fs for m in f.mentions), key=lambda m: m.start)
        ent = _Entity(fs, ms)
        ent.person_full = (
            any(len(f.key.split()) >= 2 and f.person_votes_lead() for f in fs) and len(fs) > 1
        )
        ent.type = _decide_type(ent, text, given)
        entities.append(ent)

    mention_key = {m.start: uf.find(_key(m.text)) for m in mentions}
    sents = _sentence_starts(doc)
    person_starts = {m.start for e in entities if e.type == "PERSON" for m in e.mentions}
    for ent in entities:
        if ent.type != "PERSON":
            continue
        for m in ent.mentions:
            if m.gender:
                ent.gender_votes[m.gender] += 3
            if m.role == "duplicate":
                continue
            if m.kind != "name":
                continue
            for d in (
                _descriptor_before(doc, m, mention_key, sents),
                _descriptor_after(doc, m, mention_key, sents),
            ):
                if d:
                    dstart, dend, head, mods = d
                    ent.descriptors.append((text[dstart:dend], head, mods))
                    if head in names.GENDERED_WORDS:
                        ent.gender_votes[names.GENDERED_WORDS[head]] += 2
        _gender_from_pronouns(doc, ent, person_starts - {m.start for m in ent.mentions}, sents)
    persons = [e for e in entities if e.type == "PERSON"]
    _bare_descriptors(doc, text, persons, mention_key, paras, sents)

    entities.sort(key=lambda e: (e.first_body() < 0, e.first_body(), e.mentions[0].start))
    out: list[dict[str, Any]] = []
    for i, ent in enumerate(entities, 1):
        ent.mentions.sort(key=lambda m: (m.start, m.end))
        aliases = list(dict.fromkeys(m.text for m in ent.mentions if m.kind == "name"))
        descriptors = list(dict.fromkeys(d[0] for d in ent.descriptors))
        descriptors += [
            h for h in dict.fromkeys(d[1] for d in ent.descriptors) if h not in descriptors
        ]
        gender = None
        if ent.gender_votes:
            (g1, n1), *rest = ent.gender_votes.most_common()
            gender = g1 if not rest or rest[0][1] < n1 else None
        out.append(
            {
                "id": f"E{i}",
                "name": _canonical(ent, text),
                "type": ent.type,
                "aliases": aliases,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": m.text, "role": m.role}
                    for m in ent.mentions
                ],
                "_descriptors": descriptors,
                "_gender": gender,
            }
        )
    return out


@Language.factory("newsgraph_entities")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
