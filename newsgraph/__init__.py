"""newsgraph: who said what, about whom, and when, from news articles.

>>> import newsgraph
>>> record = newsgraph.extract(text, published="2023-02-03")
>>> record.quotes[0].speaker.name
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsgraph.ingest.load import document_from_input
from newsgraph.model import SCHEMA_VERSION, Record

if TYPE_CHECKING:
    import datetime

    from spacy.language import Language

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Record", "__version__", "extract", "pipeline"]


def pipeline() -> Language:
    """The spaCy pipeline newsgraph uses (loaded once per process, then shared)."""
    # The spaCy pipeline is imported on first use: ``import newsgraph`` (which every newsgraph.*
    # module does: the store, the web app, the CLI's query commands) does not load spaCy.
    from newsgraph.nlp.pipeline import pipeline as _pipeline

    return _pipeline()


def extract(
    text_or_html: str | bytes,
    published: str | datetime.date | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
) -> Record:
    """Extract paragraphs, entities, quotes and dates from one article (plain text or HTML).

    ``text_or_html`` is a ``str``, or ``bytes`` decoded as the CLI decodes a file. ``published``
    (``YYYY-MM-DD`` or a ``datetime.date``) resolves relative dates; a page's own date wins over
    it. Raises ``TypeError`` for arguments of the wrong type, ``ValueError`` for a ``published``
    that is not a date (as the CLI and the HTTP API refuse it), and
    :class:`newsgraph.ingest.InputError` for an empty text, binary bytes or a page with no article.
    """
    # The spaCy pipeline, imported on first use (see pipeline()).
    from newsgraph.nlp.pipeline import process

    document = document_from_input(text_or_html, source=source, published=published, title=title)
    return next(process([document]))
