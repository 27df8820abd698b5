"""Dates: cost of ``newsgraph_dates`` next to spaCy, and the values it gives on PolNeAR dev texts.

``python -m bench dates``. Reads ``../shared/eval/polnear/dev/text/*.txt`` and the publication
dates in ``../shared/eval/polnear/metadata.tsv``. spaCy (the model plus ``newsgraph_paragraphs``)
runs once over all texts; the date component then runs on the processed docs with its caches
emptied first, so its time is the cold, uncached cost.
"""

from __future__ import annotations

import csv
import random
import re
import time
from collections import Counter
from pathlib import Path

TITLE = "Dates: newsgraph_dates on PolNeAR dev"

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
POLNEAR = SHARED / "eval" / "polnear"


def precision(value: str | None) -> str:
    if value is None:
        return "None"
    if "W" in value:
        return "week (YYYY-Www)"
    return {4: "year (YYYY)", 7: "month (YYYY-MM)", 10: "day (YYYY-MM-DD)"}[len(value)]


def run() -> str:
    from newsgraph.ingest.load import document_from_string
    from newsgraph.nlp import timex
    from newsgraph.nlp.dates import DateResolver
    from newsgraph.nlp.pipeline import build_pipeline, make_doc

    texts_dir = POLNEAR / "dev" / "text"
    if not texts_dir.exists():
        return f"Skipped: {texts_dir} not found (shared evaluation data is absent)."
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as fh:
        published = {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}  # fmt: skip
    files = sorted(texts_dir.glob("*.txt"))
    documents = [
        document_from_string(
            f.read_text(encoding="utf-8"), source=f.name, published=published.get(f.stem)
        )
        for f in files
    ]
    nlp = build_pipeline(components=())
    words = sum(len(d.text.split()) for d in documents)

    t0 = time.perf_counter()
    docs = list(nlp.pipe((make_doc(nlp, d) for d in documents), batch_size=16))
    t_spacy = time.perf_counter() - t0

    timex.find.cache_clear()
    timex._dateparser.cache_clear()
    resolver = DateResolver()
    t0 = time.perf_counter()
    for doc in docs:
        resolver(doc)
    t_dates = time.perf_counter() - t0

    dates = [(doc, d) for doc in docs for d in doc._.ng_dates]
    counts = Counter(precision(d["value"]) for _, d in dates)
    lines = [
        f"{len(docs)} texts, {words:,} words, {len(dates)} date expressions in body paragraphs "
        f"({sum(1 for d in documents if d.published)} texts with a publication date).",
        "",
        "| step | seconds | share of spaCy |",
        "| --- | ---: | ---: |",
        f"| spaCy (`{nlp.meta['name']}` + paragraphs) | {t_spacy:.2f} | 100% |",
        f"| `newsgraph_dates` (cold caches, incl. dateparser fallback) | {t_dates:.3f} | "
        f"{100 * t_dates / t_spacy:.2f}% |",
        "",
        "| value precision | count |",
        "| --- | ---: |",
    ]
    for key in ("day (YYYY-MM-DD)", "week (YYYY-Www)", "month (YYYY-MM)", "year (YYYY)", "None"):
        lines.append(f"| {key} | {counts.get(key, 0)} |")
    lines += [
        "",
        "A fixed random sample of 30 (seed 0), for checking by eye:",
        "",
        "| published | expression | value | context |",
        "| --- | --- | --- | --- |",
    ]
    for doc, d in sorted(random.Random(0).sample(dates, min(30, len(dates))), key=lambda x: x[1]["value"] or ""):  # fmt: skip
        context = doc.text[max(0, d["start"] - 40) : d["end"] + 30]
        context = re.sub(r"\s+", " ", context).replace("|", "/")
        lines.append(f"| {doc._.ng_published} | {d['text']} | {d['value']} | …{context}… |")
    return "\n".join(lines)
