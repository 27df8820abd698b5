"""Opening a store: ``create=False`` (every command but ``ingest``) never makes an empty store."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from newsgraph.store import Store, StoreMissing
from newsgraph.store.store import display_url


def test_a_missing_store_is_not_created(store_url: str) -> None:
    missing = store_url + "_typo" if store_url.startswith("postgresql") else store_url
    with pytest.raises(StoreMissing) as err:
        Store.open(missing, create=False)
    assert str(err.value) == (
        f"The store {missing} does not exist (only newsgraph ingest creates a store)."
    )
    if not missing.startswith("postgresql"):
        assert not Path(missing).exists()


def test_a_database_without_the_tables_is_not_a_store(store_url: str, tmp_path: Path) -> None:
    if not store_url.startswith("postgresql"):
        sa.create_engine(f"sqlite:///{store_url}").connect().close()  # an empty SQLite file
        assert Path(store_url).exists()
    with pytest.raises(StoreMissing, match="has no newsgraph tables"):
        Store.open(store_url, create=False)
    with Store.open(store_url) as store:  # ingest's way: the tables are made
        assert store.counts()["articles"] == 0
    with Store.open(store_url, create=False) as store:  # and now it is a store
        assert store.counts()["articles"] == 0


def test_a_password_is_masked_in_messages() -> None:
    assert display_url("postgresql://ng:s3cret@db/news") == "postgresql://ng:***@db/news"
    assert display_url("news.db") == "news.db"


def test_every_session_gets_the_stores_settings(store_url):
    """SQLite: WAL and the page cache; PostgreSQL: work_mem (kept after a rollback, since the
    pool rolls back every connection it takes back)."""
    from sqlalchemy import text

    from newsgraph.store import Store
    from newsgraph.store.store import PG_WORK_MEM, SQLITE_CACHE_KIB

    with Store.open(store_url) as store:
        for _ in range(2):
            with store.engine.connect() as conn:
                if store_url.startswith("postgresql"):
                    assert conn.execute(text("SHOW work_mem")).scalar_one() == PG_WORK_MEM
                else:
                    assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
                    assert conn.execute(text("PRAGMA cache_size")).scalar_one() == SQLITE_CACHE_KIB
                conn.rollback()
