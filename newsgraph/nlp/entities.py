"""``newsgraph_entities``: entity mentions merged into document-level entities.

Reads: ``doc.ents`` (spaCy NER), ``doc._.ng_paragraphs``.
Writes: ``doc._.ng_entities``.

(placeholder: one entity per distinct surface form; the merging pass replaces this)
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import ENTITY_TYPES
from newsgraph.nlp.extensions import register_extensions

register_extensions()


class EntityMerger:
    def __call__(self, doc: Doc) -> Doc:
        by_text: dict[str, dict[str, Any]] = {}
        for ent in doc.ents:
            if ent.label_ not in ENTITY_TYPES:
                continue
            e = by_text.setdefault(
                ent.text,
                {"name": ent.text, "type": ent.label_, "aliases": [ent.text], "mentions": []},
            )
            e["mentions"].append(
                {"start": ent.start_char, "end": ent.end_char, "text": ent.text, "role": "body"}
            )
        out = []
        for i, e in enumerate(by_text.values(), 1):
            out.append({"id": f"E{i}", **e})
        doc._.ng_entities = out
        return doc


@Language.factory("newsgraph_entities")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
