"""``newsgraph serve``: options, the token check, and a real server process on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newsgraph.cli import EXIT_USAGE, build_parser, main
from newsgraph.store import Store
from tests.web.conftest import harbour_record


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["serve", "--db", "x.db"])
    assert (args.host, args.port, args.allow_ingest) == ("127.0.0.1", 8000, False)
    assert args.max_bytes is None


def test_allow_ingest_needs_a_token(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path) -> None:
    monkeypatch.delenv("NEWSGRAPH_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--allow-ingest"]) == EXIT_USAGE
    assert "NEWSGRAPH_TOKEN" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()  # refused before opening anything


def test_serve_runs_uvicorn_with_the_options(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import uvicorn

    seen: dict[str, object] = {}

    def fake_run(app, **kwargs):
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("NEWSGRAPH_TOKEN", "tok")
    db = tmp_path / "s.db"
    Store.open(str(db)).close()  # serve opens a store that exists; only ingest creates one
    argv = ["serve", "--db", str(db), "--port", "8123", "--allow-ingest", "--max-bytes", "99"]
    assert main(argv) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    state = seen["app"].state  # type: ignore[attr-defined]
    assert state.allow_ingest and state.token == "tok" and state.max_bytes == 99


@pytest.mark.slow
def test_serve_process_answers_on_loopback(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Store.open(str(db)) as store:
        store.add(harbour_record())
    port = _free_port()
    env = {**os.environ, "NEWSGRAPH_TOKEN": "live-token"}
    cmd = [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--allow-ingest", "--log-level", "warning"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                with urllib.request.urlopen(f"{base}/articles", timeout=2) as r:
                    articles = json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.2)
        assert [a["title"] for a in articles] == ["Bridge to reopen in May"]
        request = urllib.request.Request(
            f"{base}/articles",
            data=json.dumps({"text": "x"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=10)
        assert err.value.code == 401
        assert "bearer" in json.load(err.value)["message"].lower()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert f"Serving {db} on http://127.0.0.1:" in (proc.stderr.read() if proc.stderr else "")
