"""Synthetic stores of any size, built by writing rows rather than running spaCy.

A *template* store holds real records (the PolNeAR train+dev texts through the pipeline, once);
:func:`build` copies its articles again and again with new ids into a target store:

- each copy's text gets a last line of its own (``[copy K]``), so every article has its own
  content hash, and a publication date drawn uniformly from 2010-01-01 to 2025-12-31;
- entity names are varied so that the corpus has a long tail: the template's 40 most mentioned
  corpus entities keep their names in every copy (a few very frequent ones), every other one
  keeps its name in half the copies and otherwise becomes one of its variants "NAME 2",
  "NAME 3"... (variant j with probability about 1/j², up to 2,000 of them), each a corpus entity
  of its own;
- the rows are the template's (paragraphs, entities, aliases, mentions, quotes, quote mentions,
  dates) with ids shifted, and full-text rows as ingest writes them; the derived rows and kept
  counts are made at the end by the store's own code, ``derived.rebuild`` (what migration 4 and
  the tests' recount use).

So the result is a store like one ``newsgraph ingest`` would make (the same derived data, exact),
but hundreds of articles/s instead of ~8. It is a bulk load: every secondary index is dropped
first and made once at the end, the derived rows are made in one pass rather than a batch at a
time (on 100,000 articles: 126 s instead of ~270), and SQLite writes without syncing; a build
that fails part-way still leaves every index in place.
Links are the template's, then the corpus-level surname rules (3b-3c) are applied once to the
whole store, each surname's owner recorded (:func:`settle_surnames`), as an ingest's refreshes
leave it; variants never link to each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Index, select, text

from newsgraph.store import Store, corpus, derived, keys, linking, tables
from newsgraph.store.tables import entities

TABLES = (
    "articles",
    "paragraphs",
    "entities",
    "entity_aliases",
    "mentions",
    "quotes",
    "quote_mentions",
    "dates",
)
KEEP_TOP = 40
MAX_VARIANT = 2000
# Tables whose rows ``derived.rebuild`` writes or updates: their indexes are made after it.
# Rows go in at random places of the sort-key and entity indexes (dates are random), so keeping
# every index up to date row by row was what slowed the build as the store grew (161
# articles/s at 5k, 79 at 100k); made once from the finished table, each costs a sort.
DERIVED_TABLES = frozenset({"quote_about", "entity_timeline", "graph_edges", "corpus_aliases"})
_MASK64 = 2**64 - 1
_FIRST_DAY = dt.date(2010, 1, 1).toordinal()
_LAST_DAY = dt.date(2025, 12, 31).toordinal()


@dataclass
class Template:
    """The template store's rows, by table (column names, tuples), and its corpus entities."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    by_article: dict[str, dict[int, list[tuple[Any, ...]]]] = field(default_factory=dict)
    corpus: dict[int, tuple[str, str, str, str | None, str | None]] = field(default_factory=dict)
    keep: set[int] = field(default_factory=set)
    max_ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, url: str) -> Template:
        t = cls()
        with Store.open(url) as store, store.engine.connect() as conn:
            for name in TABLES:
                cols = [
                    c
                    for c in store.engine.dialect.get_columns(conn, name)
                    if c["name"] not in ("text_tsv", "search_tsv")
                ]
                t.columns[name] = [c["name"] for c in cols]
                t.rows[name] = [
                    tuple(r)
                    for r in conn.execute(text(f"SELECT {', '.join(t.columns[name])} FROM {name}"))
                ]
            for cid, type_, key, name, sn, ini in conn.execute(
                text("SELECT id, type, key, name, surname, initials FROM corpus_entities")
            ):
                t.corpus[cid] = (type_, key, name, sn, ini)
            t.keep = set(
                conn.execute(
                    text("SELECT id FROM corpus_entities ORDER BY n_mentions DESC LIMIT :n"),
                    {"n": KEEP_TOP},
                ).scalars()
            )
        t._index()
        return t

    def _index(self) -> None:
        entity_article = {r[0]: r[1] for r in self.rows["entities"]}
        quote_article = {r[0]: r[1] for r in self.rows["quotes"]}
        for name, rows in self.rows.items():
            cols = self.columns[name]
            groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            for r in rows:
                if name == "articles":
                    aid = r[cols.index("id")]
                elif name == "entity_aliases":
                    aid = entity_article[r[cols.index("entity_id")]]
                elif name == "quote_mentions":
                    aid = quote_article[r[cols.index("quote_id")]]
                else:
                    aid = r[cols.index("article_id")]
                groups[aid].append(r)
            self.by_article[name] = groups
            if "id" in cols:
                self.max_ids[name] = max((r[cols.index("id")] for r in rows), default=0)
        self.max_ids["articles"] = max(self.by_article["articles"])


class Variants:
    """The corpus entities of the target store: the template's, and variants made on demand."""

    def __init__(self, template: Template, first_id: int) -> None:
        self.template = template
        self.next_id = first_id
        self.made: dict[tuple[int, int], int] = {}
        self.new_rows: list[dict[str, Any]] = []

    def of(self, cid: int, copy: int) -> tuple[int, int]:
        """The corpus entity ``cid`` stands for in copy ``copy``, and its variant number (0:
        the template's own)."""
        if cid in self.template.keep:
            return cid, 0
        first, second = _draws(copy, cid)
        if first < 0.5:
            return cid, 0
        j = min(MAX_VARIANT, int(1 / max(second, 1e-9) ** 0.5) + 1)
        found = self.made.get((cid, j))
        if found is None:
            type_, key, name, _, _ = self.template.corpus[cid]
            found = self.made[(cid, j)] = self.next_id
            self.next_id += 1
            self.new_rows.append(
                {"id": found, "type": type_, "key": _vary_key(key, j), "name": f"{name} {j}"}
            )
        return found, j


def _draws(copy: int, cid: int) -> tuple[float, float]:
    """Two numbers in [0, 1) that depend only on ``copy`` and ``cid`` (the halves of one
    splitmix64 step): ~9x cheaper than seeding a ``random.Random``, which was a tenth of the
    build's time when done for every entity of every copy."""
    x = (copy * 1_000_003 + cid + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    x ^= x >> 31
    return (x & 0xFFFFFFFF) / 2**32, (x >> 32) / 2**32


def _published(copy: int, aid: int) -> str:
    rng = random.Random(copy * 7_919 + aid)
    return dt.date.fromordinal(rng.randint(_FIRST_DAY, _LAST_DAY)).isoformat()


def _vary(name: str, j: int) -> str:
    return name if j == 0 else f"{name} {j}"


def _vary_key(key: str, j: int) -> str:
    """A variant's key: "#" is never in a normalised key, so no real name can clash with it."""
    return key if j == 0 else f"{key} #{j}"


# tables whose copied rows differ only by ids: (column, the table whose id it holds)
_SHIFTS = {
    "paragraphs": [],
    "mentions": [("id", "mentions"), ("entity_id", "entities")],
    "quote_mentions": [("quote_id", "quotes"), ("entity_id", "entities")],
    "dates": [("id", "dates")],
}


class Copier:
    """Rows of one copy of the template, ids shifted and names varied."""

    def __init__(self, template: Template, variants: Variants, copy: int) -> None:
        self.t = template
        self.v = variants
        self.copy = copy
        self.off = {name: copy * (n + 1) for name, n in template.max_ids.items()}
        self.entity_variant: dict[int, int] = {}

    def article(self, aid: int) -> dict[str, list[tuple[Any, ...]]]:
        t = self.t
        out: dict[str, list[tuple[Any, ...]]] = {}
        new_aid = aid + self.off["articles"]
        published = _published(self.copy, aid)
        skey = keys.article_key(published, new_aid)
        for name in TABLES:
            rows = t.by_article[name].get(aid, [])
            if name in _SHIFTS:  # only ids move: list operations, no dicts (most of the rows)
                out[name] = self._shifted(name, rows, new_aid)
                continue
            cols = t.columns[name]
            fix = getattr(self, "_" + name)
            out[name] = [
                fix(dict(zip(cols, r, strict=True)), new_aid, published, skey) for r in rows
            ]
        return out

    def _shifted(self, name: str, rows: list[tuple[Any, ...]], aid: int) -> list[tuple[Any, ...]]:
        cols = self.t.columns[name]
        moves = [(cols.index(c), self.off[table]) for c, table in _SHIFTS[name]]
        at = cols.index("article_id") if "article_id" in cols else None
        out = []
        for r in rows:
            row = list(r)
            for i, off in moves:
                row[i] += off
            if at is not None:
                row[at] = aid
            out.append(tuple(row))
        return out

    def _tuple(self, name: str, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[c] for c in self.t.columns[name])

    def _articles(self, r: dict[str, Any], aid: int, published: str, skey: int) -> tuple[Any, ...]:
        r.update(id=aid, published=published, sort_key=skey)
        r["text"] = r["text"] + f"\n\n[copy {self.copy}]"
        r["content_hash"] = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()
        return self._tuple("articles", r)

    def _paragraphs(self, r: dict[str, Any], aid: int, *_: Any) -> tuple[Any, ...]:
        r["article_id"] = aid
        return self._tuple("paragraphs", r)

    def _entities(self, r: dict[str, Any], aid: int, _p: str, skey: int) -> tuple[Any, ...]:
        group, j = self.v.of(r["group_id"], self.copy)
        target, _ = self.v.of(r["corpus_entity_id"], self.copy)
        new_id = r["id"] + self.off["entities"]
        self.entity_variant[new_id] = j
        aliases = [_vary(a, j) for a in json.loads(r["aliases"])]
        r.update(
            id=new_id,
            article_id=aid,
            name=_vary(r["name"], j),
            aliases=json.dumps(aliases, ensure_ascii=False),
            key=_vary_key(r["key"], j),
            group_id=group,
            corpus_entity_id=target,
            sort_key=skey,
        )
        return self._tuple("entities", r)

    def _entity_aliases(self, r: dict[str, Any], *_: Any) -> tuple[Any, ...]:
        r["entity_id"] += self.off["entities"]
        j = self.entity_variant.get(r["entity_id"], 0)
        if j:
            r["alias"] = _vary(r["alias"], j)
            r["alias_key"] = corpus.normalise(r["alias"])
        return self._tuple("entity_aliases", r)

    def _mentions(self, r: dict[str, Any], aid: int, *_: Any) -> tuple[Any, ...]:
        r.update(id=r["id"] + self.off["mentions"], article_id=aid)
        r["entity_id"] += self.off["entities"]
        return self._tuple("mentions", r)

    def _quotes(self, r: dict[str, Any], aid: int, published: str, _k: int) -> tuple[Any, ...]:
        r.update(id=r["id"] + self.off["quotes"], article_id=aid, speaker_corpus_id=None)
        r["sort_key"] = keys.quote_key(published, aid, r["position"])
        if r["speaker_entity_id"] is not None:
            r["speaker_entity_id"] += self.off["entities"]
        return self._tuple("quotes", r)

    def _quote_mentions(self, r: dict[str, Any], *_: Any) -> tuple[Any, ...]:
        r["quote_id"] += self.off["quotes"]
        r["entity_id"] += self.off["entities"]
        return self._tuple("quote_mentions", r)

    def _dates(self, r: dict[str, Any], aid: int, *_: Any) -> tuple[Any, ...]:
        r.update(id=r["id"] + self.off["dates"], article_id=aid)
        return self._tuple("dates", r)


def _write_sqlite(store: Store, t: Template, batch: dict[str, list[tuple[Any, ...]]]) -> None:
    raw: Any = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        # a scratch store being filled: a crash loses the build, never a user's data
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-1000000")
        cur.execute("BEGIN IMMEDIATE")
        for name in TABLES:
            cols = t.columns[name]
            cur.executemany(
                f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                batch[name],
            )
        a, q = t.columns["articles"], t.columns["quotes"]
        cur.executemany(
            "INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
            [
                (r[a.index("sort_key")], r[a.index("title")] or "", r[a.index("text")])
                for r in batch["articles"]
            ],
        )
        cur.executemany(
            "INSERT INTO quotes_fts(rowid, text) VALUES (?, ?)",
            [(r[q.index("sort_key")], r[q.index("text")]) for r in batch["quotes"]],
        )
        cur.execute("COMMIT")
    finally:
        raw.close()


def _write_postgres(store: Store, t: Template, batch: dict[str, list[tuple[Any, ...]]]) -> None:
    raw: Any = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET synchronous_commit = off")
        for name in TABLES:
            cols = ", ".join(t.columns[name])
            with cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
                for row in batch[name]:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def build(
    template: Template, url: str, n_articles: int, batch_size: int = 500, log: Any = None
) -> dict[str, float]:
    """Write ``n_articles`` copied articles into the (empty) store at ``url``; returns timings."""
    t0 = time.perf_counter()
    with Store.open(url) as store:
        sqlite = store.dialect == "sqlite"
        with store.engine.begin() as conn:
            first = conn.execute(
                text("SELECT COALESCE(MAX(id), 0) FROM corpus_entities")
            ).scalar_one()
            if first == 0:
                conn.execute(
                    text(
                        "INSERT INTO corpus_entities (id, type, key, name, surname, initials) "
                        "VALUES (:id, :type, :key, :name, :surname, :initials)"
                    ),
                    [
                        {
                            "id": c,
                            "type": v[0],
                            "key": v[1],
                            "name": v[2],
                            "surname": v[3],
                            "initials": v[4],
                        }
                        for c, v in sorted(template.corpus.items())
                    ],
                )
        variants = Variants(template, max(template.corpus) + 1)
        write = _write_sqlite if sqlite else _write_postgres
        with _indexes_deferred(store, log) as rebuild:
            done = 0
            for copy, part in _batches(template, n_articles, batch_size):
                copier = Copier(template, variants, copy)
                batch: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
                for aid in part:
                    for name, rows in copier.article(aid).items():
                        batch[name].extend(rows)
                _flush_variants(store, variants)
                write(store, template, batch)
                _count_names(store, template, batch)
                done += len(part)
                if log is not None and done % 10_000 < batch_size:
                    log(f"{done} articles, {time.perf_counter() - t0:.0f} s")
            written = time.perf_counter() - t0
            rebuild()
        _finish(store)
    return {
        "articles": n_articles,
        "write_s": written,
        "index_s": time.perf_counter() - t0 - written,
        "total_s": time.perf_counter() - t0,
    }


def _batches(template: Template, n_articles: int, size: int) -> Iterator[tuple[int, list[int]]]:
    """(copy number, template article ids) for each batch of the build."""
    ids = sorted(template.by_article["articles"])
    done = copy = 0
    while done < n_articles:
        todo = ids[: n_articles - done]
        for start in range(0, len(todo), size):
            yield copy, todo[start : start + size]
        done += len(todo)
        copy += 1


def _count_names(store: Store, template: Template, batch: dict[str, list[tuple[Any, ...]]]) -> None:
    """The batch's spellings and named mentions, as ``link_entities`` counts them on ingest."""
    with store.engine.begin() as conn:
        linking.add_spellings(conn, _spelled(template, batch["entities"]))
        linking.add_named(conn, _named(template, batch["entities"]))


def deferred_indexes() -> list[Index]:
    """The store's secondary indexes, which a build drops and makes again at its end."""
    return sorted(
        (ix for t in tables.metadata.sorted_tables for ix in t.indexes),
        key=lambda ix: str(ix.name),
    )


@contextmanager
def _indexes_deferred(store: Store, log: Any = None) -> Iterator[Callable[[], None]]:
    """Drop every secondary index for the body, which calls the function it gets once its rows
    are written: the base tables' indexes are made, then the derived rows and counts
    (``derived.rebuild``), then the derived tables' indexes. If the body fails, every index is
    made all the same, so the store is never left without them."""
    deferred = deferred_indexes()
    base = [ix for ix in deferred if ix.table is not None and ix.table.name not in DERIVED_TABLES]
    with store.engine.begin() as conn:
        for ix in deferred:
            ix.drop(conn, checkfirst=True)

    def make(indexes: list[Index], what: str) -> None:
        t0 = time.perf_counter()
        with store.engine.begin() as conn:
            if store.dialect == "postgresql":
                conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
            for ix in indexes:
                ix.create(conn, checkfirst=True)
        if log is not None:
            log(f"{what}: {len(indexes)} indexes in {time.perf_counter() - t0:.0f} s")

    def rebuild() -> None:
        make(base, "base tables")
        t0 = time.perf_counter()
        with store.engine.begin() as conn:
            derived.rebuild(conn)
        if log is not None:
            log(f"derived rows and counts in {time.perf_counter() - t0:.0f} s")

    try:
        yield rebuild
    finally:
        make(deferred, "the rest")


def _named(template: Template, rows: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    cols = template.columns["entities"]
    g, n = cols.index("group_id"), cols.index("mention_count")
    return [(r[g], r[n]) for r in rows]


def _spelled(template: Template, rows: list[tuple[Any, ...]]) -> list[linking.Spelled]:
    cols = template.columns["entities"]
    g, n, a, t, k = (cols.index(c) for c in ("group_id", "name", "aliases", "type", "key"))
    return [(r[g], r[n], json.loads(r[a]), r[t], r[k]) for r in rows]


def _flush_variants(store: Store, variants: Variants) -> None:
    if not variants.new_rows:
        return
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO corpus_entities (id, type, key, name) VALUES (:id, :type, :key, :name)"
            ),
            variants.new_rows,
        )
    variants.new_rows = []


def settle_surnames(store: Store) -> None:
    """Rules 3b-3c over the whole built store, with each surname's owner recorded, as the
    refreshes of an ingest leave a store: the copies come with the template's links, but here
    the counts are bigger and the variants are namesakes of their own."""
    with store.engine.begin() as conn:
        surnames = conn.execute(
            select(entities.c.key).where(tables.LONE_SURNAME).distinct()
        ).scalars()
        linking.relink_lone_surnames(conn, sorted(surnames), remember=True)


def _finish(store: Store) -> None:
    """What an ingest ends with: surnames settled, data version, sequences (PostgreSQL), the
    planner's statistics."""
    settle_surnames(store)
    with store.engine.begin() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one()
        conn.execute(
            text(
                "UPDATE store_state SET value = :n WHERE key IN ('data_version', 'graph_version')"
            ),
            {"n": n},
        )
        if store.dialect == "postgresql":
            for table in ("articles", "entities", "mentions", "quotes", "dates", "corpus_entities"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        store.optimize()
