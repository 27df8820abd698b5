"""``bench.synthetic``: the big stores that ``bench scale`` measures are built by writing rows
(a bulk load: indexes dropped and made again, derived rows made in one pass). They must be
stores like an ingest makes: exact kept counts, every index, and links as the merge rule says."""

from __future__ import annotations

import sqlalchemy as sa

from bench import synthetic
from newsgraph.store import Store, linking, tables
from tests.store.recount import assert_exact
from tests.store.test_store import CLINTONS, CORPUS, LONE_CLINTON, _two_clintons


def test_a_synthetic_store_is_exact_indexed_and_linked(tmp_path, store_url: str) -> None:
    template_url = str(tmp_path / "template.db")
    with Store.open(template_url) as template_store:
        for record in [*CORPUS, *CLINTONS, LONE_CLINTON, _two_clintons(3, 2)]:
            template_store.add(record)
        template_store.refresh_names()
    template = synthetic.Template.load(template_url)
    n = 5 * len(template.by_article["articles"]) + 3  # five copies and part of a sixth
    synthetic.build(template, store_url, n, batch_size=4)
    with Store.open(store_url) as store:
        assert store.counts()["articles"] == n
        assert_exact(store)
        with store.engine.connect() as conn:
            made = {
                ix["name"]
                for name in tables.metadata.tables
                for ix in sa.inspect(conn).get_indexes(name)
            }
            assert {str(ix.name) for ix in synthetic.deferred_indexes()} <= made
            assert linking.recorded_owner(conn, "clinton") is not None
        with store.engine.begin() as conn:  # relinking every lone surname from scratch: no change
            before = list(conn.execute(sa.text("SELECT id, corpus_entity_id, link FROM entities")))
            lone = conn.execute(
                sa.select(tables.entities.c.key).where(tables.LONE_SURNAME).distinct()
            ).scalars()
            linking.relink_lone_surnames(conn, sorted(lone))
            after = list(conn.execute(sa.text("SELECT id, corpus_entity_id, link FROM entities")))
            assert sorted(after) == sorted(before)
        assert store.quotes(about="athletes")  # full-text rows written as ingest writes them
