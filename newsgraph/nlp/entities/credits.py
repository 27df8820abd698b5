"""1. Mentions, credits: where a paragraph's photo credit begins (what follows is no content).

Two kinds: an inline marker anywhere ("Bakhmut ©Office of Ukraine", "Photo: John Doe") and a
credit that closes the paragraph ("... in Ottawa. (Evan Vucci/Associated Press)", "... in
Ottawa. Lauren Pelley / CBC News", "... (Getty Images)"). A bracketed agency in mid-paragraph
is a dateline or a citation, not a credit: "WASHINGTON (AP) — Martin O'Malley said ..." keeps
its mentions, and so does "Sen. Pat Toomey (Pa.) and Chuck Grassley".
"""

from __future__ import annotations

import re

# Inline markers: everything after them in the paragraph is the credit. A "©" after "Ã" or "Â"
# (or "A" with a combining tilde or circumflex) is mis-decoded UTF-8 ("SÃ©golÃ¨ne" for
# "Ségolène"), not a credit.
_INLINE = re.compile(
    r"(?<![ÃÂ\u0303\u0302])©|\(c\)\s|\b(?:photo(?:graph)?s?|credit|image|picture)\s*:|\bphoto(?:graph)?\s+by\b",
    re.IGNORECASE,
)
# One part of a credit: up to five capitalised words, maybe with small words ("Office of
# Ukraine", "Toronto Star File Photo"); a longer run is a caption, not a name.
_PART = r"[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|the|and|&|de|du|van|von)){0,4}"
# Parts joined by slashes: "Evan Vucci/Associated Press", "ANTARA FOTO/Reuters".
_SLASHED = re.compile(rf"\s*{_PART}(?:\s*/\s*{_PART})+\s*\.?\s*")
# What a bracketed credit may open with ("(Photo: ...)", "(Submitted by Wendy Golden)").
_CREDIT_WORDS = re.compile(
    r"^\s*(?:photo(?:graph)?s?|credit|courtesy|file|handout|pool|supplied|submitted|source|"
    r"reporting|editing|writing)\b",
    re.IGNORECASE,
)
# Press and photo agencies, the general class ("... Press", "Getty Images").
_AGENCY = re.compile(
    r"^\s*(?:getty(?:\s+images)?|afp|reuters|associated press|canadian press|press association|"
    r"epa(?:-efe)?|efe|xinhua|dpa|tass|anadolu(?:\s+agency)?|shutterstock|alamy|bloomberg|"
    r"[\w.]+\s+press|(?-i:AP|PA|CP)(?:\s+photo)?)\s*\.?\s*$",
    re.IGNORECASE,
)
_BRACKET_AT_END = re.compile(r"\(([^()]{1,100})\)\s*\.?\s*$")
_AFTER_SENTENCE = re.compile(r"[.!?:;”\"’)]\s+")
_TAIL = 160  # a closing credit is looked for in the paragraph's last characters


def credit_start(text: str, start: int, end: int) -> int | None:
    """Where the photo credit of the paragraph ``text[start:end]`` begins, None without one:
    "Kim met Trump. (Evan Vucci/Associated Press)" -> at "(";
    "WASHINGTON (AP) — Donald Trump said" -> None."""
    found = [
        at
        for at in (
            _inline_marker(text, start, end),
            _bracketed_credit(text, start, end),
            _slashed_credit(text, start, end),
        )
        if at is not None
    ]
    return min(found, default=None)


def _inline_marker(text: str, start: int, end: int) -> int | None:
    """An inline marker: "Bakhmut ©Office of Ukraine President" -> at "©"."""
    m = _INLINE.search(text, start, end)
    return m.start() if m else None


def _bracketed_credit(text: str, start: int, end: int) -> int | None:
    """A bracket that closes the paragraph and holds a credit: "Name/Outlet", an agency or a
    credit word: "... her home. (Steve Lawrence/CBC)", "(Getty Images)", "(Submitted by Wendy
    Golden)"; not "(D-Nev.)" or "(naturally)"."""
    tail = max(start, end - _TAIL)
    if not text[tail:end].rstrip(" .").endswith(")"):
        return None
    m = _BRACKET_AT_END.search(text[tail:end])
    if m is None:
        return None
    inside = m.group(1)
    if _SLASHED.fullmatch(inside) or _AGENCY.match(inside) or _CREDIT_WORDS.match(inside):
        return tail + m.start()
    return None


def _slashed_credit(text: str, start: int, end: int) -> int | None:
    """Slash-joined names that close the paragraph after a sentence (or make all of it):
    "... in Ottawa. Lauren Pelley / CBC News" -> at "Lauren"; not "and/or" prose."""
    tail = max(start, end - _TAIL)
    if "/" not in text[tail:end]:
        return None
    starts = [start] if tail == start else []
    starts += [m.end() for m in _AFTER_SENTENCE.finditer(text, tail, end)]
    return next((at for at in starts if _SLASHED.fullmatch(text, at, end)), None)
