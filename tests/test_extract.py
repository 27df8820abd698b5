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


@pytest.mark.parametrize("published", ["yesterday", "2023-02-30", "03/02/2023", ""])
def test_a_published_that_is_not_a_date_is_refused_as_the_cli_refuses_it(published: str) -> None:
    with pytest.raises(ValueError, match=r"not a date \(YYYY-MM-DD\): "):
        newsgraph.extract("The mayor spoke on Monday.", published=published)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text_or_html": 42}, "text_or_html must be str or bytes, not int"),
        ({"text_or_html": "x", "published": 20230203}, "published must be a YYYY-MM-DD"),
        ({"text_or_html": "x", "title": ["a"]}, "title must be a str or None, not list"),
    ],
)
def test_arguments_of_the_wrong_type_say_which(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        newsgraph.extract(**kwargs)  # type: ignore[arg-type]


def test_published_as_a_date_object(nlp: object) -> None:
    import datetime as dt

    record = newsgraph.extract("The mayor spoke last week.", published=dt.date(2023, 2, 3))
    assert record.article.published == "2023-02-03"
    assert [d.value for d in record.dates] == ["2023-W04"]


def test_bytes_are_decoded_as_the_cli_decodes_them(nlp: object) -> None:
    text = "The mayor of Zürich, Corine Mauch, spoke on Monday."
    record = newsgraph.extract(text.encode("cp1252"), published="2024-05-14")
    assert record.article.text == text
    assert record.warnings == ["not UTF-8; decoded as cp1252 (detected)"]
    assert newsgraph.extract(text.encode("utf-8")).article.text == text
    html = b"<html><body><article><p>The mayor said the bridge will reopen in May.</p></article></body></html>"
    assert newsgraph.extract(html).article.text == "The mayor said the bridge will reopen in May."
    with pytest.raises(InputError, match="binary file"):
        newsgraph.extract(b"%PDF-1.4 ...")
