"""Bytes to text: BOM, declared or detected charset, with clear errors for binary input."""

from __future__ import annotations

import re

from newsgraph.ingest.document import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:.]+)""", re.I)


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data``; returns the text and warnings. Raises :class:`InputError` for binary data."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file (NUL bytes), not text or HTML")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii")), []
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "binary file, not text or HTML")
    return str(best), [f"not UTF-8; decoded as {best.encoding}"]
