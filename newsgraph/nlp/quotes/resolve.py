"""Step 4b, speaker resolution: from the mention an attribution hangs on to a document entity.

A deterministic sieve (no offline neural coreference model exists on PyPI; coreferee needs a
download), applied in order, first hit wins:

1. **Overlap**: an entity mention covers the head word of the speaker mention
   ("Polish Sports Minister Kamil Bortniczuk" -> the Bortniczuk entity).
2. **Name**: the head word equals a word of an entity's name or alias ("Bach" -> "Thomas Bach",
   when NER missed this mention).
3. **Pronoun**: he/she/him/her -> a PERSON, they/it/we -> an ORG, GPE or NORP entity, ranked by
   salience (see :meth:`SpeakerResolver._pronoun`): a subject mention of its sentence, of the two
   before, a person the sentence before introduces, the previous speaker, then the nearest
   mention (outside quotations, gender compatible by ``_gender`` or a sure first name).
4. **Description**: "the organisation"/"the committee" -> nearest ORG; "the minister"/"the IOC
   President"/"the senator" -> the nearest PERSON whose mentions are preceded by that title word
   (or carry it in ``_descriptors``), else the nearest PERSON; an ORG modifier narrows the search.

Otherwise the mention is kept with ``entity``/``name`` None ("a source", "officials").
Only ``doc._.ng_entities`` mention offsets are read, so this works with any entity merger.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import chain
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import names
from newsgraph.nlp.entities.spans import SUBJECT_DEPS
from newsgraph.nlp.extensions import SpeakerData
from newsgraph.nlp.quotes.context import Sentences
from newsgraph.nlp.quotes.lexicon import (
    FEMALE,
    GROUP_PRONOUNS,
    GROUP_TYPES,
    MALE,
    ORG_NOUNS,
    PERSON_NOUNS,
    people_noun,
)
from newsgraph.nlp.quotes.syntax import noun_phrase


class _Index:
    """Entity mentions sorted by offset, for nearest-before look-ups."""

    def __init__(self, entities: list[dict[str, Any]], text: str) -> None:
        self.entities = {e["id"]: e for e in entities}
        # only story text refers: a person named in a caption or a credit is no antecedent
        rows = sorted(
            (m["start"], m["end"], e["id"], e["type"])
            for e in entities
            for m in e.get("mentions", [])
            if m.get("role", "body") in ("body", "title")
        )
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.text = text
        self._titles: dict[str, set[str]] = {}

    def at(self, start: int, end: int) -> str | None:
        """The entity whose mention covers ``[start, end)`` best (most overlap)."""
        best, best_ov = None, 0
        i = bisect.bisect_right(self.starts, end)
        for s, e, eid, _ in self.rows[max(0, i - 40) : i]:
            ov = min(e, end) - max(s, start)
            if ov > best_ov:
                best, best_ov = eid, ov
        return best

    def before(self, lo: int, hi: int) -> Iterator[tuple[int, int, str, str]]:
        """The mention rows ``(start, end, entity id, type)`` starting in ``[lo, hi)``, nearest
        ``hi`` first."""
        for row in reversed(self.rows[: bisect.bisect_left(self.starts, hi)]):
            if row[0] < lo:
                return
            yield row

    def nearest_before(
        self, pos: int, types: tuple[str, ...], skip: list[tuple[int, int]], ok: Any = None
    ) -> str | None:
        for s, e, eid, etype in self.before(0, pos):
            if etype not in types or e > pos:
                continue
            if any(a <= s < b for a, b in skip):
                continue
            if ok is not None and not ok(eid):
                continue
            return eid
        return None

    def add_person(self, doc: Doc, name: str, surname: str) -> str | None:
        """Add a PERSON entity for a name NER missed, with its body mentions not covered by
        another entity, to the index and to ``doc._.ng_entities``; return its id."""
        ents = list(doc._.ng_entities or [])
        taken = {int(e["id"][1:]) for e in ents if str(e.get("id", "")).startswith("E")}
        eid = f"E{max(taken, default=0) + 1}"
        body = [p for p in doc._.ng_paragraphs or [] if p.get("role") == "body"]
        mentions: list[dict[str, Any]] = []
        for found in re.finditer(rf"\b(?:{re.escape(name)}|{re.escape(surname)})\b", self.text):
            start, end = found.start(), found.end()
            if body and not any(p["start"] <= start < p["end"] for p in body):
                continue
            if self.at(start, end) is not None:
                continue
            mentions.append({"start": start, "end": end, "text": found.group(), "role": "body"})
        if not mentions:
            return None
        aliases = list(dict.fromkeys(m["text"] for m in mentions))
        entity = {"id": eid, "name": name, "type": "PERSON", "aliases": aliases}
        given = names.given_gender(name.split()[0]) if name.split() else None
        if given is not None and given[1]:  # a sure answer of the name list
            entity["_gender"] = given[0]
        entity["mentions"] = mentions
        ents.append(entity)
        doc._.ng_entities = ents
        self.entities[eid] = entity
        for m in mentions:
            row = (m["start"], m["end"], eid, "PERSON")
            i = bisect.bisect_left(self.rows, row)
            self.rows.insert(i, row)
            self.starts.insert(i, m["start"])
        return eid

    def titles(self, eid: str) -> set[str]:
        """Lower-cased words just before the entity's mentions ("Sports Minister X") and its
        ``_descriptors`` if the entity merger provides them."""
        if eid not in self._titles:
            words: set[str] = set()
            ent = self.entities[eid]
            for d in ent.get("_descriptors") or []:
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", str(d)))
            for m in ent.get("mentions", []):
                before = self.text[max(0, m["start"] - 40) : m["start"]]
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", before)[-3:])
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", m["text"]))
            self._titles[eid] = words
        return self._titles[eid]

    def gender(self, eid: str) -> str | None:
        """``"m"``/``"f"``: the entity's ``_gender``, else what the name list is sure of for its
        first name (`Hillary Clinton` -> f), else None.

        >>> _Index([{"id": "E1", "name": "Hillary Clinton", "type": "PERSON"}], "").gender("E1")
        'f'
        """
        ent = self.entities[eid]
        g = ent.get("_gender")
        if g:
            return str(g).lower()[:1]
        first = str(ent.get("name", "")).split()[:1]
        if ent.get("type") != "PERSON" or not first:
            return None
        given = names.given_gender(first[0])
        return given[0] if given is not None and given[1] else None

    def gender_ok(self, eid: str, pronoun: str) -> bool:
        g = self.gender(eid)
        if not g:
            return True
        return not ((pronoun in MALE and g == "f") or (pronoun in FEMALE and g == "m"))


def _describes(tok: Token, pronoun: str) -> bool:
    """Whether a subject noun can be what a pronoun refers back to: people or an organisation
    for `they` (`protesters`, `officials`, `the union`; not `revenues`), an organisation for
    `it`, a person of the pronoun's gender for `he`/`she` (`her boyfriend`, `a security
    professional`; not `her son` for `she`)."""
    if tok.pos_ != "NOUN" and not (tok.tag_ == "NNPS" and not tok.ent_type_):
        return False  # (a plural opening a sentence may be tagged a proper noun: `Protesters`)
    lemma = tok.lemma_.lower()
    if pronoun in ("they", "them", "their", "we", "us"):
        # (a plural tagged as a proper noun keeps its plural as its lemma)
        plural_people = tok.tag_ in ("NNS", "NNPS") and (
            people_noun(lemma) or people_noun(lemma[:-1])
        )
        return plural_people or lemma in ORG_NOUNS
    if pronoun in ("it", "its"):
        return tok.tag_ == "NN" and lemma in ORG_NOUNS
    gender = names.GENDERED_WORDS.get(lemma)
    if gender is not None and gender != names.GENDERED_WORDS.get(pronoun):
        return False
    return tok.tag_ == "NN" and (gender is not None or people_noun(lemma))


def _gender_clash(pronoun: str, other: str) -> bool:
    """Whether two pronouns cannot be the same person (`he` and `she`)."""
    return (pronoun in MALE and other in FEMALE) or (pronoun in FEMALE and other in MALE)


def _indefinite(head: Token) -> bool:
    """Whether a noun phrase introduces someone new: `a`/`an`/`another`/`one` (`a security
    professional`), not `the minister` or `her boyfriend`."""
    return any(
        c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "another", "one")
        for c in head.children
    )


def _subject_like(tok: Token) -> bool:
    """A subject, a subject's possessor or conjunct, or the apposition of a subject that is no
    name itself (`Kim's visit ...`, `Lonechild and others are planning`, `Her lawyer, John
    Smith, filed`; not `Yellowhead MP` of `Jim Eglinski, Yellowhead MP, said`)."""
    if tok.dep_ in SUBJECT_DEPS:
        return True
    if tok.dep_ == "appos":
        return tok.head.dep_ in SUBJECT_DEPS and not tok.head.ent_type_
    return tok.dep_ in ("poss", "conj") and tok.head.dep_ in SUBJECT_DEPS


def _group_types(pronoun: str) -> tuple[str, ...]:
    """The entity types a group pronoun may stand for: `they` an organisation, a place's
    government or a people ("Canadians"); `it` never a people (`Canadians ... it said` is
    the ministry, not the Canadians)."""
    if pronoun in ("it", "its"):
        return tuple(t for t in GROUP_TYPES if t != "NORP")
    return GROUP_TYPES


class SpeakerResolver:
    """Resolve speaker mentions of one document (build once per doc, call per mention)."""

    def __init__(
        self,
        doc: Doc,
        quoted: list[tuple[int, int]] | None = None,
        text: str | None = None,
        sentences: Sentences | None = None,
    ) -> None:
        self.doc = doc
        self.sentences = sentences or Sentences(doc)
        self.index = _Index(doc._.ng_entities or [], doc.text if text is None else text)
        self.quoted = quoted or []
        self._salient_cache: dict[tuple[int, int], bool] = {}
        self.history: list[tuple[int, str]] = []  # (offset, entity id) of resolved speakers
        # (offset, head, pronoun or None) of the speakers that are descriptions with no entity
        # (`a spokesman`), or pronouns that stood for one
        self.described: list[tuple[int, Token, str | None]] = []
        self._content: list[tuple[int, int]] = []  # the content of the quote being resolved
        self._spoke_last: Token | None = None  # see _description_spoke_last

    def entity(self, eid: str | None) -> tuple[str | None, str | None]:
        if eid is None:
            return None, None
        return eid, self.index.entities[eid]["name"]

    def resolve(
        self, mention: Span, content: list[tuple[int, int]] | None = None, *, speech: bool = True
    ) -> SpeakerData:
        """``{"start","end","text","entity","name"}`` for a speaker mention; a pronoun whose
        antecedent is a description, not an entity (`Protesters ... They said`), gets that
        description as its ``name`` and no entity. Mentions inside the quote's own ``content``
        are not antecedents, as mentions inside quotation marks are not (`Macharia and some
        colleagues hid under desks, he said`: "he" is not Macharia). ``speech``: whether the
        attribution reports speech, so that a description speaker with no entity (`a
        spokesman`) is one a later pronoun may continue (not `a video` that `showed`)."""
        self._content = content or []
        self._spoke_last = None
        eid = self.resolve_id(mention)
        if eid is None:
            eid = self._missed_person(mention)
        described = self._spoke_last or self._described_antecedent(mention, eid)
        if described is not None:
            eid = None
        if eid is not None:
            self.history.append((mention.start_char, eid))
        elif speech and described is not None:  # `he` for `a shopkeeper`: now a `he`
            self.described.append((mention.start_char, described, mention.root.lower_))
        elif speech and mention.root.pos_ == "NOUN":
            self.described.append((mention.start_char, mention.root, None))
        entity, name = self.entity(eid)
        if described is not None:
            name = noun_phrase(described).text
        return {
            "start": mention.start_char,
            "end": mention.end_char,
            "text": mention.text,
            "entity": entity,
            "name": name,
        }

    def _described_antecedent(self, mention: Span, eid: str | None) -> Token | None:
        """For a pronoun, the head of the noun phrase it refers back to when that is a
        description (`the union`, `protesters`, `her boyfriend`) standing as a subject after
        the entity found (or with no entity found) in its sentence or the two before."""
        low = mention.root.lower_
        if len(mention) != 1 or low not in MALE | FEMALE | GROUP_PRONOUNS:
            return None
        if eid is not None and low in MALE | FEMALE:
            return None  # a person found by name and gender beats a description
        newest = -1
        if eid is not None:
            newest = self._last_mention(self.index.entities[eid], mention.start_char)
        for tok in self._subjects_before(mention):
            if tok.idx <= newest:
                return None
            if self.index.at(tok.idx, tok.idx + len(tok.text)) is not None:
                return None  # an entity's mention: the entity search covered it
            if _describes(tok, low):
                return tok
        return None

    def _subjects_before(self, mention: Span) -> list[Token]:
        """Subject nouns and pronouns of the mention's sentence (before it) and of the two
        sentences before, nearest first, outside quotations."""
        starts = self.sentences.starts()
        i = bisect.bisect_right(starts, mention[0].i) - 1
        lo = starts[max(0, i - 2)]
        return [
            t
            for t in reversed(self.doc[lo : mention[0].i])
            if t.dep_ in SUBJECT_DEPS and not self._in_quote(t.idx)
        ]

    def _missed_person(self, mention: Span) -> str | None:
        """A speaker named with a person's full name that NER missed (`Ukraine's Sports Vadym
        Guttsait has warned`): its last two capitalised proper nouns (three with a middle
        initial) become a PERSON entity, with every body occurrence of the name and of its
        surname, so that later mentions resolve too. Names with a word of an organisation or
        role ("Committee", "Minister") or a token NER typed are left alone."""
        toks = list(mention)
        if len(toks) == 1 and toks[0].pos_ == "PROPN":
            return self._missed_surname(toks[0])
        if not toks or toks[-1].pos_ != "PROPN" or any(t.ent_type_ for t in toks):
            return None
        take = 2
        if len(toks) >= 3 and re.fullmatch(r"[A-Z]\.", toks[-2].text):
            take = 3
        name_toks = toks[-take:]
        if len(name_toks) < take or not all(
            t.pos_ == "PROPN" and t.is_title and t.text.rstrip(".").isalpha() for t in name_toks
        ):
            return None
        lowered = {t.lower_ for t in name_toks}
        if lowered & (ORG_NOUNS | PERSON_NOUNS | names.ROLE_NOUNS):
            return None
        name = self.index.text[name_toks[0].idx : name_toks[-1].idx + len(name_toks[-1].text)]
        person = names.parse_person(name)
        if person is None or not person.full:
            return None
        return self.index.add_person(self.doc, name, name_toks[-1].text)

    def _apposed_person(self, mention: Span) -> str | None:
        """The PERSON named between commas right after a role-noun speaker, before its verb
        (`Director, security response at cybersecurity firm Symantec, Kevin Haley, agreed` ->
        Kevin Haley), however the parser hung the name."""
        verb = mention.root.head
        if verb.i <= mention[-1].i:
            return None
        for s, e, eid, etype in self.index.rows[
            bisect.bisect_left(self.index.starts, mention.end_char) :
        ]:
            if s >= verb.idx:
                return None
            between = self.index.text[e : verb.idx].strip()
            if (
                etype == "PERSON"
                and self.index.text[:s].rstrip().endswith(",")
                and between in ("", ",")
            ):
                return eid
        return None

    def _missed_surname(self, tok: Token) -> str | None:
        """A speaker named by a surname NER missed whose full name, a known first name before
        it, the story gave earlier (`For Carole Laurin, a series of strokes ... Laurin said`):
        a PERSON entity with that full name."""
        if not tok.is_title or not tok.text.isalpha() or tok.lower_ in names.ROLE_NOUNS:
            return None
        before = self.index.text[: tok.idx]
        for found in re.finditer(rf"\b([A-Z][a-z]+) {re.escape(tok.text)}\b", before):
            given = names.given_gender(found.group(1))
            if given is not None and given[1]:
                return self.index.add_person(self.doc, found.group(0), tok.text)
        return None

    def _pronoun(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """he/she/they, first hit wins: (a) the nearest subject (or its possessor or apposition)
        of the pronoun's own sentence, an entity's or a capitalised one NER did not tag; (b) for
        he/she, the nearest subject of the two sentences before, if mentioned after the previous
        speaker; (c) for he/she, a person the sentence before introduces (first mentioned
        there); (d) the previous compatible speaker, if recent; (e) the nearest subject mention
        in the last ~600 characters; (f) the nearest compatible mention."""
        pos = mention.start_char
        sent_start = self.sentences.of(mention[0]).start_char
        person = types == ("PERSON",)
        found = (
            self._nearest_salient(sent_start, pos, types, ok)
            or self._untyped_subject(mention, types, ok)
            or (self._recent_subject(mention, types, ok) if person else None)
            or (self._introduced(mention, types, ok) if person else None)
        )
        if found is not None:
            return found
        if self._description_spoke_last(mention):
            return None
        return (
            self._previous_speaker(pos, types, ok)
            or self._nearest_salient(max(0, pos - 600), pos, types, ok)
            or self.index.nearest_before(pos, types, self._skipped(), ok)
        )

    def _description_spoke_last(self, mention: Span) -> bool:
        """Rule (d) for a speaker with no name: whether the last speaker before the pronoun,
        at most ~1500 characters back, was a description the pronoun fits (``_describes``), so
        that the pronoun continues it (`..., a private security professional present during
        the attack told Reuters. ... he said`; `The foreign ministry's consular-affairs office
        also published a notice saying ... It urged`). For he/she only an indefinite one (`a`,
        `an`, `another`, `one`): a definite `the minister` is more often a named person the
        description rule missed. Sets ``_spoke_last`` to its head."""
        if not self.described:
            return False
        at, head, was = self.described[-1]
        pos = mention.start_char
        low = mention.root.lower_
        if was is not None and _gender_clash(was, low):
            return False
        if pos - at > 1500 or (self.history and self.history[-1][0] > at):
            return False
        if low in MALE | FEMALE and not _indefinite(head):
            return False
        if not _describes(head, low):
            return False
        self._spoke_last = head
        return True

    def _untyped_subject(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """A capitalised subject of the pronoun's sentence that NER did not tag but that names an
        entity (`Zelenskyy's invitation ... where he stressed` -> Volodymyr Zelenskyy)."""
        sent = self.sentences.of(mention[0])
        for tok in reversed(sent[: mention.start - sent.start]):
            if self._in_quote(tok.idx):
                continue
            if (
                tok.text[:1].isupper()
                and tok.pos_ in ("PROPN", "NOUN")
                and (
                    tok.dep_ in SUBJECT_DEPS
                    or (tok.dep_ == "poss" and tok.head.dep_ in SUBJECT_DEPS)
                )
            ):
                eid = self._by_name(tok.text, types)
                if eid is not None and (ok is None or ok(eid)):
                    return eid
        return None

    def _previous_speaker(self, pos: int, types: tuple[str, ...], ok: Any) -> str | None:
        """The last speaker before ``pos`` (at most ~1500 characters back) if the pronoun can
        refer to it; he/she pass over organisations and places that spoke in between (`The
        council stated ... "...," she said`: the woman who spoke before the council)."""
        for at, eid in reversed(self.history):
            if pos - at > 1500:
                return None
            etype = self.index.entities[eid]["type"]
            if etype in types and (ok is None or ok(eid)):
                return eid
            if types != ("PERSON",) or etype == "PERSON":
                return None
        return None

    def _introduced(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """A compatible entity the sentence before the pronoun's (re)introduces by its full
        name, in any role but a modifier's: not mentioned in the ~1500 characters before, when
        no compatible entity, he/she or noun for a person is that sentence's subject (`... also
        produced positive results for accountant Babatunji Farinloye, 50. "I had a membership
        ...," he says`: Farinloye, not the speaker of the paragraph before; not `Kinder Morgan`
        of `the Kinder Morgan pipeline`)."""
        starts = self.sentences.starts()
        i = bisect.bisect_right(starts, mention[0].i) - 1
        if i < 1:
            return None
        lo, hi = self.doc[starts[i - 1]].idx, self.doc[starts[i]].idx
        if self._nearest_salient(lo, hi, types, ok) is not None or self._person_subject(lo, hi):
            return None  # a subject there is the one the sentence is about
        idx = self.index
        for s, e, eid, etype in idx.before(lo, hi):
            if etype not in types or self._in_quote(s) or (ok is not None and not ok(eid)):
                continue
            last = self._last_mention(idx.entities[eid], lo)
            full = len(re.findall(r"[^\W\d_]+", self.index.text[s:e])) >= 2
            if full and (last < 0 or last < lo - 1500) and self._referring(s, e):
                return eid
        return None

    def _person_subject(self, lo: int, hi: int) -> bool:
        """Whether he, she or a noun for a person is a subject in ``[lo, hi)`` outside
        quotations: the sentence is about someone already there (`Though the transition was
        seamless, he said, it could lead to lobbying by loyalists to Bernie Sanders.`; `the GOP
        candidate took to Twitter`)."""
        span = self.doc.char_span(lo, hi, alignment_mode="expand")
        return span is not None and any(
            t.dep_ in SUBJECT_DEPS
            and not self._in_quote(t.idx)
            and (t.lower_ in MALE | FEMALE or (t.pos_ == "NOUN" and people_noun(t.lemma_.lower())))
            for t in span
        )

    def _referring(self, start: int, end: int) -> bool:
        """Whether a mention names its referent rather than modifying a noun (`the Kinder Morgan
        pipeline`, `Trump-style politics`)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.dep_ not in ("compound", "amod")

    def _recent_subject(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """The compatible entity with the nearest subject mention in the two sentences before
        the pronoun's, if mentioned after the previous speaker (named or not) was (`... McCallum
        expressed serious concern. "When the books were shown to me ...," he said`: McCallum, not the
        speaker of the paragraph before)."""
        starts = self.sentences.starts()
        i = bisect.bisect_right(starts, mention[0].i) - 1
        lo = self.doc[starts[max(0, i - 2)]].idx
        pos = mention.start_char
        found = self._nearest_salient(lo, pos, types, ok)
        if found is None:
            return None
        last_speaker_at = max(
            self.history[-1][0] if self.history else -1,
            self.described[-1][0] if self.described else -1,
        )
        return (
            found if self._last_mention(self.index.entities[found], pos) > last_speaker_at else None
        )

    def _nearest_salient(self, lo: int, hi: int, types: tuple[str, ...], ok: Any) -> str | None:
        """The compatible entity whose subject-like mention (see :meth:`_salient`) in
        ``[lo, hi)`` is nearest ``hi``, outside quotations; mentions that are not subjects,
        however near, do not count (`Shanaaz Gokool ... is hopeful Lametti might be receptive
        to Parker's plea. "...," she said`: Gokool, not Parker)."""
        for s, e, eid, etype in self.index.before(lo, hi):
            if etype not in types or e > hi or self._in_quote(s):
                continue
            if (ok is None or ok(eid)) and self._salient(s, e):
                return eid
        return None

    def _skipped(self) -> list[tuple[int, int]]:
        """Where antecedents are not looked for: quotations and the current quote's content."""
        return self.quoted + self._content

    def _in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in chain(self.quoted, self._content))

    def _by_name(self, word: str, types: tuple[str, ...], pos: int | None = None) -> str | None:
        """The entity a name word belongs to (`Bach` -> Thomas Bach); of two that share it, the
        one mentioned last before ``pos`` (the article's current referent)."""
        found = [
            e
            for e in self.index.entities.values()
            if e["type"] in types
            and (word in e["name"].split() or any(word in a.split() for a in e.get("aliases", [])))
        ]
        if len(found) > 1 and pos is not None:
            return str(max(found, key=lambda e: self._last_mention(e, pos))["id"])
        return str(found[0]["id"]) if found else None

    @staticmethod
    def _last_mention(entity: dict[str, Any], pos: int) -> int:
        return max((m["start"] for m in entity.get("mentions", []) if m["start"] < pos), default=-1)

    def _salient(self, start: int, end: int) -> bool:
        """Whether the mention ``[start, end)`` stands as a subject: the subject itself, its
        possessor (`Kim's visit ...`), its apposition (`Director of security response at
        Symantec, Kevin Haley, agreed`) or a subject coordinated with it."""
        key = (start, end)
        if key not in self._salient_cache:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            root = span.root if span is not None and len(span) else None
            self._salient_cache[key] = root is not None and _subject_like(root)
        return self._salient_cache[key]

    def resolve_id(self, mention: Span) -> str | None:
        idx = self.index
        head = mention.root
        low = head.lower_
        # 1. overlap with the head word
        eid = idx.at(head.idx, head.idx + len(head.text))
        if eid is not None and low not in PERSON_NOUNS:
            return eid
        # 2. same name
        if head.pos_ == "PROPN" or (head.pos_ == "NOUN" and head.text[:1].isupper()):
            found = self._by_name(head.text, ("PERSON", *GROUP_TYPES), mention.start_char)
            if found is not None:
                return found
        # 3. pronouns
        pos = mention.start_char
        if low in MALE | FEMALE:
            return self._pronoun(mention, ("PERSON",), lambda e: idx.gender_ok(e, low))
        if low in GROUP_PRONOUNS:
            return self._pronoun(mention, _group_types(low), None)
        # 4. descriptions
        if low in ORG_NOUNS:
            return idx.nearest_before(pos, ("ORG",), self._skipped())
        if low in PERSON_NOUNS:
            apposed = self._apposed_person(mention)
            if apposed is not None:
                return apposed
            # "the IOC President": the ORG words in the description narrow the search
            words = {low} | {t.lower_ for t in mention if t.i != head.i and t.pos_ == "PROPN"}

            skip = self._skipped()

            def titled(e: str) -> bool:
                return words <= idx.titles(e)

            def titled_head(e: str) -> bool:
                return low in idx.titles(e)

            return idx.nearest_before(pos, ("PERSON",), skip, titled) or idx.nearest_before(
                pos, ("PERSON",), skip, titled_head
            )
        return eid
