"""Turn raw inputs (text, HTML, bytes) into :class:`Document` objects."""

from __future__ import annotations

import re

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.text import segment

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:1024]))


def document_from_text(
    text: str,
    *,
    source: str = "-",
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
) -> Document:
    """A plain-text article: ``text`` is kept exactly as given, so offsets index the input."""
    if not text.strip():
        raise InputError(source, "empty document (no text)")
    return Document(
        text=text,
        paragraphs=segment(text),
        source=source,
        id=id,
        url=url,
        title=title,
        published=published,
    )


def document_from_html(
    html: str,
    *,
    source: str = "-",
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
) -> Document:
    """An HTML page: the article body is found with trafilatura."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_recall=False)
    if result is None or not (result.text or "").strip():
        raise InputError(source, "no article text found in HTML")
    text = result.text
    return Document(
        text=text,
        paragraphs=segment(text),
        source=source,
        id=id,
        url=url or result.url,
        title=title or result.title,
        published=published or result.date,
        authors=[a.strip() for a in (result.author or "").split(";") if a.strip()],
    )


def document_from_string(text: str, **kwargs: object) -> Document:
    """Text or HTML, told apart by sniffing the start of the string."""
    if looks_like_html(text):
        return document_from_html(text, **kwargs)  # type: ignore[arg-type]
    return document_from_text(text, **kwargs)  # type: ignore[arg-type]
