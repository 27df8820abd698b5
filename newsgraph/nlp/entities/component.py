"""The ``newsgraph_entities`` component: the steps in order."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp import names
from newsgraph.nlp.entities.canonical import canonical_name
from newsgraph.nlp.entities.data import Entity, Form
from newsgraph.nlp.entities.descriptors import bare_descriptors, descriptor_after, descriptor_before
from newsgraph.nlp.entities.gender import gender_from_pronouns
from newsgraph.nlp.entities.mentions import collect
from newsgraph.nlp.entities.merging import form_key, merge
from newsgraph.nlp.entities.spans import sentence_starts, sorted_paragraphs
from newsgraph.nlp.entities.types import decide_type
from newsgraph.nlp.extensions import register_extensions

register_extensions()


class EntityMerger:
    """The ``newsgraph_entities`` component (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_entities = build_entities(doc)
        return doc


def build_entities(doc: Doc) -> list[dict[str, Any]]:
    """The document-level entities of a ``Doc`` that went through spaCy's NER."""
    text = doc.text  # a join over the tokens: compute it once
    paras = sorted_paragraphs(doc, text)
    mentions = collect(doc, text, paras)
    if not mentions:
        return []
    forms, uf = merge(text, mentions)
    groups: dict[str, list[Form]] = defaultdict(list)
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
    entities: list[Entity] = []
    for fs in groups.values():
        ms = sorted((m for f in fs for m in f.mentions), key=lambda m: m.start)
        ent = Entity(fs, ms)
        ent.person_full = (
            any(len(f.key.split()) >= 2 and f.person_votes_lead() for f in fs) and len(fs) > 1
        )
        ent.type = decide_type(ent, text, given)
        entities.append(ent)

    mention_key = {m.start: uf.find(form_key(m.text)) for m in mentions}
    sents = sentence_starts(doc)
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
                descriptor_before(doc, m, mention_key, sents),
                descriptor_after(doc, m, mention_key, sents),
            ):
                if d:
                    dstart, dend, head, mods = d
                    ent.descriptors.append((text[dstart:dend], head, mods))
                    if head in names.GENDERED_WORDS:
                        ent.gender_votes[names.GENDERED_WORDS[head]] += 2
        gender_from_pronouns(doc, ent, person_starts - {m.start for m in ent.mentions}, sents)
    persons = [e for e in entities if e.type == "PERSON"]
    bare_descriptors(doc, text, persons, mention_key, paras, sents)

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
                "name": canonical_name(ent, text),
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
