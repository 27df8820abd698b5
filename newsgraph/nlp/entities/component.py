"""The ``newsgraph_entities`` component: the steps of :mod:`newsgraph.nlp.entities` in order."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.entities.bare_descriptors import bare_descriptors
from newsgraph.nlp.entities.canonical import canonical_name
from newsgraph.nlp.entities.data import Entity, Form, UnionFind
from newsgraph.nlp.entities.descriptors import find_descriptors
from newsgraph.nlp.entities.gender import set_genders
from newsgraph.nlp.entities.mentions import collect
from newsgraph.nlp.entities.merging import forms_of, given_names, groups, merge, surnames
from newsgraph.nlp.entities.spans import sentence_starts, sorted_paragraphs
from newsgraph.nlp.entities.types import decide_type, retype_forms
from newsgraph.nlp.extensions import register_extensions
from newsgraph.nlp.given_names import load as load_given_names

register_extensions()


class EntityMerger:
    """The ``newsgraph_entities`` component (see :mod:`newsgraph.nlp.entities`)."""

    def __init__(self) -> None:
        """Loads the given-name list now (~0.3 s), not on the first document (worker processes
        forked from a loaded pipeline share it)."""
        load_given_names()

    def __call__(self, doc: Doc) -> Doc:
        """Sets ``doc._.ng_entities``."""
        doc._.ng_entities = build_entities(doc)
        return doc


def build_entities(doc: Doc) -> list[dict[str, Any]]:
    """The document-level entities of a ``Doc`` that went through spaCy's NER, as
    ``doc._.ng_entities`` holds them: [{"id": "E1", "name": "Thomas Bach", ...}]."""
    text = doc.text  # a join over the tokens: compute it once
    paras = sorted_paragraphs(doc, text)
    sents = sentence_starts(doc)
    mentions = collect(doc, text, paras, sents)
    if not mentions:
        return []
    forms = forms_of(mentions)
    retype_forms(forms, text)
    given = given_names(forms)
    uf = merge(text, forms, given)
    words = given | surnames(forms)
    entities = [_entity(fs, text, given, words) for fs in groups(forms, uf)]
    _describe_persons(doc, text, entities, forms, uf, paras, sents)
    entities.sort(key=lambda e: (e.first_body() < 0, e.first_body(), e.mentions[0].start))
    return [_as_dict(i, ent, text) for i, ent in enumerate(entities, 1)]


def _entity(forms: list[Form], text: str, given: set[str], person_words: set[str]) -> Entity:
    """The entity of one set of forms, its mentions in order, typed: [thomas bach, bach] ->
    PERSON."""
    mentions = sorted((m for f in forms for m in f.mentions), key=lambda m: m.start)
    ent = Entity(forms, mentions)
    ent.type = decide_type(ent, text, given, person_words)
    return ent


def _describe_persons(
    doc: Doc,
    text: str,
    entities: list[Entity],
    forms: dict[str, Form],
    uf: UnionFind,
    paras: list[dict[str, Any]],
    sents: list[int],
) -> None:
    """Descriptors and gender of the persons, then their bare descriptor mentions: "Polish
    Sports Minister Kamil Bortniczuk ... The minister" -> "minister" is Bortniczuk."""
    mention_key = {m.start: uf.find(f.key) for f in forms.values() for m in f.mentions}
    persons = [e for e in entities if e.type == "PERSON"]
    for ent in persons:
        find_descriptors(doc, text, ent, mention_key, sents)
    set_genders(doc, persons, sents)
    bare_descriptors(doc, text, persons, mention_key, paras, sents)


def _as_dict(i: int, ent: Entity, text: str) -> dict[str, Any]:
    """The ``ng_entities`` item of the ``i``-th entity: {"id": "E1", "name": "Thomas Bach",
    "type": "PERSON", "aliases": [...], "mentions": [...], "_descriptors": [...], "_gender": "m"}."""
    ent.mentions.sort(key=lambda m: (m.start, m.end))
    return {
        "id": f"E{i}",
        "name": canonical_name(ent, text),
        "type": ent.type,
        "aliases": list(dict.fromkeys(m.text for m in ent.mentions if m.kind == "name")),
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "role": m.role} for m in ent.mentions
        ],
        "_descriptors": _descriptor_list(ent),
        "_gender": ent.gender,
    }


def _descriptor_list(ent: Entity) -> list[str]:
    """The distinct descriptor phrases, then their head nouns not already listed:
    ["IOC President", "president"]."""
    descriptors = list(dict.fromkeys(d[0] for d in ent.descriptors))
    descriptors += [h for h in dict.fromkeys(d[1] for d in ent.descriptors) if h not in descriptors]
    return descriptors


@Language.factory(
    "newsgraph_entities",
    requires=[
        "doc.ents",
        "token.ent_type",
        "token.pos",
        "token.dep",
        "token.lemma",
        "doc.sents",
        "token.is_sent_start",
        "doc._.ng_paragraphs",
    ],
    assigns=["doc._.ng_entities"],
    default_config={},
)
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    """The ``newsgraph_entities`` component (it has no settings)."""
    return EntityMerger()
