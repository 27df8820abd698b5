"""HTML body extraction on the article-extraction benchmark (AEB), scored by its own evaluate.py.

newsgraph's body text is the ``body`` paragraphs of the record (captions, bylines, credits and
boilerplate excluded), joined by newlines. Plain trafilatura (``trafilatura.extract(html)`` with
its defaults) runs in the same pass for comparison. The benchmark directory is read-only, so its
``evaluate.py`` and ``ground-truth.json`` are copied to a temporary directory and run there.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "HTML body extraction (article-extraction benchmark)"
AEB = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "article-extraction"
PUBLISHED = {"trafilatura 2.0 (published)": 0.958, "newspaper4k": 0.949, "readability.js": 0.947}


Predictions = dict[str, dict[str, str]]


def predictions() -> tuple[Predictions, Predictions, Predictions, dict[str, float]]:
    import trafilatura

    from newsgraph.ingest.decode import decode_bytes
    from newsgraph.ingest.document import InputError
    from newsgraph.ingest.html import document_from_html

    ours: dict[str, dict[str, str]] = {}
    plain: dict[str, dict[str, str]] = {}
    plain_nc: dict[str, dict[str, str]] = {}
    seconds = {"newsgraph": 0.0, "trafilatura": 0.0}
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    for key in truth:
        raw = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
        try:
            html, _ = decode_bytes(raw, key)
        except InputError:
            html = raw.decode("utf-8", errors="replace")
        t0 = time.perf_counter()
        try:
            document = document_from_html(html, source=key)
            body = "\n".join(
                document.text[p.start : p.end] for p in document.paragraphs if p.role == "body"
            )
        except InputError:
            body = ""
        t1 = time.perf_counter()
        plain_body = trafilatura.extract(html) or ""
        t2 = time.perf_counter()
        plain_nc[key] = {"articleBody": trafilatura.extract(html, include_comments=False) or ""}
        seconds["newsgraph"] += t1 - t0
        seconds["trafilatura"] += t2 - t1
        ours[key] = {"articleBody": body}
        plain[key] = {"articleBody": plain_body}
    return ours, plain, plain_nc, seconds


def run() -> str:
    if not AEB.exists():
        return f"Skipped: {AEB} not found (shared evaluation data is only beside a team checkout)."
    import trafilatura

    ours, plain, plain_nc, seconds = predictions()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(AEB / "evaluate.py", work / "evaluate.py")
        shutil.copy(AEB / "ground-truth.json", work / "ground-truth.json")
        (work / "output").mkdir()
        (work / "output" / "newsgraph.json").write_text(json.dumps(ours), encoding="utf-8")
        (work / "output" / "trafilatura.json").write_text(json.dumps(plain), encoding="utf-8")
        (work / "output" / "trafilatura_no_comments.json").write_text(
            json.dumps(plain_nc), encoding="utf-8"
        )
        proc = subprocess.run(
            [sys.executable, "evaluate.py", "--output", "metrics.json"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
        metrics = json.loads((work / "metrics.json").read_text(encoding="utf-8"))
    lines = [
        f"{len(ours)} pages, scored by the benchmark's own `evaluate.py` (4-gram shingle F1, "
        "1000 bootstrap samples). newsgraph = the record's `body` paragraphs only.",
        "",
        "| extractor | F1 | precision | recall | accuracy | s/page |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    version = trafilatura.__version__
    for name, label in (
        ("newsgraph", "**newsgraph** (trafilatura XML + caption/byline roles, body only)"),
        ("trafilatura", f"plain trafilatura {version}, `extract(html)` defaults"),
        ("trafilatura_no_comments", f"plain trafilatura {version}, `include_comments=False`"),
    ):
        m = metrics[name]
        secs = seconds.get(name)
        took = f"{secs / len(ours):.3f}" if secs is not None else ""
        lines.append(
            f"| {label} | {m['f1']:.3f} ± {m['f1_std']:.3f} | {m['precision']:.3f} | "
            f"{m['recall']:.3f} | {m['accuracy']:.3f} | {took} |"
        )
    for name, f1 in PUBLISHED.items():
        lines.append(f"| {name} | {f1:.3f} | | | | |")
    lines += ["", "```", proc.stdout.strip(), "```", "", *title_lines()]
    return "\n".join(lines)


def _same(a: str | None, b: str) -> bool:
    quotes = str.maketrans("‘’“”–—", "''\"\"--")
    return " ".join((a or "").translate(quotes).split()).casefold().strip("'\" .") == " ".join(
        b.translate(quotes).split()
    ).casefold().strip("'\" .")


def _names_site(title: str, site: str) -> bool:
    """``title`` starts with ``site`` and a separator, or ends with a separator and ``site``."""
    sep = r"\s*[|–—•·»:~/-]+\s*"
    pattern = rf"^{re.escape(site)}{sep}\S|\S{sep}{re.escape(site)}$"
    return site != title and re.search(pattern, title, re.IGNORECASE) is not None


def title_lines() -> list[str]:
    """Titles: AEB has no gold titles, so two proxies. How often the title is one of the page's
    ``<h1>`` headings (the printed headline, where the page has one), and how often it still
    ends or starts with the site's name (og:site_name) after a separator."""
    import trafilatura

    from newsgraph.ingest.decode import decode_bytes
    from newsgraph.ingest.document import InputError
    from newsgraph.ingest.html import document_from_html
    from newsgraph.ingest.page import read_page

    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    counts = {"pages with an h1": 0, "newsgraph = an h1": 0, "trafilatura = an h1": 0}
    named = {"newsgraph": 0, "trafilatura": 0}
    for key in truth:
        raw = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
        try:
            html, _ = decode_bytes(raw, key)
            ours = document_from_html(html, source=key).title
        except InputError:
            continue
        page = read_page(html, key)
        meta = trafilatura.extract_metadata(html)
        theirs = meta.title if meta is not None else None
        for name, title in (("newsgraph", ours), ("trafilatura", theirs)):
            if page.headings and any(_same(title, h) for h in page.headings):
                counts[f"{name} = an h1"] += 1
            if title and any(_names_site(title, site) for site in page.site_names):
                named[name] += 1
        counts["pages with an h1"] += bool(page.headings)
    return [
        "Titles (no gold titles in AEB; proxies): of the "
        f"{counts['pages with an h1']} pages with an `<h1>`, the title is one of them for "
        f"newsgraph on {counts['newsgraph = an h1']}, for trafilatura's metadata title on "
        f"{counts['trafilatura = an h1']}; titles that still start or end with the site's name "
        f"(og:site_name): newsgraph {named['newsgraph']}, trafilatura {named['trafilatura']}."
    ]
