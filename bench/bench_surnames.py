"""Surnames across a corpus: PolNeAR train+dev in a store, bare surnames and namesake merges.

The 924 PolNeAR train and dev texts go through the pipeline into a fresh SQLite store (2
workers). Two checks of the identity issue:

- **Bare surnames**: of the quotes whose speaker links to a corpus entity, the share that sit on
  a one-word PERSON entity ("Clinton") whose surname one full-named person clearly owns: the only
  full-named PERSON entity with that surname, or one with at least twice the mentions and quotes
  of the next and two more. (The store links a bare surname only when the corpus makes it
  dominant, and keeps it apart when it is ambiguous: a loose "clearly" here counts some of those
  too, so the figure errs high.)
- **Namesake merges**: every corpus entity whose full-name aliases hold two people by
  ``names.same_person`` (different given names, or a suffix on one: "Donald Trump Jr."); the
  pairs checked are the full-named PERSON entities that share a surname.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

TITLE = "Surnames across a corpus: PolNeAR train+dev in a store (bare surnames, namesake merges)"
POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "polnear"
TARGET = 0.01


def _owner(candidates: list[tuple[int, str]]) -> str | None:
    """The full name that clearly owns a surname: [(weight, name), ...] -> name or None."""
    ranked = sorted(candidates, reverse=True)
    if len(ranked) == 1:
        return ranked[0][1]
    if ranked and ranked[0][0] >= 2 * ranked[1][0] and ranked[0][0] >= ranked[1][0] + 2:
        return ranked[0][1]
    return None


def bare_surnames(conn: Any) -> tuple[int, int, int, dict[tuple[str, str], int]]:
    """(quotes with a speaker entity, on a bare PERSON, of those clearly owned, examples)."""
    rows = conn.exec_driver_sql(
        "SELECT id, type, key, name, surname, n_mentions + n_quotes FROM corpus_entities"
    ).all()
    ents = {r[0]: r[1:] for r in rows}
    full: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for typ, key, name, surname, weight in ents.values():
        if typ == "PERSON" and " " in (key or "") and surname:
            full[surname.lower()].append((weight, name))
    total = bare = owned = 0
    examples: dict[tuple[str, str], int] = defaultdict(int)
    quotes = conn.exec_driver_sql(
        "SELECT speaker_corpus_id FROM quotes WHERE speaker_corpus_id IS NOT NULL"
    )
    for (sid,) in quotes:
        total += 1
        typ, key, name, _surname, _weight = ents[sid]
        if typ != "PERSON" or " " in (key or ""):
            continue
        bare += 1
        owner = _owner(full.get((key or "").lower(), []))
        if owner is not None:
            owned += 1
            examples[(name, owner)] += 1
    return total, bare, owned, examples


def namesake_merges(conn: Any) -> tuple[int, list[tuple[str, str, str]]]:
    """(surnames shared by two or more full-named entities, merges of two people found)."""
    from newsgraph.nlp import names

    rows = conn.exec_driver_sql(
        "SELECT e.id, e.name, e.surname, a.alias FROM corpus_entities e "
        "JOIN corpus_aliases a ON a.corpus_entity_id = e.id "
        "WHERE e.type = 'PERSON' AND e.key LIKE '% %'"
    ).all()
    aliases: dict[int, list[str]] = defaultdict(list)
    by_surname: dict[str, set[int]] = defaultdict(set)
    named = {}
    for eid, name, surname, alias in rows:
        aliases[eid].append(alias)
        named[eid] = name
        if surname:
            by_surname[surname.lower()].add(eid)
    merges = []
    for eid, spelled in aliases.items():
        people = [p for a in spelled if (p := names.parse_person(a)) is not None and p.full]
        for i, a in enumerate(people):
            b = next((b for b in people[i + 1 :] if _two_people(a, b)), None)
            if b is not None:
                merges.append((named[eid], _spelled(a), _spelled(b)))
                break
    shared = sum(1 for ids in by_surname.values() if len(ids) > 1)
    return shared, merges


def _two_people(a: Any, b: Any) -> bool:
    """Two full names with one surname that are two people for certain: two given names the
    name list knows ("Barack"/"Michelle"), a suffix on one ("Donald Trump Jr."), or two
    different middle initials ("George W."/"George P. Bush"). Spelling noise (a junk word
    before a name, a surname of two words parsed as given name and surname) is not counted."""
    from newsgraph.nlp import names

    if a.last != b.last:
        return False
    if a.suffix != b.suffix:
        return True
    if a.first != b.first:
        known = names.given_gender(a.first) is not None and names.given_gender(b.first) is not None
        return known and not names.same_given(a.first, b.first)
    ma, mb = (p.middle[0][:1] if p.middle else "" for p in (a, b))
    return bool(ma and mb and ma != mb)


def _spelled(p: Any) -> str:
    return " ".join(w for w in (p.first, *p.middle, p.last, p.suffix) if w)


def run() -> str:
    from newsgraph.engines import local
    from newsgraph.store import Store

    dirs = [POLNEAR / "train" / "text", POLNEAR / "dev" / "text"]
    if not all(d.is_dir() for d in dirs):
        return f"_Skipped: {POLNEAR} not found._"
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp, "pn.db"))) as store:
        local.ingest(store, [str(d) for d in dirs], from_metadata=True, workers=2)
        with store.engine.connect() as conn:
            total, bare, owned, examples = bare_surnames(conn)
            shared, merges = namesake_merges(conn)
            articles = store.counts()["articles"]
    share = owned / total if total else 0.0
    mark = "✓" if share < TARGET else "✗"
    lines = [
        f"{articles} articles; {total:,} quotes with a speaker entity, {bare:,} "
        f"({bare / max(total, 1):.1%}) on a one-word PERSON entity.",
        "",
        f"On a bare surname one full-named person clearly owns: **{owned:,} "
        f"({share:.2%})** (target < 1% {mark}).",
        "",
        "| bare entity | full-named owner | quotes |",
        "| --- | --- | ---: |",
        *(
            f"| {b} | {o} | {n} |"
            for (b, o), n in sorted(examples.items(), key=lambda x: -x[1])[:12]
        ),
        "",
        f"Namesakes: {shared:,} surnames are shared by two or more full-named PERSON entities "
        f"(the pairs checked); entities whose full-name aliases hold two people: "
        f"**{len(merges)}**" + (":" if merges else "."),
    ]
    lines += [f"- {n}: {a} / {b}" for n, a, b in merges[:20]]
    return "\n".join(lines)
