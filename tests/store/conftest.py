"""Store fixtures: a throwaway PostgreSQL cluster, and the backends every store test runs against.

PostgreSQL is tested for real: the session starts its own cluster (``initdb`` + ``pg_ctl``) in a
temp dir on a free port and removes it afterwards. When no server binaries are installed the tests
fail with the command to fix it (``make test`` installs them through ``scripts/system-deps.sh``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import POLNEAR, need_shared


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb/pg_ctl refuse to run as root: run them as the ``postgres`` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a throwaway PostgreSQL cluster; yields its URL; stops and removes it after."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): run "
            "`make system-deps` (as root) or `apt-get install postgresql`; the store is tested "
            "against a real server, not skipped"
        )
    bindir = Path(found[-1]).parent
    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, user="postgres", group="postgres")
    data = tmp / "data"
    port = _free_port()
    subprocess.run(
        _as_postgres(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(tmp / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


def _new_pg_database(server_url: str) -> str:
    """A fresh database on the session's server (each test gets an empty store)."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    dsn = server_url.replace("postgresql://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return _new_pg_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    from newsgraph.store import Store

    with Store.open(store_url) as s:
        yield s


# --------------------------------------------------------------------------- PolNeAR corpus
POLNEAR_DEV = POLNEAR / "dev" / "text"


def polnear_dates() -> dict[str, str]:
    """filename (without .txt) → publication date, from PolNeAR's metadata.tsv."""
    import csv

    path = need_shared(POLNEAR / "metadata.tsv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["filename"]: row["publication_date"]
            for row in csv.DictReader(fh, delimiter="\t")
            if row.get("publication_date")
        }


@pytest.fixture(scope="session")
def polnear_records(nlp: object) -> list[object]:
    """The 84 PolNeAR dev texts through the real pipeline (spaCy runs once per session)."""
    from newsgraph.ingest.sources import iter_documents
    from newsgraph.nlp.pipeline import process

    need_shared(POLNEAR_DEV)
    dates = polnear_dates()
    docs = []
    for item in iter_documents([str(POLNEAR_DEV)]):
        assert not isinstance(item, Exception), item
        item.published = dates.get(Path(item.source).stem)
        docs.append(item)
    return list(process(docs, nlp))  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def polnear_store(
    request: pytest.FixtureRequest,
    polnear_records: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[object]:
    """A store holding the PolNeAR dev corpus, per backend (built once per session)."""
    from newsgraph.store import Store

    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("polnear") / "news.db")
    else:
        url = _new_pg_database(request.getfixturevalue("postgres_url"))
    with Store.open(url) as s:
        for record in polnear_records:
            assert s.add(record)  # type: ignore[arg-type]
        s.refresh_names()
        yield s
