"""The look-ups every article's write makes use an index, so that writing does not slow down as
the store grows (SQLite's query plans)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from newsgraph.store import Store
from newsgraph.store.linking import groups_query


def test_name_groups_are_looked_up_on_the_unique_index(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        query = groups_query("PERSON", ["donald trump", "joe biden"]).compile(
            store.engine, compile_kwargs={"literal_binds": True}
        )
        plan = " | ".join(row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    assert "SEARCH corpus_entities USING COVERING INDEX" in plan, plan
    assert "(type=? AND key=?)" in plan, plan
    assert "SCAN corpus_entities" not in plan, plan
