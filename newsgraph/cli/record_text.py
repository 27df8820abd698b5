"""A record as readable text (``newsgraph extract --format text``), with rich tables."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph.model import Record

_PLURAL = {
    "body": "body paragraphs",
    "caption": "captions",
    "credit": "credits",
    "byline": "bylines",
    "duplicate": "duplicates",
    "boilerplate": "boilerplate",
    "title": "title lines",
}
_SINGULAR = {
    "body": "body paragraph",
    "caption": "caption",
    "credit": "credit",
    "byline": "byline",
    "duplicate": "duplicate",
    "boilerplate": "boilerplate",
    "title": "title line",
}


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def print_summary(record: Record, out: TextIO) -> None:
    """A readable summary of one record: paragraphs by role, quotes, entities, dates."""
    console = Console(file=out, width=max(100, Console(file=out).width), highlight=False)
    _print_heading(console, record)
    if any(p.role in ("caption", "credit", "byline") for p in record.paragraphs):
        console.print(_set_apart_table(record))
    if record.quotes:
        console.print(_quotes_table(record))
    if record.entities:
        console.print(_entities_table(record))
    if record.dates:
        console.print(_dates_table(record))


def _print_heading(console: Console, record: Record) -> None:
    """Title; date, words, authors, source; paragraph counts by role; warnings."""
    art = record.article
    roles: Counter[str] = Counter(p.role for p in record.paragraphs)
    console.print(f"[bold]{escape(art.title or record.source or 'article')}[/bold]")
    meta = [f"published {art.published or 'unknown'}", f"{len(art.text.split())} words"]
    if art.authors:
        meta.append("by " + ", ".join(art.authors))
    if record.source:
        meta.append(record.source)
    console.print(escape(" · ".join(meta)))
    order = ["body", "caption", "credit", "byline", "title", "duplicate", "boilerplate"]
    console.print(
        ", ".join(
            f"{roles[r]} {(_SINGULAR if roles[r] == 1 else _PLURAL)[r]}" for r in order if roles[r]
        )
        + f" · {len(record.entities)} entities · {len(record.quotes)} quotes"
        f" · {len(record.dates)} dates"
    )
    for w in record.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}")


def _set_apart_table(record: Record) -> Table:
    table = Table(title="Not body: captions, credits, bylines", expand=True)
    table.add_column("role", width=8)
    table.add_column("text", ratio=1)
    for p in record.paragraphs:
        if p.role in ("caption", "credit", "byline"):
            table.add_row(p.role, escape(_clip(record.article.text[p.start : p.end])))
    return table


def _quotes_table(record: Record) -> Table:
    table = Table(title=f"Quotes ({len(record.quotes)})", show_lines=True, expand=True)
    table.add_column("speaker", ratio=1)
    table.add_column("kind", width=8)
    table.add_column("quote", ratio=4)
    for q in record.quotes:
        speaker = "?"
        if q.speaker:
            speaker = escape(q.speaker.name or q.speaker.text)
            if q.speaker.name and q.speaker.text != q.speaker.name:
                speaker += f" [dim]({escape(q.speaker.text)})[/dim]"
        text = q.text if len(q.text) <= 300 else q.text[:297] + "..."
        table.add_row(speaker, q.kind, escape(text))
    return table


def _entities_table(record: Record) -> Table:
    table = Table(title=f"Entities ({len(record.entities)})", expand=True)
    table.add_column("id", width=4)
    table.add_column("type", width=8)
    table.add_column("name", ratio=2)
    table.add_column("mentions", justify="right", width=8)
    table.add_column("aliases", ratio=3)
    for e in sorted(record.entities, key=lambda e: -len(e.mentions)):
        others = [a for a in e.aliases if a != e.name]
        table.add_row(e.id, e.type, escape(e.name), str(len(e.mentions)), escape("; ".join(others)))
    return table


def _dates_table(record: Record) -> Table:
    table = Table(title=f"Dates ({len(record.dates)})")
    table.add_column("text")
    table.add_column("value")
    for d in record.dates:
        table.add_row(escape(d.text), d.value or "[dim]unresolved[/dim]")
    return table
