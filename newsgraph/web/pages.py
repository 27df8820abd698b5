"""The web page: server-rendered HTML views (Jinja2 templates, autoescaped).

Page-only routes live here (home, paste box, search alias, API docs); the views of the API's own
paths (``/articles/7`` in a browser...) are rendered by the helpers below, called from
:mod:`newsgraph.web.api`. Nothing here queries or extracts on its own: it arranges what the
store or the pipeline returned.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from newsgraph.ingest.load import looks_like_html
from newsgraph.model import (
    ENTITY_TYPES,
    QUOTE_ACTS,
    QUOTE_KINDS,
    ArticleSummary,
    EntityProfile,
    EntitySummary,
    QuoteHit,
    Record,
)
from newsgraph.store import NotFound, Store
from newsgraph.store.keys import Page
from newsgraph.store.queries import Order
from newsgraph.store.store import COUNT_CAP
from newsgraph.web import colours
from newsgraph.web.bodies import ArticleIn
from newsgraph.web.choosing import Ambiguous, UrlOf, for_resolution, resolve_fields
from newsgraph.web.common import ApiError, html_page
from newsgraph.web.graphview import READ_EDGES, graph_view
from newsgraph.web.paging import PAGE_SIZE, page_of
from newsgraph.web.quoting import quote_plain
from newsgraph.web.render import render_record, speaker_label
from newsgraph.web.timeline import Event, Lane, timeline_svg

router = APIRouter(include_in_schema=False)


def entity_href(name_or_id: str) -> str:
    return "/entities/" + quote(name_or_id, safe="")


def quote_href(hit: QuoteHit) -> str:
    return f"/articles/{hit.article_id}#{quote(hit.quote_id, safe='')}"


def short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _common(request: Request) -> dict[str, Any]:
    return {"has_store": request.app.state.store is not None}


# ------------------------------------------------------------------------------- page routes
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    store: Store | None = request.app.state.store
    if store is None:
        return RedirectResponse("/paste", status_code=303)
    articles = store.articles(limit=12)
    quotes = store.quotes(limit=8)
    people = store.entities(type="PERSON", top=10)
    return html_page(
        request,
        "home.html",
        {
            **_common(request),
            "articles": articles,
            "quotes": quotes,
            "people": people,
            "quote_href": quote_href,
            "entity_href": entity_href,
            "short": short,
        },
    )


@router.get("/search")
def search(request: Request) -> Response:
    """The search page is the browser view of ``GET /quotes`` (same parameters)."""
    query = request.url.query
    return RedirectResponse("/quotes" + (f"?{query}" if query else ""), status_code=307)


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request) -> Response:
    return html_page(request, "paste.html", {**_common(request), "form": {}})


@router.post("/paste", response_class=HTMLResponse)
def paste_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    """Extract the pasted article and show it highlighted; nothing is stored."""
    form = {"text": text, "published": published, "title": title}
    try:
        body = ArticleIn.model_validate(
            {
                ("html" if looks_like_html(text) else "text"): text,
                "published": published or None,
                "title": title or None,
            }
        )
        record: Record = request.app.state.extract(
            text=body.text, html=body.html, published=body.published, title=body.title,
            source="web:paste",
        )  # fmt: skip
    except ApiError as exc:
        return html_page(
            request,
            "paste.html",
            {**_common(request), "form": form, "error": exc.message},
            status=exc.status,
        )
    except ValueError as exc:  # pydantic's ValidationError
        message = "; ".join(e["msg"] for e in getattr(exc, "errors", lambda: [])()) or str(exc)
        return html_page(
            request,
            "paste.html",
            {**_common(request), "form": form, "error": message},
            status=422,
        )
    return article_page(request, record, pasted=True, form=form)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """Swagger UI served from the package (no CDN)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="newsgraph API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


@router.get("/speaker-colours.css")
def speaker_colours(n: Annotated[int, Query(ge=1, le=colours.MAX_SPEAKERS)] = 8) -> Response:
    """The classes ``c0``... of an article's ``n`` speakers (newsgraph/web/colours.py)."""
    return PlainTextResponse(
        colours.stylesheet(n),
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=86400"},
    )


# ------------------------------------------------------------------------------- views
def article_page(
    request: Request,
    record: Record,
    *,
    article_id: int | None = None,
    pasted: bool = False,
    form: dict[str, str] | None = None,
) -> Response:
    rendered = render_record(record)
    by_type: dict[str, list[Any]] = {}
    for e in sorted(record.entities, key=lambda e: (-len(e.mentions), e.name)):
        by_type.setdefault(e.type, []).append(e)
    quotes = sorted(record.quotes, key=lambda q: q.start)
    return html_page(
        request,
        "article.html",
        {
            **_common(request),
            "record": record,
            "article": record.article,
            "article_id": article_id,
            "rendered": rendered,
            "entities_by_type": sorted(by_type.items(), key=lambda kv: ENTITY_TYPES.index(kv[0])),
            "quotes": quotes,
            "speaker_of": lambda q: speaker_label(record, q),
            "colour_of": {s.key: s.colour for s in rendered.speakers},
            "pasted": pasted,
            "form": form or {},
            "entity_href": entity_href,
        },
    )


def articles_page(
    request: Request, items: Page[ArticleSummary], *, q: str | None, order: str | None = None
) -> Response:
    params = {"q": q or "", **({"order": order} if order else {})}
    return html_page(
        request,
        "articles.html",
        {
            **_common(request),
            "items": items,
            "q": q or "",
            "more": items.next is not None,
            "next_url": "/articles?" + urlencode({**params, "cursor": items.next or ""}),
        },
    )


def search_view(
    request: Request,
    store: Store,
    params: dict[str, Any],
    *,
    limit: int,
    offset: int,
    cursor: str | None = None,
    order: Order | None = None,
) -> Response:
    """The search page: the form as the user filled it, then the quotes found (paged, with the
    number found in all), the entity a name was taken to mean, or the entities to choose from.

    "Next" carries the page's cursor (and the offset, for "showing 51–100"), so the 1,000th page
    costs what the first does; "previous" goes by offset."""
    form = {k: v or "" for k, v in {**params, "order": order}.items()}
    context: dict[str, Any] = {
        **_common(request),
        "form": form,
        "kinds": QUOTE_KINDS,
        "acts": QUOTE_ACTS,
        "searched": any(v for k, v in form.items() if k != "order"),
        "hits": [],
        "notes": [],
        "quote_href": quote_href,
        "entity_href": entity_href,
    }
    try:
        resolved, notes = resolve_fields(
            request, store, params, {"speaker": True, "mentions": False}
        )
    except Ambiguous as exc:
        return html_page(request, "search.html", {**context, "choices": exc.choices}, 409)
    except NotFound as exc:
        return html_page(request, "search.html", {**context, "alert": str(exc)}, 404)
    if cursor:
        hits = store.quotes(**resolved, limit=limit, offset=0, after=cursor, order=order)
    else:
        hits = store.quotes(**resolved, limit=limit, offset=offset, order=order)
    total = store.count_quotes(**resolved, cap=COUNT_CAP)
    page = page_of(
        request,
        param="offset",
        offset=offset,
        limit=limit,
        shown=len(hits),
        total=total,
        cap=COUNT_CAP,
        next_cursor=hits.next,
    )
    return html_page(
        request, "search.html", {**context, "hits": hits, "notes": notes, "page": page}
    )


def entities_page(
    request: Request, items: list[EntitySummary], *, type: str | None, top: int
) -> Response:
    return html_page(
        request,
        "entities.html",
        {
            **_common(request),
            "items": items,
            "type": type or "",
            "types": ENTITY_TYPES,
            "top": top,
            "entity_href": entity_href,
        },
    )


def entity_view(request: Request, store: Store, name: str, *, said: int, about: int) -> Response:
    """An entity's page: counts, timeline, the quotes by it and about it (each list paged).

    A name that one entity dominates shows that entity with a notice naming the others (a name
    without one raises ``AmbiguousName``: the app shows the candidates)."""
    resolution = store.resolution(name)
    profile = store.entity(resolution.entity.id)
    said_hits = store.quotes(speaker=profile.id, limit=PAGE_SIZE, offset=said)
    about_hits = store.quotes(mentions=profile.id, limit=PAGE_SIZE, offset=about)
    notes = [for_resolution(resolution, "entity", UrlOf(request, "entity"))]
    return html_page(
        request,
        "entity.html",
        {
            **_common(request),
            "p": profile,
            "notes": notes if resolution.others else [],
            "said": said_hits,
            "said_page": page_of(
                request, param="said", offset=said, limit=PAGE_SIZE, shown=len(said_hits),
                total=profile.quotes,
            ),
            "about": about_hits,
            "about_page": page_of(
                request, param="about", offset=about, limit=PAGE_SIZE, shown=len(about_hits),
                total=profile.quoted_about,
            ),
            "svg": timeline_svg(_lanes(profile), title=f"Timeline of {profile.name}"),
            "undated": sum(1 for lane in _lanes(profile) for ev in lane.events if not ev.value),
            "quote_href": quote_href,
            "entity_href": entity_href,
            "speaker_of": _hit_speaker,
            "short": short,
        },
    )  # fmt: skip


def _lanes(profile: EntityProfile) -> list[Lane]:
    """The timeline's lanes: what the entity said, what others said about it, dated events."""
    others = [
        h
        for h in profile.quotes_about
        if not (h.speaker_entity is not None and h.speaker_entity.id == profile.id)
    ]
    return [
        Lane(
            "said",
            "tl-said",
            [Event(h.published, f"{profile.name}: {quote_plain(h, 90)}", quote_href(h)) for h in profile.quotes_by],
        ),
        Lane(
            "quoted about",
            "tl-about",
            [Event(h.published, f"{_hit_speaker(h)}: {quote_plain(h, 90)}", quote_href(h)) for h in others],
        ),
        Lane(
            "events",
            "tl-event",
            [
                Event(t.date, f"{t.text} — {short(t.context, 100)}", f"/articles/{t.article_id}#d{t.start}")
                for t in profile.timeline
            ],
        ),
    ]  # fmt: skip


def graph_page(request: Request, store: Store, *, min_weight: int, max_nodes: int) -> Response:
    """The graph page: the strongest links among at most ``max_nodes`` entities, drawn by
    graph.js from the JSON embedded in the page, with the controls to show more."""
    heaviest = store.graph(min_weight=min_weight, limit=READ_EDGES, quote_limit=0)
    view = graph_view(heaviest, max_nodes, more_edges=heaviest.next is not None)
    more = min(view.total_nodes, max_nodes * 2)
    return html_page(
        request,
        "graph.html",
        {
            **_common(request),
            "view": view,
            "edges": [e.model_dump(mode="json") for e in view.edges],
            "min_weight": min_weight,
            "max_nodes": max_nodes,
            "more_url": f"/graph?min_weight={min_weight}&max_nodes={more}",
            "all_url": f"/graph?min_weight={min_weight}&max_nodes={max(view.total_nodes, 1)}",
        },
    )


def _hit_speaker(hit: QuoteHit) -> str:
    if hit.speaker_entity is not None:
        return hit.speaker_entity.name
    if hit.speaker is not None:
        return hit.speaker.name or hit.speaker.text
    return "unknown speaker"


def find_summary(store: Store, content_hash: str) -> ArticleSummary | None:
    """The stored article with this content hash (indexed lookup), or None."""
    found = store.articles(limit=1, content_hash=content_hash)
    return found[0] if found else None
