"""``newsgraph_dates``: temporal expressions normalised against the publication date.

Reads: ``doc.ents`` (DATE and TIME spans; EVENT spans for the year they carry, as in "Paris
2024"), the parse (a tense hint for bare weekdays and months), ``doc._.ng_paragraphs`` (only
``body`` and ``caption`` paragraphs count) and ``doc._.ng_published`` (``YYYY-MM-DD`` or None).
Writes: ``doc._.ng_dates``: ``[{"start", "end", "text", "value", "role"}]`` ordered by offset,
offsets into ``doc.text``; ``value`` is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www`` or None;
``role`` the role of the paragraph the date stands in (``body`` or ``caption``: "during his visit
to Kyiv last June" under a photo is a date too).

How: each spaCy span goes through :func:`newsgraph.nlp.timex.find`, which trims it to the
expression(s) inside ("next year's" -> "next year", "essay last week" -> "last week"), drops what is
not a point in time (ages, durations, frequencies) and resolves the rest with fast rules
(dateparser only as a fallback). Then a regex pass with the precise rules only (full dates, "last
week", "two years ago", "in 2021"...) over the body paragraphs adds what spaCy missed. The rules and
the decisions (decades get None, weekdays are the most recent one...) are in ``timex.py`` and
``docs/dates.md``.
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp.extensions import register_extensions
from newsgraph.nlp.timex import Tense, find

register_extensions()

LABELS = ("DATE", "TIME", "EVENT")
DATED_ROLES = ("body", "caption")  # paragraphs whose dates are reported (with their role)
# A regex-pass match overlapping another entity is not added ("USA TODAY", "CBS This Morning",
# "$2016"), except numbers, which spaCy often tags CARDINAL where they are years.
PASS_THROUGH = ("CARDINAL", "ORDINAL", *LABELS)
_FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
_PAST_AUX = {"had", "has", "have", "was", "were", "did"}


def tense_of(span: Span) -> Tense:
    """A cheap tense hint for the clause a date stands in: "past", "future" or None.

    Used for bare weekdays and months only ("on Friday he will..." is the next Friday, "since
    January" the last one). Looks at the nearest verb above the span and its auxiliaries.
    """
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ == "since":
        return "past"
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or tok.lower_ in _FUTURE_AUX:
        return "future"
    if tok.tag_ == "VBD" or auxes & _PAST_AUX:
        return "past"
    return None


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        published: str | None = doc._.ng_published
        text = doc.text  # computed by spaCy on every access: read it once
        dated = sorted(
            (p["start"], p["end"], p["role"])
            for p in doc._.ng_paragraphs or []
            if p.get("role") in DATED_ROLES
        )
        starts = [s for s, _, _ in dated]

        def dated_paragraph(start: int, end: int) -> tuple[int, int, str] | None:
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and end <= dated[i][1]:
                return dated[i]
            return None

        found: dict[tuple[int, int], str | None] = {}
        blocked: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ not in PASS_THROUGH:
                blocked.append((ent.start_char, ent.end_char))
            if ent.label_ not in LABELS or dated_paragraph(ent.start_char, ent.end_char) is None:
                continue
            if ent.label_ == "EVENT":
                # only the year an event name carries ("Paris 2024", "the 2022 Asian Games")
                timexes = tuple(t for t in find(ent.text, published) if t.kind == "year")
            else:
                timexes = find(ent.text, published, tense_of(ent))
            for t in timexes:
                found[ent.start_char + t.start, ent.start_char + t.end] = t.value
        # The regex pass: what spaCy did not tag, or tagged too short ("a year ago" in "more than
        # a year ago"): a match replaces the spans it contains, never one it only overlaps.
        for p_start, p_end, _role in dated:
            for t in find(text[p_start:p_end], published, strict=True):
                start, end = p_start + t.start, p_start + t.end
                if any(start < e and s < end for s, e in blocked):
                    continue
                overlapping = [(s, e) for s, e in found if start < e and s < end]
                if any(s < start or e > end or (s, e) == (start, end) for s, e in overlapping):
                    continue
                for key in overlapping:
                    del found[key]
                found[start, end] = t.value
        doc._.ng_dates = [
            {"start": s, "end": e, "text": text[s:e], "value": v, "role": _role_at(dated, s)}
            for (s, e), v in sorted(found.items())
        ]
        return doc


def _role_at(dated: list[tuple[int, int, str]], start: int) -> str:
    """The role of the dated paragraph that holds offset ``start``."""
    i = bisect.bisect_right(dated, (start, float("inf"), "")) - 1
    return dated[i][2] if i >= 0 else "body"


@Language.factory(
    "newsgraph_dates",
    requires=[
        "doc.ents",
        "doc._.ng_paragraphs",
        "token.dep",
        "token.head",
        "token.pos",
        "token.tag",
    ],
    assigns=["doc._.ng_dates"],
    default_config={},
)  # also reads doc._.ng_published, which ingest sets before the pipeline (no component does)
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
