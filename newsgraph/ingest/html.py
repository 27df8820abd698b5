"""HTML to a :class:`Document`: trafilatura finds the article; captions are kept apart.

trafilatura (the best-scoring open extractor on the article-extraction benchmark) finds the body,
title, date and author. It drops ``<figcaption>`` text, or (for ``<div class="caption">``) mixes
it into the body as if it were a paragraph, so captions are taken out of the page *before*
trafilatura sees it and put back as their own ``caption`` paragraphs, in page order.

``article.text`` for HTML input is the paragraphs joined with a blank line (``"\\n\\n"``); the
paragraph list gives each one's span and role (``body``, ``caption``, and ``byline``/``credit``/
``boilerplate``/``duplicate`` from the same line rules as plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.headline import choose_headline, site_keys, strip_site_name
from newsgraph.ingest.page import Page, clean, read_page, squash
from newsgraph.ingest.text import classify, stamped_date
from newsgraph.model import Paragraph, ParagraphRole

# htmldate's extensive search guesses a date from "Copyright 2024" footers and URLs with a
# year only, and then reports January 1st: only trust dates the page actually states.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class _Part:
    text: str
    role: ParagraphRole | None  # None: decided by the line rules
    order: float


def _block_texts(element: etree._Element) -> list[str]:
    """The paragraphs of one top-level element of trafilatura's XML output."""
    tag = element.tag
    if tag == "list":
        return [t for item in element.iter("item") if (t := clean("".join(item.itertext())))]
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [clean("".join(c.itertext())) for c in row.iter("cell")]
            if any(cells):
                rows.append(" | ".join(cells))
        return rows
    if tag == "graphic":
        return []
    text = clean("".join(element.itertext()))
    return [text] if text else []


def document_from_html(
    html: str,
    *,
    source: str = "-",
    published: str | None = None,
    title: str | None = None,
    id: str | None = None,
    url: str | None = None,
) -> Document:
    """An HTML page as a :class:`Document`. Raises :class:`InputError` when it holds no article.

    ``published`` is the fallback: a date the page states wins over it (its metadata, as
    htmldate reads it, else a timestamp line at the top of the article, "Sunday 17 December
    2023"). ``title`` wins over the page's headline (:mod:`newsgraph.ingest.headline`).

    The steps: the page's own captions, byline and headings (:func:`read_page`); the article as
    trafilatura finds it (:func:`_extract_article`), its paragraphs (:func:`_main_texts`); the
    headline; the roles the page gives the paragraphs (:func:`_given_roles`); the captions and
    byline trafilatura left out put back in page order (:func:`_put_back`); the line rules' roles
    for the rest and the text the offsets index (:func:`_join`).
    """
    page = read_page(html, source)
    article = _extract_article(html, url, source)
    texts = _main_texts(article)
    keys = site_keys(page, article.get("sitename"), article.get("hostname"))
    meta_title = article.get("title") or None
    headline = choose_headline(page, meta_title, keys, _first_paragraph(page, texts))
    titles = {squash(t) for t in (headline, meta_title, *page.titles) if t}
    titles |= {squash(strip_site_name(t, keys)) for t in (meta_title, *page.titles) if t}
    parts = _given_roles(texts, titles, page.caption_keys)
    if not any(p.role is None for p in parts):
        raise InputError(source, "no article text found in HTML")
    _put_back(parts, page)
    text, paragraphs = _join(parts)
    authors = [a.strip() for a in (article.get("author") or "").split(";") if a.strip()]
    return Document(
        text=text,
        paragraphs=paragraphs,
        source=source,
        id=id,
        url=url or article.get("url") or None,
        title=title or headline,
        published=_iso_date(article.get("date")) or stamped_date(text, paragraphs) or published,
        authors=authors,
    )


def _first_paragraph(page: Page, texts: list[tuple[str, str]]) -> int:
    """Where the article's first paragraph of some length stands in the page (-1: not found)."""
    found = [page.position(t) for tag, t in texts if tag == "p" and len(t.split()) >= 8]
    return min((pos for pos in found if pos >= 0), default=-1)


def _extract_article(html: str, url: str | None, source: str) -> etree._Element:
    """The article as trafilatura extracts it: its XML output (metadata on the root)."""
    # trafilatura and its dependencies take ~0.4 s to import: only when HTML comes in.
    import trafilatura

    try:
        # The page as it is: removing elements before trafilatura changes what it picks as the
        # main content (measured on AEB), so captions are recognised in its output instead.
        xml = trafilatura.extract(
            html,
            url=url,
            output_format="xml",
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
        if not xml:
            raise InputError(source, "no article text found in HTML")
        return etree.fromstring(xml.encode("utf-8"))
    except InputError:
        raise
    except Exception as exc:  # trafilatura raises assorted errors on odd pages
        raise InputError(source, f"HTML extraction failed: {type(exc).__name__}") from exc


def _main_texts(article: etree._Element) -> list[tuple[str, str]]:
    """``(tag, text)`` of every paragraph of the article's ``<main>``, in output order."""
    for lb in article.iter("lb"):  # a line break inside a paragraph is a space
        lb.tail = " " + (lb.tail or "")
    main = article.find("main")
    texts: list[tuple[str, str]] = []
    if main is not None:
        if main.text and main.text.strip():
            texts.append(("p", clean(main.text)))
        for element in main:
            texts.extend((str(element.tag), t) for t in _block_texts(element))
            if element.tail and element.tail.strip():  # text trafilatura left between elements
                texts.append(("p", clean(element.tail)))
    return texts


def _given_roles(
    texts: list[tuple[str, str]], titles: set[str], caption_keys: set[str]
) -> list[_Part]:
    """The paragraphs, the title and captions marked (the others are left to the line rules).

    ``titles``: the headline and the page's titles, squashed; a heading, or one of the first
    three paragraphs, that is one of them is the ``title``."""
    parts: list[_Part] = []
    for n, (tag, text) in enumerate(texts):
        key = squash(text)
        given: ParagraphRole | None = None
        if (tag == "head" or n < 3) and key in titles:
            given = "title"
        elif key in caption_keys:
            given = "caption"
        parts.append(_Part(text, given, float(n)))
    return parts


def _put_back(parts: list[_Part], page: Page) -> None:
    """Captions and bylines trafilatura left out go back in as their own paragraphs, in page
    order, when they stand within the article (captions: between its first and last paragraph,
    not in a sidebar; bylines: before its end). ``parts`` ends sorted in page order."""
    seen = {squash(p.text) for p in parts}
    page_pos = [page.position(p.text) for p in parts]
    known = [(pos, i) for i, pos in enumerate(page_pos) if pos >= 0 and parts[i].role is None]
    if known:
        first, last = min(known)[0], max(known)[0]
        extra: list[tuple[str, ParagraphRole, int]] = [
            *((t, "caption", first) for t in page.captions),
            *((t, "byline", first - 2000) for t in page.bylines[:1]),
        ]
        for text, extra_role, lowest in extra:
            pos = page.position(text)
            if squash(text) in seen or not lowest <= pos <= last:
                continue
            seen.add(squash(text))
            # Just before the first paragraph that comes after it in the page.
            after = min((i for p, i in known if p > pos), default=len(parts))
            parts.append(_Part(text, extra_role, after - 0.5))
    parts.sort(key=lambda p: p.order)


def _join(parts: list[_Part]) -> tuple[str, list[Paragraph]]:
    """The article text (the paragraphs joined by a blank line) and its paragraphs with roles."""
    # Repeated short lines are normal in HTML (list items, table cells, subheadings): only a
    # long paragraph (25+ words) seen twice is a duplicate (AEB's gold keeps repeats).
    # Boilerplate rules apply to short lines only: trafilatura already removed the furniture.
    ruled = classify(
        [p.text for p in parts], detect_title=False, duplicate_min_words=25, boilerplate_max_words=6
    )
    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for part, rule_role in zip(parts, ruled, strict=True):
        final: ParagraphRole = rule_role if part.role is None else part.role
        if part.role == "caption" and rule_role == "credit":
            final = "credit"
        text_parts.append(part.text)
        paragraphs.append(Paragraph(start=offset, end=offset + len(part.text), role=final))
        offset += len(part.text) + 2
    return "\n\n".join(text_parts), paragraphs


def _iso_date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return None
