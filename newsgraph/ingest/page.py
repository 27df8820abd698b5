"""What an HTML page says itself, before trafilatura: its text, captions, bylines and headings.

trafilatura drops ``<figcaption>`` text and reads the byline element only for the author, so
:mod:`newsgraph.ingest.html` finds them here and puts them back. Element texts are joined with a
space between block and ``<span>`` pieces (:func:`element_text`): lxml's ``text_content()`` glues
``<span>Club World Cup</span><span>Victory...</span>`` into "Club World CupVictory".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from newsgraph.ingest.document import InputError

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
# The page's headings that may be the article's headline.
_HEADING_XPATH = "//h1 | //*[@itemprop='headline' and not(self::meta)]"
_MAX_HEADING_CHARS = 400
# Inline formatting: its pieces are parts of the same words ("<b>Wo</b>rd"). Any other element
# (block, <span>, <br>) separates what stands on either side of it.
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def squash(text: str) -> str:
    """``text`` without whitespace, case-folded: what "the same text" means whatever the spacing
    (one element's text read glued by one reader and spaced by another)."""
    return _SPACE.sub("", text).casefold()


def element_text(element: etree._Element) -> str:
    """The element's text, whitespace-collapsed, with a space wherever a non-inline element
    starts or ends (see the module docstring)."""
    pieces: list[str] = [element.text or ""]
    for child in element.iterchildren():
        pieces.append(_child_text(child))
    return clean("".join(pieces))


def _child_text(element: etree._Element) -> str:
    tail = element.tail or ""
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return tail
    gap = "" if element.tag.lower() in _INLINE else " "
    return gap + element_text(element) + gap + tail


def parse(html: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(html)
    except ValueError:
        # lxml refuses a str that carries an XML encoding declaration (XHTML): give it bytes.
        parser = lxml_html.HTMLParser(encoding="utf-8")
        return lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)


def _find(tree: lxml_html.HtmlElement, xpath: str, max_chars: int) -> list[str]:
    """The texts of the elements ``xpath`` finds (the tree is left as it is), each once.

    Longer texts are skipped: a long "caption" or "author" container is a layout wrapper.
    """
    texts: list[str] = []
    for el in tree.xpath(xpath):
        text = element_text(el)
        # A wrapper and its child (div.caption > figcaption) with the same text count once.
        if text and len(text) <= max_chars and not any(text in t or t in text for t in texts):
            texts.append(text)
    return texts


def _meta(tree: lxml_html.HtmlElement, *names: str) -> list[str]:
    """The ``content`` of the ``<meta>`` elements with these ``property`` or ``name`` values."""
    wanted = " or ".join(f"@property='{n}' or @name='{n}'" for n in names)
    return [clean(v) for v in tree.xpath(f"//meta[{wanted}]/@content") if clean(v)]


@dataclass
class Page:
    """What the page itself says, before trafilatura."""

    text: str  # squashed (see ``squash``), to find where a paragraph stands in the page
    captions: list[str]
    bylines: list[str]
    headings: list[str]  # <h1> and itemprop="headline" texts, in page order
    titles: list[str]  # og:title, twitter:title, <title>
    site_names: list[str]  # og:site_name

    @property
    def caption_keys(self) -> set[str]:
        return {squash(c) for c in self.captions}

    def position(self, text: str) -> int:
        """Where ``text`` stands in the page (-1: not found), by its first 60 characters."""
        probe = squash(text)[:60]
        return self.text.find(probe) if probe else -1


def read_page(html: str, source: str) -> Page:
    try:
        tree = parse(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot parse HTML: {exc}") from exc
    title_tag = tree.find(".//title")
    titles = _meta(tree, "og:title", "twitter:title")
    if title_tag is not None and clean(title_tag.text_content()):
        titles.append(clean(title_tag.text_content()))
    return Page(
        text=squash(tree.text_content()),
        captions=_find(tree, _CAPTION_XPATH, _MAX_CAPTION_CHARS),
        bylines=[b for b in _find(tree, _BYLINE_XPATH, _MAX_BYLINE_CHARS) if len(b.split()) > 1],
        headings=[
            h
            for h in (element_text(e) for e in tree.xpath(_HEADING_XPATH))
            if h and len(h) <= _MAX_HEADING_CHARS
        ],
        titles=titles,
        site_names=_meta(tree, "og:site_name"),
    )
