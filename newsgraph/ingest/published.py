"""Publication dates: the one rule every entry point (CLI, HTTP API, Python API) checks them by."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache


def iso_date(value: str) -> str:
    """``value`` as ``YYYY-MM-DD``; raises ``ValueError`` naming it when it is not a date.

    The CLI's ``--published``/``--since``/``--until``, the HTTP API's ``published`` and
    :func:`newsgraph.extract` all accept what :meth:`datetime.date.fromisoformat` accepts.
    """
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def published_date(value: object) -> str | None:
    """A caller's publication date (``None``, a ``YYYY-MM-DD`` string or a ``datetime.date``) as
    ``YYYY-MM-DD``; ``ValueError`` for a string that is no date, ``TypeError`` for anything else."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return iso_date(value)
    raise TypeError(
        f"published must be a YYYY-MM-DD string or a datetime.date, not {type(value).__name__}"
    )


# A timestamp line: the article's date alone, maybe after "Published"/"Updated" and with a time.
_STAMP_PREFIX = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|modified|posted|created)(?: on| at)?|date)\b"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
_LETTER = re.compile(r"[^\W\d_]")
STAMP_MAX_WORDS = 12
_STRICT = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
# The languages a timestamp is read in: dateparser's detection among all of its ~200 languages
# costs ~3 s of loading per process; these cost 0.4 s once, then ~6 ms a line.
STAMP_LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "nl"]


def timestamp_date(line: str) -> str | None:
    """``YYYY-MM-DD`` when ``line`` is a timestamp and nothing else ("Sunday 17 December 2023",
    "Published: 18 November 2019 10.15 GMT", "UPDATED: Tue., Nov. 19, 2019",
    "sexta-feira, 22 de outubro de 2010 às 20:13"), else ``None``.

    dateparser reads the date (:data:`STAMP_LANGUAGES`), with day, month and year required and
    strict parsing: a sentence ("The council met on 17 December 2023") is no timestamp. An
    all-numeric date must be ISO (``03/02/2023`` is 3 February or 2 March).
    """
    if len(line) > 200 or not 1 <= len(line.split()) <= STAMP_MAX_WORDS or not _YEAR.search(line):
        return None
    rest = _STAMP_PREFIX.sub("", line.strip()).strip(" .,;|•·-–—")
    if not _LETTER.search(_ISO.sub("", rest)) and not _ISO.match(rest):
        return None
    return _parse_stamp(" ".join(rest.split()))


@lru_cache(maxsize=1024)  # short strings only (STAMP_MAX_WORDS words)
def _parse_stamp(text: str) -> str | None:
    # dateparser (~0.1 s to import, and it loads its language data on first use): only for the
    # few short lines that get this far.
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=STAMP_LANGUAGES, settings=_STRICT)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed is not None else None
