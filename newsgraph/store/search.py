"""Full-text search: what a user types, as an FTS5 query (SQLite) or a ``tsquery`` (PostgreSQL),
and the words of a hit that matched (for highlighting).

Both engines index the same words the same way (migration 4): the Porter stemmer, no stop words,
words split at anything that is not a letter or a digit, so ``boycott`` finds "boycotted" and
"boycotting" on both, and both find the same quotes. The query language is small on purpose:
words (all must match, each in any of its forms) and ``"exact phrases"`` (the words in that order,
next to each other). Nothing else the user types reaches either engine's query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from newsgraph.model import Span

_WORD = re.compile(r"[^\W_]+")  # letters and digits: unicode61's token characters
_PHRASE = re.compile(r'"([^"]*)"')
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\x02", "\x03"  # marks FTS5's highlight() puts around matches


@dataclass(frozen=True)
class Search:
    """A parsed search: each item is one word, or the words of one phrase."""

    items: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, query: str) -> Search:
        items: list[tuple[str, ...]] = []
        rest = _PHRASE.sub(lambda m: _keep_phrase(m, items), query)
        items.extend((w,) for w in _WORD.findall(rest.replace('"', " ")))
        return cls(tuple(i for i in items if i))

    def __bool__(self) -> bool:
        return bool(self.items)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: quoted strings (phrases), implicitly ANDed."""
        return " ".join('"' + " ".join(words) + '"' for words in self.items)

    def tsquery(self) -> str:
        """A ``to_tsquery`` expression: words ANDed, phrase words joined by ``<->``."""
        return " & ".join(
            "(" + " <-> ".join(words) + ")" if len(words) > 1 else words[0] for words in self.items
        )

    def words(self) -> set[str]:
        return {w for words in self.items for w in words}


def _keep_phrase(match: re.Match[str], items: list[tuple[str, ...]]) -> str:
    items.append(tuple(_WORD.findall(match.group(1))))
    return " "


def spans_from_marks(marked: str) -> list[Span]:
    """Offsets of the text between FTS5 ``highlight()`` marks, in the text without them."""
    spans: list[Span] = []
    pos = 0
    start = None
    for piece in re.split(f"([{HIGHLIGHT_OPEN}{HIGHLIGHT_CLOSE}])", marked):
        if piece == HIGHLIGHT_OPEN:
            start = pos
        elif piece == HIGHLIGHT_CLOSE:
            if start is not None and pos > start:
                spans.append(Span(start=start, end=pos))
            start = None
        else:
            pos += len(piece)
    return spans


def pg_highlights(conn: Connection, search: Search, texts: list[str]) -> list[list[Span]]:
    """The words of each text whose stem is the stem of a searched word (PostgreSQL: the stems
    come from the same dictionary the index uses, in one query for the whole page)."""
    tokens = {m.group().lower() for t in texts for m in _WORD.finditer(t)}
    wanted = {w.lower() for w in search.words()}
    stems: dict[str, str] = {}
    if tokens or wanted:
        rows = conn.execute(
            text(
                "SELECT t, (ts_lexize('newsgraph_porter', t))[1] FROM unnest(CAST(:tokens AS text[])) t"
            ),
            {"tokens": sorted(tokens | wanted)},
        )
        stems = {t: s or t for t, s in rows}
    targets = {stems.get(w, w) for w in wanted}
    return [
        [
            Span(start=m.start(), end=m.end())
            for m in _WORD.finditer(t)
            if stems.get(m.group().lower()) in targets
        ]
        for t in texts
    ]
