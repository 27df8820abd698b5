"""1. Mentions: spaCy's entity spans clipped, cut, trimmed and sifted of junk."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.model import ENTITY_TYPES
from newsgraph.nlp import names
from newsgraph.nlp.entities.data import Mention
from newsgraph.nlp.entities.spans import PAREN_ACRONYM, SKIP_ROLES

# Photo credit markers: what follows them in a paragraph is a credit, not article content.
_CREDIT = re.compile(
    r"©|\(c\)\s|\b(?:photo(?:graph)?s?|credit|image|picture)\s*:|\bphoto(?:graph)?\s+by\b"
    r"|\((?:getty|afp|reuters|ap|epa|pa)\b|/\s*(?:afp|getty|reuters|ap|epa)\b",
    re.IGNORECASE,
)
_LEAD_PUNCT = "\"'“‘«([{*•·-–—:;,. \t\n\r"
_TRAIL_PUNCT = "\"'“”’‘»)]},;:!?*•·-–—/ \t\n\r"
_ABBREV = frozenset({"inc", "corp", "co", "ltd", "jr", "sr", "st", "bros", "no", "dept"})
_SENT_END = re.compile(r"(?:^|[.!?:\"“”'‘’]\s*)$")
_AGE = re.compile(
    r",\s+(?:an?\s+)?(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ]year[- ]old\b|,?\s+aged\s+\d|\s*\(\d{1,3}\)"
    r"|,\s+\d{1,3},"
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mister|Sir|Dame|Lady|Lord|Madam)\.?\s+$", re.IGNORECASE
)
# A name holds no ": " ("WALLACE: Let's start") and no possessive before a lowercase word or a
# number ("Trump’s 1995"): cut the span there.
_INNER_CUT = re.compile(r":\s|\s*\(|['’]s\s+(?=[a-z0-9])")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_ROLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
_NAMEISH_POS = frozenset({"PROPN", "PUNCT", "NUM", "X", "SYM"})


def _trim(
    text: str, start: int, end: int, para_start: int, person: bool
) -> tuple[int, int, str | None]:
    """Trim a span to the name it holds; returns (start, end, gender-of-honorific)."""
    gender: str | None = None
    changed = True
    while changed and start < end:
        changed = False
        # any Unicode space too (a no-break space after a name: "Thomas Bach11\xa0")
        while start < end and (text[start] in _LEAD_PUNCT or text[start].isspace()):
            start += 1
        while start < end and (text[end - 1] in _TRAIL_PUNCT or text[end - 1].isspace()):
            end -= 1
        if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
            end -= 2
            changed = True
        if start < end and text[end - 1] == ".":
            last = (
                text[start : end - 1].rsplit(None, 1)[-1] if text[start : end - 1].strip() else ""
            )
            if len(last) > 3 and "." not in last and last.casefold() not in _ABBREV:
                end -= 1
                changed = True
        lw = re.match(r"([a-z]+)\s+(?=\S)", text[start:end])
        if lw and lw.group(1) not in names.PARTICLES:
            start += lw.end()  # "state Department of Revenue Services"
            changed = True
            continue
        head = text[start : start + 4]
        if head == "The " and _SENT_END.search(text[para_start:start]):
            start += 4
            changed = True
        if person:
            m = re.match(r"([A-Za-z]+)\.?\s+(?=\S)", text[start:end])
            if m and m.group(1).casefold() in names.HONORIFICS:
                gender = gender or names.HONORIFICS[m.group(1).casefold()]
                start += m.end()
                changed = True
    return start, end, gender


def collect(doc: Doc, text: str, paras: list[dict[str, Any]]) -> list[Mention]:
    pstarts = [p["start"] for p in paras]
    credit_at: list[int | None] = []
    for p in paras:
        m = _CREDIT.search(text, p["start"], p["end"])
        credit_at.append(m.start() if m else None)
    lowercase_words = set(_LOWER_WORD.findall(text))
    out: list[Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ENTITY_TYPES:
            continue
        start, end = ent.start_char, ent.end_char
        while start < end and text[start].isspace():
            start += 1
        pi = bisect_right(pstarts, start) - 1
        if pi < 0 or start >= paras[pi]["end"]:
            continue  # between paragraphs
        para = paras[pi]
        if para["role"] in SKIP_ROLES:
            continue
        end = min(end, para["end"])
        cut = credit_at[pi]
        if cut is not None:
            if start >= cut:
                continue
            end = min(end, cut)
        if label == "PERSON":
            # "Injecting Clinton": leading words the tagger does not call names
            for tok in ent:
                if tok.idx >= end or tok.idx + len(tok) >= end:
                    break
                gerund = tok.is_sent_start and tok.lower_.endswith("ing") and len(tok) > 5
                if tok.pos_ in _NAMEISH_POS and not gerund:
                    break
                start = max(start, tok.idx + len(tok))
        inner = _INNER_CUT.search(text, start, end)
        if inner:
            end = inner.start()
        start, end, gender = _trim(text, start, end, para["start"], label == "PERSON")
        surface = text[start:end]
        if len(surface) < 2 or not any(c.isalpha() for c in surface):
            continue
        if not any(c.isupper() for c in surface):
            continue  # "boycotts": a common noun
        if gender is None:
            hm = _HONORIFIC_BEFORE.search(text, max(para["start"], start - 10), start)
            if hm:
                gender = names.HONORIFICS.get(hm.group(1).casefold())
        if (
            len(ent) == 1
            and ent[0].lower_ in lowercase_words
            and ent[0].text == text[start:end]
            and _sentence_initial(ent[0])
        ):
            continue  # "Boycotts are ...": a sentence-initial common noun (lowercase elsewhere)
        age = _AGE.match(text, end) is not None
        rb = _ROLE_BEFORE.search(text, max(para["start"], start - 20), start)
        role_before = rb is not None and rb.group(1).casefold() in names.ROLE_NOUNS
        out.append(
            Mention(
                start,
                end,
                surface,
                para["role"],
                label,
                pi,
                gender=gender,
                person_evidence=gender is not None or age or role_before,
            )
        )
    _add_parenthetical_acronyms(text, out, paras)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _sentence_initial(tok: Token) -> bool:
    i = tok.i
    while i > 0 and tok.doc[i - 1].is_punct and tok.doc[i - 1].text in "\"'“‘(":
        i -= 1
    return i == 0 or tok.doc[i].is_sent_start is True


def _add_parenthetical_acronyms(
    text: str, mentions: list[Mention], paras: list[dict[str, Any]]
) -> None:
    """ "International Olympic Committee (IOC)": make sure the acronym is a mention too."""
    taken = {(m.start, m.end) for m in mentions}
    for m in list(mentions):
        if m.label == "PERSON" or len(m.text.split()) < 2:
            continue
        pm = PAREN_ACRONYM.match(text, m.end)
        if not pm or pm.end(1) > paras[m.para]["end"] or not names.is_acronym(pm.group(1)):
            continue
        s, e = pm.span(1)
        if (s, e) not in taken:
            mentions.append(Mention(s, e, text[s:e], m.role, m.label, m.para))
            taken.add((s, e))
