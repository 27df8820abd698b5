"""JSONL corpora, streamed record by record: one article per line, in bounded memory.

A JSONL file (or stdin) of any size is read line by line; at most ``max_bytes + 1`` bytes of a
line are held at a time, so ``--max-bytes`` guards one article, not the file. A line over the
limit is skipped unread and is one failure (``FILE:LINE``) among the records read. Lines are
UTF-8, as JSON Lines says; a line that is not is decoded as a text file is (with a warning in its
record), the charset found for one line being tried first on the next. A file that starts with a
UTF-16/32 byte-order mark cannot be split on its ``\\n`` bytes: it is read whole (up to
``max_bytes``) and split once decoded.

Each line is a JSON object with a string ``text`` or ``html`` and optional ``id``, ``url``,
``title``, ``published``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from typing import BinaryIO

from newsgraph.ingest.decode import decode_bytes, decode_with_charset
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.load import document_from_html, document_from_text

_CHUNK = 1 << 16  # what is read at a time of a line being skipped
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def over_limit(where: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        where,
        f"JSONL line is {size} bytes, over the --max-bytes limit of {max_bytes} bytes (not read)",
    )


def skip_rest_of_line(fh: BinaryIO) -> int:
    """Read past the end of the current line, ``_CHUNK`` bytes at a time; the bytes skipped."""
    skipped = 0
    while True:
        piece = fh.readline(_CHUNK)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


def raw_lines(
    fh: BinaryIO,
    max_bytes: int,
    *,
    first_line: int = 1,
    end: int | None = None,
    head: bytes = b"",
) -> Iterator[tuple[int, bytes | int]]:
    """``(line number, bytes)`` of each line from where ``fh`` stands to byte ``end`` (or the end
    of the stream); a line over ``max_bytes`` comes as ``(line number, its size)``, unread.

    ``head``: the first line, already read from ``fh`` with ``fh.readline(max_bytes + 1)``.
    """
    number = first_line
    while head or end is None or fh.tell() < end:
        line, head = head or fh.readline(max_bytes + 1), b""
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            yield number, len(line) + skip_rest_of_line(fh)
        else:
            yield number, line
        number += 1


class LineDecoder:
    """Decodes the lines of one file: UTF-8, else the charset the last odd line had, else as
    :func:`~newsgraph.ingest.decode.decode_bytes` decodes a file."""

    def __init__(self) -> None:
        self.charset: str | None = None
        self.warnings: list[str] = []

    def __call__(self, data: bytes, where: str) -> tuple[str, list[str]]:
        try:
            return data.decode("utf-8").removeprefix("\ufeff"), []
        except UnicodeDecodeError:
            pass
        if self.charset is not None:
            try:
                return data.decode(self.charset), list(self.warnings)
            except UnicodeDecodeError:
                pass
        text, self.charset, self.warnings = decode_with_charset(data, where)
        return text, list(self.warnings)


def _published(value: object, warnings: list[str]) -> str | None:
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


def document_from_line(line: str, where: str, published: str | None) -> Document | InputError:
    """One JSONL record as a document (or the error that says why it is none).

    Its own ``published`` wins, then (``html``) the page's date, then ``published``.
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"invalid JSON: {exc.msg}")
    if not isinstance(obj, dict) or not isinstance(obj.get("text") or obj.get("html"), str):
        return InputError(where, "JSONL record needs a string 'text' or 'html' field")
    warnings: list[str] = []
    own = _published(obj.get("published"), warnings)
    title, doc_id, url = (_optional_str(obj.get(key)) for key in ("title", "id", "url"))
    is_text = isinstance(obj.get("text"), str)
    load = document_from_text if is_text else document_from_html
    try:
        document = load(
            obj["text"] if is_text else obj["html"],
            source=where,
            published=published,
            title=title,
            id=doc_id,
            url=url,
        )
    except InputError as err:
        return err
    document.published = own or document.published
    document.warnings.extend(warnings)
    return document


def documents_from_jsonl(
    text: str, source: str, published: str | None, *, first_line: int = 1
) -> Iterator[Document | InputError]:
    """The records of JSONL already decoded, named ``SOURCE:LINE``."""
    for number, line in enumerate(text.split("\n"), first_line):
        if line.strip():
            yield document_from_line(line, f"{source}:{number}", published)


def documents_from_stream(
    fh: BinaryIO,
    source: str,
    published: str | None,
    max_bytes: int,
    *,
    first_line: int = 1,
    end: int | None = None,
    head: bytes = b"",
) -> Iterator[Document | InputError]:
    """The records of a binary JSONL stream from where it stands (to byte ``end``), one line at a
    time; a line over ``max_bytes`` is an :class:`InputError` and the others are read.
    ``head``: its first line, already read (see :func:`raw_lines`)."""
    decode = LineDecoder()
    lines = raw_lines(fh, max_bytes, first_line=first_line, end=end, head=head)
    for number, line in lines:
        where = f"{source}:{number}"
        if isinstance(line, int):
            yield over_limit(where, line, max_bytes)
            continue
        if not line.strip():
            continue
        try:
            text, warnings = decode(line, where)
        except InputError as err:  # binary bytes in the line
            yield err
            continue
        item = document_from_line(text, where, published)
        if isinstance(item, Document):
            item.warnings[:0] = warnings
        yield item


def count_records(path: str) -> int:
    """How many non-blank lines a JSONL file has (for a progress bar's total), read 1 MiB at a
    time: a multi-gigabyte file is counted in seconds, in bounded memory."""
    count, blank = 0, True  # blank: the line being read holds only whitespace so far
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            for i, piece in enumerate(chunk.split(b"\n")):
                if i:  # a line ended before this piece
                    count += not blank
                    blank = True
                blank = blank and not piece.strip()
    return count + (not blank)


def is_wide(path: str) -> bool:
    """A file that starts with a UTF-16/32 byte-order mark (read whole, not line by line)."""
    with open(path, "rb") as fh:
        return fh.read(4).startswith(_WIDE_BOMS)


def documents_from_file(
    path: str,
    published: str | None,
    max_bytes: int,
    *,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
) -> Iterator[Document | InputError]:
    """The records of a JSONL file (or of its bytes ``[start, end)``, line ``first_line`` first)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed in finally; the generator may stop early)
    except OSError as exc:
        yield InputError(path, exc.strerror or str(exc))
        return
    try:
        if start == 0 and fh.read(4).startswith(_WIDE_BOMS):
            yield from _wide_file(fh, path, published, max_bytes)
            return
        fh.seek(start)
        yield from documents_from_stream(
            fh, path, published, max_bytes, first_line=first_line, end=end
        )
    except OSError as exc:
        yield InputError(path, exc.strerror or str(exc))
    finally:
        fh.close()


def _wide_file(
    fh: BinaryIO, path: str, published: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    """A UTF-16/32 JSONL file: read whole (up to ``max_bytes``), decoded, then split."""
    fh.seek(0)
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(
            path,
            f"UTF-16/32 JSONL is read whole and is over the --max-bytes limit of {max_bytes} "
            "bytes (not read): convert it to UTF-8 to stream it",
        )
        return
    try:
        text, warnings = decode_bytes(data, path)
    except InputError as err:
        yield err
        return
    for item in documents_from_jsonl(text, path, published):
        if isinstance(item, Document):
            item.warnings[:0] = warnings
        yield item


def looks_like_jsonl(text: str) -> bool:
    """Text (stdin) holding JSONL: its first line is a JSON object with ``text`` or ``html``."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and ("text" in obj or "html" in obj)


def opens_jsonl(first: bytes, max_bytes: int) -> bool:
    """The first line of a stream (read with ``readline(max_bytes + 1)``) opens JSONL: a JSON
    object with ``text`` or ``html``, or a line over the limit that starts like one."""
    start = first.lstrip().removeprefix(codecs.BOM_UTF8).lstrip()
    if len(first) > max_bytes and not first.endswith(b"\n"):
        return start.startswith(b"{")
    return looks_like_jsonl(start.decode("utf-8", errors="replace"))
