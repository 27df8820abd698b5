"""Plain text to paragraphs with roles (body, caption, credit, duplicate...).

Nothing is deleted: every paragraph keeps its offsets into the text, and only its role says
whether extraction reads it.
"""

from __future__ import annotations

import re

from newsgraph.model import Paragraph

_CREDIT = re.compile(
    r"(©|\(c\)\s|\bphoto(graph)?s?\s*(:|by\b)|\bcredit\s*:|\bimage\s*(:|by\b)|\bpicture\s*:"
    r"|\((getty images|afp|reuters|ap|epa|pa)[^)]*\)|/\s*(afp|getty|reuters|ap|epa)\b)",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs (one per non-blank line) and give each a role."""
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        key = _norm(stripped)
        if key in seen:
            role = "duplicate"
        elif _CREDIT.search(stripped):
            words = len(stripped.split())
            role = "credit" if words <= 6 else "caption"
        else:
            role = "body"
        seen.add(key)
        paragraphs.append(Paragraph(start=start, end=end, role=role))
    return paragraphs
