"""The ``Doc._.ng_*`` extension attributes shared by newsgraph's components.

- ``ng_paragraphs``: ``[{"start", "end", "role"}]``, set before the pipeline by ingest (or computed
  by ``newsgraph_paragraphs`` from the text).
- ``ng_published``: ``"YYYY-MM-DD"`` or ``None``, the publication date dates are resolved against.
- ``ng_entities``: ``[{"id", "name", "type", "aliases", "mentions": [{"start", "end", "text", "role"}]}]``.

Items may carry private keys starting with ``_`` (for other components); they are dropped from
the record.
- ``ng_dates``: ``[{"start", "end", "text", "value"}]``.
- ``ng_quotes``: ``[{"id", "start", "end", "text", "kind", "verbatim", "cue", "speaker"}]``.
"""

from __future__ import annotations

from spacy.tokens import Doc

NAMES = ("ng_paragraphs", "ng_published", "ng_entities", "ng_dates", "ng_quotes")


def register_extensions() -> None:
    for name in NAMES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
