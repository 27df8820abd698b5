"""HTML ingest (newsgraph.ingest.html): trafilatura body, captions and bylines kept apart."""

from __future__ import annotations

import pytest

from newsgraph.ingest.document import InputError
from newsgraph.ingest.html import document_from_html
from newsgraph.ingest.load import document_from_string, looks_like_html
from tests.conftest import DATA

HTML = DATA / "ingest" / "figcaption.html"


def parts(document):  # type: ignore[no-untyped-def]
    return [(p.role, document.text[p.start : p.end]) for p in document.paragraphs]


def test_figcaption_page() -> None:
    document = document_from_html(HTML.read_text(encoding="utf-8"), source="page.html")
    got = parts(document)
    roles = [r for r, _ in got]
    assert roles == ["title", "byline", "body", "caption", "body", "body", "caption", "body"]
    texts = dict((t[:20], r) for r, t in got)
    assert texts["The swing bridge see"] == "caption"  # <figcaption>, which trafilatura drops
    assert texts["Residents gather on "] == "caption"  # <div class="caption">, which it keeps
    assert got[1] == ("byline", "By Maria Lopez")
    body = " ".join(t for r, t in got if r == "body")
    assert "Photo: Anna Berg" not in body and "Residents gather" not in body
    assert "Copyright" not in document.text and "Home" not in document.text
    assert document.title == "Harbour city votes to rebuild its old swing bridge"
    assert document.published == "2024-05-14"
    assert document.authors == ["Maria Lopez"]
    # Paragraphs are joined by a blank line and their offsets index the text.
    for p in document.paragraphs:
        assert document.text[p.start : p.end].strip() == document.text[p.start : p.end]
    assert document.text.split("\n\n") == [t for _, t in got]


def test_xhtml_with_an_encoding_declaration() -> None:
    page = HTML.read_text("utf-8").replace(
        "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>'
    )
    document = document_from_string(page)
    assert [p.role for p in document.paragraphs].count("body") == 4
    assert [p.role for p in document.paragraphs].count("caption") == 2


def test_truncated_html_does_not_crash() -> None:
    document = document_from_html((DATA / "ingest" / "truncated.html").read_text("utf-8"))
    body = [t for r, t in parts(document) if r == "body"]
    assert len(body) == 4
    assert body[-1].startswith("Opponents of the plan")


def test_no_invented_date_from_copyright_footer() -> None:
    html = (
        "<html><body><article><p>"
        + "The council met on Tuesday and voted to rebuild the old bridge over the river. " * 4
        + "</p></article><footer>Copyright 2021 Gazette</footer></body></html>"
    )
    assert document_from_html(html).published is None
    assert document_from_html(html, published="2024-01-02").published == "2024-01-02"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body></body></html>",
        "<html><head><script>var x = 1;</script></head><body> </body></html>",
        "<<<>>>",
    ],
)
def test_pages_without_an_article_raise_input_error(html: str) -> None:
    with pytest.raises(InputError):
        document_from_html(html, source="x.html")


def test_html_sniffing() -> None:
    assert looks_like_html("<!DOCTYPE html><html>")
    assert looks_like_html("\ufeff  <!-- saved --> <html lang=en>")
    assert looks_like_html("<p>Hello</p>")
    assert not looks_like_html("The <b>bold</b> claim, he said.")
    document = document_from_string(HTML.read_text("utf-8"))
    assert document.authors == ["Maria Lopez"]


# --- item: titles, furniture, captions, timestamp lines ------------------------------------------
NEWS_PAGE = DATA / "ingest" / "news-page.html"


def _page(head: str, body_top: str = "") -> str:
    story = "".join(
        f"<p>The council of Port Ellis met on Tuesday to vote on bridge {i}, and the mayor said "
        f"the work on bridge {i} would start in the spring after a decade of argument.</p>"
        for i in range(4)
    )
    return f"<html><head>{head}</head><body><article>{body_top}{story}</article></body></html>"


@pytest.mark.parametrize(
    ("head", "body_top", "url", "headline"),
    [
        # the site's name after the headline, the page's <h1> as printed
        (
            '<title>Storm floods the harbour | CNN</title><meta property="og:site_name" '
            'content="CNN">',
            "<h1>Storm floods the harbour</h1>",
            None,
            "Storm floods the harbour",
        ),
        # no <h1>: the metadata title without the site's name
        (
            '<meta property="og:title" content="Bridge vote delayed again - Times of India">'
            '<meta property="og:site_name" content="Times Of India">',
            "",
            None,
            "Bridge vote delayed again",
        ),
        # the site's name first, known from the host name only
        (
            "<title>PolitiFact - Fact-check: did the mayor vote twice?</title>",
            "",
            "https://www.politifact.com/factchecks/2023/x/",
            "Fact-check: did the mayor vote twice?",
        ),
        # a section before the headline, and the <h1> that reads like the title
        (
            "<title>Opinion | The bridge is worth saving - The Gazette</title>",
            '<h1 class="headline">The bridge is worth saving</h1>',
            None,
            "The bridge is worth saving",
        ),
        # a site name holding separators itself
        (
            "<title>LinkNaija | Nigeria&#39;s news platform: Mayor wins vote</title>"
            '<meta property="og:site_name" content="LinkNaija | Nigeria&#39;s news platform">',
            "",
            None,
            "Mayor wins vote",
        ),
        # an SEO title, and the post's own heading right before the story
        (
            "<title>Best bridge walks 2023 | Walks Blog</title>",
            '<h1 class="entry-title">Our walk over the old swing bridge</h1>',
            None,
            "Our walk over the old swing bridge",
        ),
    ],
)
def test_the_title_is_the_headline(
    head: str, body_top: str, url: str | None, headline: str
) -> None:
    document = document_from_html(_page(head, body_top), url=url)
    assert document.title == headline
    body = [t for r, t in parts(document) if r == "body"]
    assert headline not in body  # a headline the page repeats is the title paragraph


def test_page_furniture_is_not_body() -> None:
    document = document_from_html(NEWS_PAGE.read_text("utf-8"))
    roles = dict((t, r) for r, t in parts(document))
    for furniture in (
        "Install the Port Ellis Gazette app for free",
        "Subscribe to Gazette Premium to bookmark this article",
        "Get alerts",
    ):
        assert roles[furniture] == "boilerplate"
    assert [r for r, _ in parts(document)].count("body") == 4


def test_caption_pieces_are_not_glued_into_words() -> None:
    document = document_from_html(NEWS_PAGE.read_text("utf-8"))
    (caption,) = [t for r, t in parts(document) if r == "caption"]
    assert caption.startswith("Club World Cup Victory for the harbour team")
    assert "CupVictory" not in document.text


def test_a_timestamp_line_is_the_pages_date_not_body() -> None:
    document = document_from_html(NEWS_PAGE.read_text("utf-8"), published="2023-02-03")
    assert ("byline", "Sunday 17 December 2023") in parts(document)
    assert document.published == "2023-12-17"  # the page's own date wins over the fallback


def test_caption_dates_come_with_the_caption_role(nlp: object) -> None:
    import newsgraph

    record = newsgraph.extract(NEWS_PAGE.read_text("utf-8"), published="2023-02-03")
    got = [(d.text, d.value, d.role) for d in record.dates]
    assert ("last June", "2023-06", "caption") in got  # resolved against the page's date
    assert "Sunday 17 December 2023" not in [d.text for d in record.dates]
    assert ("March 2022", "2022-03", "body") in got
