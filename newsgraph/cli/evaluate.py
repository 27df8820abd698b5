"""``newsgraph eval``: score quote attribution against brat or GGT gold (docs/eval.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsgraph.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, positive_int
from newsgraph.eval import ggt_run
from newsgraph.eval.brat import is_gold_dir
from newsgraph.eval.ggt import is_ggt_dir
from newsgraph.eval.run import evaluate, metrics_json, print_report


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="score quote attribution against gold (PolNeAR brat or GGT)",
        description="Score quotes against gold, each format by its own convention: brat "
        "standoff (DIR has text/NAME.txt and attributions/NAME_XXXX.ann, e.g. PolNeAR; every "
        "attribution) or the Gender Gap Tracker's (DIR has text/ and gold.jsonl; speech only, "
        "each part of an interrupted quote a quote). Without --pred, runs newsgraph over the "
        "gold texts. Metric definitions: docs/eval.md.",
    )
    p.add_argument(
        "--gold",
        required=True,
        metavar="DIR",
        help="gold directory (text/ and attributions/, or text/ and gold.jsonl)",
    )
    p.add_argument(
        "--pred", metavar="FILE", help="newsgraph/2 records (JSONL from `newsgraph extract`)"
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument(
        "--show", type=int, default=0, metavar="N", help="print N examples of each error kind"
    )
    p.add_argument("--limit", type=positive_int, metavar="K", help="only the first K articles")
    p.add_argument(
        "--workers", type=positive_int, default=1, help="processes for spaCy (n_process)"
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        help="keep spaCy's parses in DIR: a later run reruns only newsgraph's components "
        "(seconds instead of minutes; keyed by text, model and parse code)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The spaCy pipeline (its ModelError): imported when a command needs it.
    from newsgraph.nlp.pipeline import ModelError

    gold = Path(args.gold)
    ggt = is_ggt_dir(gold)
    if not ggt and not is_gold_dir(gold):
        error(f"{gold}: not a gold directory (needs text/ and attributions/ or gold.jsonl)")
        return EXIT_USAGE
    pred = Path(args.pred) if args.pred else None
    if pred is not None and not pred.is_file():
        error(f"{pred}: no such file")
        return EXIT_USAGE
    if args.show < 0:
        error(f"--show takes a number of at least 0, not {args.show}.")
        return EXIT_USAGE
    cache = Path(args.cache) if args.cache else None
    report: Any
    as_json: Any
    try:
        if ggt:
            evaluation: Any = ggt_run.evaluate_ggt(
                gold, pred, limit=args.limit, workers=args.workers, cache=cache
            )
            report, as_json = ggt_run.print_report, ggt_run.metrics_json
        else:
            evaluation = evaluate(gold, pred, limit=args.limit, workers=args.workers, cache=cache)
            report, as_json = print_report, metrics_json
    except (ModelError, ValueError, OSError) as exc:
        error(str(exc))
        return EXIT_FAILED
    for warning in evaluation.warnings:
        error(f"warning: {warning}")
    if args.json:
        print(as_json(evaluation))
    else:
        report(evaluation, sys.stdout, show=args.show)
    return EXIT_OK
