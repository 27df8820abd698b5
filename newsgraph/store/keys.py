"""Sort keys and cursors: the listing orders as single integers, and page positions as tokens.

Lists are newest first. Rather than sorting on ``(published DESC NULLS LAST, article_id DESC,
position)`` at query time, every article and quote carries its place in that order as one
``BIGINT`` (migration 4), so that a page of any list is an index range and the page after it
starts where the last one ended (keyset pagination: page 1,000 costs what page 1 costs):

- ``articles.sort_key`` = ``day << 40 | article_id``: newest first is ``sort_key DESC``.
- ``quotes.sort_key`` = ``day << 46 | article_id << 16 | (65535 - position)``: newest article
  first, and inside an article its quotes in reading order. On SQLite it is also the quote's
  rowid in the full-text index, so full-text matches come out newest first with no sort.

``day`` is the publication date as days since 1800-01-01 (1 for earlier dates, at most
2^17 - 1, i.e. 2158-11-16), and 0 for an article without a date (or with a date that is not
``YYYY-MM-DD``): those come last. ``since``/``until`` filters are ranges of the same keys.

A *cursor* is an opaque URL-safe token holding the sort values of the last item of a page;
:func:`encode` and :func:`decode` turn them into each other (:class:`BadCursor` for a token
that is not one of ours).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")

_EPOCH = dt.date(1800, 1, 1)
MAX_DAY = (1 << 17) - 1
MAX_ARTICLE_ID = (1 << 30) - 1  # quotes' keys hold the article id in 30 bits
MAX_POSITION = (1 << 16) - 1


class Page(list[T]):
    """One page of a list: the items, and ``next``, the cursor of the page after it (None when
    this page was not full, so nothing follows)."""

    def __init__(self, items: Iterable[T] = (), next: str | None = None) -> None:
        super().__init__(items)
        self.next = next


class BadCursor(ValueError):
    """A cursor token that this store did not hand out."""


def day_number(published: str | None) -> int:
    """Days since 1800-01-01 of a ``YYYY-MM-DD`` date, clamped to [1, MAX_DAY]; 0 for none."""
    if not published:
        return 0
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return 0
    return max(1, min(MAX_DAY, (day - _EPOCH).days))


def article_key(published: str | None, article_id: int) -> int:
    return day_number(published) << 40 | article_id


def quote_key(published: str | None, article_id: int, position: int) -> int:
    if article_id > MAX_ARTICLE_ID:
        raise ValueError(f"article id {article_id} over {MAX_ARTICLE_ID}: quotes cannot be keyed")
    if position > MAX_POSITION:
        raise ValueError(f"more than {MAX_POSITION + 1} quotes in one article")
    return day_number(published) << 46 | article_id << 16 | (MAX_POSITION - position)


def quote_range(since: str | None, until: str | None) -> tuple[int | None, int | None]:
    """``[low, high)`` bounds of quote keys published on or after ``since`` and on or before
    ``until`` (``YYYY-MM-DD``; None: unbounded)."""
    low = day_number(since) << 46 if since else None
    high = (day_number(until) + 1) << 46 if until else None
    return low, high


def encode(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token: str, shape: tuple[type, ...]) -> list[Any]:
    """The values in ``token``, checked against the types in ``shape``."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BadCursor(f"not a cursor: {token!r}") from None
    ok = (
        isinstance(values, list)
        and len(values) == len(shape)
        and all(
            isinstance(v, t) and not (t is int and isinstance(v, bool))
            for v, t in zip(values, shape, strict=True)
        )
    )
    if not ok:
        raise BadCursor(f"not a cursor for this list: {token!r}")
    return list(values)
