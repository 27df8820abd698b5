"""A page's own date wins over ``--published`` (the fallback): HTML files, JSONL and WARC records."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.ingest.document import Document
from newsgraph.ingest.sources import iter_documents
from tests.conftest import DATA

PAGE = DATA / "ingest" / "figcaption.html"  # its metadata says 2024-05-14
PAGE_DATE = "2024-05-14"
FALLBACK = "2023-02-03"
UNDATED = (
    "<html><body><article><p>"
    + "The council met on Tuesday and voted to rebuild the old bridge over the river. " * 4
    + "</p></article></body></html>"
)


def documents(paths: list[str], published: str | None = FALLBACK) -> list[Document]:
    items = list(iter_documents(paths, published=published))
    assert all(isinstance(i, Document) for i in items), items
    return items  # type: ignore[return-value]


def test_an_html_file_keeps_its_own_date(tmp_path: Path) -> None:
    undated = tmp_path / "undated.html"
    undated.write_text(UNDATED, encoding="utf-8")
    dated, fallback = documents([str(PAGE), str(undated)])
    assert dated.published == PAGE_DATE
    assert fallback.published == FALLBACK


def test_jsonl_records_keep_their_own_date_then_the_pages(tmp_path: Path) -> None:
    html = PAGE.read_text(encoding="utf-8")
    lines = [
        {"html": html, "published": "2024-06-01"},  # the record's own date wins
        {"html": html},  # then the page's
        {"html": UNDATED},  # then --published
        {"text": "The mayor spoke on Monday about the bridge.", "published": "2024-06-02"},
        {"text": "The mayor spoke on Monday about the bridge again."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    got = [d.published for d in documents([str(path)])]
    assert got == ["2024-06-01", PAGE_DATE, FALLBACK, "2024-06-02", FALLBACK]


def _write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def test_warc_records_keep_their_own_date(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _write_warc(
        crawl, [("https://a.example/1", PAGE.read_text("utf-8")), ("https://a.example/2", UNDATED)]
    )
    assert [d.published for d in documents([str(crawl)])] == [PAGE_DATE, FALLBACK]


def test_extract_and_ingest_store_the_pages_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nlp: object
) -> None:
    assert main(["extract", str(PAGE), "--published", FALLBACK]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["article"]["published"] == PAGE_DATE
    db = tmp_path / "news.db"
    assert main(["ingest", str(PAGE), "--published", FALLBACK, "--db", str(db), "-q"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["article"]["published"] == PAGE_DATE
