"""Names on the web page: which entity a name was taken to mean, or the ones to choose from.

The store's rule (:mod:`newsgraph.store.resolution`) decides; this module turns its answer into
links. A name that one entity dominates is used, and the page says so in a notice that links to
the other entities the name fits; a name without one shows the candidates inside the normal page
(the search page keeps its form), each linking to the same request with the name replaced by the
candidate's id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from fastapi import Request

from newsgraph.model import EntitySummary
from newsgraph.store import AmbiguousName, NotFound, Store
from newsgraph.store.resolution import DOMINANT_SHARE, Resolution


@dataclass(frozen=True)
class Option:
    """An entity the name fits, and the address of the request asked about it."""

    entity: EntitySummary
    url: str


@dataclass
class Choices:
    """What a page shows about a name: the entity taken and the others, or the candidates."""

    name: str
    param: str  # the query parameter that held the name ("entity": the entity page's path)
    taken: Option | None = None
    share: float = 1.0
    options: list[Option] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.taken is None

    @property
    def threshold(self) -> str:
        return f"{DOMINANT_SHARE:.0%}"


def with_param(request: Request, name: str, value: str) -> str:
    """The request's address with query parameter ``name`` set to ``value`` (from page one)."""
    params = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in (name, "offset", "format") and v
    ]
    params.append((name, value))
    return quote(request.url.path, safe="/") + "?" + urlencode(params)


def entity_url(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe="")


class UrlOf:
    """Where a choice leads: the request with ``field`` set to the entity's id, or its page."""

    def __init__(self, request: Request, field: str) -> None:
        self.request = request
        self.field = field

    def __call__(self, entity_id: str) -> str:
        if self.field == "entity":
            return entity_url(entity_id)
        return with_param(self.request, self.field, entity_id)


def for_resolution(resolution: Resolution, param: str, url_of: UrlOf) -> Choices:
    """The notice of a name one entity dominates (``others`` linked by ``url_of(id)``)."""
    return Choices(
        name=resolution.name,
        param=param,
        taken=Option(resolution.entity, url_of(resolution.entity.id)),
        share=resolution.share,
        options=[Option(o, url_of(o.id)) for o in resolution.others],
    )


def for_ambiguous(exc: AmbiguousName, param: str, url_of: UrlOf) -> Choices:
    """The candidates of a name no entity dominates."""
    return Choices(exc.name, param, options=[Option(c, url_of(c.id)) for c in exc.candidates])


def resolve_fields(
    request: Request, store: Store, params: dict[str, str | None], fields: dict[str, bool]
) -> tuple[dict[str, str | None], list[Choices]]:
    """``params`` with each name in ``fields`` replaced by the id of the entity it means, and a
    notice for each name that also fits others. ``fields`` maps a parameter to whether a name no
    entity has is kept as written (a speaker "a spokesman"). Raises :class:`Ambiguous` with the
    candidates of a name without a dominant entity, or ``NotFound``."""
    out = dict(params)
    notes = []
    for name, as_written in fields.items():
        value = params.get(name)
        if not value:
            continue
        try:
            resolution = store.resolution(value)
        except NotFound:
            if as_written:
                continue
            raise
        except AmbiguousName as exc:
            raise Ambiguous(for_ambiguous(exc, name, UrlOf(request, name))) from None
        out[name] = resolution.entity.id
        if resolution.others:
            notes.append(for_resolution(resolution, name, UrlOf(request, name)))
    return out, notes


class Ambiguous(Exception):
    """A name of a request that fits several entities, none dominating (``choices`` lists them)."""

    def __init__(self, choices: Choices) -> None:
        super().__init__(choices.name)
        self.choices = choices
