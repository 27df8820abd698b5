"""Publication dates (and titles, URLs) from a ``metadata.tsv`` beside the inputs.

``--published-from-metadata`` looks, for every input file, for a ``metadata.tsv`` in the file's
directory and up to three directories above it (the nearest wins). The file is tab-separated with
a header naming at least ``filename`` and ``publication_date`` (``YYYY-MM-DD``); ``title`` and
``url`` columns are used too when present. A row matches an input whose file name, with or
without its extension, equals ``filename``. This is the layout of PolNeAR
(``polnear/metadata.tsv`` beside ``polnear/dev/text/*.txt``). Metadata wins over dates found in
the input (HTML ``<meta>`` tags or a JSONL ``published`` field); inputs with no row keep those.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from newsgraph.ingest.document import Document, InputError

METADATA_NAME = "metadata.tsv"
SEARCH_UP = 3


@lru_cache(maxsize=64)
def _read_metadata(path: Path) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = (row.get("filename") or "").strip()
            if name:
                rows[name] = {k: (v or "").strip() for k, v in row.items() if k}
    return rows


def find_metadata(source: str) -> Path | None:
    """The nearest ``metadata.tsv`` at or above the input file's directory."""
    directory = Path(source).resolve().parent
    for _ in range(SEARCH_UP + 1):
        candidate = directory / METADATA_NAME
        if candidate.is_file():
            return candidate
        if directory.parent == directory:
            break
        directory = directory.parent
    return None


def _iso(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def apply_metadata(
    items: Iterable[Document | InputError],
) -> Iterator[Document | InputError]:
    """Set ``published`` (and a missing title/url) from the metadata row of each document."""
    for item in items:
        if isinstance(item, Document) and item.source not in ("-", ""):
            # JSONL and WARC documents are named "FILE:LINE" / "FILE:URL"
            path = item.source if Path(item.source).exists() else item.source.split(":", 1)[0]
            meta_path = find_metadata(path)
            if meta_path is not None:
                rows = _read_metadata(meta_path)
                name = Path(path).name
                row = rows.get(name) or rows.get(Path(name).stem) or rows.get(name.split(".")[0])
                if row:
                    published = _iso(row.get("publication_date", ""))
                    if published:
                        item.published = published
                    item.title = item.title or row.get("title") or None
                    item.url = item.url or row.get("url") or None
        yield item
