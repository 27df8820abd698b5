"""Bytes to text: BOM, declared or detected charset, with clear errors for binary input.

Order of trust: a byte-order mark, then strict UTF-8 (most of the web), then a charset the
document declares (``<meta charset>``, ``<?xml encoding>``), then charset-normalizer's guess.
Whatever is not plain UTF-8 is reported in the record's ``warnings``; undecodable bytes never
crash: the last resort is UTF-8 with replacement characters, with a warning saying so.
"""

from __future__ import annotations

import codecs
import re

from newsgraph.ingest.document import InputError

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""",
    re.I,
)
# Formats a user may point newsgraph at by mistake, named in the error.
_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.epub)"),
    (b"\x1f\x8b", "gzip file (decompress it first)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 file"),
    (b"\xfd7zXZ", "xz file"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that do not occur in text (everything below 0x20 but tab, LF, FF, CR, ESC).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return controls > max(8, len(sample) // 50)


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data``; returns the text and warnings.

    Raises :class:`InputError` for empty or binary data.
    """
    text, _charset, warnings = decode_with_charset(data, source)
    return text, warnings


def decode_with_charset(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """:func:`decode_bytes`, and the charset it decoded with (``utf-8`` with replacement
    characters as the last resort). Raises :class:`InputError` for empty or binary data."""
    if not data.strip():
        raise InputError(source, "empty file" if not data else "empty file (only whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            warnings = []
            if "\ufffd" in text:
                warnings.append(f"invalid {encoding} bytes replaced with U+FFFD")
            if not text.strip():
                raise InputError(source, "empty file")
            return text, encoding, warnings
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file ({what}), not text or HTML")
    if _looks_binary(data):
        raise InputError(source, "binary file (control bytes), not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    return _legacy(data)


def _legacy(data: bytes) -> tuple[str, str, list[str]]:
    """Bytes that are not UTF-8: the declared charset, else charset-normalizer's guess."""
    declared = _DECLARED.search(data[:8192])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii", "replace")
        try:
            return data.decode(name), name, [f"not UTF-8; decoded as declared charset {name}"]
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if matches:
        # On short texts several legacy code pages fit equally well (charset-normalizer picks
        # cp775 for "Café"): among the least chaotic ones prefer windows-1252, the web's
        # default legacy encoding (WHATWG), when it is one of them.
        least = min(m.percent_chaos for m in matches)
        calm = [m for m in matches if m.percent_chaos <= least + 0.5]
        if any("cp1252" in m.could_be_from_charset for m in calm):
            try:
                return data.decode("cp1252"), "cp1252", ["not UTF-8; decoded as cp1252 (detected)"]
            except UnicodeDecodeError:
                pass
        best = calm[0]
        return str(best), best.encoding, [f"not UTF-8; decoded as {best.encoding} (detected)"]
    return (
        data.decode("utf-8", errors="replace"),
        "utf-8",
        ["not UTF-8 and no charset detected; invalid bytes replaced with U+FFFD"],
    )
