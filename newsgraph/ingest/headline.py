"""The article's headline: the page's own heading, without the site's name.

Why not trafilatura's title alone: it takes the metadata title as the page gives it, and that is
often the social or browser title: "... | CNN", "... - Times of India", "PolitiFact - ...",
"Opinion | ...", or another wording than the printed headline. The headline chosen here is

1. the page's ``<h1>`` (or ``itemprop="headline"``) that reads like one of its titles (metadata,
   ``og:title``, ``<title>``: half of their words in common, or one inside the other), as printed;
2. else the heading that stands last before the article's first paragraph (within
   :data:`NEAR` characters: a blog's post title, where the metadata carry an SEO title);
3. else the metadata title (or, with none, the first heading);

each without the site's name where it stands at either end, set off by a separator (`` | ``,
`` - ``, `` — ``, `` : ``...). The site's names are ``og:site_name``, trafilatura's site name and
the host name's words ("timesofindia" for timesofindia.indiatimes.com), never a title of the
page itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsgraph.ingest.page import Page, clean, squash

NEAR = 1500  # characters (without spaces) between the headline and the first paragraph, at most
MIN_HEADLINE_WORDS = 3  # for a heading chosen by its place alone
# A separator between a title and the site's name, kept as its own item when splitting.
_SEPARATOR = re.compile(r"(\s+[|–—•·»:~/-]+\s+|\s+[|–—•·»]\s*)")
# After a whole site name, a colon needs no space before it ("... news platform: Headline").
_AFTER_NAME = re.compile(r"\s*[|–—•·»:~/-]+\s+")
_WORD = re.compile(r"\w+")
_HOST_NOISE = frozenset({"www", "com", "org", "net", "co", "news", "edition", "amp", "m"})


def site_keys(page: Page, sitename: str | None, hostname: str | None) -> set[str]:
    """The squashed names the site goes by (see the module docstring), and the parts of a name
    that holds separators ("LinkNaija | Nigeria's news platform")."""
    names = [*page.site_names, sitename or ""]
    names += [part for name in list(names) for part in _SEPARATOR.split(name)[0::2]]
    host = (hostname or "").lower().removeprefix("www.")
    names += [host, *(w for w in host.split(".") if len(w) > 3 and w not in _HOST_NOISE)]
    titles = {_key(t) for t in page.titles}  # a page that gives its headline as its site name
    return {key for key in (_key(n) for n in names) if key and key not in titles}


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _is_site(segment: str, keys: set[str]) -> bool:
    """A title segment that names the site: a key itself, or close to one ("The Paradigm" for
    "paradigm", "Sportsnet.ca" for "sportsnet")."""
    key = _key(segment)
    if not key or key in keys:
        return True
    return any(
        len(k) >= 5 and abs(len(key) - len(k)) <= 4 and (key.startswith(k) or k.startswith(key))
        for k in keys
    )


def strip_site_name(title: str, keys: set[str]) -> str:
    """``title`` without the site names that stand at its ends (never all of it)."""
    title = clean(title)
    for key_name in sorted(keys, key=len, reverse=True):
        title = _strip_whole_name(title, key_name)
    pieces = _SEPARATOR.split(title)  # text, separator, text, ...
    texts, separators = pieces[0::2], pieces[1::2]
    while len(texts) > 1 and _is_site(texts[-1], keys):
        texts.pop()
        separators.pop()
    while len(texts) > 1 and _is_site(texts[0], keys):
        texts.pop(0)
        separators.pop(0)
    return clean("".join(t + s for t, s in zip(texts, [*separators, ""], strict=True)))


def _strip_whole_name(title: str, key: str) -> str:
    """A site name that holds separators itself ("LinkNaija | Nigeria's popular news platform:
    ...") taken off the start or the end of ``title``."""
    for match in _AFTER_NAME.finditer(title):
        head, tail = title[: match.start()], title[match.end() :]
        if _key(head) == key and _key(tail):
            return tail
        if _key(tail) == key and _key(head):
            return head
    return title


def similarity(a: str, b: str) -> float:
    """How alike two titles read: their word sets' Dice coefficient, 0.9 when one holds the
    other whole."""
    if _key(a) and _key(b) and (_key(a) in _key(b) or _key(b) in _key(a)):
        return 0.9
    words_a, words_b = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    if not words_a or not words_b:
        return 0.0
    return 2 * len(words_a & words_b) / (len(words_a) + len(words_b))


def choose_headline(
    page: Page,
    meta_title: str | None,
    keys: set[str],
    first_paragraph: int,
) -> str | None:
    """The headline (see the module docstring). ``first_paragraph``: where the article's first
    paragraph stands in ``page.text`` (-1: unknown)."""
    # trafilatura's title may be the site's part of a <title> it split ("PolitiFact" of
    # "PolitiFact - Fact-check: ..."): a title that is a site name is none.
    titles = [strip_site_name(t, keys) for t in _present([meta_title, *page.titles])]
    titles = [t for t in titles if not _is_site(t, keys)]
    headings = [h for h in page.headings if len(h) >= 8 and not _is_site(h, keys)]
    scored = [(max((similarity(h, t) for t in titles), default=0.0), h) for h in headings]
    best = max(scored, default=(0.0, ""), key=lambda pair: pair[0])
    if best[0] >= 0.5:
        return strip_site_name(best[1], keys)
    placed = _heading_before(page, headings, first_paragraph)
    if placed is not None:
        return strip_site_name(placed, keys)
    if titles:
        return titles[0]
    return strip_site_name(headings[0], keys) if headings else meta_title


def _heading_before(page: Page, headings: list[str], first_paragraph: int) -> str | None:
    """The first of the headings that stand within :data:`NEAR` characters before the article's
    first paragraph (a dek or a "More on ..." box may stand between)."""
    if first_paragraph < 0:
        return None
    near: list[tuple[int, str]] = []
    for heading in headings:
        if len(heading.split()) < MIN_HEADLINE_WORDS:
            continue
        pos = page.text.rfind(squash(heading)[:60], 0, first_paragraph + 1)
        if pos >= 0 and first_paragraph - pos <= NEAR:
            near.append((pos, heading))
    return min(near)[1] if near else None


def _present(values: Iterable[str | None]) -> list[str]:
    return [v for v in values if v and v.strip()]
