"""What kind of act a quote reports: ``speech``, ``thought`` or ``finding``.

Decided from the cue word, the source and what the content is, by semantic class (the lists in
:mod:`newsgraph.nlp.quotes.lexicon`):

- **finding**: what evidence shows: a source that is a document, data or an image (`a poll
  shows`, `according to the figures`, `video footage appeared to show`), or a verb of evidence
  and perception whatever its subject (`the attack showed that ...`, `the court heard that`);
- **thought**: a state of mind or a position: verbs, nouns and adjectives of belief, feeling,
  desire and intention (`believes that`, `her hope to`, `is afraid that`, `declined to`), and a
  position on something rather than a statement about it (`criticized the plan`, `supports
  Sanders`: the content is a bare noun phrase);
- **speech** otherwise: a statement (`said that ...`, `told reporters ...`), quoted words, a
  directive or promise (`urged voters to ...`, `vowed to fight`), a labelled object (`called the
  plan a disaster`).
"""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.nlp.quotes.attribution import Attribution
from newsgraph.nlp.quotes.lexicon import (
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_OR_SPEECH_VERBS,
    FINDING_VERBS,
    THOUGHT_ADJECTIVES,
    THOUGHT_NOUNS,
    THOUGHT_VERBS,
)


def act_of(a: Attribution) -> str:
    """``speech``, ``thought`` or ``finding`` for a kept candidate (`"...," she said` ->
    speech; `Democrats fear that ...` -> thought; `A poll shows ...` -> finding)."""
    lemma = a.cue_lemma
    if _is_evidence(a.speaker) and (
        lemma in FINDING_VERBS | EVIDENCE_OR_SPEECH_VERBS or not a.direct
    ):
        return "finding"
    if lemma in FINDING_VERBS:
        return "finding"
    if a.construction == "noun":
        return "thought" if lemma in THOUGHT_NOUNS else "speech"
    if lemma in THOUGHT_VERBS or lemma in THOUGHT_ADJECTIVES:
        return "thought"
    return _speech_or_position(a)


def _speech_or_position(a: Attribution) -> str:
    """A statement, or a position on something (`criticized the plan`, `declined to comment`)."""
    if a.verbatim or a.content_type in ("clause", "quoted", "predicate"):
        return "speech"
    if a.content_type == "infinitive":
        return "speech" if a.cue_lemma in DIRECTIVE_VERBS else "thought"
    return "thought"


def _is_evidence(speaker: Span | None) -> bool:
    """A source that is evidence: its head noun is a document, data or an image (`the latest
    poll`, `video footage`, `figures from Statistics Canada`)."""
    if speaker is None or not len(speaker):
        return False
    head = speaker.root
    return head.pos_ in ("NOUN", "PROPN") and head.lower_ in DOCUMENT_NOUNS
