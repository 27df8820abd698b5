"""Parquet part files: what ``newsgraph extract --engine dask --output DIR`` writes.

Each task writes its partition's records as one file per table, ``DIR/TABLE/part-NNNNNN.parquet``
(NNNNNN: the partition's number in input order): ``articles`` carries each whole record as JSON
(what :func:`read_records` reads back), the other tables are flat rows for analysis, keyed by the
record's ``source``. ``DIR/_SUCCESS`` is written last, when the run completed. This is a dump of
extraction output, without a store; the store's own tables are exported by
:mod:`newsgraph.store.export` (``newsgraph export --format parquet``). See docs/scaling.md.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.model import Record

if TYPE_CHECKING:
    import pyarrow as pa

PART_TABLES = ("articles", "paragraphs", "entities", "mentions", "quotes", "dates")
SUCCESS = "_SUCCESS"  # written last, as Hadoop/Spark do: the output directory is complete


def _schemas() -> dict[str, pa.Schema]:
    # pyarrow: imported where Parquet is written or read (the client of a run that prints needs none)
    import pyarrow as pa

    key = [("source", pa.string()), ("article_id", pa.string())]
    span = [("start", pa.int64()), ("end", pa.int64())]
    return {
        "articles": pa.schema(
            [
                ("partition", pa.int64()),
                ("position", pa.int64()),
                *key,
                ("url", pa.string()),
                ("title", pa.string()),
                ("published", pa.string()),
                ("authors", pa.list_(pa.string())),
                ("language", pa.string()),
                ("text", pa.string()),
                ("warnings", pa.list_(pa.string())),
                ("record", pa.string()),
            ]
        ),
        "paragraphs": pa.schema([*key, *span, ("role", pa.string())]),
        "entities": pa.schema(
            [
                *key,
                ("entity_id", pa.string()),
                ("name", pa.string()),
                ("type", pa.string()),
                ("aliases", pa.list_(pa.string())),
            ]
        ),
        "mentions": pa.schema(
            [*key, ("entity_id", pa.string()), *span, ("text", pa.string()), ("role", pa.string())]
        ),
        "quotes": pa.schema(
            [
                *key,
                ("quote_id", pa.string()),
                ("kind", pa.string()),
                *span,
                ("text", pa.string()),
                ("verbatim", pa.list_(pa.struct(span))),
                ("cue_start", pa.int64()),
                ("cue_end", pa.int64()),
                ("cue_text", pa.string()),
                ("speaker_start", pa.int64()),
                ("speaker_end", pa.int64()),
                ("speaker_text", pa.string()),
                ("speaker_entity", pa.string()),
                ("speaker_name", pa.string()),
            ]
        ),
        "dates": pa.schema(
            [*key, *span, ("text", pa.string()), ("value", pa.string()), ("role", pa.string())]
        ),
    }


def record_rows(record: Record, partition: int = 0, position: int = 0) -> dict[str, list[dict]]:
    """The rows one record contributes to each table of the part files (see docs/scaling.md)."""
    a = record.article
    key = {"source": record.source, "article_id": a.id}
    rows: dict[str, list[dict]] = {name: [] for name in PART_TABLES}
    rows["articles"].append(
        {
            "partition": partition,
            "position": position,
            **key,
            "url": a.url,
            "title": a.title,
            "published": a.published,
            "authors": a.authors,
            "language": a.language,
            "text": a.text,
            "warnings": record.warnings,
            "record": record.to_json(),
        }
    )
    rows["paragraphs"] = [{**key, **p.model_dump()} for p in record.paragraphs]
    for e in record.entities:
        rows["entities"].append(
            {**key, "entity_id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases}
        )
        rows["mentions"].extend({**key, "entity_id": e.id, **m.model_dump()} for m in e.mentions)
    for q in record.quotes:
        rows["quotes"].append(
            {
                **key,
                "quote_id": q.id,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "verbatim": [v.model_dump() for v in q.verbatim],
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
                "cue_text": q.cue.text if q.cue else None,
                "speaker_start": q.speaker.start if q.speaker else None,
                "speaker_end": q.speaker.end if q.speaker else None,
                "speaker_text": q.speaker.text if q.speaker else None,
                "speaker_entity": q.speaker.entity if q.speaker else None,
                "speaker_name": q.speaker.name if q.speaker else None,
            }
        )
    rows["dates"] = [{**key, **d.model_dump()} for d in record.dates]
    return rows


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def write_part(records: list[Record], output: str, index: int) -> dict[str, int]:
    """Write partition ``index``'s records as ``OUTPUT/TABLE/part-NNNNNN.parquet``, one file per
    table, each atomically; returns the row count of each table."""
    # pyarrow: imported where Parquet is written or read (the client of a run that prints needs none)
    import pyarrow as pa

    rows: dict[str, list[dict]] = {name: [] for name in PART_TABLES}
    for position, record in enumerate(records):
        for name, record_rows_ in record_rows(record, index, position).items():
            rows[name].extend(record_rows_)
    schemas = _schemas()
    counts: dict[str, int] = {}
    for name in PART_TABLES:
        directory = Path(output) / name
        directory.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows[name], schema=schemas[name])
        _write_atomically(table, directory / part_name(index))
        counts[name] = table.num_rows
    return counts


def _write_atomically(table: pa.Table, final: Path) -> None:
    """Write ``table`` to ``final`` under a temporary name first, then rename it."""
    # pyarrow: imported where Parquet is written or read (the client of a run that prints needs none)
    import pyarrow.parquet as pq

    # Temp name in the same directory (same filesystem: rename is atomic), dot-prefixed so
    # Parquet readers (pyarrow, DuckDB, Spark) ignore it while it is being written.
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_records(output: str) -> list[Record]:
    """The records of an ``--output`` directory, in input order (from the ``articles`` table)."""
    # pyarrow: imported where Parquet is written or read (the client of a run that prints needs none)
    import pyarrow.parquet as pq

    table = pq.read_table(Path(output) / "articles", columns=["partition", "position", "record"])
    rows = sorted(
        zip(
            *(table.column(c).to_pylist() for c in ("partition", "position", "record")), strict=True
        )
    )
    return [Record.model_validate_json(r) for _, _, r in rows]


def clear_output(output: Path) -> None:
    """An output directory holds one run: drop the part files (and marker) of an earlier run,
    which could have had more partitions than this one."""
    output.mkdir(parents=True, exist_ok=True)
    (output / SUCCESS).unlink(missing_ok=True)
    for name in PART_TABLES:
        for old in (output / name).glob("part-*.parquet"):
            old.unlink()


def write_success(output: Path, partitions: int, articles: int) -> None:
    """The marker of a complete output directory, written last."""
    (output / SUCCESS).write_text(
        json.dumps({"partitions": partitions, "articles": articles}) + "\n", encoding="utf-8"
    )
