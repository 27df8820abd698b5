"""Text-level steps that run before spaCy: decoding, HTML to text, paragraph roles.

:func:`newsgraph.ingest.load.document_from_text` and
:func:`newsgraph.ingest.load.document_from_html` turn an input into a :class:`Document`:
the article text (every offset later indexes it) and its paragraphs with their roles.
"""

from newsgraph.ingest.document import Document, InputError

__all__ = ["Document", "InputError"]
