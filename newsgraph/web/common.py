"""What the API routes and the pages share: errors, content negotiation, the store, templates."""

from __future__ import annotations

import hmac
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from newsgraph.store import Store


class ApiError(Exception):
    """An error with an HTTP status and a message for the client (no internals)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no ``javascript:`` links from articles)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def wants_html(request: Request) -> bool:
    """A browser asking for a page (its ``Accept`` names ``text/html``), not an API client.

    ``?format=json`` asks for the JSON even from a browser (the pages link to it).
    """
    if request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    try:
        name = HTTPStatus(status).phrase
    except ValueError:
        name = "Error"
    return {"status": status, "error": name, "message": message, **extra}


def check_token(request: Request) -> None:
    """``POST /articles``: 403 unless ingest is on, then 401 unless the bearer token matches."""
    state = request.app.state
    if not state.allow_ingest:
        raise ApiError(403, "ingest is disabled; start the server with --allow-ingest")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "missing bearer token (Authorization: Bearer $NEWSGRAPH_TOKEN)")
    if not hmac.compare_digest(given.strip().encode(), str(state.token).encode()):
        raise ApiError(401, "invalid bearer token")


def get_store(request: Request) -> Store:
    store = request.app.state.store
    if store is None:
        raise ApiError(503, "no store: start the server with `newsgraph serve --db DB`")
    return store


def html_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Any:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)
