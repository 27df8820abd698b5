"""Step 5, merging: overlapping candidates resolved into non-overlapping quotes.

Direct quotes are kept first; a reported clause that fully contains direct quotes absorbs them
as one **mixed** quote (`He said that "..."` is one quote, not two), unless the clause is just the
quote; a clause that cuts a direct quote in two is dropped.
"""

from __future__ import annotations

from newsgraph.nlp.quotes.attribution import Attribution


def resolve_overlaps(text: str, candidates: list[Attribution]) -> list[Attribution]:
    """The candidates that are kept (reported clauses first, in their order, then direct quotes)."""
    direct = [a for a in candidates if a.direct]
    reported = sorted(
        (a for a in candidates if not a.direct), key=lambda a: (a.start, a.start - a.end)
    )
    chosen: list[Attribution] = []
    taken: set[int] = set()  # indices of direct quotes absorbed by a reported clause
    for r in reported:
        inside = _end_before_inner_attribution(text, r, direct)
        if _blocked(r, direct, inside, taken, chosen):
            continue
        if inside:
            # `He said that "..."`: content is the clause; the direct span starts at the clause
            d0 = direct[inside[0]]
            if d0.start - r.start <= 6 and len(inside) == 1:
                continue  # the clause is just the quote: keep the direct one
            r.kind = "mixed"
            r.verbatim = sorted({*r.verbatim, *(v for i in inside for v in direct[i].verbatim)})
            taken.update(inside)
        chosen.append(r)
    for i, d in enumerate(direct):
        if i not in taken and not any(c.overlaps(d) for c in chosen):
            chosen.append(d)
    return chosen


def _inside(r: Attribution, direct: list[Attribution]) -> list[int]:
    """The direct quotes a reported clause contains (its end may stop before a closing mark)."""
    return [i for i, d in enumerate(direct) if r.start <= d.start and d.end <= r.end + 1]


def _end_before_inner_attribution(
    text: str, r: Attribution, direct: list[Attribution]
) -> list[int]:
    """`She said fathers would not be eligible, and when pressed ..., the mother of three
    replied, "..."`: a quote with its own attribution inside the clause ends the clause at the
    coordination before that attribution. Returns the direct quotes the clause then contains."""
    inside = _inside(r, direct)
    own = [
        sp.start_char
        for i in inside
        if direct[i].cue is not None
        and direct[i].cue != r.cue
        and (sp := direct[i].speaker) is not None
        and r.start <= sp.start_char < r.end
    ]
    if not own:
        return inside
    head = text[r.start : own[0]]
    cut = max(head.rfind(", and "), head.rfind(", but "), head.rfind("; "))
    if cut <= 0:
        return inside
    r.set_end(r.start + cut)
    r.verbatim = [v for v in r.verbatim if v[1] <= r.end]
    r.kind = "mixed" if r.verbatim else "indirect"
    return _inside(r, direct)


def _blocked(
    r: Attribution,
    direct: list[Attribution],
    inside: list[int],
    taken: set[int],
    chosen: list[Attribution],
) -> bool:
    """A reported clause that cuts a direct quote, shares one with an earlier clause, or
    overlaps a kept clause."""
    if any(i not in inside and d.overlaps(r) for i, d in enumerate(direct)):
        return True
    if inside and any(i in taken for i in inside):
        return True
    return any(c.overlaps(r) for c in chosen)
