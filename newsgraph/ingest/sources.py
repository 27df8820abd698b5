"""Expand command-line inputs (files, directories, ``-``, JSONL) into documents or errors.

Each input yields :class:`Document` objects, or an :class:`InputError` for an input that cannot be
read: callers report the error and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
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


def _published(value: object, where: str, warnings: list[str]) -> str | None:
    """A JSONL ``published`` value as YYYY-MM-DD (a datetime's date part), else ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    warnings.append(f"ignored 'published' {value!r}: not a YYYY-MM-DD date")
    return None


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


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
        warnings: list[str] = []
        own = _published(obj.get("published"), where, warnings)
        title = _optional_str(obj.get("title"))
        doc_id = _optional_str(obj.get("id"))
        url = _optional_str(obj.get("url"))
        try:
            if isinstance(obj.get("text"), str):
                document = document_from_text(
                    obj["text"], source=where, published=published, title=title, id=doc_id, url=url
                )
            else:
                document = document_from_html(
                    obj["html"], source=where, published=published, title=title, id=doc_id, url=url
                )
            # The record's own date wins, then the page's (HTML), then --published.
            document.published = own or document.published
            document.warnings.extend(warnings)
            yield document
        except InputError as err:
            yield err


def looks_like_jsonl(text: str) -> bool:
    """stdin holding JSONL: its first line is a JSON object with ``text`` or ``html``."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and ("text" in obj or "html" in obj)


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
            if lower.endswith(".jsonl") or (source == "-" and looks_like_jsonl(text)):
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
