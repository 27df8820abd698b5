"""Paged lists on the web page: "showing 51–100 of 109", with links to the pages around.

The store answers ``limit``/``offset`` queries (and counts); this module only turns them into
what a page shows. The links keep every other parameter of the request, so a paged search stays
the same search. A list whose store query hands out a cursor (the search) goes to the next page
by the cursor, so that a deep page costs what the first does; a count the store stopped at its
cap reads "more than 10,000".
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import Request

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a list: where it starts, how many it shows, how many there are in all."""

    path: str
    params: tuple[tuple[str, str], ...]  # the request's other query parameters, in order
    param: str  # the query parameter that holds the offset
    offset: int
    limit: int
    shown: int
    total: int
    cap: int | None = None  # the store counted this far at most (total = cap + 1: more)
    next_cursor: str | None = None  # the store's cursor of the page after this one

    @property
    def paged(self) -> bool:
        """The list does not fit on this one page."""
        return self.offset > 0 or self.shown < self.total or self.capped

    @property
    def label(self) -> str:
        """``showing 1–50 of 109``, ``all 12``, ``none``."""
        if self.shown == 0:
            return "none" if self.offset == 0 else f"none past {self.offset} (of {self.total})"
        if self.offset == 0 and self.shown >= self.total:
            return f"all {self.total}"
        return f"showing {self.offset + 1}–{self.offset + self.shown} of {self.count}"

    @property
    def capped(self) -> bool:
        """There are more than the store counted."""
        return self.cap is not None and self.total > self.cap

    @property
    def count(self) -> str:
        """``109``, ``more than 10,000``."""
        return f"more than {self.cap:,}" if self.capped else f"{self.total:,}"

    @property
    def prev_url(self) -> str | None:
        return self.url(max(0, self.offset - self.limit)) if self.offset > 0 else None

    @property
    def next_url(self) -> str | None:
        end = self.offset + self.shown
        if not self.shown or (end >= self.total and not self.capped):
            return None
        if self.next_cursor is None and self.capped and self.shown < self.limit:
            return None  # a short page: the list ends here
        return self.url(end, self.next_cursor)

    def url(self, offset: int, cursor: str | None = None) -> str:
        params = [(k, v) for k, v in self.params if k not in (self.param, "cursor")]
        if offset:
            params.append((self.param, str(offset)))
        if cursor:
            params.append(("cursor", cursor))
        return self.path + ("?" + urlencode(params) if params else "")


def page_of(
    request: Request,
    *,
    param: str,
    offset: int,
    limit: int,
    shown: int,
    total: int,
    cap: int | None = None,
    next_cursor: str | None = None,
) -> Page:
    """The page of a list that starts at ``offset`` in the list the request asked for."""
    params = tuple(
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in (param, "format", "cursor") and v
    )
    path = quote(request.url.path, safe="/")
    total = max(total, offset + shown)
    return Page(path, params, param, offset, limit, shown, total, cap, next_cursor)
