"""Full-text search: what a user types, as an FTS5 query (SQLite) or a ``tsquery`` (PostgreSQL),
and the words of a hit that matched (for highlighting).

Both engines index the same words the same way (migration 4): the Porter stemmer, no stop words,
words split at anything that is not a letter or a digit, so ``boycott`` finds "boycotted" and
"boycotting" on both, and both find the same quotes. The query language is small on purpose:
words (all must match, each in any of its forms, see :func:`forms`) and ``"exact phrases"`` (the
words in that order, next to each other). Nothing else the user types reaches either engine's
query syntax.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
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
        """An FTS5 MATCH expression: for each item the OR of its forms (a phrase: of the
        phrases its words' forms make, up to :data:`MAX_PHRASES`), the items ANDed."""
        groups = []
        for words in self.items:
            options = [forms(w) for w in words]
            if len(words) > 1 and _product_size(options) > MAX_PHRASES:
                options = [[w] for w in words]
            phrases = [" ".join(p) for p in itertools.product(*options)]
            groups.append("(" + " OR ".join(f'"{p}"' for p in phrases) + ")")
        return " AND ".join(groups)

    def tsquery(self) -> str:
        """A ``to_tsquery`` expression: each word the OR of its forms, phrase words joined by
        ``<->``, the items ANDed."""
        return " & ".join(
            "(" + " <-> ".join("(" + " | ".join(forms(w)) + ")" for w in words) + ")"
            for words in self.items
        )

    def words(self) -> set[str]:
        """Every form of every word searched."""
        return {f for words in self.items for w in words for f in forms(w)}


MAX_PHRASES = 32


def _product_size(options: list[list[str]]) -> int:
    n = 1
    for o in options:
        n *= len(o)
    return n


def forms(word: str) -> list[str]:
    """The forms a searched word stands for, each then stemmed by the engine's own stemmer.

    The Porter stemmer (both engines) keeps the forms of a word that ends in a doubled consonant
    apart: it undoubles it in "boycotted", "boycotting" (→ boycot) but not in "boycott" or
    "boycotts" (→ boycott); "added" → ad, "add" → add. So such a word, or its "-ed", "-ing" or
    "-s" form, searches for all four forms: ``boycott`` finds "boycotted" and "boycotting", and
    each of those finds "boycott". Every other word is left to the stemmer, which already maps
    "elections" to "election" and "hoping" to "hope"."""
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return [word]
    base = None
    for suffix in ("", "ed", "ing", "s"):
        rest = w[: len(w) - len(suffix)]
        if w.endswith(suffix) and len(rest) >= 3 and _doubled(rest):
            base = rest
            break
    if base is None:
        return [word]
    return sorted({w, base, base + "ed", base + "ing", base + "s"})


def _doubled(word: str) -> bool:
    """Ends in a doubled consonant that Porter undoubles (not l, s or z)."""
    return word[-1] == word[-2] and word[-1] not in "aeiouylsz"


def _keep_phrase(match: re.Match[str], items: list[tuple[str, ...]]) -> str:
    items.append(tuple(_WORD.findall(match.group(1))))
    return " "


def spans_from_marks(marked: str) -> list[Span]:
    """Offsets of the words between FTS5 ``highlight()`` marks, in the text without them (a
    matched phrase comes out word by word, as on PostgreSQL)."""
    spans: list[Span] = []
    plain: list[str] = []
    pos = 0
    start = None
    for piece in re.split(f"([{HIGHLIGHT_OPEN}{HIGHLIGHT_CLOSE}])", marked):
        if piece == HIGHLIGHT_OPEN:
            start = pos
        elif piece == HIGHLIGHT_CLOSE:
            if start is not None:
                spans.extend(
                    Span(start=start + m.start(), end=start + m.end())
                    for m in _WORD.finditer("".join(plain)[start:pos])
                )
            start = None
        else:
            plain.append(piece)
            pos += len(piece)
    return spans


_LOCAL = threading.local()
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 0"  # what quotes_fts uses (migration 4)


def fts5_highlights(search: Search, texts: list[str]) -> list[list[Span]]:
    """The matched words of each text, by FTS5's ``highlight()`` over a scratch in-memory table
    with the store's tokenizer: the same words the store's index matched, at a cost that does not
    depend on the store's size (asking the store's own index for a rowid re-reads the posting
    list of every searched word: ~0.4 ms a quote for a common word on 2,000 articles)."""
    conn = getattr(_LOCAL, "conn", None)
    if conn is None:
        conn = _LOCAL.conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE hl USING fts5(text, tokenize='{FTS5_TOKENIZE}')")
    conn.executemany("INSERT INTO hl(rowid, text) VALUES (?, ?)", enumerate(texts))
    try:
        marked = dict(
            conn.execute(
                "SELECT rowid, highlight(hl, 0, ?, ?) FROM hl WHERE hl MATCH ?",
                (HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, search.fts5()),
            )
        )
    finally:
        conn.execute("DELETE FROM hl")
    return [spans_from_marks(marked[i]) if i in marked else [] for i in range(len(texts))]


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
