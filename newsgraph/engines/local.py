"""The local engine: articles read, extracted and stored on this machine (``--engine local``).

The inputs are read here (``newsgraph.ingest``), texts already stored are skipped before spaCy
runs, the rest go through :func:`newsgraph.nlp.pipeline.process` (in this process, or in ``workers``
forked worker processes that each load the pipeline once and build finished records) and this
process stores them (:class:`newsgraph.store.IngestRun`): it spends its CPU on writing only.
Each article commits in its own transaction, so an interrupted run loses at most the article
being written, and rerunning completes the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.language import announce_unsupported
from newsgraph.ingest.metadata import apply_metadata
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, iter_documents
from newsgraph.nlp.pipeline import process
from newsgraph.store import IngestReport, IngestRun, Store, content_hash
from newsgraph.store.ingest_run import Progress


def ingest(
    store: Store,
    paths: list[str],
    *,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    from_metadata: bool = False,
    workers: int = 1,
    nlp: Language | None = None,
    batch_size: int = 16,
    progress: Progress | None = None,
) -> IngestReport:
    """Extract the articles of ``paths`` (files, directories, ``-``) into ``store``.

    ``from_metadata``: dates (and titles) from a ``metadata.tsv`` beside the inputs
    (:mod:`newsgraph.ingest.metadata`). ``progress(event, source, reason)`` is called once per
    input, ``event`` being ``"stored"``, ``"skipped"`` or ``"failed"`` (``reason`` says why), and
    with ``"warning"`` (before ``"stored"``) for an article in a language not supported.
    """
    items = iter_documents(paths, published=published, max_bytes=max_bytes)
    if from_metadata:
        items = apply_metadata(items)
    return ingest_documents(
        store, items, workers=workers, nlp=nlp, batch_size=batch_size, progress=progress
    )


def ingest_documents(
    store: Store,
    items: Iterable[Document | InputError],
    *,
    workers: int = 1,
    nlp: Language | None = None,
    batch_size: int = 16,
    progress: Progress | None = None,
) -> IngestReport:
    """Extract and store documents; already-stored texts are skipped before spaCy runs.

    ``items`` holds :class:`~newsgraph.ingest.document.Document` or
    :class:`~newsgraph.ingest.document.InputError` objects (what ``iter_documents`` yields).
    """
    run = IngestRun(store, progress)
    records = process(_to_extract(items, run), nlp, batch_size=batch_size, n_process=workers)
    if progress is not None:
        records = announce_unsupported(records, lambda s, w: progress("warning", s, w))
    run.store_records(records)
    return run.finish()


def _to_extract(items: Iterable[Document | InputError], run: IngestRun) -> Iterator[Document]:
    """The documents whose text is neither stored nor seen earlier in this run; input errors and
    skips are told to ``run``."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            run.fail(item.source, item.reason)
            continue
        assert isinstance(item, Document)
        hash_ = content_hash(item.text)
        if hash_ in seen or run.store.has(hash_):
            run.skip(item.source)
            continue
        seen.add(hash_)
        yield item
