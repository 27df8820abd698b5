"""``newsgraph_morphology``: the model's attribute ruler and lemmatizer, computed once per distinct token.

Reads from the ``Doc``: each token's ``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE`` (set by the tagger
and the parser) and ``ORTH``. Writes: each token's ``pos``, ``morph`` and ``lemma`` (and, for the
few patterns that say so, ``tag``/``dep``): exactly what the model's own ``attribute_ruler`` and
``lemmatizer`` write, from their own patterns and lookup tables. ``tests/nlp/test_morphology.py``
checks that token for token against the spaCy components on news text.

Why not just run those two components: in ``en_core_web_sm`` they take about a third of the whole
pipeline's time on news text (``python -m bench speed``), more than the parser. The attribute ruler
applies each of its matches in Python, one ``Span`` per match (every token matches its tag's
pattern), and the English rule lemmatizer answers base forms (singular nouns, infinitives: most
tokens) before it consults its cache, re-reading the morphology each time. Both answers depend only
on a few attributes of the token, so this component works them out once per distinct key, keeps
them across documents, and writes all tokens at once with ``Doc.from_array``.

:func:`newsgraph.nlp.pipeline.build_pipeline` adds this component where the ruler was and disables
(keeps loaded, does not run) the two spaCy components, whose data it reads. The ruler's patterns
are evaluated here when they are fixed sequences of tokens testing ``TAG``/``LOWER``/``ORTH``/
``DEP``/``IS_SPACE`` with a value, ``IN``, ``NOT_IN`` or ``REGEX`` (all of the English model's); any
other pattern goes through a spaCy ``Matcher`` built from just those patterns. Precedence is the
ruler's: patterns apply in the order they were added, later ones winning.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

_KEY = [TAG, LOWER, DEP, IS_SPACE, ORTH]  # what the fast path reads, in this order
_KEY_NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH")
_WRITABLE = {"POS", "MORPH", "LEMMA", "TAG", "DEP"}
_CACHE_LIMIT = 500_000  # distinct keys kept per process (tens of MB at most), then start again

Test = dict[str, tuple[str, Any]]  # attribute -> (operator, argument)
Attrs = dict[str, Any]


def _token_test(token_pattern: dict[str, Any]) -> Test | None:
    """One token of a pattern as ``{attr: (op, arg)}``, or None if the fast path cannot test it."""
    tests: Test = {}
    for attr, value in token_pattern.items():
        attr = "ORTH" if attr.upper() == "TEXT" else attr.upper()
        if attr not in _KEY_NAMES:
            return None
        if not isinstance(value, dict):
            tests[attr] = ("in", frozenset([value]))
        elif len(value) != 1:
            return None
        elif "IN" in value:
            tests[attr] = ("in", frozenset(value["IN"]))
        elif "NOT_IN" in value:
            tests[attr] = ("not_in", frozenset(value["NOT_IN"]))
        elif "REGEX" in value:
            tests[attr] = ("regex", re.compile(value["REGEX"]))
        else:
            return None
    return tests


def _passes(values: dict[str, Any], tests: Test) -> bool:
    for attr, (op, arg) in tests.items():
        value = values[attr]
        if op == "in":
            if value not in arg:
                return False
        elif op == "not_in":
            if value in arg:
                return False
        elif not (isinstance(value, str) and arg.search(value)):  # the Matcher's re.search
            return False
    return True


def _indexed_copy(lemmatizer: Any) -> Any:
    """The model's lemmatizer (same class, rules and tables) with its word index as sets.

    The rule lemmatizer asks ``form in index`` for every candidate form, and the English index is a
    list of tens of thousands of nouns, scanned end to end for each new word. Sets answer it in
    constant time. The copy is private, so the model's own lemmatizer (and its serialisation) is
    left untouched."""
    from spacy.lookups import Lookups

    if getattr(lemmatizer, "mode", None) != "rule":
        return lemmatizer
    copy = type(lemmatizer)(
        lemmatizer.vocab,
        None,
        name=lemmatizer.name,
        mode="rule",
        overwrite=bool(lemmatizer.overwrite),
    )
    lookups = Lookups()
    for table_name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(table_name)
        data = dict(table.items())
        if table_name == "lemma_index":
            data = {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}
        lookups.add_table(table_name, data)
    copy.lookups = lookups
    return copy


class _Key:
    """What the cache holds for one distinct token key."""

    __slots__ = ("lemma", "matches", "morph", "other", "pos", "starts")

    def __init__(self, matches: list[tuple[int, Attrs]], starts: tuple[int, ...]) -> None:
        self.matches = matches  # single-token patterns matching, (attr_id, attrs), in order
        self.starts = starts  # sequence patterns whose first token this key passes
        self.pos = self.morph = self.lemma = -1  # attribute ids once resolved, -1 = not set
        self.other: Attrs | None = None  # TAG / DEP to set one by one (whitespace tokens)


class Morphology:
    """POS, morphology and lemmas as the model's ruler and lemmatizer would set them, cached."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsgraph_morphology",
        *,
        ruler: str = "attribute_ruler",
        lemmatizer: str = "lemmatizer",
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lemmatizer = (
            _indexed_copy(nlp.get_pipe(lemmatizer)) if lemmatizer in nlp.component_names else None
        )
        # (attr_id, tests, attrs) for single-token patterns, by the tag they need ("" = any)
        self.by_tag: dict[str, list[tuple[int, Test, Attrs]]] = {}
        # (attr_id, token index, tests per token, attrs) for fixed sequences of tokens
        self.sequences: list[tuple[int, int, list[Test], Attrs]] = []
        # everything else: a spaCy Matcher, match id -> (attr_id, token index, attrs)
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matched: dict[int, tuple[int, int, Attrs]] = {}
        if ruler in nlp.component_names:
            ruler_pipe: Any = nlp.get_pipe(ruler)
            for attr_id, entry in enumerate(ruler_pipe.patterns):
                self._add(attr_id, entry)
        self._keys: dict[tuple[int, ...], _Key] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def _add(self, attr_id: int, entry: dict[str, Any]) -> None:
        attrs = {k.upper(): v for k, v in entry["attrs"].items()}
        if not set(attrs) <= _WRITABLE:
            raise ValueError(f"{self.name}: cannot set {sorted(attrs)} from the attribute ruler")
        index = int(entry.get("index", 0))
        for pattern in entry["patterns"]:
            tests = [_token_test(token) for token in pattern]
            if any(t is None for t in tests) or not -len(pattern) <= index < len(pattern):
                match_id = self.vocab.strings.add(f"{self.name}:{attr_id}")
                self.matcher.add(match_id, [pattern])
                self.matched[match_id] = (attr_id, index, attrs)
            elif len(pattern) == 1:
                single = tests[0]
                assert single is not None
                op, tags = single.get("TAG", ("", None))
                for tag in tags if op == "in" else [""]:
                    self.by_tag.setdefault(tag, []).append((attr_id, single, attrs))
            else:
                self.sequences.append((attr_id, index % len(pattern), tests, attrs))  # type: ignore[arg-type]

    # ---------------------------------------------------------------- attribute ruler
    def _values(self, key: tuple[int, ...]) -> dict[str, Any]:
        strings = self.vocab.strings
        return {
            name: bool(value) if name == "IS_SPACE" else (strings[value] if value else "")
            for name, value in zip(_KEY_NAMES, key, strict=True)
        }

    def _resolve(self, matches: list[tuple[int, Attrs]], entry: _Key) -> _Key:
        """Merge matches in the ruler's order (later patterns win) into attribute ids."""
        merged: Attrs = {}
        for _, attrs in sorted(matches, key=lambda m: m[0]):
            merged.update(attrs)
        if "POS" in merged:
            entry.pos = POS_IDS[merged["POS"]]
        if "MORPH" in merged:
            entry.morph = self.vocab.morphology.add(merged["MORPH"])
        if "LEMMA" in merged:
            entry.lemma = self.vocab.strings.add(merged["LEMMA"])
        entry.other = {k: merged[k] for k in ("TAG", "DEP") if k in merged} or None
        return entry

    def _key(self, key: tuple[int, ...]) -> _Key:
        entry = self._keys.get(key)
        if entry is None:
            values = self._values(key)
            candidates = self.by_tag.get(values["TAG"], []) + self.by_tag.get("", [])
            matches = [(a, attrs) for a, tests, attrs in candidates if _passes(values, tests)]
            starts = tuple(
                n for n, (_, _, tests, _) in enumerate(self.sequences) if _passes(values, tests[0])
            )
            entry = self._resolve(matches, _Key(matches, starts))
            if len(self._keys) >= _CACHE_LIMIT:
                self._keys.clear()
            self._keys[key] = entry
        return entry

    def _extra(self, doc: Doc, keys: list[tuple[int, ...]], entries: list[_Key]) -> dict:
        """Matches of multi-token (and Matcher) patterns, by the token they set."""
        extra: dict[int, list[tuple[int, Attrs]]] = {}
        for start, entry in enumerate(entries):
            for n in entry.starts:
                attr_id, index, tests, attrs = self.sequences[n]
                end = start + len(tests)
                if end <= len(keys) and all(
                    _passes(self._values(keys[i]), tests[i - start]) for i in range(start + 1, end)
                ):
                    extra.setdefault(start + index, []).append((attr_id, attrs))
        if self.matched:
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id, index, attrs = self.matched[match_id]
                position = (start if index >= 0 else end) + index
                if start <= position < end:
                    extra.setdefault(position, []).append((attr_id, attrs))
        return extra

    def _apply_ruler(self, doc: Doc) -> None:
        keys = [tuple(row) for row in doc.to_array(_KEY).tolist()]
        entries = [self._key(key) for key in keys]
        extra = self._extra(doc, keys, entries)
        current = doc.to_array([POS, MORPH, LEMMA])
        out = current.copy()
        others: list[tuple[int, Attrs]] = []
        for i, entry in enumerate(entries):
            if i in extra:
                entry = self._resolve([*entry.matches, *extra[i]], _Key([], ()))
            if entry.pos >= 0:
                out[i, 0] = entry.pos
            if entry.morph >= 0:
                out[i, 1] = entry.morph
            if entry.lemma >= 0:
                out[i, 2] = entry.lemma
            if entry.other:
                others.append((i, entry.other))
        if not numpy.array_equal(out, current):
            doc.from_array([POS, MORPH, LEMMA], out)  # type: ignore[arg-type]
        for i, other in others:  # whitespace tokens: few, set one by one
            if "TAG" in other:
                doc[i].tag_ = other["TAG"]
            if "DEP" in other:
                doc[i].dep_ = other["DEP"]

    # ---------------------------------------------------------------- lemmatizer
    def _apply_lemmatizer(self, doc: Doc) -> None:
        lemmatizer = self.lemmatizer
        if lemmatizer is None:
            return
        overwrite = bool(getattr(lemmatizer, "overwrite", False))
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        cache, strings = self._lemmas, self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:  # set by the ruler: the lemmatizer keeps it too
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:  # the lemma depends on exactly these (see Lemmatizer.rule_lemmatize)
                value = strings.add(lemmatizer.lemmatize(doc[i])[0])
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[key] = value
            lemmas[i] = value
        if not numpy.array_equal(lemmas, rows[:, 3]):
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]

    def __call__(self, doc: Doc) -> Doc:
        self._apply_ruler(doc)
        self._apply_lemmatizer(doc)
        return doc


@Language.factory(
    "newsgraph_morphology",
    requires=["token.tag", "token.dep"],
    assigns=["token.pos", "token.morph", "token.lemma"],
    default_config={},
)
def make_morphology(nlp: Language, name: str) -> Morphology:
    return Morphology(nlp, name)
