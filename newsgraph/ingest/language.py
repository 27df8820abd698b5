"""The language of an article, told by py3langid from its body text, and what newsgraph does with it.

The pipeline's model is English: an article in another language gets its paragraphs (the line
rules and the page structure do not depend on the language much) and no entities, quotes or
dates, with a warning saying so, instead of the nonsense an English model makes of French.

Detection is conservative: English unless py3langid is sure. A text too short to tell (under
:data:`MIN_LETTERS` letters, about eight English words) or a guess under :data:`MIN_CONFIDENCE`
(mixed texts, lists of names) is English. On the 974 English texts of PolNeAR, the seed article
and GGT, every whole text is English, and no line of 8+ words of 200 of them is called another
language with that confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.ingest.document import Document
    from newsgraph.model import Record

SUPPORTED = ("en",)
DEFAULT = "en"
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.9
MAX_CHARS = 10_000  # the start of a long text tells its language as well as all of it


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier, loaded once per process (~1 s, ~95 MB of arrays)."""
    # py3langid: loaded with the pipeline or at the first article, not at import.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_identifier() -> None:
    """Load py3langid's model now (the pipeline does, so that worker processes forked after it
    share its arrays instead of each loading its own)."""
    _identifier()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, :data:`DEFAULT` when py3langid is not sure."""
    sample = text[:MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return DEFAULT
    language, confidence = _identifier().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else DEFAULT


def language_of(document: Document) -> str:
    """The document's language: as given, or detected on its body paragraphs (all of its text
    when it has none)."""
    if document.language:
        return document.language
    body = [document.text[p.start : p.end] for p in document.paragraphs if p.role == "body"]
    return detect_language("\n".join(body) if body else document.text)


def unsupported_warning(language: str) -> str:
    """The record's warning for an article in a language the pipeline does not read."""
    return (
        f"language '{language}' is not supported (the pipeline reads English): "
        "paragraphs only, no entities, quotes or dates"
    )


def announce_unsupported(
    records: Iterable[Record], tell: Callable[[str, str], None]
) -> Iterator[Record]:
    """The records, and ``tell(source, warning)`` for each one in a language not supported."""
    for record in records:
        if record.article.language not in SUPPORTED:
            tell(record.source or "-", unsupported_warning(record.article.language))
        yield record
