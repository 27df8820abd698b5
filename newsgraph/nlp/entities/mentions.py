"""1. Mentions: spaCy's entity spans clipped, cut, trimmed and sifted of junk."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, ENT_IOB, ORTH, POS
from spacy.parts_of_speech import PROPN as PROPN_ID
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsgraph.model import ENTITY_TYPES
from newsgraph.nlp import names
from newsgraph.nlp.entities.credits import credit_start
from newsgraph.nlp.entities.data import Mention
from newsgraph.nlp.entities.headlines import fit_headline_mentions
from newsgraph.nlp.entities.spans import (
    PAREN_ACRONYM,
    SKIP_ROLES,
    SUBJECT_DEPS,
    PronounScan,
    apposed_noun,
    relative_who,
    speech_subject,
)
from newsgraph.nlp.quotes.lexicon import ORG_NOUNS

_LEAD_PUNCT = "\"'“‘«([{*•·-–—:;,. \t\n\r"
_TRAIL_PUNCT = "\"'“”’‘»)]},;:!?*•·-–—/ \t\n\r"
_ABBREV = frozenset({"inc", "corp", "co", "ltd", "jr", "sr", "st", "bros", "no", "dept"})
_SENT_END = re.compile(r"(?:^|[.!?:\"“”'‘’]\s*)$")
_AGE = re.compile(
    r",\s+(?:an?\s+)?(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ]year[- ]old\b|,?\s+aged\s+\d|\s*\(\d{1,3}\)"
    r"|,\s+\d{1,3},"
)
# A name holds no ": " ("WALLACE: Let's start") and no possessive before a lowercase word or a
# number ("Trump’s 1995"): cut the span there.
_INNER_CUT = re.compile(r":\s|\s*\(|['’]s\s+(?=[a-z0-9])")
# A person's name holds no possessive: "Justin Trudeau’s Liberals" (tagged PERSON) names the
# party; the span is cut to its owner ("Justin Trudeau").
_PERSON_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_LEADING_LOWER = re.compile(r"([a-z]+)\s+(?=\S)")
_LEADING_WORD = re.compile(r"([A-Za-z]+)\.?\s+(?=\S)")
_ROLE_BEFORE = re.compile(r"\b([A-Za-z]+)\.?\s+$")
_FIRST_WORD = re.compile(r"[A-Z][a-z]+(?=\s)")
_NAMEISH_POS = frozenset({"PROPN", "PUNCT", "NUM", "X", "SYM"})


@dataclass
class _Text:
    """The text with what every span is checked against: the paragraphs (sorted) and their
    starts, where each paragraph's photo credit begins, the words seen in lowercase."""

    text: str
    paras: list[dict[str, Any]]
    pstarts: list[int]
    credit_at: list[int | None]
    lowercase_words: set[str]
    sents: list[int]

    @classmethod
    def of(cls, text: str, paras: list[dict[str, Any]], sents: list[int]) -> _Text:
        """The checks for a text and its paragraphs (credits: "Bakhmut ©Office..." -> at "©",
        see :mod:`.credits`); ``sents``: the sentences' first tokens."""
        credit_at = [credit_start(text, p["start"], p["end"]) for p in paras]
        pstarts = [p["start"] for p in paras]
        return cls(text, paras, pstarts, credit_at, set(_LOWER_WORD.findall(text)), sents)


def collect(doc: Doc, text: str, paras: list[dict[str, Any]], sents: list[int]) -> list[Mention]:
    """The mentions of a doc, sorted by offset: every ``doc.ents`` span of a reported type
    (``newsgraph.model.EntityType``) that holds a name ("the IOC’s" -> "IOC"; "boycotts" none),
    and the acronyms in brackets after names ("... Committee (IOC)"); headline mentions cut to
    the name the story confirms (:mod:`.headlines`); ``sents``: the sentences' first tokens."""
    where = _Text.of(text, paras, sents)
    scan = PronounScan(doc, sents)
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES:
            mention = _mention(ent, where)
            if mention is not None:
                mention.pronoun = scan.after(_last_token(ent, mention.end))
                mention.speaks, mention.speaks_as = speech_subject(ent)
                _read_context(ent, mention, scan)
                out.append(mention)
    _add_parenthetical_acronyms(text, out, paras)
    _add_missed_surnames(doc, where, scan, out)
    _add_referred_names(doc, where, scan, out)
    return fit_headline_mentions(text, out)


def _add_missed_surnames(doc: Doc, where: _Text, scan: PronounScan, out: list[Mention]) -> None:
    """The lone surname of a person the text names in full, where NER tagged nothing: "When
    Easley met Randy Cable ... it took Cable some time" -> "Cable" is a mention (PERSON) too,
    so that its sentence's subject, its gender votes and its speaker are that person's. Only a
    proper noun standing alone (no capitalised neighbour: not "Vince Cable", "Cable Street"),
    in a body paragraph, never a word the text also writes in lowercase at a sentence start."""
    surnames = {
        last for m in out if m.label == "PERSON" and (last := _surname_of(m.text)) is not None
    }
    if not surnames:
        return
    ids = numpy.array([doc.vocab.strings.add(w) for w in surnames], dtype=numpy.uint64)
    at = numpy.isin(doc.to_array(ORTH), ids).nonzero()[0].tolist()  # one array pass
    found = [doc[i : i + 1] for i in at if _lone_proper_noun(doc[i], where.lowercase_words)]
    _add_spans(found, where, scan, out)


def _add_referred_names(doc: Doc, where: _Text, scan: PronounScan, out: list[Mention]) -> None:
    """A capitalised subject NER tagged nothing that a he/she refers back to, as to a person:
    "Yuni, a resident of Lampung, was watching television when she heard the water" -> "Yuni"
    (PERSON). The name is the subject's proper noun with the proper nouns compounded to it."""
    found = []
    for tok in _untagged_proper_subjects(doc):
        if not tok.is_title:
            continue
        if not tok.text.isalpha() or len(tok.text) < 3:
            continue
        first = tok.i
        while first > 0 and _untagged_name_word(doc[first - 1], tok):
            first -= 1
        if first == tok.i and _sentence_initial(tok) and tok.lower_ in where.lowercase_words:
            continue
        if scan.refers(tok, first) is not None:
            found.append(doc[first : tok.i + 1])
    _add_spans(found, where, scan, out)


def _untagged_proper_subjects(doc: Doc) -> list[Token]:
    """The proper nouns outside any entity that are subjects, found in one array pass."""
    if not len(doc):
        return []
    rows = doc.to_array([POS, DEP, ENT_IOB])
    subject = numpy.isin(rows[:, 1], _SUBJECT_DEP_IDS)
    hits = (rows[:, 0] == _PROPN) & subject & (rows[:, 2] == _OUTSIDE)
    return [doc[i] for i in hits.nonzero()[0].tolist()]


_PROPN = PROPN_ID
_OUTSIDE = 2  # ENT_IOB of a token outside every entity ("O")
_SUBJECT_DEP_IDS = numpy.array([get_string_id(d) for d in SUBJECT_DEPS], dtype=numpy.uint64)


def _untagged_name_word(tok: Token, head: Token) -> bool:
    """A capitalised proper noun compounded to ``head``, with no entity tag ("Jakob" of "Jakob
    Weizman")."""
    return (
        tok.dep_ == "compound"
        and tok.head.i == head.i
        and tok.pos_ == "PROPN"
        and tok.is_title
        and not tok.ent_type_
    )


def _add_spans(spans: list[Span], where: _Text, scan: PronounScan, out: list[Mention]) -> None:
    """Add one-name spans NER missed as PERSON mentions, where no mention is yet."""
    if not spans:
        return
    taken = sorted((m.start, m.end) for m in out)
    for span in spans:
        i = bisect_right(taken, (span.start_char, len(where.text))) - 1
        if i >= 0 and taken[i][1] > span.start_char:
            continue  # inside a mention already
        mention = _missed_mention(span, where)
        if mention is not None:
            mention.pronoun = scan.after(span.end - 1)
            mention.speaks, mention.speaks_as = speech_subject(span)
            _read_context(span, mention, scan)
            out.append(mention)
    out.sort(key=lambda m: (m.start, m.end))


def _surname_of(surface: str) -> str | None:
    """The surname of a full name ("Randy Cable" -> "Cable"), None for a one-word name."""
    ws = surface.split()
    if len(ws) < 2 or not ws[-1].isalpha() or not ws[-1].istitle() or len(ws[-1]) < 3:
        return None
    last = ws[-1]
    low = last.casefold()
    return None if low in names.ROLE_NOUNS or low in names.NAME_SUFFIXES else last


def _lone_proper_noun(tok: Token, lowercase_words: set[str]) -> bool:
    """A proper noun with no entity tag and no capitalised word beside it: "took Cable some"."""
    if tok.pos_ != "PROPN" or tok.ent_type_:
        return False
    if _sentence_initial(tok) and tok.lower_ in lowercase_words:
        return False
    doc = tok.doc
    for j in (tok.i - 1, tok.i + 1):
        if 0 <= j < len(doc) and doc[j].is_title and doc[j].pos_ == "PROPN":
            return False
    return True


def _missed_mention(span: Span, where: _Text) -> Mention | None:
    """The PERSON mention of a name span NER missed, in the body paragraph it stands in."""
    clipped = _clip(span, where)
    if clipped is None or clipped[1] != span.end_char:
        return None  # between paragraphs, in a credit or boilerplate, or running past one
    start, end, pi = clipped
    para = where.paras[pi]
    if para["role"] == "title":
        return None
    title = _title_before(where.text, para["start"], start)
    gender = names.HONORIFICS.get(title) if title else None
    return Mention(start, end, span.text, para["role"], "PERSON", pi, gender=gender, title=title)


def _read_context(ent: Span, mention: Mention, scan: PronounScan) -> None:
    """What the parse says around a mention about its type (see :mod:`.types`): a relative
    "who", a he/she referring back to it as a subject, a plural proper noun
    ("Canadians"), the common noun it is apposed to ("her book, Living History"); read on the
    tokens of the trimmed mention ("Justin Trudeau" of "Justin Trudeau’s Liberals")."""
    if (mention.start, mention.end) != (ent.start_char, ent.end_char):
        ent = ent.doc.char_span(mention.start, mention.end, alignment_mode="expand") or ent
    root = ent.root
    mention.plural = ent[-1].tag_ == "NNPS"
    mention.apposed = apposed_noun(ent)
    mention.who = relative_who(ent)
    mention.refers = root.dep_ in SUBJECT_DEPS and scan.refers(root, ent.start) is not None


def _last_token(ent: Span, end: int) -> int:
    """The index of the span's last token that starts before ``end`` (the mention's end)."""
    if ent.end_char <= end:
        return ent.end - 1
    for tok in reversed(ent):
        if tok.idx < end:
            return tok.i
    return ent.start


def _mention(ent: Span, where: _Text) -> Mention | None:
    """One span as a mention, or None when nothing of a name is left: "Mr. Scholz’s" ->
    "Scholz" (gender "m", title "mr"), "Boycotts" at a sentence start (lowercase elsewhere) ->
    None."""
    clipped = _clip(ent, where)
    if clipped is None:
        return None
    text = where.text
    start, end, pi = clipped
    para = where.paras[pi]
    person = ent.label_ == "PERSON"
    if person and para["role"] != "title":  # a headline's tags are unsure: see .headlines
        start = _after_leading_non_names(ent, start, end)
    inner = _INNER_CUT.search(text, start, end)
    if inner:
        end = inner.start()
    if person and (owner := _PERSON_POSSESSIVE.search(text, start, end)):
        end = _owner_end(text, start, end, owner.start(), where.lowercase_words)
    end = _before_trailing_lowercase(text, ent, start, end, person)
    start, end, title = _trim(text, start, end, para["start"], person)
    surface = text[start:end]
    if _is_junk(surface) or _is_common_noun(ent, surface, where.lowercase_words):
        return None
    title = title or _title_before(text, para["start"], start)
    gender = names.HONORIFICS.get(title) if title else None
    title = names.TITLE_SPELLINGS.get(title, title)
    evidence = bool(title) or _age_after(text, end)
    return Mention(
        start,
        end,
        surface,
        para["role"],
        ent.label_,
        pi,
        gender=gender,
        person_evidence=evidence,
        title=title,
    )


def _owner_end(text: str, start: int, end: int, cut: int, lowercase_words: set[str]) -> int:
    """The end of a PERSON span cut to its owner ("Justin Trudeau’s Liberals" -> "Justin
    Trudeau"), unless the owner ends in a common noun the text has in lowercase and starts with
    no given name ("Swiss People’s Party"; not "Elizabeth May’s") or what is owned is an
    organisation noun ("... Party")."""
    owner = text[start:cut].split()
    owned = text[cut:end].split()
    if not owner or (
        names.given_gender(owner[0]) is None and owner[-1].casefold() in lowercase_words
    ):
        return end
    return end if owned[-1].casefold() in ORG_NOUNS else cut


def _clip(ent: Span, where: _Text) -> tuple[int, int, int] | None:
    """(start, end, paragraph index) of a span kept inside the paragraph it starts in and
    before the paragraph's photo credit ("Bakhmut ©Office of Ukraine" -> "Bakhmut "); None
    between paragraphs, in a credit or boilerplate paragraph, or after the credit marker."""
    text, paras = where.text, where.paras
    start, end = ent.start_char, ent.end_char
    while start < end and text[start].isspace():
        start += 1
    pi = bisect_right(where.pstarts, start) - 1
    if pi < 0 or start >= paras[pi]["end"]:
        return None  # between paragraphs
    if paras[pi]["role"] in SKIP_ROLES:
        return None
    end = min(end, paras[pi]["end"])
    cut = where.credit_at[pi]
    if cut is not None:
        if start >= cut:
            return None
        end = min(end, cut)
    return start, end, pi


def _after_leading_non_names(ent: Span, start: int, end: int) -> int:
    """The start of a PERSON span after its leading words the tagger does not call names
    ("Injecting Clinton" -> "Clinton"; a sentence-initial gerund is no name either)."""
    for tok in ent:
        if tok.idx >= end or tok.idx + len(tok) >= end:
            break
        gerund = tok.is_sent_start and tok.lower_.endswith("ing") and len(tok) > 5
        if tok.pos_ in _NAMEISH_POS and not gerund:
            break
        start = max(start, tok.idx + len(tok))
    return start


def _before_trailing_lowercase(text: str, ent: Span, start: int, end: int, person: bool) -> int:
    """The end before the lowercase words that close a span and are no part of a name: any
    in a PERSON span, any but a noun in others ("National Post he" -> "National Post",
    "Rubio five" -> "Rubio"; "Republican party" keeps its noun); never a particle ("de") or
    the end of a hyphenated word ("Kim Jong-un")."""
    if start >= end or not text[end - 1].islower():
        return end  # most names end in a capitalised word or a period: no token to read
    for tok in reversed(ent):
        if tok.idx >= end:
            continue
        word = tok.text
        whole_word = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)  # not "Jong-un"
        if tok.idx <= start or not (whole_word and word.isalpha() and word.islower()):
            break
        if word in names.PARTICLES or (not person and tok.pos_ in ("NOUN", "PROPN")):
            break
        end = tok.idx
    return end


def _trim(text: str, start: int, end: int, para_start: int, person: bool) -> tuple[int, int, str]:
    """Trim a span to the name it holds; returns (start, end, the honorific or title dropped):
    "“Mr. Bach’s" -> "Bach", "mr" (see :func:`_trim_end` and :func:`_trim_start`)."""
    title = ""
    changed = True
    while changed and start < end:
        start, end = _strip_punctuation(text, start, end)
        new_end = _trim_end(text, start, end)
        new_start, honorific = _trim_start(text, start, new_end, para_start, person)
        changed = new_start != start or new_end != end
        title = title or honorific
        start, end = new_start, new_end
    return start, end, title


def _strip_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """Spaces and punctuation off both ends: "“Thomas Bach,”" -> "Thomas Bach"."""
    # any Unicode space too (a no-break space after a name: "Thomas Bach11\xa0")
    while start < end and (text[start] in _LEAD_PUNCT or text[start].isspace()):
        start += 1
    while start < end and (text[end - 1] in _TRAIL_PUNCT or text[end - 1].isspace()):
        end -= 1
    return start, end


def _trim_end(text: str, start: int, end: int) -> int:
    """The end before a possessive and a sentence's full stop: "Bach’s" -> "Bach", "the
    Kremlin." -> "the Kremlin"; an abbreviation keeps its period ("Acme Inc.", "U.S.")."""
    if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    if start < end and text[end - 1] == ".":
        last = text[start : end - 1].rsplit(None, 1)[-1] if text[start : end - 1].strip() else ""
        if len(last) > 3 and "." not in last and last.casefold() not in _ABBREV:
            end -= 1
    return end


def _trim_start(text: str, start: int, end: int, para_start: int, person: bool) -> tuple[int, str]:
    """The start after a leading word that is no part of the name, and a dropped honorific
    (lowercase): a lowercase word ("state Department of Revenue Services"), a "The " that
    opens a sentence (not "in The Hague"), a PERSON's honorific or title ("Mr. "), or, in a
    span of another type, a title before a known given name ("President Petr Pavel" typed ORG;
    not "General Motors")."""
    lw = _LEADING_LOWER.match(text[start:end])
    if lw and lw.group(1) not in names.PARTICLES:
        return start + lw.end(), ""  # "state Department of Revenue Services"
    if text[start : start + 4] == "The " and _SENT_END.search(text[para_start:start]):
        start += 4
    m = _LEADING_WORD.match(text[start:end])
    word = m.group(1).casefold() if m else ""
    if m and word in names.HONORIFICS and (person or _given_name_at(text, start + m.end(), end)):
        return start + m.end(), word
    return start, ""


def _given_name_at(text: str, start: int, end: int) -> bool:
    """The next word is a given name the name list knows: "Petr" in "Petr Pavel"."""
    word = _FIRST_WORD.match(text, start, end)
    return word is not None and names.given_gender(word.group()) is not None


def _is_junk(surface: str) -> bool:
    """No name: shorter than two characters, no letter ("25"), no capital ("boycotts")."""
    if len(surface) < 2 or not any(c.isalpha() for c in surface):
        return True
    return not any(c.isupper() for c in surface)  # "boycotts": a common noun


def _is_common_noun(ent: Span, surface: str, lowercase_words: set[str]) -> bool:
    """ "Boycotts are ...": a one-word span at a sentence start that the text also has in
    lowercase."""
    return (
        len(ent) == 1
        and ent[0].lower_ in lowercase_words
        and ent[0].text == surface
        and _sentence_initial(ent[0])
    )


def _title_before(text: str, para_start: int, start: int) -> str:
    """The honorific or role noun right before a mention, lowercase: "Mr Scholz" -> "mr",
    "Chancellor Olaf Scholz" -> "chancellor"; "" if none."""
    rb = _ROLE_BEFORE.search(text, max(para_start, start - 20), start)
    if rb is None:
        return ""
    word = rb.group(1).casefold()
    return word if word in names.HONORIFICS or word in names.ROLE_NOUNS else ""


def _age_after(text: str, end: int) -> bool:
    """An age appositive after a mention: "Androshchuk, a 22-year-old", "Sharpar, 25,"."""
    return _AGE.match(text, end) is not None


def _sentence_initial(tok: Token) -> bool:
    """The token opens its sentence, maybe after an opening quote or bracket ("“Boycotts")."""
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
