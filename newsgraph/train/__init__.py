"""Build the data files newsgraph ships, from training data (PolNeAR ``train/``).

Run as ``python -m newsgraph.train <what> ...``; see :mod:`newsgraph.train.__main__`. Nothing in
the pipeline imports this package: it is a build step, not a run-time dependency.
"""
