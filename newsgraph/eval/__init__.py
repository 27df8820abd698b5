"""Evaluation of quote attribution against brat standoff gold (``newsgraph eval``).

- :mod:`newsgraph.eval.brat` reads the gold (PolNeAR layout);
- :mod:`newsgraph.eval.score` matches predictions to gold and computes the metrics (pure functions);
- :mod:`newsgraph.eval.run` gets predictions (a JSONL file or the pipeline) and prints reports.

Metric definitions: ``docs/eval.md``.
"""
