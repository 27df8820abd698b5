"""The engines: how many documents become records in a store, on one machine or on a cluster.

* :mod:`newsgraph.engines.local`: this machine's processes (``--engine local``): the inputs read
  here, extracted by :func:`newsgraph.nlp.pipeline.process` (in this process, or a pool of worker
  processes), stored by this process.
* :mod:`newsgraph.engines.dask`: the workers of a Dask cluster (``--engine dask``).

Both hand what they extracted to the store layer's :class:`newsgraph.store.IngestRun`, which
stores each record, counts and reports. Nothing is imported here: ``newsgraph.engines.local``
loads spaCy, ``newsgraph.engines.dask`` loads ``dask.distributed``.
"""
