"""The candidate every quote rule proposes, before overlaps are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span


@dataclass
class Attribution:
    """A proposed quote: content span, kind, cue and speaker mention.

    ``direct`` candidates are quote-mark spans that stand as sentences (step 2); the others are
    reported clauses (step 3). ``continues`` marks a direct quote with no cue of its own that
    continues the previous statement: it takes that statement's speaker. ``parts`` are the content
    pieces when an attribution interrupts the content (`"A," she said. "B."`; `A, he said, B`);
    empty means one part, ``[start, end)``. ``construction`` names the rule that proposed it,
    ``cue_lemma`` its cue word and ``content_type`` what the content is (a clause, an infinitive,
    an object with its predicate, a bare noun phrase, or quoted words), for deciding the act.
    """

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: Span | None
    verbatim: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    continues: bool = False
    floats: bool = False  # no cue and no quote just before: takes a recent statement's speaker
    parts: list[tuple[int, int]] = field(default_factory=list)
    construction: str = ""
    cue_lemma: str = ""
    content_type: str = "clause"  # "clause", "infinitive", "predicate", "noun" or "quoted"
    speaker_entity: str | None = None  # the entity a rule already knows speaks (`A:` turns)

    def overlaps(self, other: Attribution) -> bool:
        return self.start < other.end and other.start < self.end

    def content_parts(self) -> list[tuple[int, int]]:
        """The content pieces in order (at least one)."""
        return list(self.parts) or [(self.start, self.end)]

    def set_end(self, end: int) -> None:
        """Move the end of the content (and of its last part); parts past it go."""
        self.end = end
        if self.parts:
            kept = [(s, e) for s, e in self.parts if s < end]
            self.parts = [*kept[:-1], (kept[-1][0], end)] if kept else []
