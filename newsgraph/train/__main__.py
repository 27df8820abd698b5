"""Rebuild a shipped data file from PolNeAR train:

python -m newsgraph.train cues TRAIN_DIR newsgraph/data/cues.json [LIMIT]
python -m newsgraph.train quotes TRAIN_DIR newsgraph/data/quote_model.json [LIMIT]
"""

from __future__ import annotations

import sys

from newsgraph.train import cues

COMMANDS = {"cues": cues.main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
