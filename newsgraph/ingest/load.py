"""Turn raw inputs (text, HTML) into :class:`Document` objects."""

from __future__ import annotations

import re

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.html import document_from_html
from newsgraph.ingest.text import segment

__all__ = ["document_from_html", "document_from_string", "document_from_text", "looks_like_html"]

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
    given).
    """
    if not text.strip():
        raise InputError(source, "empty document (no text)")
    paragraphs = segment(text, title=title)
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
