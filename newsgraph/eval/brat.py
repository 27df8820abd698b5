"""Read attribution gold in brat standoff (the PolNeAR layout) into plain records.

A gold directory holds ``text/NAME.txt`` (the article) and ``attributions/NAME_XXXX.ann`` (one file
per annotator ``XXXX``; we take the alphabetically first), and optionally ``text_for_gold/NAME.txt``:
the original of a copy whose quote marks were changed (``../shared/eval/british_quotes.py``), same
offsets, used to decide which gold attributions are direct. An ``.ann`` file has

- text-bound lines ``T<n>\\tLABEL START END[;START END...]\\ttext``: character spans into the
  ``.txt``; several ``;``-separated pairs make a discontinuous span;
- event lines ``E<n>\\tAttribution:T.. Source:T.. Cue:T.. Content:T..`` linking spans into one
  attribution (the trigger role is ``Attribution`` or ``Attribution-no-source``; PolNeAR also has
  a handful of ``Content2`` roles, which we take as more content).

Other labels (``Discard``, ``Discuss``) and lines we cannot parse are skipped; an attribution
without any Content span cannot be scored and is dropped (both counted in
:attr:`GoldArticle.skipped`). We read the format ourselves: it is five lines of grammar, and the
brat tooling on PyPI either needs the brat server or drops discontinuous spans and events.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

Spans = tuple[tuple[int, int], ...]
"""A possibly discontinuous span: sorted ``(start, end)`` pairs of ``str`` offsets."""

_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")
_ROLE = re.compile(r"^([A-Za-z][\w-]*?)\d*:([TE]\d+)$")


@dataclass(frozen=True)
class TextBound:
    """One ``T`` line: a labelled, possibly discontinuous span."""

    id: str
    label: str
    spans: Spans
    text: str


@dataclass(frozen=True)
class GoldAttribution:
    """One attribution relation (an ``E`` line): content, and the source and cue if annotated."""

    id: str
    content: Spans
    source: Spans = ()
    cue: Spans = ()

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


@dataclass
class GoldArticle:
    """An article with its gold attributions (from one annotator)."""

    name: str
    text: str
    attributions: list[GoldAttribution]
    annotation: Path | None = None
    path: Path | None = None
    published: str | None = None
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    marks_text: str | None = None
    """The text whose quote marks decide which gold attributions are direct, when it is not
    ``text`` (a British-style copy keeps the original in ``text_for_gold/``)."""


def normalise(spans: list[tuple[int, int]] | Spans) -> Spans:
    """Sort spans and merge overlapping or touching ones; drop empty ones."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_ann(content: str, text_length: int | None = None) -> tuple[list[GoldAttribution], int]:
    """Parse an ``.ann`` file: the attributions, and how many lines/relations were skipped.

    ``text_length`` (when known) drops spans that fall outside the article.
    """
    bounds: dict[str, TextBound] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    skipped = 0
    for raw in content.splitlines():
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if m := _TEXT_BOUND.match(line):
            pairs = [tuple(int(x) for x in part.split()) for part in m.group(3).split(";")]
            spans = normalise([(p[0], p[1]) for p in pairs])
            if not spans or (text_length is not None and spans[-1][1] > text_length):
                skipped += 1
                continue
            bounds[m.group(1)] = TextBound(m.group(1), m.group(2), spans, m.group(4) or "")
        elif m := _EVENT.match(line):
            roles = []
            for arg in m.group(2).split():
                if r := _ROLE.match(arg):
                    roles.append((r.group(1), r.group(2)))
            events.append((m.group(1), roles))
        elif line[:1] not in {"R", "A", "M", "N", "*"}:  # relations/attributes/notes: not ours
            skipped += 1
    attributions: list[GoldAttribution] = []
    for event_id, roles in events:
        parts: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in roles:
            bound = bounds.get(ref)
            if bound is None or role not in parts:
                continue
            parts[role].extend(bound.spans)
        if not parts["Content"]:
            skipped += 1
            continue
        attributions.append(
            GoldAttribution(
                event_id,
                content=normalise(parts["Content"]),
                source=normalise(parts["Source"]),
                cue=normalise(parts["Cue"]),
            )
        )
    attributions.sort(key=lambda a: (a.start, a.end, a.id))
    return attributions, skipped


def annotation_file(gold_dir: Path, name: str) -> Path | None:
    """The alphabetically first ``attributions/NAME_XXXX.ann`` for ``text/NAME.txt``, if any.

    ``XXXX`` must not contain ``_`` so that ``a_b.txt`` never takes ``a_b_c_XXXX.ann``'s file.
    """
    folder = gold_dir / "attributions"
    candidates = sorted(
        p for p in folder.glob(f"{glob_escape(name)}_*.ann") if "_" not in p.stem[len(name) + 1 :]
    )
    return candidates[0] if candidates else None


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def read_metadata(gold_dir: Path) -> dict[str, str]:
    """``filename`` → ``publication_date`` from a ``metadata.tsv`` in or above ``gold_dir``."""
    for folder in (gold_dir, gold_dir.parent):
        path = folder / "metadata.tsv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t")
                return {
                    row["filename"]: row["publication_date"]
                    for row in reader
                    if row.get("filename") and _is_date(row.get("publication_date") or "")
                }
    return {}


def _is_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def read_article(gold_dir: Path, name: str, published: str | None = None) -> GoldArticle:
    """One article: ``text/NAME.txt`` and its first annotator file (none: no attributions)."""
    path = gold_dir / "text" / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    ann = annotation_file(gold_dir, name)
    article = GoldArticle(
        name=name, text=text, attributions=[], annotation=ann, path=path, published=published
    )
    original = gold_dir / "text_for_gold" / f"{name}.txt"
    if original.is_file():
        article.marks_text = original.read_text(encoding="utf-8")
        if len(article.marks_text) != len(text):
            article.warnings.append(f"{name}: text_for_gold/ differs in length; not used")
            article.marks_text = None
    if ann is None:
        article.warnings.append(f"{name}: no annotation file")
        return article
    article.attributions, article.skipped = parse_ann(
        ann.read_text(encoding="utf-8-sig"), text_length=len(text)
    )
    return article


def is_gold_dir(gold_dir: Path) -> bool:
    return (gold_dir / "text").is_dir()


def load_gold(gold_dir: Path, limit: int | None = None) -> list[GoldArticle]:
    """Every article of a gold directory, sorted by name (the first ``limit`` when given)."""
    names = sorted(p.stem for p in (gold_dir / "text").glob("*.txt"))
    if limit is not None:
        names = names[:limit]
    dates = read_metadata(gold_dir)
    return [read_article(gold_dir, name, dates.get(name)) for name in names]
