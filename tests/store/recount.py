"""What the store keeps (counts, graph weights, aliases, derived rows), and the same recounted
from the base tables with the plain joins the queries ran before migration 4."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from newsgraph.store.linking import recount_spellings


def _rows(conn: sa.Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(sa.text(sql))]


def recount(conn: sa.Connection) -> dict[str, Any]:
    counts: dict[int, Counter[str]] = {}
    for cid, articles, mentions in _rows(
        conn,
        "SELECT corpus_entity_id, COUNT(DISTINCT article_id), SUM(mention_count) FROM entities "
        "GROUP BY corpus_entity_id",
    ):
        counts[cid] = Counter(n_articles=articles, n_mentions=int(mentions))
    for cid, n in _rows(
        conn,
        "SELECT e.corpus_entity_id, COUNT(*) FROM quotes q "
        "JOIN entities e ON e.id = q.speaker_entity_id GROUP BY e.corpus_entity_id",
    ):
        counts[cid]["n_quotes"] = n
    for cid, n in _rows(
        conn,
        "SELECT e.corpus_entity_id, COUNT(DISTINCT qm.quote_id) FROM quote_mentions qm "
        "JOIN entities e ON e.id = qm.entity_id GROUP BY e.corpus_entity_id",
    ):
        counts[cid]["n_quoted_about"] = n
    pairs = _rows(
        conn,
        "SELECT DISTINCT me.corpus_entity_id, q.sort_key, q.id, se.corpus_entity_id, q.article_id "
        "FROM quote_mentions qm JOIN quotes q ON q.id = qm.quote_id "
        "JOIN entities me ON me.id = qm.entity_id "
        "LEFT JOIN entities se ON se.id = q.speaker_entity_id",
    )
    edges = Counter((r[3], r[0]) for r in pairs if r[3] is not None and r[3] != r[0])
    aliases = Counter(
        {
            (cid, alias): n
            for cid, alias, n in _rows(
                conn,
                "SELECT e.corpus_entity_id, a.alias, COUNT(*) FROM entity_aliases a "
                "JOIN entities e ON e.id = a.entity_id GROUP BY e.corpus_entity_id, a.alias",
            )
        }
    )
    timeline = set(
        _rows(
            conn,
            "SELECT DISTINCT e.corpus_entity_id, d.value, COALESCE(a.published, ''), d.article_id, "
            "d.position, d.id FROM dates d "
            "JOIN mentions m ON m.article_id = d.article_id AND m.paragraph = d.paragraph "
            "JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = d.article_id "
            "WHERE d.value IS NOT NULL",
        )
    )
    speakers = dict(
        _rows(
            conn,
            "SELECT q.id, e.corpus_entity_id FROM quotes q "
            "LEFT JOIN entities e ON e.id = q.speaker_entity_id",
        )
    )
    return {
        "counts": {cid: dict(c) for cid, c in counts.items()},
        "edges": dict(edges),
        "aliases": dict(aliases),
        "quote_about": set(pairs),
        "timeline": timeline,
        "speakers": speakers,
        "spellings": dict(recount_spellings(conn)),
        "named": dict(
            _rows(
                conn,
                "SELECT group_id, SUM(mention_count) FROM entities GROUP BY group_id "
                "HAVING SUM(mention_count) <> 0",
            )
        ),
    }


def kept(conn: sa.Connection) -> dict[str, Any]:
    counts = {
        cid: {
            k: v
            for k, v in zip(
                ("n_articles", "n_mentions", "n_quotes", "n_quoted_about"), rest, strict=True
            )
            if v
        }
        for cid, *rest in _rows(
            conn,
            "SELECT id, n_articles, n_mentions, n_quotes, n_quoted_about FROM corpus_entities "
            "WHERE n_articles <> 0 OR n_mentions <> 0 OR n_quotes <> 0 OR n_quoted_about <> 0",
        )
    }
    return {
        "counts": counts,
        "edges": {
            (s, t): w
            for s, t, w in _rows(conn, "SELECT source_id, target_id, weight FROM graph_edges")
        },
        "aliases": {
            (c, a): n
            for c, a, n in _rows(conn, "SELECT corpus_entity_id, alias, n FROM corpus_aliases")
        },
        "quote_about": set(
            _rows(
                conn,
                "SELECT corpus_entity_id, sort_key, quote_id, speaker_corpus_id, article_id "
                "FROM quote_about",
            )
        ),
        "timeline": set(
            _rows(
                conn,
                "SELECT corpus_entity_id, value, published, article_id, position, date_id "
                "FROM entity_timeline",
            )
        ),
        "speakers": dict(_rows(conn, "SELECT id, speaker_corpus_id FROM quotes")),
        "spellings": {
            (g, sp): n
            for g, sp, n in _rows(conn, "SELECT group_id, spelling, n FROM name_spellings")
        },
        "named": dict(_rows(conn, "SELECT id, n_named FROM corpus_entities WHERE n_named <> 0")),
    }


def assert_exact(store: Any) -> None:
    """What the store kept equals a full recount (zero counts are not kept as rows)."""
    with store.engine.connect() as conn:
        want, have = recount(conn), kept(conn)
    want["counts"] = {c: {k: v for k, v in d.items() if v} for c, d in want["counts"].items()}
    want["counts"] = {c: d for c, d in want["counts"].items() if d}
    for part in want:
        assert have[part] == want[part], part
