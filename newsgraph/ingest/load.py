"""Turn raw inputs (text, HTML) into :class:`Document` objects."""

from __future__ import annotations

import re

from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.html import document_from_html
from newsgraph.ingest.published import published_date
from newsgraph.ingest.text import segment, stamped_date

__all__ = [
    "document_from_html",
    "document_from_input",
    "document_from_string",
    "document_from_text",
    "looks_like_html",
]

_HTML_SNIFF = re.compile(
    r"^\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?"
    r"(<!doctype html|<html|<head|<body|<article|<main|<section|<div|<p[\s>]|<meta|<title)",
    re.I | re.S,
)


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page or fragment (after comments and BOM)."""
    return bool(_HTML_SNIFF.match(text[:4096].lstrip("\ufeff")))


def document_from_text(
    text: str,
    *,
    source: str = "-",
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
) -> Document:
    """A plain-text article: ``text`` is kept exactly as given, so offsets index the input.

    A headline first line gets the role ``title`` (and becomes ``article.title`` when none is
    given). ``published`` is the fallback: a timestamp line at the top of the text ("Sunday 17
    December 2023", role ``byline``) is the article's own date and wins over it.
    """
    if not text.strip():
        raise InputError(source, "empty document (no text)")
    paragraphs = segment(text, title=title)
    published = stamped_date(text, paragraphs) or published
    if title is None:
        heads = [text[p.start : p.end] for p in paragraphs if p.role == "title"]
        title = " ".join(heads) or None
    return Document(
        text=text,
        paragraphs=paragraphs,
        source=source,
        id=id,
        url=url,
        title=title,
        published=published,
    )


def document_from_string(
    text: str,
    *,
    source: str = "-",
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
) -> Document:
    """Text or HTML, told apart by sniffing the start of the string."""
    load = document_from_html if looks_like_html(text) else document_from_text
    return load(text, source=source, published=published, title=title, id=id, url=url)


def _optional_str(name: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    return value


def document_from_input(
    text_or_html: object,
    *,
    source: object = None,
    published: object = None,
    title: object = None,
) -> Document:
    """What :func:`newsgraph.extract` is given, checked as the CLI checks it.

    ``text_or_html``: a ``str`` (text or HTML, sniffed), or ``bytes`` decoded as the CLI decodes a
    file (BOM, UTF-8, declared or detected charset; a warning in the record when not UTF-8).
    ``published``: ``YYYY-MM-DD`` (or a ``datetime.date``), the fallback for a page without its
    own date. Raises ``TypeError`` for arguments of the wrong type, ``ValueError`` for a
    ``published`` that is no date, :class:`InputError` for an input with no article.
    """
    when = published_date(published)
    where = _optional_str("source", source) or "-"
    headline = _optional_str("title", title)
    warnings: list[str] = []
    if isinstance(text_or_html, bytes | bytearray | memoryview):
        text, warnings = decode_bytes(bytes(text_or_html), where)
    elif isinstance(text_or_html, str):
        text = text_or_html
    else:
        raise TypeError(f"text_or_html must be str or bytes, not {type(text_or_html).__name__}")
    document = document_from_string(text, source=where, published=when, title=headline)
    document.warnings.extend(warnings)
    return document
