"""``newsgraph_morphology`` writes exactly what the model's attribute ruler and lemmatizer write."""

from __future__ import annotations

import pytest
import spacy

import newsgraph.nlp  # noqa: F401  (registers the factory)
from newsgraph.nlp.pipeline import MODEL_NAME, build_pipeline
from tests.conftest import POLNEAR, ROOT, need_shared

# Every special pattern of the English ruler and lemmatizer, in news-like text: pronouns and
# determiners with their morphology, modals, "there is" (expletive), "gonna", "let's", "y'all",
# "ain't", "nothin'", auxiliaries, whitespace tokens, comparatives, irregular plurals and verbs.
CONSTRUCTIONS = """\
There are   three things we're gonna do, and let's be clear: y'all ain't seen nothin' yet.

"I'd rather they had told us," she said. He himself wrote to them; it wasn't theirs.
The mice were fleeing as the geese flew over bigger, better and best-known villages.
That is what those officials said this week:  these are the children's toys.
Could she have been misled? She would've been, if anyone had been briefing everybody.
"""


@pytest.fixture(scope="module")
def pipelines():
    reference = spacy.load(MODEL_NAME)
    fast = spacy.load(MODEL_NAME)
    fast.add_pipe("newsgraph_morphology", before="attribute_ruler")
    fast.disable_pipe("attribute_ruler")
    fast.disable_pipe("lemmatizer")
    return reference, fast


def _annotations(doc):
    return [
        (t.i, t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i, t.ent_type_)
        for t in doc
    ]


def _assert_same(pipelines, texts):
    reference, fast = pipelines
    compared = 0
    for expected, got in zip(reference.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(expected)
        compared += len(got)
    return compared


def test_same_annotations_as_the_spacy_components_on_special_constructions(pipelines):
    assert _assert_same(pipelines, [CONSTRUCTIONS, CONSTRUCTIONS.upper()]) > 150


def test_same_annotations_on_the_bundled_sample(pipelines):
    text = (ROOT / "examples" / "sample-article.txt").read_text(encoding="utf-8")
    assert _assert_same(pipelines, [text]) > 200


def test_same_annotations_on_news_text(pipelines):
    paths = sorted((need_shared(POLNEAR) / "dev" / "text").glob("*.txt"))[:12]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert _assert_same(pipelines, texts) > 5000


def test_cached_answers_do_not_leak_between_documents(pipelines):
    """The same word gets its own lemma in each context (the cache key holds POS and morphology)."""
    _, fast = pipelines
    first = fast("She saw the saw. They were sawing.")
    second = fast("The saw was old. She saw it.")
    assert [t.lemma_ for t in first if t.lower_ == "saw"] == ["see", "saw"]
    assert [t.lemma_ for t in second if t.lower_ == "saw"] == ["saw", "see"]


def test_patterns_outside_the_fast_path_go_through_a_matcher():
    """A ruler pattern with an operator still applies, with the ruler's precedence."""
    reference = spacy.blank("en")
    ruler = reference.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}, {"IS_TITLE": True, "OP": "+"}]], {"TAG": "NNP"})
    ruler.add([[{"LOWER": "new"}]], {"LEMMA": "NEW"})
    ruler.add([[{"LOWER": "york"}]], {"LEMMA": "york-city"}, index=0)
    fast = spacy.blank("en")
    fast.add_pipe("attribute_ruler").from_bytes(ruler.to_bytes())
    fast.add_pipe("newsgraph_morphology")
    fast.disable_pipe("attribute_ruler")
    component = fast.get_pipe("newsgraph_morphology")
    assert component.matched, "the operator pattern should fall back to the Matcher"
    text = "He moved to New York from new jersey."
    assert [(t.tag_, t.lemma_) for t in fast(text)] == [(t.tag_, t.lemma_) for t in reference(text)]
    assert fast(text)[3].tag_ == "NNP"


def test_the_models_own_lemmatizer_is_left_untouched():
    nlp = build_pipeline(components=())
    assert "newsgraph_morphology" in nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.disabled)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())  # sets only in the copy
    assert nlp.get_pipe("newsgraph_morphology").lemmatizer is not nlp.get_pipe("lemmatizer")
    doc = nlp("The officials said they were considering boycotts.")
    assert [t.lemma_ for t in doc][:6] == ["the", "official", "say", "they", "be", "consider"]


def test_fast_morphology_can_be_turned_off():
    nlp = build_pipeline(components=(), fast_morphology=False)
    assert "newsgraph_morphology" not in nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names)
