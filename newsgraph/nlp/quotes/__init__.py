"""``newsgraph_quotes``: quotations and reported speech with their cues and speakers.

Reads: ``doc.text``, sentences, the dependency parse (``dep_``, ``head``, ``lemma_``, ``pos_``),
``doc._.ng_paragraphs`` (only ``body`` paragraphs hold quotes) and ``doc._.ng_entities`` (mention
offsets, for speaker resolution).
Writes: ``doc._.ng_quotes``: ``[{"id", "start", "end", "text", "kind", "verbatim", "cue",
"speaker"}]`` (:class:`newsgraph.nlp.extensions.QuoteData`), non-overlapping, in text order.

How (rules over the parse; textacy's ``direct_quotations`` only handles one paragraph with
balanced marks and no reported speech, so we do our own). One module per step, each rule a small
named function whose docstring gives an example; every rule receives the document's
:class:`~newsgraph.nlp.quotes.context.QuoteContext`, and nothing is kept between documents:

1. **Quote marks** (:mod:`.marks`), paragraph by paragraph: straight and curly double quotes
   (and ``''``/`````); single quotes inside them are kept as text. A mark opened and not closed
   runs to the end of its paragraph (newswire continuation), never across it.
2. **Direct** quotes (:mod:`.direct`) are marked spans that stand as sentences. Their cue comes
   from an ordered list of cue finders: a speech verb just after (``"...," she said``) or just
   before (``he added: "..."``), a colon or dash attribution (``Bach: "..."``, ``"..." — Bach``).
   Marked parts of one paragraph sharing a cue form one quote (``"A," he said. "B."``, as PolNeAR
   annotates it). A quote with no cue of its own continues the statement of the previous body
   paragraph and takes its speaker.
3. **Reported speech** (:mod:`.reported`, content edges in :mod:`.content`): a cue from the
   learned table (:mod:`.lexicon`) with its content complement, a predicative adjective, a
   statement noun's clause, the subject of a passive cue with an agent, ``according to X``,
   ``In a poll, ...``, ``..., X said.`` tails and quoted fragments under a cue. A content with
   marked fragments inside is **mixed**, otherwise **indirect**.
4. **Speakers**: the mention an attribution hangs on, from an ordered sieve of rules over the
   cue (:mod:`.speaker`), then the entity it names (:mod:`.resolve`).
5. **Merging** (:mod:`.merge`): overlapping candidates become non-overlapping quotes.

See ``docs/quotes.md`` for every rule.
"""

from newsgraph.nlp.quotes.component import QuoteExtractor, extract_quotes, make_quote_extractor
from newsgraph.nlp.quotes.marks import Segment, scan_marks

__all__ = ["QuoteExtractor", "Segment", "extract_quotes", "make_quote_extractor", "scan_marks"]
