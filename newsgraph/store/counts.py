"""How many quotes a search finds in all: the "of 109" of a paged list of quotes.

Kept apart from :mod:`newsgraph.store.queries` (which pages through the quotes themselves) so
that the two can change on their own; the count takes the same conditions
(:func:`newsgraph.store.queries.quote_conditions`) over the same joins.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store.tables import articles, quotes


def count_quotes(conn: Connection, conds: list[Any], se: Any) -> int:
    """The number of quotes that meet ``conds`` (``se``: the speaker's ``entities`` alias)."""
    stmt = (
        select(func.count(quotes.c.id))
        .select_from(quotes)
        .join(articles, articles.c.id == quotes.c.article_id)
        .outerjoin(se, se.c.id == quotes.c.speaker_entity_id)
        .where(*conds)
    )
    return int(conn.execute(stmt).scalar_one())
