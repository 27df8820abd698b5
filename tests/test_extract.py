"""``newsgraph.extract`` on arbitrary input: never raises, and every offset slices the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsgraph
from newsgraph.ingest.document import InputError
from newsgraph.schema import validate
from tests.conftest import assert_offsets

# Text that looks a little like news: words, names, quotes, credits, newlines, odd characters.
_PIECES = st.sampled_from(
    [
        "Thomas Bach",
        "the IOC",
        " said ",
        '"',
        "“",
        "”",
        "'",
        ". ",
        ", ",
        "\n",
        "\n\n",
        "\r\n",
        " ©Getty Images",
        "By Jane Doe",
        "last June",
        "24 February 2022",
        "Advertisement",
        "\u2028",
        "\t",
        " ",
        "<p>",
        "é",
        "🙂",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_TEXT, published=st.sampled_from([None, "2023-02-03"]))
def test_extract_never_raises_and_offsets_hold(
    nlp: object, text: str, published: str | None
) -> None:
    try:
        record = newsgraph.extract(text, published=published)
    except InputError:
        assert not text.strip() or text.lstrip().startswith("<")  # empty, or HTML with no article
        return
    validate(record.to_dict())
    assert_offsets(record)
    if not text.lstrip().startswith("<"):
        assert record.article.text == text  # plain text: nothing deleted
        for p in record.paragraphs:
            assert text[p.start : p.end] == text[p.start : p.end].strip()


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        newsgraph.extract(text)
