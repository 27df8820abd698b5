"""``newsgraph_quotes``: quotations and reported speech with their cues and speakers.

Reads: sentences, dependency parse, ``doc._.ng_paragraphs``, ``doc._.ng_entities``.
Writes: ``doc._.ng_quotes``.

(placeholder: finds nothing yet)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.extensions import register_extensions

register_extensions()


class QuoteExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_quotes = []
        return doc


@Language.factory("newsgraph_quotes")
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
