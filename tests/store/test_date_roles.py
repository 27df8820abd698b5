"""A date keeps its role (body or caption) through the store: the role is its paragraph's."""

from __future__ import annotations

from newsgraph.model import Article, DateMention, Paragraph, Record
from newsgraph.store import Store

TEXT = "Bach visited Kyiv last June ©IOC\n\nThe IOC met on 24 February 2022."


def test_a_caption_date_reads_back_as_a_caption_date(store: Store) -> None:
    caption, body = TEXT.split("\n\n")
    start = TEXT.index(body)
    record = Record(
        source="mem:roles",
        article=Article(text=TEXT, published="2023-02-03"),
        paragraphs=[
            Paragraph(start=0, end=len(caption), role="caption"),
            Paragraph(start=start, end=len(TEXT), role="body"),
        ],
        dates=[
            DateMention(start=18, end=27, text="last June", value="2022-06", role="caption"),
            DateMention(
                start=TEXT.index("24"),
                end=TEXT.index("24") + 16,
                text="24 February 2022",
                value="2022-02-24",
            ),
        ],
    )
    assert TEXT[18:27] == "last June"
    assert store.add(record) is True
    (article_id,) = [a.id for a in store.articles()]
    again = store.article(article_id)
    assert [(d.text, d.role) for d in again.dates] == [
        ("last June", "caption"),
        ("24 February 2022", "body"),
    ]
    assert again.to_dict() == record.to_dict()
