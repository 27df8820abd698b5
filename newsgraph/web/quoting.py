"""A quote's words as the lists show them: quote marks around what was said word for word only.

A quote's ``text`` is its content parts joined by a space; ``verbatim`` holds the spans of it that
stood inside quote marks in the article. A direct quote is verbatim throughout and is shown
“inside marks”; a paraphrase (``indirect``) has no verbatim span and is shown plain; a mixed quote
shows its reported words plain and its quoted fragments in marks: it was “deeply saddened” by...
The article's own marks around a verbatim span (straight or curly, double or single) give way to
the page's curly ones, so a fragment is never marked twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

from newsgraph.model import Span

OPENING = frozenset("\"'“‘„«‹")
CLOSING = frozenset("\"'”’»›")
ELLIPSIS = "…"
TRAILING = ",.;:!?"  # punctuation that goes inside the closing mark


class QuoteLike(Protocol):
    """What a quote list needs of a quote: a record's ``Quote`` or the store's ``QuoteHit``."""

    text: str
    parts: list[Span]
    verbatim: list[Span]


@dataclass(frozen=True)
class Piece:
    """A run of a quote's text, said word for word (``verbatim``) or reported."""

    text: str
    verbatim: bool
    closed: bool = False  # a verbatim run whose closing mark the quote's text holds


def pieces(quote: QuoteLike) -> list[Piece]:
    """The quote's ``text`` cut into reported and verbatim runs (see the module docstring)."""
    spans = _verbatim_in_text(quote)
    text = quote.text
    out: list[Piece] = []
    at = 0
    for start, end in spans:
        before = text[at:start]
        if before.endswith(tuple(OPENING)) and text[end : end + 1] in CLOSING:
            before, end_mark = before[:-1], 1  # the article's own marks give way to the page's
        else:
            end_mark = 0
        if before:
            out.append(Piece(before, False))
        out.append(Piece(text[start:end], True, closed=bool(end_mark)))
        at = end + end_mark
    if text[at:]:
        out.append(Piece(text[at:], False))
    return _merged(_punctuation_inside(out))


def _punctuation_inside(items: list[Piece]) -> list[Piece]:
    """A comma or full stop right after a verbatim run whose closing mark the text lacks goes
    inside the marks, as the article had it (``unbelievable,”``: the verbatim span ends before the
    comma, the quote's part after it, the mark after the part). Punctuation after a closing mark
    the text holds (``"saddened",``) stays outside."""
    out: list[Piece] = []
    for piece in items:
        head = piece.text[: len(piece.text) - len(piece.text.lstrip(TRAILING))]
        prev = out[-1] if out else None
        if prev is not None and prev.verbatim and not prev.closed and not piece.verbatim and head:
            out[-1] = Piece(prev.text + head, True)
            piece = Piece(piece.text[len(head) :], False)
        if piece.text:
            out.append(piece)
    return out


def _verbatim_in_text(quote: QuoteLike) -> list[tuple[int, int]]:
    """The verbatim spans as offsets into ``quote.text`` (article offsets mapped part by part)."""
    if not quote.parts:
        return [(0, len(quote.text))] if quote.verbatim else []
    spans = []
    offset = 0
    for part in quote.parts:
        for v in quote.verbatim:
            start, end = max(v.start, part.start), min(v.end, part.end)
            if start < end:
                spans.append((offset + start - part.start, offset + end - part.start))
        offset += part.end - part.start + 1  # parts are joined by one space
    return sorted(spans)


def _merged(items: list[Piece]) -> list[Piece]:
    """Adjacent pieces of the same kind as one (a verbatim span cut at a part boundary)."""
    out: list[Piece] = []
    for piece in items:
        if out and out[-1].verbatim == piece.verbatim:
            out[-1] = Piece(out[-1].text + piece.text, piece.verbatim, piece.closed)
        else:
            out.append(piece)
    return out


def _shortened(items: list[Piece], limit: int | None) -> list[Piece]:
    """The pieces cut to at most ``limit`` characters of text (at a word if there is one), the
    last one ending in an ellipsis (inside the marks of a verbatim run cut short)."""
    if limit is None or sum(len(p.text) for p in items) <= limit:
        return items
    out: list[Piece] = []
    left = limit - 1
    for piece in items:
        if len(piece.text) <= left:
            out.append(piece)
            left -= len(piece.text)
            continue
        cut = piece.text[:left]
        if " " in cut.strip():
            cut = cut[: cut.rstrip().rfind(" ")]
        if cut.strip():
            out.append(Piece(cut.rstrip() + ELLIPSIS, piece.verbatim))
        elif out:
            last = out[-1]
            out[-1] = Piece(last.text.rstrip() + ELLIPSIS, last.verbatim)
        break
    return out


def quote_plain(quote: QuoteLike, limit: int | None = None) -> str:
    """The quote as text, verbatim runs in curly marks (tooltips, the timeline's titles)."""
    items = _shortened(pieces(quote), limit)
    return " ".join("".join(f"“{p.text}”" if p.verbatim else p.text for p in items).split())


def quote_html(quote: QuoteLike, limit: int | None = None) -> Markup:
    """The quote as escaped HTML, each verbatim run in curly marks in a ``<span class="vb">``;
    the words a full-text search matched (a ``QuoteHit``'s ``highlights``) in ``<mark>``."""
    words = _searched_words(quote)
    return Markup("").join(
        Markup('<span class="vb">“{}”</span>').format(_marked(p.text, words))
        if p.verbatim
        else _marked(p.text, words)
        for p in _shortened(pieces(quote), limit)
    )


def _searched_words(quote: QuoteLike) -> re.Pattern[str] | None:
    """The words the search matched in ``quote``, as one pattern, or None.

    A search's highlights mark every occurrence of the words it matched, so marking each
    occurrence of those words again in the pieces (whose offsets no longer line up with the
    quote's text once the article's own marks give way) marks the same words."""
    spans: Iterable[Span] = getattr(quote, "highlights", None) or ()
    words = sorted({quote.text[s.start : s.end] for s in spans if s.end > s.start}, key=len)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in reversed(words))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _marked(text: str, words: re.Pattern[str] | None) -> Markup:
    """``text`` escaped, what ``words`` matches in ``<mark>``."""
    if words is None:
        return escape(text)
    out = Markup("")
    at = 0
    for m in words.finditer(text):
        out += escape(text[at : m.start()]) + Markup("<mark>{}</mark>").format(m.group())
        at = m.end()
    return out + escape(text[at:])
