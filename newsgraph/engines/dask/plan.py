"""Planning a Dask run (on the client): the inputs cut into partitions, in input order.

The inputs are expanded exactly like the local engine expands them
(:func:`newsgraph.ingest.sources.expand_paths`); small files are grouped up to a target size, a
large JSONL file is split on line boundaries into byte-range shards. Inputs that cannot be found
are reported right away (:attr:`Plan.errors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newsgraph.ingest.document import InputError
from newsgraph.ingest.jsonl import is_wide
from newsgraph.ingest.sources import expand_paths

# Partitions are kept small (64 KiB of text is ~10,000 words, a few seconds of work): a task
# holds all of its partition's Docs and records until it returns them, and large partitions
# cost a worker several times the system time (page faults) of small ones (docs/scaling.md has
# the measurement). Per-task overhead stays far below a second.
MIN_PARTITION_BYTES = 32 * 1024
MAX_PARTITION_BYTES = 1024 * 1024
PARTITIONS_PER_WORKER = 32


class EngineError(RuntimeError):
    """The Dask engine cannot run (no cluster at the given address, stdin as input...)."""


@dataclass(frozen=True)
class FileItem:
    """A whole input file (text, HTML, JSONL, or any format ``iter_documents`` reads)."""

    path: str
    size: int


@dataclass(frozen=True)
class JsonlShard:
    """Bytes ``[start, end)`` of a JSONL file; its first line is line ``first_line`` of the file."""

    path: str
    start: int
    end: int
    first_line: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Partition:
    """The unit of work of one Dask task: some files or JSONL shards, in input order."""

    index: int
    items: tuple[FileItem | JsonlShard, ...]

    @property
    def size(self) -> int:
        return sum(item.size for item in self.items)


@dataclass
class Plan:
    partitions: list[Partition]
    errors: list[InputError] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(p.size for p in self.partitions)


def partition_target(total_bytes: int, n_workers: int) -> int:
    """Bytes per partition: a few partitions per worker (load balance), within sane bounds."""
    share = total_bytes // max(1, n_workers * PARTITIONS_PER_WORKER)
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, share))


_CHUNK = 1 << 20  # bytes read at a time when planning shards (a line can be of any length)


def _line_end(fh: BinaryIO, pos: int, size: int) -> int:
    """The offset just after the line end at or after byte ``pos`` (or ``size``)."""
    fh.seek(pos)
    while pos < size:
        chunk = fh.read(_CHUNK)
        newline = chunk.find(b"\n")
        if newline >= 0:
            return pos + newline + 1
        pos += len(chunk)
    return size


def _newlines(fh: BinaryIO, start: int, end: int) -> int:
    """How many ``\n`` bytes ``[start, end)`` holds, read ``_CHUNK`` bytes at a time."""
    fh.seek(start)
    count = 0
    while start < end:
        chunk = fh.read(min(_CHUNK, end - start))
        if not chunk:
            break
        count += chunk.count(b"\n")
        start += len(chunk)
    return count


def _jsonl_shards(path: str, size: int, target: int) -> list[JsonlShard]:
    """Cut a JSONL file into byte ranges of about ``target`` bytes that end at line ends (memory
    stays bounded whatever the lines' length: a shard is read by its task, line by line)."""
    shards: list[JsonlShard] = []
    start, line = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            end = size if start + target >= size else _line_end(fh, start + target - 1, size)
            shards.append(JsonlShard(path, start, end, line))
            line += _newlines(fh, start, end)
            start = end
    return shards


def plan(paths: list[str], *, n_workers: int = 1, partition_bytes: int | None = None) -> Plan:
    """Partitions for ``paths`` (as ``newsgraph extract`` expands them), in input order."""
    if "-" in paths:
        raise EngineError("--engine dask reads files and directories, not '-' (stdin)")
    files: list[tuple[str, int]] = []
    errors: list[InputError] = []
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        try:
            files.append((item, Path(item).stat().st_size))
        except OSError as exc:
            errors.append(InputError(item, exc.strerror or str(exc)))
    target = partition_bytes or partition_target(sum(s for _, s in files), n_workers)
    partitions: list[Partition] = []
    current: list[FileItem | JsonlShard] = []
    current_size = 0

    def flush() -> None:
        nonlocal current, current_size
        if current:
            partitions.append(Partition(len(partitions), tuple(current)))
        current, current_size = [], 0

    for path, size in files:
        if path.lower().endswith(".jsonl") and size > target and not is_wide(path):
            flush()
            for shard in _jsonl_shards(path, size, target):
                partitions.append(Partition(len(partitions), (shard,)))
            continue
        if current and current_size + size > target:
            flush()
        current.append(FileItem(path, size))
        current_size += size
    flush()
    return Plan(partitions, errors)
