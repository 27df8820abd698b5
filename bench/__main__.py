"""`make bench`: run every benchmark section and write BENCHMARKS.md.

Each ``bench/bench_*.py`` module has ``TITLE`` and ``run() -> str`` (a Markdown section). Results
are kept per section in ``bench/results/NAME.md`` so that ``python -m bench NAME...`` can rerun one
section and BENCHMARKS.md is reassembled from all of them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
OUT = HERE.parent / "BENCHMARKS.md"


def sections() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    wanted = argv or sections()
    unknown = [w for w in wanted if w not in sections()]
    if unknown:
        print(f"bench: unknown section(s) {unknown}; known: {sections()}", file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    for name in wanted:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        body = module.run()
        took = time.perf_counter() - t0
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        (RESULTS / f"{name}.md").write_text(
            f"## {module.TITLE}\n\n{body.strip()}\n\n_Run {stamp}, {took:.0f} s, "
            f"`python -m bench {name}`._\n",
            encoding="utf-8",
        )
    parts = [
        "# Benchmarks\n",
        "Written by `make bench` (`python -m bench [SECTION...]`); do not edit by hand. "
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores.\n",
    ]
    for name in sections():
        path = RESULTS / f"{name}.md"
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    OUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"bench: wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
