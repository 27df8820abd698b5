"""The HTTP API routes (JSON), which also serve the matching page to a browser.

Each handler validates its input, calls one library function (``newsgraph.extract``'s pipeline or
one of the store's queries) and returns its result: JSON for API clients, the page for browsers
(see :func:`newsgraph.web.common.wants_html`). Handlers are plain ``def`` functions: FastAPI runs them
in its thread pool, so extraction and database work never block the event loop.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BeforeValidator

from newsgraph.model import (
    ArticleSummary,
    EntityProfile,
    EntitySummary,
    EntityType,
    GraphEdge,
    QuoteAct,
    QuoteHit,
    QuoteKind,
    Record,
)
from newsgraph.store import content_hash
from newsgraph.store.keys import BadCursor, Page
from newsgraph.web import pages
from newsgraph.web.bodies import ArticleIn, IngestResult
from newsgraph.web.common import ApiError, check_token, get_store, wants_html
from newsgraph.web.graphview import DEFAULT_NODES, MAX_NODES, READ_EDGES, strongest

router = APIRouter()


def _blank_is_none(value: Any) -> Any:
    """HTML forms send empty fields as ``""``: treat them as absent."""
    return None if value == "" else value


Blank = BeforeValidator(_blank_is_none)
DateParam = Annotated[
    str | None,
    Blank,
    Query(description="YYYY-MM-DD (checked by the handler)", examples=["2023-02-03"]),
]
# Error responses documented in OpenAPI for every route.
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid request (JSON error with a message)"},
    503: {"description": "No store configured"},
}
HTML_TOO = {"text/html": {"schema": {"type": "string"}}}
Cursor = Annotated[
    str | None,
    Blank,
    Query(description="where the page starts: the `next` cursor of the previous page"),
]
OrderParam = Annotated[
    Literal["newest", "relevance"] | None,
    Blank,
    Query(description="a full-text search's order (default: relevance)"),
]
PAGED = {
    "headers": {
        "Link": {"description": 'the next page, `<URL>; rel="next"`, when this one is full'},
        "X-Next-Cursor": {"description": "the cursor of the next page, when this one is full"},
    }
}


def _paged(request: Request, response: Response, page: Page[Any]) -> Page[Any]:
    """Tell the client where the next page starts (keyset pagination: a ``cursor`` parameter,
    no offset to count through)."""
    if page.next is not None:
        url = request.url.remove_query_params(["cursor", "offset"]).include_query_params(
            cursor=page.next
        )
        response.headers["Link"] = f'<{url}>; rel="next"'
        response.headers["X-Next-Cursor"] = page.next
    return page


def _cursor_error(exc: BadCursor) -> ApiError:
    return ApiError(422, f"invalid request: cursor: {exc}")


def _check_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(
            422, f"invalid request: {name}: not a date (YYYY-MM-DD): {value!r}"
        ) from None


def run_extract(request: Request, body: ArticleIn, source: str) -> Record:
    record: Record = request.app.state.extract(
        text=body.text,
        html=body.html,
        published=body.published,
        title=body.title,
        url=body.url,
        source=source,
    )
    return record


@router.post(
    "/extract",
    response_model=Record,
    response_model_by_alias=True,
    tags=["extract"],
    summary="Extract one article (not stored)",
    responses={413: {"description": "Request body over the size limit"}, **ERRORS},
)
def extract(request: Request, body: ArticleIn) -> Any:
    """Text or HTML in, the ``newsgraph/2`` record out: paragraphs, entities, quotes, dates."""
    return run_extract(request, body, source="web:extract")


@router.get(
    "/articles",
    response_model=list[ArticleSummary],
    tags=["articles"],
    summary="List stored articles (newest first)",
    responses={200: {"content": HTML_TOO, **PAGED}, **ERRORS},
)
def list_articles(
    request: Request,
    response: Response,
    q: Annotated[
        str | None, Query(description='words in the title or text; "exact phrase"')
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    cursor: Cursor = None,
    order: OrderParam = None,
) -> Any:
    store = get_store(request)
    try:
        items = store.articles(limit=limit, offset=offset, q=q or None, after=cursor, order=order)
    except BadCursor as exc:
        raise _cursor_error(exc) from None
    if wants_html(request):
        return pages.articles_page(request, items, q=q, order=order)
    return _paged(request, response, items)


@router.get(
    "/articles/{article_id}",
    response_model=Record,
    response_model_by_alias=True,
    tags=["articles"],
    summary="One stored article as its newsgraph/2 record",
    responses={200: {"content": HTML_TOO}, 404: {"description": "No such article"}, **ERRORS},
)
def get_article(request: Request, article_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> Any:
    store = get_store(request)
    record = store.article(article_id)
    if wants_html(request):
        return pages.article_page(request, record, article_id=article_id)
    return record


@router.post(
    "/articles",
    response_model=IngestResult,
    status_code=201,
    tags=["articles"],
    summary="Extract and store one article (needs --allow-ingest and the token)",
    responses={
        200: {"description": "Already stored (same content): skipped"},
        401: {"description": "Missing or wrong bearer token"},
        403: {"description": "Ingest is disabled (start with --allow-ingest)"},
        413: {"description": "Request body over the size limit"},
        **ERRORS,
    },
    dependencies=[Depends(check_token)],
)
def post_article(request: Request, body: ArticleIn) -> Any:
    store = get_store(request)
    record = run_extract(request, body, source=body.url or "web:ingest")
    stored = store.add(record)
    summary = pages.find_summary(store, content_hash(record.article.text))
    result = IngestResult(
        stored=stored,
        article=summary,
        quotes=len(record.quotes),
        entities=len(record.entities),
    )
    return JSONResponse(result.model_dump(mode="json"), status_code=201 if stored else 200)


@router.get(
    "/quotes",
    response_model=list[QuoteHit],
    tags=["quotes"],
    summary="Search quotes (newest first; a full-text search by relevance)",
    responses={200: {"content": HTML_TOO, **PAGED}, **ERRORS},
)
def list_quotes(
    request: Request,
    response: Response,
    speaker: Annotated[str | None, Query(description="speaker name or entity id")] = None,
    about: Annotated[
        str | None, Query(description='full-text search in the quote; "exact phrase"')
    ] = None,
    mentions: Annotated[
        str | None, Query(description="an entity (name or id) mentioned in the quote")
    ] = None,
    since: DateParam = None,
    until: DateParam = None,
    kind: Annotated[QuoteKind | None, Blank, Query()] = None,
    act: Annotated[QuoteAct | None, Blank, Query(description="speech, thought or finding")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    cursor: Cursor = None,
    order: OrderParam = None,
) -> Any:
    store = get_store(request)
    params: dict[str, Any] = {
        "speaker": speaker or None,
        "about": about or None,
        "mentions": mentions or None,
        "since": _check_date(since, "since"),
        "until": _check_date(until, "until"),
        "kind": kind,
        "act": act,
    }
    try:
        if wants_html(request):
            return pages.search_view(
                request, store, params, limit=limit, offset=offset, cursor=cursor, order=order
            )
        hits = store.quotes(**params, limit=limit, offset=offset, after=cursor, order=order)
    except BadCursor as exc:
        raise _cursor_error(exc) from None
    return _paged(request, response, hits)


@router.get(
    "/entities",
    response_model=list[EntitySummary],
    tags=["entities"],
    summary="The most quoted and mentioned entities",
    responses={200: {"content": HTML_TOO, **PAGED}, **ERRORS},
)
def list_entities(
    request: Request,
    response: Response,
    type: Annotated[EntityType | None, Blank, Query(description="PERSON, ORG, GPE...")] = None,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    cursor: Cursor = None,
) -> Any:
    store = get_store(request)
    try:
        items = store.entities(type=type, top=top, after=cursor)
    except BadCursor as exc:
        raise _cursor_error(exc) from None
    if wants_html(request):
        return pages.entities_page(request, items, type=type, top=top)
    return _paged(request, response, items)


@router.get(
    "/entities/{entity:path}",
    response_model=EntityProfile,
    tags=["entities"],
    summary="An entity's profile: aliases, quotes by and about it, timeline",
    responses={
        200: {"content": HTML_TOO},
        404: {"description": "No such entity"},
        409: {
            "description": "The name fits several entities and none has 80% of their mentions "
            "(candidates listed); a name one entity dominates means that one"
        },
        **ERRORS,
    },
)
def get_entity(
    request: Request,
    entity: str,
    said: Annotated[int, Query(ge=0, include_in_schema=False)] = 0,
    about: Annotated[int, Query(ge=0, include_in_schema=False)] = 0,
) -> Any:
    store = get_store(request)
    if wants_html(request):  # said, about: where the page's two lists of quotes start
        return pages.entity_view(request, store, entity, said=said, about=about)
    return store.entity(entity)


@router.get(
    "/graph",
    response_model=list[GraphEdge],
    tags=["entities"],
    summary="Who is quoted about whom: speaker → entity mentioned, weighted, heaviest first",
    responses={200: {"content": HTML_TOO, **PAGED}, **ERRORS},
)
def get_graph(
    request: Request,
    response: Response,
    min_weight: Annotated[int, Query(ge=1, description="drop edges with fewer quotes")] = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="edges per page")] = 500,
    quote_ids: Annotated[
        int, Query(ge=0, le=10000, description="at most this many quote ids per edge, newest")
    ] = 20,
    cursor: Cursor = None,
    max_nodes: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_NODES,
            description="only the strongest edges, among at most this many entities, chosen "
            f"from the {READ_EDGES:,} heaviest (the page's default: {DEFAULT_NODES}; without it, "
            "every edge, a page at a time)",
        ),
    ] = None,
) -> Any:
    store = get_store(request)
    if wants_html(request):
        return pages.graph_page(
            request, store, min_weight=min_weight, max_nodes=max_nodes or DEFAULT_NODES
        )
    if max_nodes is not None:
        heaviest = store.graph(min_weight=min_weight, limit=READ_EDGES, quote_limit=quote_ids)
        return strongest(heaviest, max_nodes)
    try:
        edges = store.graph(min_weight=min_weight, limit=limit, after=cursor, quote_limit=quote_ids)
    except BadCursor as exc:
        raise _cursor_error(exc) from None
    return _paged(request, response, edges)
