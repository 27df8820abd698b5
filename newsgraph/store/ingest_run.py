"""One ingest run into a store: what every engine does with the records it extracted.

The local engine (:mod:`newsgraph.engines.local`) and the Dask engine
(:mod:`newsgraph.engines.dask`) both tell an :class:`IngestRun` what happened to each input (stored,
skipped because its text is stored already, failed and why) and hand it their records:
:meth:`IngestRun.store_records` stores each in its own transaction, never lets one bad record stop
the run, and refreshes the corpus entities' canonical names every :data:`REFRESH_EVERY` records;
:meth:`IngestRun.finish` ends the run (:meth:`Store.finish_ingest`) and returns the
:class:`IngestReport`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsgraph.model import Record
from newsgraph.store.store import Store
from newsgraph.store.write import word_count

# progress(event, source, reason): event is "stored", "skipped" or "failed" (reason says why).
Progress = Callable[[str, str, str | None], None]

REFRESH_EVERY = 200  # records between two refreshes of the canonical names during a run


@dataclass
class IngestReport:
    """What an ingest run did. ``words``: the words of the stored articles (:func:`word_count`)."""

    stored: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0


class IngestRun:
    """The report and the progress callback of one run, updated together, and its writes."""

    def __init__(self, store: Store, progress: Progress | None = None) -> None:
        self.store = store
        self.report = IngestReport()
        self._progress = progress
        self._started = time.perf_counter()

    def _tell(self, event: str, source: str, reason: str | None = None) -> None:
        if self._progress is not None:
            self._progress(event, source, reason)

    def fail(self, source: str, reason: str) -> None:
        """An input that could not be read, extracted or stored."""
        self.report.failed.append((source, reason))
        self._tell("failed", source, reason)

    def skip(self, source: str = "") -> None:
        """An input whose text is stored already."""
        self.report.skipped += 1
        self._tell("skipped", source)

    def stored_elsewhere(self, stored: int, words: int) -> None:
        """Articles another process stored (a Dask worker writing to PostgreSQL): counts only."""
        self.report.stored += stored
        self.report.words += words
        for _ in range(stored):
            self._tell("stored", "")

    def store_records(
        self,
        records: Iterable[Record],
        *,
        add: Callable[[Record], bool] | None = None,
        refresh_every: int | None = REFRESH_EVERY,
    ) -> None:
        """Store each record in its own transaction (``add``: ``store.add`` by default).

        A record that fails to store is reported and the run goes on; a record whose text is
        stored already is a skip. Canonical names are refreshed every ``refresh_every`` records
        (``None``: not during the run)."""
        add = add or self.store.add
        for n, record in enumerate(records, 1):
            source = record.source or "-"
            try:
                stored = add(record)
            except Exception as exc:  # one bad record never stops the run
                self.fail(source, f"store error: {exc}")
                continue
            if stored:
                self.report.stored += 1
                self.report.words += word_count(record.article.text)
                self._tell("stored", source)
            else:
                self.skip(source)
            if refresh_every and n % refresh_every == 0:
                self.store.refresh_names()

    def finish(self) -> IngestReport:
        """End the run (:meth:`Store.finish_ingest`) and return its report."""
        self.store.finish_ingest(self.report.stored)
        self.report.seconds = time.perf_counter() - self._started
        return self.report
