"""Plain text to paragraphs with roles (title, body, caption, credit, byline, duplicate, boilerplate).

Nothing is deleted: every paragraph keeps its offsets into the text, and only its role says
whether extraction reads it (only ``body`` does).

Why our own rules: trafilatura and friends clean *HTML* by its structure; scraped plain text (the
seed article, PolNeAR) has no structure left, only lines. Captions with photo credits, bylines,
"Follow us on ..." and repeated captions have to be recognised from the line itself. The rules
are deliberately conservative: a line that reads like a sentence of the story stays ``body``
unless it carries an unmistakable marker (a credit such as ``©...`` or ``/ AFP``, a byline
pattern, a known boilerplate phrase).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from newsgraph.ingest.published import timestamp_date
from newsgraph.model import Paragraph, ParagraphRole

STAMP_HEAD = 5  # a timestamp line among the first paragraphs is the article's date line

# Photo agencies and the words that introduce a credit.
_AGENCY = (
    r"(?:getty(?:\s*images)?|afp|reuters|ap(?:\s*photo)?|associated press|epa(?:-efe)?|efe|"
    r"pa(?:\s*(?:media|wire|images))?|shutterstock|alamy|rex(?:/shutterstock)?|xinhua|"
    r"anadolu(?:\s*agency)?|sipa(?:\s*usa)?|zuma(?:\s*press)?|bloomberg|nurphoto|"
    r"ukrinform|tass|dpa|imago|istock(?:photo)?|instagram|twitter|facebook|youtube|"
    r"the associated press|wikimedia(?:\s*commons)?|flickr)"
)
# A credit marker anywhere in a line: ©, "Photo:", "Credit:", "(Getty Images)", "/ AFP", ...
_CREDIT_MARK = re.compile(
    r"(©|\(c\)\s|\bphoto(?:graph)?s?\s*(?:credit)?\s*(?::|by\b)|\bcredits?\s*:|"
    r"\b(?:image|picture|pic|illustration|graphic|video)s?\s*(?:credit)?\s*(?::|by\b)|"
    rf"\(\s*{_AGENCY}[^)]*\)|/\s*{_AGENCY}\b|\bvia\s+{_AGENCY}\b|\bcourtesy\s+(?:of\s+)?\w)",
    re.IGNORECASE,
)
# A line that is only an agency name (possibly several: "Getty/Instagram.").
_BARE_AGENCY = re.compile(rf"^\(?{_AGENCY}(?:\s*[/,&|]\s*{_AGENCY})*\)?\.?$", re.IGNORECASE)
# Photo agencies only (not social networks: "said via Twitter" is story text).
_PHOTO_AGENCY = (
    r"(?:getty(?:\s*images)?|afp|reuters|ap(?:\s*photo)?|associated press|epa(?:-efe)?|"
    r"pa(?:\s*(?:media|wire|images))|shutterstock|alamy|rex(?:/shutterstock)?|xinhua|sipa(?:\s*usa)?|"
    r"zuma(?:\s*press)?|nurphoto|imago|istock(?:photo)?|anadolu(?:\s*agency)?)"
)
# A credit at the very end of a longer line (at most a few words): the line is a caption
# carrying its credit ("... ©Office of Ukraine President", "... (Getty Images)", "... / AFP").
_TRAILING_CREDIT = re.compile(
    r"(?:(?<![ÃÂ])©\s*[^©]{0,80}"
    r"|\(\s*(?:photo|credit|image|picture|pictured)\b[^)]{0,80}\)"
    rf"|\(\s*[^()]{{0,60}}\b{_PHOTO_AGENCY}\s*\)"
    rf"|/\s*{_PHOTO_AGENCY}(?:\s+via\s+{_PHOTO_AGENCY})?"
    rf"|\bvia\s+{_PHOTO_AGENCY}"
    r"|\b(?:photo|credit|image|picture)s?\s*:\s*[^.:;]{0,60}"
    rf"|(?<=[.!?]\s){_PHOTO_AGENCY})\s*\.?\s*$",
    re.IGNORECASE,
)
# Photo-caption language: "X, left, ...", "(pictured)", "speaks during ...", "arrives at ...".
_CAPTION_CUE = re.compile(
    r"(,\s*(?:left|right|centre|center|second left|second right|front|back)\s*,|"
    r"\((?:left|right|centre|center|pictured|above|below|top|bottom)\)|"
    r"\b(?:pictured|is seen|are seen|file photo|photographed)\b|"
    r"\b(?:speaks|gestures|arrives|attends|looks on|waves|poses|smiles|listens|walks|reacts|"
    r"stands|sits|holds|greets|shakes hands|delivers|addresses)\b(?:\s+\w+){0,3}\s+"
    r"(?:during|at|to|as|in|on|with|after|before|outside|inside|from)\b)",
    re.IGNORECASE,
)
# Names are matched case-sensitively (a capitalised word); keywords are case-insensitive.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|al|bin|la|le))*"
_BYLINE = re.compile(
    # "By Jane Doe", "BY JANE DOE and JOHN ROE", "By Jane Doe, Reuters", "By Jane Doe | CNN"
    rf"^(?i:by|written by|words by|story by|co-authored by)\s+{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|–—-]\s*.{{0,60}})?\.?$"
    # "Jane Doe, Reuters" / "Jane Doe | Associated Press" / "Jane Doe - Staff Writer"
    rf"|^{_NAME}\s*[,|–—-]\s*(?i:{_AGENCY}|cnn|bbc|(?:senior |chief |staff |political |foreign )?"
    r"(?:writer|reporter|correspondent|editor|columnist)\b.*)\.?$"
    # "Contributing: Jane Doe", "Additional reporting by ...", "(Reporting by ...; Editing by ...)"
    r"|^\(?(?i:contributing|contributors?|additional reporting|reporting|editing|writing|"
    r"compiled)(?i:\s+by)?\s*:?\s+[A-Z].*$"
    # "Jane Doe contributed to this report." / "Jane Doe reported from Washington."
    rf"|^(?:{_NAME}(?:\s*(?:,|and|;)\s*{_NAME})*\s+"
    r"(?:contributed(?: reporting)?(?: to this (?:report|story|article))?(?: from [^.;]+)?"
    r"|reported(?: from [^.;]+)?)[.;]?\s*)+$"
)
_BOILERPLATE = re.compile(
    r"^(?:read (?:the rest|more|the full|the original)|click here|advertisement|advertising|"
    r"sponsored|follow (?:us|me|\w+(?:\s+\w+)?) on\b|like (?:us|the page|our page)|"
    r"sign up\b|subscribe\b|share (?:this|on)\b|related(?: articles| stories| coverage)?\s*:|"
    r"(?:this )?story continues|continue reading|all rights reserved|copyright\b|"
    r"this (?:article|story) (?:was )?(?:originally|first) (?:appeared|published)|"
    r"(?:watch|listen|see) (?:the )?(?:video|full|more)\b|(?:twitter|facebook|instagram|email)\s*:|"
    r"@\w+\.?$|we are sorry,?\s*this video|get (?:the|our) (?:latest|newsletter)|"
    r"don't miss\b|recommended\b\s*:?$|more from\b|download (?:the|our) app)",
    re.IGNORECASE,
)
# Page furniture that sentences of a story do not start with: calls to install, subscribe, follow
# or read more, related-links headers, share and comment widgets. Unlike the prompts above, these
# hold for longer lines too (up to _FURNITURE_MAX_WORDS), in HTML as in text.
_FURNITURE = re.compile(
    r"^(?:(?:install|download|get) (?:the |our )?[\w.'’ &-]{0,40}\bapps?\b"
    r"|subscribe (?:to|for|now)\b|sign up (?:now|here|today)\b|(?:click|tap) here\b"
    r"|.{0,60}\bby clicking here\b|get (?:breaking[- ]news |email |push |news )?alerts\b"
    r"|turn on (?:push )?notifications\b"
    r"|follow [\w.'’@ ()-]{0,60} on (?:facebook|twitter|x|instagram|youtube|linkedin|tiktok)\b"
    r"|(?:read|see|watch|listen|more) (?:more|also)\s*[:.]|\[?related(?: post| article| story"
    r"| stories| coverage| content| video)?s?\s*:|more\s*:$|you (?:may|might) also like"
    r"|most (?:read|popular|viewed)\b(?: in\b.{0,30})?$|popular on\b.{0,30}$|explore further$"
    r"|(?:like|enjoy(?:ed)?) this (?:story|article)\?|share (?:this|it) with\b"
    r"|order reprints$|print (?:this )?(?:article|page)$|comments?$|tell us what you think"
    r"|thanks? (?:you )?for signing up|there was an error processing your subscription"
    r"|an error (?:has )?occurred[,.;]? please try again\b|this article has been sent to$|(?:we are|we're) sorry,? this)",
    re.IGNORECASE,
)
_FURNITURE_MAX_WORDS = 25
# A link to a video, gallery or podcast set in the story as a line of its own: "WATCH: China
# accuses Canadian allies of hypocrisy", "Video: Trees uprooted in Tsawwassen". Its words are the
# linked item's headline (often with a summary), never the story's own sentences. ("Photo: AFP"
# is a credit, not a link.)
_MEDIA_PROMO = re.compile(r"^(?:watch|video|videos|photos|gallery|listen|audio)\s*:\s+\S", re.I)
_MEDIA_PROMO_MAX_WORDS = 60
_NEWSLETTER = re.compile(r"\bnewsletters?\b|\binbox\b|\bsubscribe\b", re.IGNORECASE)
# CSS or separators that leaked into scraped text.
_JUNK = re.compile(r"^(?:[\W_]*|[.#]?[\w-]+\s*\{.*|[\w-]+\s*:\s*[^\s]+;)$")
_TAG = re.compile(r"<[^>]*>")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,}(?:\([A-Za-z. ]+\))?\s*[—–-]")
_SENTENCE_END = re.compile(r"[.!?…\"”’']\s*$")
_QUOTE_START = re.compile(r"^[\"“‘']")


def norm(text: str) -> str:
    """Whitespace-collapsed, case-folded text: what "the same paragraph" means."""
    return " ".join(text.split()).casefold()


def _words(text: str) -> int:
    return len(text.split())


_NAME_GLUE = {"for", "of", "the", "via", "and", "by", "de", "van", "von", "courtesy"}


def is_credit(line: str) -> bool:
    """A bare photo credit: ``©Getty Images``, ``Photo: AFP``, ``Jane Doe / Reuters``."""
    words = _words(line)
    if words > 10:
        return False
    if _BARE_AGENCY.match(line):
        return True
    match = _CREDIT_MARK.search(line)
    if not match:
        return False
    if line.lstrip().startswith(("©", "(c)", "(C)")):
        return True
    # What is left once the credit is taken out is a name at most, not a sentence.
    rest = (line[: match.start()] + " " + line[match.end() :]).strip(" .,-–—|()")
    left = rest.split()
    return len(left) <= 5 and all(
        w[:1].isupper() or not w[:1].isalpha() or w in _NAME_GLUE for w in left
    )


def is_caption(line: str) -> bool:
    """A photo caption: a longer line carrying a credit, or written in caption language."""
    match = _TRAILING_CREDIT.search(line)
    if match and _words(line) >= 4 and _words(match.group()) <= 10:
        return True
    # Caption language without a credit: only for lines that do not end like a sentence and
    # carry no quotation (a quoted sentence is story text).
    if (
        _CAPTION_CUE.search(line)
        and not _SENTENCE_END.search(line)
        and not _QUOTE_START.match(line)
    ):
        return 4 <= _words(line) <= 45
    return False


def is_byline(line: str) -> bool:
    return _words(line) <= 16 and bool(_BYLINE.match(line.strip()))


def is_furniture(line: str) -> bool:
    """A line of page furniture ("Install the Sky News app for free", "Get alerts", "Read
    more: ...", "Subscribe to Independent Premium to bookmark this article")."""
    stripped = line.strip()
    return _words(stripped) <= _FURNITURE_MAX_WORDS and bool(_FURNITURE.match(stripped))


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if _JUNK.match(stripped):
        return True
    if stripped.startswith("<") and _words(_TAG.sub(" ", stripped).strip(" .")) <= 2:
        return True  # an embed left as markup (``<tweet tweet-id="..."><tweet/>``)
    if _MEDIA_PROMO.match(stripped) and _words(stripped) <= _MEDIA_PROMO_MAX_WORDS:
        return True
    if _words(stripped) > 30:
        return False
    if _BOILERPLATE.match(stripped):
        return True
    return (
        _NEWSLETTER.search(stripped) is not None
        and _words(stripped) <= 20
        and ("sign up" in stripped.lower() or "subscribe" in stripped.lower() or ":" in stripped)
    )


def _title_key(text: str) -> str:
    return norm(text).rstrip(".'’\"” ")


def _looks_like_title(first: str, rest: Sequence[str]) -> bool:
    """A headline first line: short, followed by the story, not a dateline lede or a quote."""
    if len(rest) < 2 or _words(first) > 25 or _words(first) < 2:
        return False
    if _DATELINE.match(first) or _QUOTE_START.match(first):
        return False
    if not _SENTENCE_END.search(first) or first.rstrip().endswith((";", ":")):
        return True
    # Ends like a sentence (PolNeAR puts a period after every headline): a headline is shorter
    # than the paragraph that follows it.
    following = next((r for r in rest if _words(r) >= 3), "")
    if _words(first) * 1.3 < _words(following):
        return True
    # Headline Case ("Trump Stands Tall On Proposal For Border Wall").
    words = [w for w in first.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def classify(
    texts: Sequence[str],
    *,
    title: str | None = None,
    detect_title: bool = True,
    duplicate_min_words: int = 1,
    boilerplate_max_words: int = 30,
) -> list[ParagraphRole]:
    """The role of each paragraph of an article, given the paragraphs' texts in order.

    ``title``: the known headline (metadata); a first paragraph equal to it is the ``title``.
    ``detect_title``: also guess a headline first line from its shape (plain text input).
    ``duplicate_min_words``: shorter repeated paragraphs are not ``duplicate``.
    ``boilerplate_max_words``: longer paragraphs are never ``boilerplate``.
    """
    roles: list[ParagraphRole] = []
    seen: set[str] = set()
    title_key = _title_key(title) if title else None
    for i, raw in enumerate(texts):
        line = raw.strip()
        key = norm(line)
        role: ParagraphRole
        if key in seen and re.search(r"\w", key) and _words(key) >= duplicate_min_words:
            role = "duplicate"
        elif i == 0 and title_key and _title_key(line) == title_key:
            role = "title"
        elif (_words(line) <= boilerplate_max_words and is_boilerplate(line)) or is_furniture(line):
            role = "boilerplate"
        elif i < STAMP_HEAD and timestamp_date(line):
            role = "byline"  # the article's date line: not story text, not an event
        elif is_credit(line):
            role = "credit"
        elif is_byline(line):
            role = "byline"
        elif is_caption(line):
            role = "caption"
        elif detect_title and i == 0 and not title_key and _looks_like_title(line, texts[1:]):
            role = "title"
        elif (
            detect_title
            and i == 1
            and roles == ["title"]
            and texts[0].rstrip().endswith((";", ":"))
            and _words(line) <= 25
        ):
            role = "title"  # a headline broken over two lines ("...in 2012;\nQuestion is ...")
        else:
            role = "body"
        seen.add(key)
        roles.append(role)
    return roles


# Line breaks other than "\n" (the ones :func:`line_spans` splits on).
_OTHER_BREAKS = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_TO_NEWLINE = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))


@dataclass(frozen=True)
class NewlineText:
    """A text with every line break written ``\n``, and the way back to the original's offsets.

    What the spaCy pipeline reads (``article.text`` stays as given): the model was trained on
    ``\n`` and reads a ``\r\n`` token differently (it took the period into "Tom Wei." before a
    CRLF), and no same-length rewrite of ``\r\n\r\n`` tokenises like ``\n\n``. So ``\r\n`` becomes
    ``\n`` and any other break (``\r``, U+2028...) ``\n``; ``dropped`` holds, in offsets of
    ``text``, each ``\n`` whose ``\r`` was dropped.
    """

    text: str
    dropped: tuple[int, ...] = ()

    def original_start(self, offset: int) -> int:
        """Where the character at ``offset`` of ``text`` stands in the original."""
        return offset + bisect.bisect_right(self.dropped, offset)

    def original_end(self, offset: int) -> int:
        """The original offset just after the character before ``offset`` (an exclusive end)."""
        return offset + bisect.bisect_right(self.dropped, offset - 1) if offset else 0

    @cached_property
    def _dropped_in_original(self) -> list[int]:
        return [n + k for k, n in enumerate(self.dropped)]  # the k-th "\r" stood at dropped[k] + k

    def from_original(self, offset: int) -> int:
        """``offset`` of the original as an offset of ``text`` (at a dropped ``\r``: its ``\n``)."""
        return offset - bisect.bisect_left(self._dropped_in_original, offset)


def newline_text(text: str) -> NewlineText:
    """``text`` with ``\n`` line breaks only (:class:`NewlineText`); itself when it has no other."""
    if not _OTHER_BREAKS.search(text):
        return NewlineText(text)
    dropped = tuple(m.start() - n for n, m in enumerate(re.finditer("\r\n", text)))
    return NewlineText(text.replace("\r\n", "\n").translate(_TO_NEWLINE), dropped)


def stamped_date(text: str, paragraphs: Sequence[Paragraph]) -> str | None:
    """The date of the article's timestamp line (a ``byline`` among its first paragraphs that is
    only a date, "Sunday 17 December 2023"), as ``YYYY-MM-DD``."""
    for p in paragraphs[:STAMP_HEAD]:
        if p.role == "byline" and (date := timestamp_date(text[p.start : p.end])):
            return date
    return None


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, without its surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def join_broken_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines broken mid-sentence made one paragraph again: a line that opens with a lowercase
    letter after a line that ends in a word, a comma or a dash continues it ("... is at the
    discretion of the decision-maker" / "based on the recommendation ..."), so a quotation
    that runs over the break stays one quotation."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[s].islower() and _unfinished(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _unfinished(line: str) -> bool:
    """A line that stops inside a sentence: it ends in a letter, a digit, a comma or a dash."""
    last = line[-1:]
    return last.isalnum() or last in ",-–—"


def segment(text: str, *, title: str | None = None, detect_title: bool = True) -> list[Paragraph]:
    """Split ``text`` into paragraphs (one per non-blank line, lines broken mid-sentence
    joined: :func:`join_broken_lines`) and give each a role."""
    spans = join_broken_lines(text, line_spans(text))
    roles = classify([text[s:e] for s, e in spans], title=title, detect_title=detect_title)
    return [Paragraph(start=s, end=e, role=r) for (s, e), r in zip(spans, roles, strict=True)]
