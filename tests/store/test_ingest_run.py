"""IngestRun, what both engines store their records with: counts, progress, bad records, names."""

from __future__ import annotations

from newsgraph.model import Record
from newsgraph.store import IngestRun, Store
from newsgraph.store.ingest_run import REFRESH_EVERY
from newsgraph.store.write import word_count
from tests.store.builders import make_record


def _records(n: int) -> list[Record]:
    records = []
    for i in range(n):
        record = make_record(
            f"Ana Ruiz said the park {i} will reopen.", [("Ana Ruiz", "PERSON", ["Ana Ruiz"])]
        )
        record.source = f"mem:{i}"
        records.append(record)
    return records


def test_stores_counts_and_tells_progress(store: Store) -> None:
    events: list[tuple[str, str, str | None]] = []
    run = IngestRun(store, lambda *event: events.append(event))
    records = _records(3)
    run.fail("missing.txt", "no such file or directory")
    run.skip("seen.txt")
    run.store_records([*records, records[0]])  # the last one is stored already: a skip
    report = run.finish()
    assert (report.stored, report.skipped) == (3, 2)
    assert report.failed == [("missing.txt", "no such file or directory")]
    assert report.words == sum(word_count(r.article.text) for r in records)
    assert report.seconds > 0
    assert events == [
        ("failed", "missing.txt", "no such file or directory"),
        ("skipped", "seen.txt", None),
        ("stored", "mem:0", None),
        ("stored", "mem:1", None),
        ("stored", "mem:2", None),
        ("skipped", "mem:0", None),
    ]
    assert store.counts()["articles"] == 3


def test_one_bad_record_never_stops_the_run(store: Store) -> None:
    records = _records(3)

    def add(record: Record) -> bool:
        if record.source == "mem:1":
            raise ValueError("disk on fire")
        return store.add(record)

    run = IngestRun(store)
    run.store_records(records, add=add)
    report = run.finish()
    assert report.stored == 2
    assert report.failed == [("mem:1", "store error: disk on fire")]


def test_names_are_refreshed_during_a_long_run(store: Store, monkeypatch) -> None:
    refreshes: list[int] = []
    refresh = store.refresh_names
    monkeypatch.setattr(store, "refresh_names", lambda: (refreshes.append(1), refresh())[1])
    run = IngestRun(store)
    run.store_records(_records(1) * (2 * REFRESH_EVERY + 1), add=lambda r: False)
    assert len(refreshes) == 2
    run.store_records(_records(1) * REFRESH_EVERY, add=lambda r: False, refresh_every=None)
    assert len(refreshes) == 2
    run.finish()
    assert len(refreshes) == 3  # finish_ingest
