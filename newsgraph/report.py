"""Human-readable summaries of records (``--format text``), with rich tables."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.table import Table

from newsgraph.model import Record


def print_summary(record: Record, out: TextIO) -> None:
    console = Console(file=out, width=max(100, Console(file=out).width), highlight=False)
    art = record.article
    roles = Counter(p.role for p in record.paragraphs)
    console.print(f"[bold]{art.title or record.source or 'article'}[/bold]")
    console.print(
        f"published {art.published or 'unknown'} · {len(art.text.split())} words · "
        + ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
    )
    for w in record.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")

    if record.quotes:
        table = Table(title=f"Quotes ({len(record.quotes)})", show_lines=True, expand=True)
        table.add_column("speaker", ratio=1)
        table.add_column("kind", width=8)
        table.add_column("quote", ratio=4)
        for q in record.quotes:
            speaker = "?"
            if q.speaker:
                speaker = q.speaker.name or q.speaker.text
                if q.speaker.name and q.speaker.text != q.speaker.name:
                    speaker += f" [dim]({q.speaker.text})[/dim]"
            text = q.text if len(q.text) <= 300 else q.text[:297] + "..."
            table.add_row(speaker, q.kind, text)
        console.print(table)

    if record.entities:
        table = Table(title=f"Entities ({len(record.entities)})", expand=True)
        table.add_column("id", width=4)
        table.add_column("type", width=8)
        table.add_column("name", ratio=2)
        table.add_column("mentions", justify="right", width=8)
        table.add_column("aliases", ratio=3)
        for e in sorted(record.entities, key=lambda e: -len(e.mentions)):
            others = [a for a in e.aliases if a != e.name]
            table.add_row(e.id, e.type, e.name, str(len(e.mentions)), "; ".join(others))
        console.print(table)

    if record.dates:
        table = Table(title=f"Dates ({len(record.dates)})")
        table.add_column("text")
        table.add_column("value")
        for d in record.dates:
            table.add_row(d.text, d.value or "[dim]unresolved[/dim]")
        console.print(table)
