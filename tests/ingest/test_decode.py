"""Bytes to text (newsgraph.ingest.decode)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.document import InputError
from tests.conftest import DATA

INGEST = DATA / "ingest"


def test_utf8_is_decoded_without_warning() -> None:
    assert decode_bytes("Zelenskyy’s offer — ©".encode(), "a") == ("Zelenskyy’s offer — ©", [])


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_marks(bom: bytes, encoding: str) -> None:
    text, warnings = decode_bytes(bom + "Café au lait\n".encode(encoding), "a")
    assert text == "Café au lait\n" and warnings == []


def test_undeclared_cp1252_is_detected_with_a_warning() -> None:
    text, warnings = decode_bytes((INGEST / "latin1.txt").read_bytes(), "latin1.txt")
    assert "Café owners in Zürich" in text and "Jürg Müller" in text
    assert warnings == ["not UTF-8; decoded as cp1252 (detected)"]


def test_declared_charset_is_used() -> None:
    text, warnings = decode_bytes((INGEST / "declared-latin1.html").read_bytes(), "x.html")
    assert "<title>Zürich cafés</title>" in text
    assert warnings == ["not UTF-8; decoded as declared charset iso-8859-1"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file (only whitespace)"),
        ((INGEST / "binary.txt").read_bytes(), "binary file (control bytes), not text or HTML"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document), not text or HTML"),
        (b"\x1f\x8b\x08\x00abc", "binary file (gzip file (decompress it first)), not text or HTML"),
        (b"text\x00with a NUL", "binary file (control bytes), not text or HTML"),
    ],
)
def test_bad_bytes_raise_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "f.txt")
    assert info.value.reason == reason
    assert info.value.line() == f"newsgraph: f.txt: {reason}"


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=1, max_size=400))
def test_any_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        text, warnings = decode_bytes(data, "x")
    except InputError:
        return
    assert isinstance(text, str) and all(isinstance(w, str) for w in warnings)
