"""WARC input (``.warc``, ``.warc.gz``): the HTML responses of a crawl, one document each.

Read with warcio (streaming, so a multi-gigabyte crawl is never held in memory). Only ``response``
records with HTTP status 200 and an HTML content type are articles; requests, metadata, redirects,
images and the like are skipped silently. A response whose page has no article text, or that is
over ``max_bytes``, comes out as an :class:`InputError` naming the WARC file and the URL; a
corrupt WARC file ends with one error and the documents read before the damage.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.document import Document, InputError
from newsgraph.ingest.load import document_from_html

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def documents_from_warc(
    path: str, *, published: str | None = None, max_bytes: int = 20 * 1024 * 1024
) -> Iterator[Document | InputError]:
    """Every HTML response of the WARC file as a document (or an error), in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed in finally; the generator may stop early)
    except OSError as exc:
        yield InputError(path, exc.strerror or str(exc))
        return
    found = 0
    try:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or "html" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}:{url}"
            found += 1
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield InputError(where, f"response is over the --max-bytes limit of {max_bytes}")
                continue
            try:
                html, warnings = decode_bytes(data, where)
                document = document_from_html(html, source=where, url=url, published=published)
            except InputError as err:
                yield err
                continue
            document.warnings.extend(warnings)
            yield document
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield InputError(path, f"unreadable WARC file: {exc}")
        return
    finally:
        fh.close()
    if not found:
        yield InputError(path, "WARC file has no HTML responses")
