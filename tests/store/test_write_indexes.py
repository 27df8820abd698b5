"""Migration 8: the entity indexes a write pays for are the ones the relinks read, partial ones of
just the entities they look up; a version-7 store trades its indexes for them on opening and
answers as before."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from newsgraph.store import Store, linking
from tests.store.builders import make_record
from tests.store.recount import assert_exact
from tests.store.test_kept import JANE, JOHN, OLYMPIC, SMITH_SAYS
from tests.store.test_store import A1, A2, A3, A4

RECORDS = [A3, SMITH_SAYS, JOHN, A4, A2, JANE, OLYMPIC, A1]
# a lone surname and an acronym written after the upgrade: relinks through the new indexes
LATER = make_record(
    'Smith said "The IOC and Ann Smith agree." Smith left.',
    [
        ("Smith", "PERSON", ["Smith", "Smith"]),
        ("IOC", "ORG", ["IOC"]),
        ("Ann Smith", "PERSON", ["Ann Smith"]),
    ],
    quotes=[{"text": "The IOC and Ann Smith agree.", "speaker": "Smith", "entity": 1}],
    published="2024-06-01",
)
NEW = {"ix_entities_lone_surname", "ix_entities_acronym"}
OLD = {
    "ix_entity_aliases_key": "entity_aliases (alias_key)",
    "ix_entities_group": "entities (group_id)",
    "ix_entities_type_key": 'entities (type, "key")',
    "ix_entities_type_acronym": "entities (type, acronym)",
}


def _indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        insp = sa.inspect(conn)
        return {
            str(i["name"])
            for table in ("entities", "entity_aliases")
            for i in insp.get_indexes(table)
        }


def _answers(store: Store) -> dict[str, object]:
    return {
        "entities": [e.model_dump() for e in store.entities(top=50)],
        "quotes": [q.model_dump() for q in store.quotes(limit=500)],
        "smith": store.entity("John Smith").model_dump(),
        "ioc": store.entity("International Olympic Committee").model_dump(),
    }


def test_a_new_store_has_only_the_partial_entity_indexes(store: Store) -> None:
    have = _indexes(store)
    assert have >= NEW
    assert not have & set(OLD)


def test_a_version_7_store_trades_its_entity_indexes(store_url: str) -> None:
    with Store.open(store_url) as s:
        for record in RECORDS:
            s.add(record)
        s.refresh_names()
        fresh = _answers(s)
        with s.engine.begin() as conn:  # the indexes as version 7 had them
            for name in sorted(NEW):
                conn.execute(sa.text(f"DROP INDEX {name}"))
            for name, on in OLD.items():
                conn.execute(sa.text(f"CREATE INDEX {name} ON {on}"))
            conn.execute(sa.text("DELETE FROM schema_migrations WHERE version = 8"))
        assert not _indexes(s) & NEW
    with Store.open(store_url) as upgraded:
        have = _indexes(upgraded)
        assert have >= NEW and not have & set(OLD)
        assert_exact(upgraded)
        assert _answers(upgraded) == fresh
        # and writing on goes on exactly
        upgraded.add(LATER)
        upgraded.refresh_names()
        assert_exact(upgraded)


def _plan(conn: sa.Connection, statement: str, params: Any) -> str:
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        return "\n".join(str(r[-1]) for r in rows)
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))


def test_the_relinks_read_the_partial_indexes_alone(store: Store) -> None:
    """The statements a relink runs (what moves, then the move) find their rows in the partial
    indexes, the SELECT without reading the table (SQLite says so: a covering index)."""
    for record in RECORDS:
        store.add(record)
    store.refresh_names()
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM entities" in statement or statement.startswith("UPDATE entities"):
            seen.append((statement, params))

    sa.event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.engine.begin() as conn:
            linking._relink_surname(conn, "smith")
            linking._relink_acronym(conn, "ORG", "ioc")
            linking._relink_for_new_groups(conn, {("ORG", "international olympic committee")})
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", capture)
    relinks = [(s, p) for s, p in seen if "entities.link" in s or "acronym" in s]
    assert len(relinks) >= 3
    with store.engine.begin() as conn:
        for statement, params in relinks:
            plan = _plan(conn, statement, params)
            want = "ix_entities_acronym" if "acronym" in statement else "ix_entities_lone_surname"
            assert want in plan, (statement, plan)
            if conn.dialect.name == "sqlite" and statement.startswith("SELECT"):
                assert "COVERING INDEX" in plan, (statement, plan)
