"""``newsgraph serve``: the HTTP API and the web page over the store (docs/web.md)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from newsgraph.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_db_option,
    choice,
    error,
    open_store,
    positive_int,
)
from newsgraph.store.store import display_url

LOG_LEVELS = ["critical", "error", "warning", "info", "debug"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API and the web page over the store",
        description="One process serving the JSON API (OpenAPI at /openapi.json, docs at /docs) "
        "and the web page (articles with highlighted quotes, speakers, search, graph, paste box). "
        "Binds to 127.0.0.1 unless told otherwise (docs/web.md).",
    )
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=positive_int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allow-ingest",
        action="store_true",
        help="enable POST /articles; clients must send Authorization: Bearer $NEWSGRAPH_TOKEN",
    )
    p.add_argument(
        "--max-bytes",
        type=positive_int,
        help="refuse request bodies larger than this with 413 (default 5 MiB)",
    )
    p.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        type=choice(LOG_LEVELS),
        default="info",
        help=argparse.SUPPRESS,
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The HTTP API and web page over the store (docs/web.md), served by uvicorn."""
    token = os.environ.get("NEWSGRAPH_TOKEN") or None
    if args.allow_ingest and not token:
        error(
            "--allow-ingest needs a token: set NEWSGRAPH_TOKEN (clients send it as a Bearer token)."
        )
        return EXIT_USAGE
    store = open_store(args.db)
    # uvicorn and the FastAPI app: imported by this command only (the others start without them).
    import uvicorn

    from newsgraph.web import DEFAULT_MAX_BYTES, create_app

    app = create_app(
        store,
        allow_ingest=args.allow_ingest,
        token=token,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        error(f"Warning: listening on {args.host}, not only on this machine.")
    print(
        f"newsgraph: Serving {display_url(args.db)} on http://{args.host}:{args.port}/ "
        "(API docs at /docs).",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    finally:
        store.close()
    return EXIT_OK
