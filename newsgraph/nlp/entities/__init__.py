"""``newsgraph_entities``: spaCy's entity mentions merged into document-level entities.

Reads: ``doc.ents`` (spaCy NER), ``doc._.ng_paragraphs`` (``[{"start", "end", "role"}]``),
sentences (``doc.sents``, ``token.is_sent_start``), tokens' ``pos_`` and ``ent_type_``.
Writes: ``doc._.ng_entities``::

    [{"id": "E1", "name": "Thomas Bach", "type": "PERSON", "aliases": ["Thomas Bach", "Bach", ...],
      "mentions": [{"start", "end", "text", "role"}],
      "_descriptors": ["IOC President", "president"],   # private: for the quote component
      "_gender": "m" | "f" | None}]                       # private

Entities are ordered by their first body mention (entities seen only in captions etc. come last,
by first mention) and numbered E1, E2...; mentions are sorted by offset; ``name`` is the
canonical name (most words, then most frequent spelling); ``aliases`` every distinct surface
form of the *name* (descriptor mentions such as "IOC President" are mentions, not aliases). A
headline mention keeps only the name the story confirms ("Donald Trump Tells" -> "Donald
Trump"), else it is dropped.

How it works (deterministic; linear in tokens, quadratic only in distinct surface forms):

1. **Mentions.** Every ``doc.ents`` span of a reported type (``newsgraph.model.EntityType``) is
   clipped to the paragraph it starts in (nothing crosses a paragraph break), cut before a photo
   credit ("Bakhmut ©Office of Ukraine" -> "Bakhmut", "... (Evan Vucci/AP)"; spans after it are
   dropped; a dateline "WASHINGTON (AP) —" is no credit), and trimmed: surrounding spaces and
   punctuation, a possessive "'s"/"’s", a leading "the" and, in PERSON spans, leading honorifics
   ("Mr.", "President"). A capitalised "The" in mid-sentence is kept as part of the name ("in The
   Hague"); lowercase "the" and sentence-initial "The" go, so "the Olympic Movement" is reported
   as "Olympic Movement". Mentions in ``credit``, ``byline`` and ``boilerplate`` paragraphs are
   dropped; others keep their paragraph's role (captions are reported as ``caption``, never as
   ``body``). Junk goes: no capital letter ("boycotts"), fewer
   than two characters, no letter at all.
2. **Merging** (union-find over normalised surface forms): equal forms; two full person names that
   can be one person (:func:`newsgraph.nlp.names.same_person`: "Donald J. Trump" = "Donald Trump",
   "Thoms Bach" = "Thomas Bach", "Ken Starr" = "Kenneth Starr"; a spelling variant merges only
   when it is rare and the two never share a paragraph); a lone surname (or given name) into the full name the article's evidence
   points to (:mod:`.lone_names`: "Mr. Obama" is Barack, "Mrs. Obama" Michelle), left alone when
   nothing tells ("Clinton" with Hillary and Bill Clinton named once each); an acronym with
   its expansion, from "Expansion (ACR)" / "ACR [Expansion]" or, when unique, from initials.
3. **Types** by the context of each surface form before merging (a plural name is a group, a
   name apposed to "outlet" or "book" no person, a subject a he/she refers back to or a name
   with "who" or "brother" apposed a person: :func:`.types.retype_forms`), then by the weighted
   majority of the mentions (duplicate paragraphs do not vote), with
   PERSON evidence from names (a merged full person name, a given name known from another
   PERSON, an honorific, an age appositive ", a 22-year-old") and from speech ("Rodri said he
   ...", typed GPE), place evidence ("in Bakhmut"), and a context type for a PERSON with no
   person evidence ("on Twitter" -> ORG).
4. **Descriptors.** Role phrases right before a person's name ("Polish Sports Minister Kamil
   Bortniczuk") are kept in ``_descriptors``; later "the <descriptor>" phrases ("the IOC
   President", "the minister") become mentions of the one entity they fit (none if several fit).
5. **Gender** hint from honorifics, gendered role nouns and the first he/she pronoun after a
   mention in its sentence with no other person in between, then, unless those clearly decide,
   the given name's usual gender (gender-guesser's list: "Michelle" -> "f").

One module per step, run in order by :mod:`.component` (``build_entities``, the factory):
:mod:`.mentions`, :mod:`.credits` and :mod:`.headlines` (1), :mod:`.merging`, :mod:`.lone_names` and
:mod:`.organisations` (2; lone names, acronyms and one-word organisation names), :mod:`.types`
(3), :mod:`.descriptors` and :mod:`.bare_descriptors` (4), :mod:`.gender` (5),
:mod:`.canonical` (the ``name``). :mod:`.data` holds what they pass along (mentions, forms,
entities, the union-find), :mod:`.spans` where things are in the ``Doc`` (paragraphs,
sentences, tokens). Given names and their usual gender come from
:mod:`newsgraph.nlp.given_names` (gender-guesser's list).
"""

from newsgraph.nlp.entities.component import EntityMerger, build_entities, make_entity_merger

__all__ = ["EntityMerger", "build_entities", "make_entity_merger"]
