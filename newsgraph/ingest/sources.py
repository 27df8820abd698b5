"""Expand command-line inputs (files, directories, ``-``, JSONL) into documents or errors.

Each input yields :class:`Document` objects, or an :class:`InputError` for an input that cannot be
read: callers report the error and go on with the rest.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.document import Document, InputError
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
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
            )
            if not found:
                yield InputError(given, "directory has no .txt, .html, .htm or .jsonl files")
            yield from (str(p) for p in found)
        elif path.exists():
            yield given
        else:
            yield InputError(given, "no such file or directory")


def read_bytes(source: str, max_bytes: int) -> bytes:
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            size = Path(source).stat().st_size
            if size > max_bytes:
                raise InputError(
                    source, f"file is {size} bytes, over the --max-bytes limit of {max_bytes}"
                )
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(source, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(source, f"input is over the --max-bytes limit of {max_bytes}")
    return data


def documents_from_jsonl(
    text: str, source: str, published: str | None
) -> Iterator[Document | InputError]:
    """One article per line: ``text`` or ``html``, optional ``id``, ``url``, ``title``, ``published``."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text") or obj.get("html"), str):
            yield InputError(where, "JSONL record needs a string 'text' or 'html' field")
            continue
        meta = {
            "source": where,
            "published": obj.get("published") or published,
            "title": obj.get("title"),
            "id": None if obj.get("id") is None else str(obj.get("id")),
            "url": obj.get("url"),
        }
        try:
            if isinstance(obj.get("text"), str):
                yield document_from_text(obj["text"], **meta)
            else:
                yield document_from_html(obj["html"], **meta)
        except InputError as err:
            yield err


def iter_documents(
    paths: list[str], *, published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """Every document the inputs hold, in order; failures come as :class:`InputError`."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        source = item
        if is_warc(source):  # a crawl: streamed record by record (newsgraph.ingest.warc)
            yield from documents_from_warc(source, published=published, max_bytes=max_bytes)
            continue
        try:
            data = read_bytes(source, max_bytes)
            text, warnings = decode_bytes(data, source)
            lower = source.lower()
            if lower.endswith(".jsonl"):
                yield from documents_from_jsonl(text, source, published)
                continue
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
