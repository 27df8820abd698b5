"""The query commands' output (``quotes``, ``entities``, ``entity``): ``table`` (rich), ``json``
or ``csv``.

JSON is the result models as they are (``model_dump``), so a script gets exactly what the Python
API and the HTTP API return; CSV flattens them to one row per hit; the table is for reading.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from newsgraph.model import EntityProfile, EntitySummary, QuoteHit


def _json(items: Any, out: TextIO) -> None:
    if isinstance(items, BaseModel):
        data: Any = items.model_dump(mode="json")
    else:
        data = [i.model_dump(mode="json") for i in items]
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _csv(rows: list[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _table(title: str | None, columns: Sequence[str], rows: list[list[str]], out: TextIO) -> None:
    table = Table(title=title, show_lines=False, expand=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(file=out, width=None if out.isatty() else 160).print(table)


def _short(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


QUOTE_COLUMNS = (
    "id",
    "published",
    "speaker",
    "speaker_id",
    "speaker_text",
    "kind",
    "act",
    "quote",
    "mentions",
    "article_id",
    "start",
    "end",
    "title",
    "url",
)


def quote_rows(hits: Sequence[QuoteHit]) -> list[dict[str, Any]]:
    return [
        {
            "id": h.id,
            "published": h.published or "",
            "speaker": h.speaker_entity.name if h.speaker_entity else "",
            "speaker_id": h.speaker_entity.id if h.speaker_entity else "",
            "speaker_text": h.speaker.text if h.speaker else "",
            "kind": h.kind,
            "act": h.act,
            "quote": h.text,
            "mentions": "; ".join(m.name for m in h.mentions),
            "article_id": h.article_id,
            "start": h.start,
            "end": h.end,
            "title": h.title or "",
            "url": h.url or "",
        }
        for h in hits
    ]


def print_quotes(hits: Sequence[QuoteHit], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        _json(hits, out)
    elif fmt == "csv":
        _csv(quote_rows(hits), QUOTE_COLUMNS, out)
    else:
        _table(
            f"{len(hits)} quotes",
            ("date", "speaker", "quote", "article [start:end]"),
            [
                [
                    h.published or "",
                    (h.speaker_entity.name if h.speaker_entity else "")
                    or (h.speaker.text if h.speaker else "?"),
                    _short(h.text),
                    f"{h.article_id} [{h.start}:{h.end}]",
                ]
                for h in hits
            ],
            out,
        )


ENTITY_COLUMNS = (
    "id",
    "name",
    "type",
    "quotes",
    "quoted_about",
    "mentions",
    "articles",
    "aliases",
)


def entity_rows(items: Sequence[EntitySummary]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "quotes": e.quotes,
            "quoted_about": e.quoted_about,
            "mentions": e.mentions,
            "articles": e.articles,
            "aliases": "; ".join(e.aliases),
        }
        for e in items
    ]


def print_entities(items: Sequence[EntitySummary], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        _json(items, out)
    elif fmt == "csv":
        _csv(entity_rows(items), ENTITY_COLUMNS, out)
    else:
        _table(
            f"{len(items)} entities",
            ("id", "name", "type", "quotes", "about", "mentions", "articles", "aliases"),
            [
                [
                    e.id,
                    e.name,
                    e.type,
                    str(e.quotes),
                    str(e.quoted_about),
                    str(e.mentions),
                    str(e.articles),
                    _short("; ".join(a for a in e.aliases if a != e.name), 60),
                ]
                for e in items
            ],
            out,
        )


PROFILE_COLUMNS = ("section", "id", "date", "article_id", "start", "end", "text")


def _quote_rows(section: str, hits: Sequence[QuoteHit]) -> list[dict[str, Any]]:
    """Profile CSV rows for the quotes by or about the entity."""
    return [
        {
            "section": section,
            "id": q.id,
            "date": q.published,
            "article_id": q.article_id,
            "start": q.start,
            "end": q.end,
            "text": q.text,
        }
        for q in hits
    ]


def print_profile(profile: EntityProfile, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        _json(profile, out)
    elif fmt == "csv":
        _csv(_profile_rows(profile), PROFILE_COLUMNS, out)
    else:
        _print_profile_tables(profile, out)


def _profile_rows(profile: EntityProfile) -> list[dict[str, Any]]:
    """The profile as CSV rows, one section after the other."""
    return [
        {"section": "entity", "id": profile.id, "text": profile.name},
        *({"section": "alias", "id": profile.id, "text": a} for a in profile.aliases),
        *(
            {
                "section": "article",
                "id": a.id,
                "date": a.published,
                "article_id": a.id,
                "text": a.title or a.source,
            }
            for a in profile.article_list
        ),
        *_quote_rows("quote_by", profile.quotes_by),
        *_quote_rows("quote_about", profile.quotes_about),
        *(
            {
                "section": "timeline",
                "id": "",
                "date": t.date,
                "article_id": t.article_id,
                "start": t.start,
                "end": t.end,
                "text": _short(t.context, 300),
            }
            for t in profile.timeline
        ),
    ]


def _print_profile_tables(profile: EntityProfile, out: TextIO) -> None:
    out.write(
        f"{profile.name}  ({profile.id}, {profile.type})\n"
        f"aliases: {'; '.join(profile.aliases)}\n"
        f"{profile.articles} articles, {profile.mentions} mentions, {profile.quotes} quotes by, "
        f"{profile.quoted_about} quotes mentioning\n\n"
    )
    if profile.quotes_by:
        print_quotes(profile.quotes_by, "table", out)
    if profile.quotes_about:
        _table(
            "quotes mentioning them",
            ("date", "speaker", "quote", "article [start:end]"),
            [
                [
                    q.published or "",
                    q.speaker_entity.name
                    if q.speaker_entity
                    else (q.speaker.text if q.speaker else "?"),
                    _short(q.text),
                    f"{q.article_id} [{q.start}:{q.end}]",
                ]
                for q in profile.quotes_about
            ],
            out,
        )
    if profile.timeline:
        _table(
            "timeline",
            ("date", "as written", "in context", "article [start:end]"),
            [
                [t.date or "", t.text, _short(t.context, 90), f"{t.article_id} [{t.start}:{t.end}]"]
                for t in profile.timeline
            ],
            out,
        )
    if profile.article_list:
        _table(
            "articles",
            ("id", "published", "title"),
            [
                [str(a.id), a.published or "", a.title or a.source or ""]
                for a in profile.article_list
            ],
            out,
        )
