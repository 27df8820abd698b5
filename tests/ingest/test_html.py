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
