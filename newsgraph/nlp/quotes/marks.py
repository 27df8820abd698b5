"""Step 1, quote marks: the spans between quote marks, paragraph by paragraph.

Straight and curly double quotes (and ``''``/````  ``); single quotes inside them are kept as
text. A mark opened and not closed runs to the end of its paragraph (newswire continuation), never
across it. Pure string code: no parse needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.nlp.quotes.lexicon import TITLE_SMALL_WORDS

_MARK = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass
class Segment:
    """One span between quote marks inside one paragraph.

    The direct-quote step fills in ``sentence_level`` and, when it finds one, the cue and the
    speaker mention of the segment.
    """

    open: int  # offset of the opening mark
    start: int  # content start (after the mark)
    end: int  # content end (before the closing mark, or paragraph end)
    close: int  # offset after the closing mark (== end when unclosed)
    closed: bool
    para: int  # index of the body paragraph
    inner_end: int = -1  # content end with its final `,`/`;` (`"A," she said`: after the comma)
    sentence_level: bool = False
    cue: Token | None = None
    cue_span: tuple[int, int] | None = None
    speaker: Span | None = None


def scan_marks(text: str, start: int, end: int, para: int, curly: bool = False) -> list[Segment]:
    """Quoted segments of ``text[start:end]`` (one paragraph), in order. Never raises on odd
    marks.

    Double marks (`"`, `“ ”`, `„ “`, `« »`, ````/``''``) and single ones (`'`, `‘ ’`, `‹ ›`)
    both quote; a quote inside another (`"he said 'no'"`, `'he said "no"'`) is text of the outer
    one. An apostrophe (`don't`, `O'Brien`, `'90s`, `rock 'n' roll`) never opens or closes.
    In a ``curly`` document (one that types its quotes with curly marks), a lone straight `"`
    opening a paragraph is a scraping artefact, not a quote.

    >>> [(s.start, s.end) for s in scan_marks('He said "yes" and "no', 0, 21, 0)]
    [(9, 12), (19, 21)]
    """
    if curly and (
        _lone_straight_opener(text, start, end, '"') or _lone_straight_opener(text, start, end, "'")
    ):
        start += 1
    doubles = _double_segments(text, start, end, para)
    singles = _single_segments(text, start, end, para, doubles)
    doubles = [
        d for d in doubles if not any(s.open < d.open and d.close <= s.close for s in singles)
    ]
    return sorted([*doubles, *singles], key=lambda s: s.open)


def _lone_straight_opener(text: str, start: int, end: int, mark: str) -> bool:
    """`"Kevin was snoring.` in an article whose quotes are curly: the only straight mark of the
    paragraph, at its start."""
    return text.startswith(mark, start) and text.count(mark, start, end) == 1


def uses_curly_quotes(text: str) -> bool:
    """Whether a text types its quotes with curly marks, double (`“...”`) or single (`‘...’`),
    more often than with straight ones."""
    double = min(text.count("“"), text.count("”"))
    single = text.count("‘")
    return (double >= 2 and text.count('"') < double) or (
        double < 2 and single >= 2 and text.count("'") < single
    )


def _double_segments(text: str, start: int, end: int, para: int) -> list[Segment]:
    """The segments between double quote marks."""
    segs: list[Segment] = []
    open_at: tuple[int, int] | None = None  # (mark offset, content start)
    marks = list(_MARK.finditer(text, start, end))
    skip: set[int] = set()
    for k, m in enumerate(marks):
        if k in skip:
            continue
        mark, pos = m.group(), m.start()
        if _nested_same_marks(marks, k, open_at is not None):
            # a quote inside a quote typed with the same double marks (`"... what he calls
            # "hell" than ..."`): the inner pair is text of the outer quote
            skip.add(k + 1)
            continue
        prev = text[pos - 1] if pos > start else " "
        nxt = text[m.end()] if m.end() < end else " "
        is_open = _opens(mark, prev, nxt, open_at is not None)
        if is_open and open_at is None:
            open_at = (pos, m.end())
        elif is_open and open_at is not None:
            # a new opening while one is open: the first one never closed
            if mark in _OPENERS:
                segs.append(_segment(text, open_at, pos, pos, False, para))
                open_at = (pos, m.end())
        elif not is_open and open_at is not None:
            segs.append(_segment(text, open_at, pos, m.end(), True, para))
            open_at = None
    if open_at is not None:
        segs.append(_segment(text, open_at, end, end, False, para))
    return [s for s in segs if s.end > s.start]


# ---------------------------------------------------------------------------- single marks
_SINGLE = re.compile(r"['‘’‹›‚]")
_SINGLE_OPENERS = "‘‹‚"
_SINGLE_CLOSERS = "’›"
#: Words an apostrophe starts (`'em`, `'til`, `'90s`, rock `'n'` roll): it opens no quote.
_ELISION = re.compile(r"['‘’](?:em|tis|twas|cause|til|bout|round|n['‘’]|\d\d(?:s\b|\b))", re.I)
_OPEN_AFTER = ' \t\n([{―—–-/"“„«'
_CLOSE_BEFORE_STRONG = '.,;:!?…―—–-)]"”»'
#: Around a closing single mark, another closing single mark is as strong as punctuation: the
#: two closers of a quote nested in a quote (`labels of ‘criminal, super predator,’’ Cyril told`).
_CLOSE_NEXT_TO = _CLOSE_BEFORE_STRONG + "'’›"


def _single_marks(text: str, start: int, end: int, doubles: list[Segment]) -> list[tuple[int, str]]:
    """The single marks of the paragraph that may quote, as ``(offset, "open" | "close" |
    "weak")``: not inside a double-quoted segment, not an apostrophe. A ``weak`` closer is a
    word-final mark followed by more words (`the athletes' decision`): it closes only when no
    other closer follows."""
    out: list[tuple[int, str]] = []
    for m in _SINGLE.finditer(text, start, end):
        pos = m.start()
        if any(d.open <= pos < d.close for d in doubles):
            continue
        prev = text[pos - 1] if pos > start else " "
        nxt = text[pos + 1] if pos + 1 < end else " "
        role = _single_role(text, pos, prev, nxt, at_start=not text[start:pos].strip())
        if role is not None:
            out.append((pos, role))
    return out


def _single_role(text: str, pos: int, prev: str, nxt: str, at_start: bool) -> str | None:
    """What one single mark can do (`'Yes` opens, `yes,'` closes, `don't` neither; a closing
    mark typed at the start of a paragraph opens: `’What is most infuriating`)."""
    mark = text[pos]
    if prev.isalnum() and nxt.isalnum():
        return None  # don't, O'Brien, Ng'ang'a
    if _ELISION.match(text, pos) and mark not in _SINGLE_OPENERS[1:]:
        return None  # 'em, 'til, '90s, 'n'
    if (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace():
        return "open" if mark not in _SINGLE_CLOSERS or (at_start and nxt.isalnum()) else None
    if prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE_STRONG) and mark not in "‘‹‚":
        # a closer set off by a space after a nested quote: `the term 'African American outreach,' '`
        return "close"
    if not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_NEXT_TO):
        if mark in _SINGLE_OPENERS:
            return None
        if prev in _CLOSE_NEXT_TO or not nxt.isspace():
            return "close"
        following = text[pos + 1 : pos + 3].lstrip()
        return "weak" if following[:1].isalnum() else "close"
    return None


def _single_segments(
    text: str, start: int, end: int, para: int, doubles: list[Segment]
) -> list[Segment]:
    """The segments between single quote marks: each opener takes the first strong closer
    before the next opener (a weak one if there is no strong one); an opener at the start of
    the paragraph that never closes runs to its end (newswire continuation, British style)."""
    marks = _single_marks(text, start, end, doubles)
    segs: list[Segment] = []
    k = 0
    while k < len(marks):
        pos, role = marks[k]
        if role != "open":
            k += 1
            continue
        closer = _closer(marks, k)
        if closer is not None:
            close_pos = marks[closer][0]
            segs.append(_segment(text, (pos, pos + 1), close_pos, close_pos + 1, True, para))
            k = closer + 1
            continue
        if not text[start:pos].strip():
            segs.append(_segment(text, (pos, pos + 1), end, end, False, para))
        break
    return [s for s in segs if s.end > s.start]


def _closer(marks: list[tuple[int, str]], k: int) -> int | None:
    """The index of the mark that closes the opener ``marks[k]``: the first closer outside any
    quote nested in it (`'he said 'no' to me,'`); a weak one only if no other follows, or if an
    opener follows it (`'A' he said, 'B'`)."""
    depth, weak = 0, None
    for j in range(k + 1, len(marks)):
        role = marks[j][1]
        if role == "open":
            if weak is not None and depth == 0:
                return weak
            depth += 1
        elif depth:
            depth -= 1  # closes the nested quote
        elif role == "close":
            return j
        elif weak is None:
            weak = j
    return weak


def _nested_same_marks(marks: list[re.Match[str]], k: int, inside: bool) -> bool:
    """An opening curly mark inside an open quote, followed by two closing ones (`“... “hell”
    than ...”`): a quote nested with the outer quote's own marks."""
    return (
        marks[k].group() in _OPENERS
        and inside
        and k + 2 < len(marks)
        and marks[k + 1].group() in _CLOSERS
        and marks[k + 2].group() in _CLOSERS
    )


def _opens(mark: str, prev: str, nxt: str, inside: bool) -> bool:
    """Whether a mark opens a quote, given the characters around it (`“Yes` opens)."""
    if mark in _OPENERS:
        # a typo'd curly mark closing a quote: `Mostly False.“`
        return not (inside and not prev.isspace() and not nxt.isalnum())
    if mark in _CLOSERS:
        # a closing mark typed at the start of a quote: `”What is most infuriating`, `(”This
        # guy is landing rockets”)`
        return not inside and (prev.isspace() or prev in "([{") and nxt.isalnum()
    if mark == "''" and not inside:
        # two apostrophes typed as a double mark open like one (`''Yes`); after a word they
        # close two single quotes, one nested in the other (`a little bit,'' he said`)
        return (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace()
    # a straight mark opens when nothing is open ('5" tall' is rare in news)
    return not inside


def _segment(
    text: str, open_at: tuple[int, int], end: int, close: int, closed: bool, para: int
) -> Segment:
    """A segment whose content is trimmed of spaces (and of a trailing `,`/`;`)."""
    s = open_at[1]
    while s < end and text[s].isspace():
        s += 1
    inner = end
    while inner > s and text[inner - 1].isspace():
        inner -= 1
    e = inner
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return Segment(open_at[0], s, e, close, closed, para, inner_end=inner)


def is_title(text: str) -> bool:
    """A title or name in quote marks (`CNN's "State of the Union"`), not a quotation."""
    words = _TITLE_WORD.findall(text)
    if not words or len(words) > 8:
        return False
    return words[0][0].isupper() and all(
        w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words
    )
