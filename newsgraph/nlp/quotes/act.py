"""What kind of act a quote reports: ``speech``, ``thought`` or ``finding``.

Decided from the cue word and the source, by semantic class (the lists in
:mod:`newsgraph.nlp.quotes.lexicon`): a source that is evidence (`a poll`, `the data`, `video
footage`) makes a **finding** (`a study found that ...`, `according to the figures`); a verb,
noun or adjective of belief, feeling, desire or intention makes a **thought** (`believes that`,
`her hope to`, `is afraid that`); everything else is **speech** (`said`, `told`, `wrote`,
`criticized`; a quote in quote marks with no cue of another kind).
"""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.lexicon import (
    DOCUMENT_NOUNS,
    FINDING_VERBS,
    THOUGHT_ADJECTIVES,
    THOUGHT_NOUNS,
    THOUGHT_VERBS,
)


def act_of(a: Attribution) -> str:
    """``speech``, ``thought`` or ``finding`` for a kept candidate (`"...," she said` ->
    speech; `Democrats fear that ...` -> thought; `A poll shows ...` -> finding)."""
    lemma = a.cue_lemma
    if _is_evidence(a.speaker) and (lemma in FINDING_VERBS or a.construction != "direct"):
        return "finding"
    if a.construction == "noun":
        return "thought" if lemma in THOUGHT_NOUNS else "speech"
    if lemma in THOUGHT_VERBS or lemma in THOUGHT_ADJECTIVES:
        return "thought"
    return "speech"


def _is_evidence(speaker: Span | None) -> bool:
    """A source that is evidence: its head noun is a document, data or image (`the latest poll`,
    `video footage`, `figures from Statistics Canada`)."""
    if speaker is None or not len(speaker):
        return False
    head = speaker.root
    return head.pos_ in ("NOUN", "PROPN") and head.lower_ in DOCUMENT_NOUNS
