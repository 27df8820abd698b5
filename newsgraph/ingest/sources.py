"""Expand command-line inputs (files, directories, ``-``, JSONL) into documents or errors.

Each input yields :class:`Document` objects, or an :class:`InputError` for an input that cannot be
read: callers report the error and go on with the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.jsonl import (
    documents_from_file,
    documents_from_jsonl,
    documents_from_stream,
    looks_like_jsonl,
    opens_jsonl,
)
from newsgraph.ingest.load import document_from_html, document_from_string, document_from_text
from newsgraph.ingest.warc import documents_from_warc, is_warc

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def expand_paths(paths: list[str]) -> Iterator[str | InputError]:
    """Files as given, directories as their sorted ``.txt/.html/.htm/.jsonl`` files, ``-`` as is."""
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        try:
            if path.is_dir():
                found = sorted(
                    p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
                )
                if not found:
                    kinds = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
                    yield InputError(given, f"directory has no {kinds} files")
                yield from (str(p) for p in found)
            elif path.is_file():
                yield given
            elif path.exists():
                yield InputError(given, "not a regular file")
            else:
                yield InputError(given, "no such file or directory")
        except OSError as exc:
            yield InputError(given, exc.strerror or str(exc))


def _over(source: str, size: int | None, max_bytes: int) -> InputError:
    what = f"is {size} bytes" if size is not None else "is larger than that"
    return InputError(
        source, f"input {what}, over the --max-bytes limit of {max_bytes} bytes (not read)"
    )


def read_bytes(source: str, max_bytes: int) -> bytes:
    """The raw bytes of a file or of stdin, refusing anything over ``max_bytes``.

    A file's size is checked before it is read, and at most ``max_bytes + 1`` bytes are ever
    read (stdin, or a file that grew), so memory stays bounded.
    """
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise _over(source, None, max_bytes)
            return data
        size = Path(source).stat().st_size
        if size > max_bytes:
            raise _over(source, size, max_bytes)
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise _over(source, None, max_bytes)
    return data


def _documents_from_stdin(published: str | None, max_bytes: int) -> Iterator[Document | InputError]:
    """stdin: JSONL (its first line tells) streamed record by record, else one article of at most
    ``max_bytes``."""
    stream = sys.stdin.buffer
    try:
        first = stream.readline(max_bytes + 1)
        if opens_jsonl(first, max_bytes):
            yield from documents_from_stream(stream, "-", published, max_bytes, head=first)
            return
        data = first + stream.read(max_bytes + 1 - len(first))
    except OSError as exc:
        yield InputError("-", exc.strerror or str(exc))
        return
    if len(data) > max_bytes:
        yield _over("-", None, max_bytes)
        return
    try:
        text, warnings = decode_bytes(data, "-")
        if looks_like_jsonl(text):  # UTF-16/32 JSONL: read whole
            yield from documents_from_jsonl(text, "-", published)
            return
        document = document_from_string(text, source="-", published=published)
    except InputError as err:
        yield err
        return
    document.warnings.extend(warnings)
    yield document


def iter_documents(
    paths: list[str], *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """Every document the inputs hold, in order; failures come as :class:`InputError`."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        source = item
        lower = source.lower()
        if is_warc(source):  # a crawl: streamed record by record (newsgraph.ingest.warc)
            yield from documents_from_warc(source, published=published, max_bytes=max_bytes)
            continue
        if lower.endswith(".jsonl"):  # a corpus: streamed record by record (ingest.jsonl)
            yield from documents_from_file(source, published, max_bytes)
            continue
        if source == "-":
            yield from _documents_from_stdin(published, max_bytes)
            continue
        try:
            data = read_bytes(source, max_bytes)
            text, warnings = decode_bytes(data, source)
            if lower.endswith((".html", ".htm")):
                document = document_from_html(text, source=source, published=published)
            elif lower.endswith(".txt"):
                document = document_from_text(text, source=source, published=published)
            else:
                document = document_from_string(text, source=source, published=published)
            document.warnings.extend(warnings)
            yield document
        except InputError as err:
            yield err
