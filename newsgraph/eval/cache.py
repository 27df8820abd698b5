"""Parses kept between evaluation runs (``newsgraph eval --cache DIR``).

Measuring a change to newsgraph's own components on every dev corpus should take seconds, not
the minutes spaCy's parse takes: the parse does not change when only newsgraph's rules do. So a
:class:`ParseCache` keeps each text's ``Doc`` as it leaves the components before
``newsgraph_entities`` (tokens, tags, parse, named entities, the paragraph roles and
publication date set by :func:`~newsgraph.nlp.pipeline.make_doc`), one ``DocBin`` file per
text, and on a later run reruns only newsgraph's components over it.

A file's name is a hash of the text, its paragraphs, date and language, and of what made the
parse: the spaCy and model versions, the names of the components, and the source of the newsgraph
modules among them (``newsgraph_paragraphs``, ``newsgraph_morphology``). Changing any of
those makes new files; stale ones are never read (delete the directory to reclaim the space).
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from newsgraph.ingest.document import Document
from newsgraph.model import Record
from newsgraph.nlp.pipeline import COMPONENTS, make_doc, one_blas_thread, record_from_doc


class ParseCache:
    """``nlp``'s parse of texts, kept in ``directory``; :meth:`records` runs the rest."""

    def __init__(self, nlp: Language, directory: Path) -> None:
        self.nlp = nlp
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        names = nlp.pipe_names
        first_late = min(names.index(c) for c in COMPONENTS if c in names)
        self.early = names[:first_late]
        self.late = [nlp.get_pipe(name) for name in names[first_late:]]
        self.fingerprint = _fingerprint(nlp, self.early)

    def path(self, doc: Doc) -> Path:
        """Where the parse of ``doc`` (a :func:`make_doc` result) is kept."""
        h = hashlib.sha256(self.fingerprint.encode())
        h.update(doc.text.encode("utf-8"))
        extras = [doc._.ng_paragraphs, doc._.ng_published, doc._.ng_language]
        h.update(json.dumps(extras, sort_keys=True, default=str).encode("utf-8"))
        return self.directory / f"{h.hexdigest()[:32]}.spacy"

    def parse(self, docs: list[Doc], batch_size: int = 16) -> list[Doc]:
        """The parsed ``docs``: read where kept, else parsed (in batches) and kept."""
        paths = [self.path(d) for d in docs]
        out: list[Doc | None] = [_read(p, self.nlp) if p.exists() else None for p in paths]
        todo = [i for i, d in enumerate(out) if d is None]
        with self.nlp.select_pipes(enable=self.early), one_blas_thread():
            parsed = self.nlp.pipe((docs[i] for i in todo), batch_size=batch_size)
            for i, doc in zip(todo, parsed, strict=True):
                _write(paths[i], doc)
                out[i] = doc
        return [d for d in out if d is not None]

    def records(self, documents: Iterable[Document]) -> Iterator[Record]:
        """Records for ``documents``: the kept parse, then newsgraph's components."""
        documents = list(documents)
        docs = self.parse([make_doc(self.nlp, d) for d in documents])
        for doc, document in zip(docs, documents, strict=True):
            for component in self.late:
                doc = component(doc)
            yield record_from_doc(doc, document)


def _read(path: Path, nlp: Language) -> Doc:
    return next(iter(DocBin(store_user_data=True).from_disk(path).get_docs(nlp.vocab)))


def _write(path: Path, doc: Doc) -> None:
    """Written to a temporary name, then renamed: an interrupted run leaves no half file."""
    tmp = path.with_suffix(".tmp")
    DocBin(store_user_data=True, docs=[doc]).to_disk(tmp)
    tmp.replace(path)


def _fingerprint(nlp: Language, names: list[str]) -> str:
    """What made the parse: versions, component names, and newsgraph components' source."""
    parts = [spacy.__version__, nlp.meta.get("name", ""), nlp.meta.get("version", ""), *names]
    for name in names:
        factory = nlp.get_pipe_meta(name).factory
        if factory.startswith("newsgraph"):
            source = inspect.getsourcefile(spacy.registry.factories.get(factory))
            parts.append(Path(source).read_text(encoding="utf-8") if source else factory)
    return "\n".join(parts)
