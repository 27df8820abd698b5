"""The corpus store: ``newsgraph/2`` records in SQLite or PostgreSQL, and the queries over them.

>>> from newsgraph.store import Store
>>> with Store.open("news.db") as store:
...     store.quotes(speaker="Thomas Bach", limit=5)

See ``docs/store.md`` for the schema, the entity-merge rule and the CLI commands.
"""

from __future__ import annotations

from newsgraph.store.errors import AmbiguousName, NotFound, StoreMissing
from newsgraph.store.ingest_run import IngestReport, IngestRun
from newsgraph.store.store import Store, content_hash

__all__ = [
    "AmbiguousName",
    "IngestReport",
    "IngestRun",
    "NotFound",
    "Store",
    "StoreMissing",
    "content_hash",
]
