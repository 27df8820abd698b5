"""The candidate every quote rule proposes, before overlaps are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span


@dataclass
class Attribution:
    """A proposed quote: content span, kind, cue and speaker mention.

    ``direct`` candidates are quote-mark spans that stand as sentences (step 2); the others are
    reported clauses (step 3). ``continues`` marks a direct quote with no cue of its own that
    continues the previous statement: it takes that statement's speaker.
    """

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: Span | None
    verbatim: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    continues: bool = False

    def overlaps(self, other: Attribution) -> bool:
        return self.start < other.end and other.start < self.end
