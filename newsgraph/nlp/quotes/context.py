"""What the quote rules know about the one document they work on, passed to every rule.

Built once per ``Doc`` by the component and dropped when it returns: nothing is kept on the
component (or in module state) between documents, so one component serves any number of threads.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.extensions import ParagraphData
from newsgraph.nlp.quotes.lexicon import SPEECH_VERBS


class Sentences:
    """``tok.sent`` in O(log n) for one doc: spaCy's ``Token.sent`` walks every sentence of the
    doc on each call, which dominated the quote step's time. The sentence starts are read on the
    first call."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._starts: list[int] | None = None

    def starts(self) -> list[int]:
        """The index of every sentence's first token."""
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sents]
        return self._starts

    def of(self, tok: Token) -> Span:
        """The sentence ``tok`` stands in (`Two.` for the token `Two` of `One. Two.`)."""
        starts = self.starts()
        i = bisect.bisect_right(starts, tok.i) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.doc)
        return self.doc[starts[i] : end]


@dataclass
class QuoteContext:
    """One document as the quote rules see it."""

    doc: Doc
    text: str  # ``doc.text`` (a join over the tokens on each access: read once)
    body: list[ParagraphData]  # body paragraphs, in text order
    cues: dict[str, dict[str, float]]  # the learned cue table (lemma -> relation -> precision)
    min_precision: dict[str, float]
    sentences: Sentences
    marked: list[tuple[int, int]] = field(default_factory=list)  # (open, close) of quote marks
    para_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.para_starts = [p["start"] for p in self.body]

    def sentence(self, tok: Token) -> Span:
        return self.sentences.of(tok)

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens overlapping ``[start, end)``."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def paragraph_at(self, pos: int) -> ParagraphData | None:
        """The body paragraph holding offset ``pos``, if any."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        if i >= 0 and self.body[i]["start"] <= pos < self.body[i]["end"]:
            return self.body[i]
        return None

    def in_marks(self, pos: int) -> bool:
        """Whether offset ``pos`` lies between quote marks."""
        return any(a <= pos < b for a, b in self.marked)

    def is_cue(self, tok: Token) -> bool:
        """A verb that reports: a speech verb or a lemma of the learned cue table."""
        lemma = tok.lemma_.lower()
        return tok.pos_ == "VERB" and (lemma in SPEECH_VERBS or lemma in self.cues)
