"""``newsgraph_paragraphs``: paragraph roles and sentence boundaries at paragraph breaks.

Reads: ``doc.text``; ``doc._.ng_paragraphs`` if ingest already set it (HTML input, where roles come
from the page structure).
Writes: ``doc._.ng_paragraphs`` (computed with :func:`newsgraph.ingest.text.segment` when absent)
and ``token.is_sent_start = True`` on the first token of every paragraph, so that the parser, the
NER and every later step never read across a paragraph break. Must run before the parser.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.ingest.text import segment
from newsgraph.nlp.extensions import register_extensions

register_extensions()


class ParagraphSetter:
    def __call__(self, doc: Doc) -> Doc:
        paras = doc._.ng_paragraphs
        if paras is None:
            paras = [p.model_dump() for p in segment(doc.text)]
            doc._.ng_paragraphs = paras
        starts = {p["start"] for p in paras}
        for token in doc:
            if token.i == 0:
                continue
            if token.idx in starts:
                token.is_sent_start = True
        return doc


@Language.factory(
    "newsgraph_paragraphs",
    requires=[],
    assigns=["doc._.ng_paragraphs", "token.is_sent_start"],
    default_config={},
)
def make_paragraph_setter(nlp: Language, name: str) -> ParagraphSetter:
    return ParagraphSetter()
