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
from lxml import html as lxml_html

from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.text import classify, norm
from newsgraph.model import Paragraph, ParagraphRole

# Elements whose text is a picture's caption (not body text).
_CAPTION_XPATH = (
    "//figcaption | //*[@itemprop='caption'] | //*[contains(concat(' ', normalize-space(@class), ' '),"
    " ' caption ') or contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' image-caption ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' photo-caption ')]"
)
_MAX_CAPTION_CHARS = 600
# Elements holding the byline ("By Jane Doe"); trafilatura reads the author from them but
# leaves them out of the text.
_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ', normalize-space(@class), ' '),"
    " ' byline ') or contains(concat(' ', normalize-space(@class), ' '), ' article-byline ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
)
_MAX_BYLINE_CHARS = 120
_SPACE = re.compile(r"\s+")
# htmldate's extensive search guesses a date from "Copyright 2024" footers and URLs with a
# year only, and then reports January 1st: only trust dates the page actually states.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class _Part:
    text: str
    role: ParagraphRole | None  # None: decided by the line rules
    order: float


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _find(tree: lxml_html.HtmlElement, xpath: str, max_chars: int) -> list[str]:
    """The texts of the elements ``xpath`` finds (the tree is left as it is), each once.

    Longer texts are skipped: a long "caption" or "author" container is a layout wrapper.
    """
    texts: list[str] = []
    for el in tree.xpath(xpath):
        text = _clean(el.text_content())
        # A wrapper and its child (div.caption > figcaption) with the same text count once.
        if text and len(text) <= max_chars and not any(text in t or t in text for t in texts):
            texts.append(text)
    return texts


def _block_texts(element: etree._Element) -> list[str]:
    """The paragraphs of one top-level element of trafilatura's XML output."""
    tag = element.tag
    if tag == "list":
        return [t for item in element.iter("item") if (t := _clean("".join(item.itertext())))]
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [_clean("".join(c.itertext())) for c in row.iter("cell")]
            if any(cells):
                rows.append(" | ".join(cells))
        return rows
    if tag == "graphic":
        return []
    text = _clean("".join(element.itertext()))
    return [text] if text else []


def _parse(html: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(html)
    except ValueError:
        # lxml refuses a str that carries an XML encoding declaration (XHTML): give it bytes.
        parser = lxml_html.HTMLParser(encoding="utf-8")
        return lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)


def _page_order(full: str, text: str, default: float) -> float:
    """Where ``text`` stands in the page's text (for placing captions between paragraphs)."""
    probe = norm(text)[:60]
    pos = full.find(probe) if probe else -1
    return float(pos) if pos >= 0 else default


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

    ``published`` is the fallback: a date the page states (its metadata, as htmldate reads it)
    wins over it.
    The steps: the page's own captions and byline (:func:`_read_page`); the article as
    trafilatura finds it (:func:`_extract_article`), its paragraphs (:func:`_main_texts`) with
    the roles the page gives them (:func:`_given_roles`); the captions and byline trafilatura
    left out put back in page order (:func:`_put_back`); the line rules' roles for the rest and
    the text the offsets index (:func:`_join`).
    """
    page = _read_page(html, source)
    article = _extract_article(html, url, source)
    meta_title = article.get("title") or None
    parts = _given_roles(_main_texts(article), meta_title, page.caption_keys)
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
        title=title or meta_title,
        published=_iso_date(article.get("date")) or published,
        authors=authors,
    )


@dataclass
class _Page:
    """What the page itself says, before trafilatura: its text, captions and bylines."""

    text: str  # normalised (see ``norm``), to find where a paragraph stands in the page
    captions: list[str]
    bylines: list[str]

    @property
    def caption_keys(self) -> set[str]:
        return {norm(c) for c in self.captions}


def _read_page(html: str, source: str) -> _Page:
    try:
        tree = _parse(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot parse HTML: {exc}") from exc
    return _Page(
        text=norm(tree.text_content()),
        captions=_find(tree, _CAPTION_XPATH, _MAX_CAPTION_CHARS),
        bylines=[b for b in _find(tree, _BYLINE_XPATH, _MAX_BYLINE_CHARS) if len(b.split()) > 1],
    )


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
            texts.append(("p", _clean(main.text)))
        for element in main:
            texts.extend((str(element.tag), t) for t in _block_texts(element))
            if element.tail and element.tail.strip():  # text trafilatura left between elements
                texts.append(("p", _clean(element.tail)))
    return texts


def _given_roles(
    texts: list[tuple[str, str]], meta_title: str | None, caption_keys: set[str]
) -> list[_Part]:
    """The paragraphs, the title and captions marked (the others are left to the line rules)."""
    parts: list[_Part] = []
    for n, (tag, text) in enumerate(texts):
        key = norm(text)
        given: ParagraphRole | None = None
        if tag == "head" and meta_title and key == norm(meta_title):
            given = "title"
        elif key in caption_keys:
            given = "caption"
        parts.append(_Part(text, given, float(n)))
    return parts


def _put_back(parts: list[_Part], page: _Page) -> None:
    """Captions and bylines trafilatura left out go back in as their own paragraphs, in page
    order, when they stand within the article (captions: between its first and last paragraph,
    not in a sidebar; bylines: before its end). ``parts`` ends sorted in page order."""
    seen = {norm(p.text) for p in parts}
    page_pos = [_page_order(page.text, p.text, -1.0) for p in parts]
    known = [(pos, i) for i, pos in enumerate(page_pos) if pos >= 0 and parts[i].role is None]
    if known:
        first, last = min(known)[0], max(known)[0]
        extra: list[tuple[str, ParagraphRole, float]] = [
            *((t, "caption", first) for t in page.captions),
            *((t, "byline", first - 2000) for t in page.bylines[:1]),
        ]
        for text, extra_role, lowest in extra:
            pos = _page_order(page.text, text, -1.0)
            if norm(text) in seen or not lowest <= pos <= last:
                continue
            seen.add(norm(text))
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
