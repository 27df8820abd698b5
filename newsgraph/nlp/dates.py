"""``newsgraph_dates``: temporal expressions normalised against the publication date.

Reads: ``doc.ents`` (DATE), ``doc._.ng_paragraphs``, ``doc._.ng_published``.
Writes: ``doc._.ng_dates``.

(placeholder: DATE entities with no value; the resolver replaces this)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.extensions import register_extensions

register_extensions()


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_dates = [
            {"start": e.start_char, "end": e.end_char, "text": e.text, "value": None}
            for e in doc.ents
            if e.label_ == "DATE"
        ]
        return doc


@Language.factory("newsgraph_dates")
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
