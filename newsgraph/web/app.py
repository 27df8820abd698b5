"""The FastAPI application: the HTTP API and the web page over one store.

:func:`create_app` builds the app. API and pages share their paths: ``GET /articles/7`` answers
JSON to an API client and the article view to a browser (a request whose ``Accept`` header names
``text/html``), so a link into the page is also the address of the data. Every handler calls the
same functions as the CLI (``newsgraph.extract``/``newsgraph.nlp.pipeline`` and the store's query API)
and holds no query or extraction logic of its own.

Errors are always a message, never a stack trace: JSON ``{"status", "error", "message"}`` for API
clients, a short HTML page for browsers. Request bodies are capped at ``max_bytes`` (413).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.ingest.document import InputError
from newsgraph.ingest.load import document_from_html, document_from_text
from newsgraph.store import AmbiguousName, NotFound, Store
from newsgraph.web import api, pages
from newsgraph.web.common import ApiError, error_body, wants_html, web_url
from newsgraph.web.render import hit_text

log = logging.getLogger("newsgraph.web")

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with a JSON 413.

    The body is read here (up to ``max_bytes``) and replayed to the app, so an oversized request is
    refused before any parsing, whether or not it declares its ``Content-Length``.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send, int(declared))
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, send, None)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send, size: int | None) -> None:
        got = f"{size} bytes" if size is not None else "more than that"
        message = f"request body too large: the limit is {self.max_bytes} bytes, got {got}"
        headers = dict(scope.get("headers") or [])
        response: Response
        if b"text/html" in headers.get(b"accept", b""):  # a browser (the paste box)
            response = HTMLResponse(
                f"<!doctype html><title>413</title><h1>Too large</h1><p>{escape(message)}. "
                '<a href="/paste">Back</a></p>',
                status_code=413,
            )
        else:
            body = error_body(413, message, max_bytes=self.max_bytes)
            response = JSONResponse(body, status_code=413)
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - JSONResponse never reads
    return {"type": "http.disconnect"}


class Extractor:
    """Runs ``newsgraph``'s extraction one request at a time (spaCy pipelines are not meant to be
    shared between threads while they run)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(
        self,
        *,
        text: str | None = None,
        html: str | None = None,
        published: str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str = "web",
    ) -> Any:
        # The spaCy pipeline: loaded at the first extraction (the server answers the store's
        # queries without it).
        from newsgraph.nlp.pipeline import ModelError, process

        try:
            if html is not None:
                doc = document_from_html(
                    html, source=source, published=published, title=title, url=url
                )
            else:
                doc = document_from_text(
                    text or "", source=source, published=published, title=title, url=url
                )
        except InputError as exc:
            raise ApiError(422, exc.reason) from None
        try:
            with self._lock:
                return next(process([doc]))
        except ModelError as exc:
            raise ApiError(503, str(exc)) from None


class StoreGuard:
    """The store as the app's threads share it: reads run together, a write runs alone.

    FastAPI runs handlers in a thread pool, so several requests use one :class:`Store` at once.
    With SQLite (WAL), a transaction that reads and then writes fails at once with "database is
    locked" (SQLITE_BUSY_SNAPSHOT) when another connection committed in between, and that is what
    two concurrent ``add`` calls, or a read refreshing entity names right after an ``add``, do.
    So ``add`` takes the lock exclusively and refreshes the names before letting reads in again;
    reads (which then have nothing to refresh) share the lock. Found by a concurrency test
    (tests/web/test_concurrency.py): about 1 request in 170 failed without this.
    """

    # graph() may rebuild the stored graph (Store.refresh_graph): a write, so it goes alone too.
    WRITES = frozenset({"add", "ingest", "refresh_names", "refresh_graph", "graph"})

    def __init__(self, store: Any) -> None:
        self.store = store
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    def _read(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._cond:
                self._cond.wait_for(lambda: not self._writing)
                self._readers += 1
            try:
                return method(*args, **kwargs)
            finally:
                with self._cond:
                    self._readers -= 1
                    self._cond.notify_all()

        return call

    def _write(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._cond:
                self._cond.wait_for(lambda: not self._writing)
                self._writing = True
                self._cond.wait_for(lambda: self._readers == 0)
            try:
                result = method(*args, **kwargs)
                refresh = getattr(self.store, "refresh_names", None)
                if refresh is not None:
                    refresh()
                return result
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()

        return call

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if not callable(attr):
            return attr
        return self._write(attr) if name in self.WRITES else self._read(attr)


def create_app(
    store: Store | None = None,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FastAPI:
    """The newsgraph web app over ``store`` (``None``: only ``/extract`` and the paste box work).

    ``allow_ingest`` turns ``POST /articles`` on; it then needs ``token`` (clients send
    ``Authorization: Bearer TOKEN``). ``max_bytes`` caps every request body.
    """
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token (set NEWSGRAPH_TOKEN)")
    if max_bytes < 1:
        raise ValueError("max_bytes must be positive")
    app = FastAPI(
        docs_url=None,  # /docs is served by pages.py from the vendored Swagger UI (no CDN)
        redoc_url=None,
        title="newsgraph",
        version=__version__,
        description="Who said what, about whom, and when: quotes, speakers, entities and dates "
        "extracted from news articles. Pages and API share paths: browsers get HTML, API "
        "clients JSON.",
    )
    app.state.store = StoreGuard(store) if store is not None else None
    app.state.allow_ingest = allow_ingest
    app.state.token = token
    app.state.max_bytes = max_bytes
    app.state.extract = Extractor()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["web_url"] = web_url
    templates.env.filters["hit_text"] = hit_text
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        # Defence in depth behind escaping: only the app's own scripts may run.
        # (Swagger UI starts from an inline script; cytoscape.js sets inline styles on its canvas.)
        path = request.url.path
        if not path.startswith("/docs"):
            style = "'self' 'unsafe-inline'" if path == "/graph" else "'self'"
            response.headers.setdefault(
                "Content-Security-Policy",
                f"default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data:; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.add_middleware(BodyLimit, max_bytes=max_bytes)
    return app


def _error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "extra": extra},
            status_code=status,
            headers=headers,
        )
    return JSONResponse(error_body(status, message, **extra), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) or where
        details.append({"in": where, "field": name, "message": str(err.get("msg", "invalid"))})
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
    return f"invalid request: {message}", details


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc.status, exc.message, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return _error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        message, details = _validation_message(exc)
        return _error_response(request, 422, message, details=details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_response(request, 404, str(exc) or "not found")

    @app.exception_handler(AmbiguousName)
    async def ambiguous(request: Request, exc: AmbiguousName) -> Response:
        candidates = [
            c.model_dump(mode="json") if hasattr(c, "model_dump") else str(c)
            for c in getattr(exc, "candidates", [])
        ]
        return _error_response(request, 409, str(exc), candidates=candidates)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(request, 500, "internal server error (the server log has details)")
