"""Publication dates: the one rule every entry point (CLI, HTTP API, Python API) checks them by."""

from __future__ import annotations

import datetime as dt


def iso_date(value: str) -> str:
    """``value`` as ``YYYY-MM-DD``; raises ``ValueError`` naming it when it is not a date.

    The CLI's ``--published``/``--since``/``--until``, the HTTP API's ``published`` and
    :func:`newsgraph.extract` all accept what :meth:`datetime.date.fromisoformat` accepts.
    """
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def published_date(value: object) -> str | None:
    """A caller's publication date (``None``, a ``YYYY-MM-DD`` string or a ``datetime.date``) as
    ``YYYY-MM-DD``; ``ValueError`` for a string that is no date, ``TypeError`` for anything else."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return iso_date(value)
    raise TypeError(
        f"published must be a YYYY-MM-DD string or a datetime.date, not {type(value).__name__}"
    )
