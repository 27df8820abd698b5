"""Step 4b, speaker resolution: from the mention an attribution hangs on to a document entity.

A deterministic sieve (no offline neural coreference model exists on PyPI; coreferee needs a
download), applied in order, first hit wins:

1. **Overlap**: an entity mention covers the head word of the speaker mention
   ("Polish Sports Minister Kamil Bortniczuk" -> the Bortniczuk entity).
2. **Name**: the head word equals a word of an entity's name or alias ("Bach" -> "Thomas Bach",
   when NER missed this mention).
3. **Pronoun**: he/she/him/her -> the nearest PERSON mention before it (outside quotations, gender
   compatible when the entity carries a ``_gender`` key); they/it/we -> the nearest ORG, GPE or
   NORP mention before it.
4. **Description**: "the organisation"/"the committee" -> nearest ORG; "the minister"/"the IOC
   President"/"the senator" -> the nearest PERSON whose mentions are preceded by that title word
   (or carry it in ``_descriptors``), else the nearest PERSON; an ORG modifier narrows the search.

Otherwise the mention is kept with ``entity``/``name`` None ("a source", "officials").
Only ``doc._.ng_entities`` mention offsets are read, so this works with any entity merger.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import names
from newsgraph.nlp.extensions import SpeakerData
from newsgraph.nlp.quotes.context import Sentences
from newsgraph.nlp.quotes.lexicon import (
    FEMALE,
    GROUP_PRONOUNS,
    GROUP_TYPES,
    MALE,
    ORG_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
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

    def nearest_before(
        self, pos: int, types: tuple[str, ...], skip: list[tuple[int, int]], ok: Any = None
    ) -> str | None:
        i = bisect.bisect_left(self.starts, pos)
        for s, e, eid, etype in reversed(self.rows[:i]):
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

    def gender_ok(self, eid: str, pronoun: str) -> bool:
        g = self.entities[eid].get("_gender")
        if not g:
            return True
        g = str(g).lower()[:1]
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
        plural_people = tok.tag_ in ("NNS", "NNPS") and (_people(lemma) or _people(lemma[:-1]))
        return plural_people or lemma in ORG_NOUNS
    if pronoun in ("it", "its"):
        return tok.tag_ == "NN" and lemma in ORG_NOUNS
    gender = names.GENDERED_WORDS.get(lemma)
    if gender is not None and gender != names.GENDERED_WORDS.get(pronoun):
        return False
    return tok.tag_ == "NN" and (gender is not None or _people(lemma))


def _people(lemma: str) -> bool:
    """A noun for people (`official`, `protester`, `voter`, `expert`, `minister`)."""
    return lemma in PERSON_NOUNS or lemma in names.ROLE_NOUNS or lemma in PEOPLE_NOUNS


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
        self._salient: dict[tuple[int, int], bool] = {}
        self.history: list[tuple[int, str]] = []  # (offset, entity id) of resolved speakers

    def entity(self, eid: str | None) -> tuple[str | None, str | None]:
        if eid is None:
            return None, None
        return eid, self.index.entities[eid]["name"]

    def resolve(self, mention: Span) -> SpeakerData:
        """``{"start","end","text","entity","name"}`` for a speaker mention; a pronoun whose
        antecedent is a description, not an entity (`Protesters ... They said`), gets that
        description as its ``name`` and no entity."""
        eid = self.resolve_id(mention)
        if eid is None:
            eid = self._missed_person(mention)
        phrase = self._described_antecedent(mention, eid)
        if phrase is not None:
            eid = None
        if eid is not None:
            self.history.append((mention.start_char, eid))
        entity, name = self.entity(eid)
        if phrase is not None:
            name = phrase
        return {
            "start": mention.start_char,
            "end": mention.end_char,
            "text": mention.text,
            "entity": entity,
            "name": name,
        }

    def _described_antecedent(self, mention: Span, eid: str | None) -> str | None:
        """For a pronoun, the noun phrase it refers back to when that is a description (`the
        union`, `protesters`, `her boyfriend`) standing as a subject after the entity found
        (or with no entity found) in its sentence or the two before."""
        low = mention.root.lower_
        if len(mention) != 1 or low not in MALE | FEMALE | GROUP_PRONOUNS:
            return None
        if eid is not None and low in MALE | FEMALE:
            return None  # a person found by name and gender beats a description
        newest = -1
        if eid is not None:
            pos = mention.start_char
            newest = max(
                (m["start"] for m in self.index.entities[eid]["mentions"] if m["start"] < pos),
                default=-1,
            )
        for tok in self._subjects_before(mention):
            if tok.idx <= newest:
                return None
            if self.index.at(tok.idx, tok.idx + len(tok.text)) is not None:
                return None  # an entity's mention: the entity search covered it
            if _describes(tok, low):
                return noun_phrase(tok).text
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
            if t.dep_ in ("nsubj", "nsubjpass") and not any(a <= t.idx < b for a, b in self.quoted)
        ]

    def _missed_person(self, mention: Span) -> str | None:
        """A speaker named with a person's full name that NER missed (`Ukraine's Sports Vadym
        Guttsait has warned`): its last two capitalised proper nouns (three with a middle
        initial) become a PERSON entity, with every body occurrence of the name and of its
        surname, so that later mentions resolve too. Names with a word of an organisation or
        role ("Committee", "Minister") or a token NER typed are left alone."""
        toks = list(mention)
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

    def _pronoun(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """he/she/they: (a) a subject (or its possessor) of the same sentence before the
        pronoun; (b) the previous speaker, if recent and compatible; (c) the nearest subject
        mention in the last ~3 sentences; (d) the nearest compatible mention."""
        idx, pos = self.index, mention.start_char
        sent = self.sentences.of(mention[0])
        sent_start = sent.start_char

        def salient(e: str, lo: int) -> Any:
            return lambda eid: (ok is None or ok(eid)) and self._salient_after(eid, lo, pos)

        found = idx.nearest_before(pos, types, self.quoted, salient("", sent_start))
        if found:
            return found
        for tok in reversed(sent[: mention.start - sent.start]):
            # a subject NER did not tag: `Zelenskyy's invitation ... where he stressed`
            if any(a <= tok.idx < b for a, b in self.quoted):
                continue
            if (
                tok.text[:1].isupper()
                and tok.pos_ in ("PROPN", "NOUN")
                and (
                    tok.dep_ in ("nsubj", "nsubjpass")
                    or (tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass"))
                )
            ):
                eid = self._by_name(tok.text, types)
                if eid is not None and (ok is None or ok(eid)):
                    return eid
        recent = self._recent_subject(mention, types, ok) if types == ("PERSON",) else None
        if recent is not None:
            return recent
        for at, eid in reversed(self.history):
            if pos - at > 1500:
                break
            etype = idx.entities[eid]["type"]
            if etype in types and (ok is None or ok(eid)):
                return eid
            break
        return idx.nearest_before(
            pos, types, self.quoted, salient("", max(0, pos - 600))
        ) or idx.nearest_before(pos, types, self.quoted, ok)

    def _recent_subject(self, mention: Span, types: tuple[str, ...], ok: Any) -> str | None:
        """A compatible entity that is the subject of one of the two sentences before the
        pronoun's, mentioned after the previous speaker was (`... McCallum expressed serious
        concern. "When the books were shown to me ...," he said`: McCallum, not the speaker
        of the paragraph before)."""
        starts = self.sentences.starts()
        i = bisect.bisect_right(starts, mention[0].i) - 1
        lo = self.doc[starts[max(0, i - 2)]].idx
        pos = mention.start_char
        found = self.index.nearest_before(
            pos,
            types,
            self.quoted,
            lambda eid: (ok is None or ok(eid)) and self._salient_after(eid, lo, pos),
        )
        if found is None:
            return None
        last_speaker_at = self.history[-1][0] if self.history else -1
        newest = max(
            (m["start"] for m in self.index.entities[found]["mentions"] if m["start"] < pos),
            default=-1,
        )
        return found if newest > last_speaker_at else None

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

    def _salient_after(self, eid: str, lo: int, hi: int) -> bool:
        """Whether the entity has a subject-like mention in ``[lo, hi)``."""
        for m in self.index.entities[eid].get("mentions", []):
            if not lo <= m["start"] < hi or any(a <= m["start"] < b for a, b in self.quoted):
                continue
            key = (m["start"], m["end"])
            if key not in self._salient:
                span = self.doc.char_span(m["start"], m["end"], alignment_mode="expand")
                root = span.root if span is not None and len(span) else None
                self._salient[key] = root is not None and (
                    root.dep_ in ("nsubj", "nsubjpass")
                    or (root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass"))
                )
            if self._salient[key]:
                return True
        return False

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
            return self._pronoun(mention, GROUP_TYPES, None)
        # 4. descriptions
        if low in ORG_NOUNS:
            return idx.nearest_before(pos, ("ORG",), self.quoted)
        if low in PERSON_NOUNS:
            # "the IOC President": the ORG words in the description narrow the search
            words = {low} | {t.lower_ for t in mention if t.i != head.i and t.pos_ == "PROPN"}

            def titled(e: str) -> bool:
                return words <= idx.titles(e)

            def titled_head(e: str) -> bool:
                return low in idx.titles(e)

            return idx.nearest_before(pos, ("PERSON",), self.quoted, titled) or idx.nearest_before(
                pos, ("PERSON",), self.quoted, titled_head
            )
        return eid
