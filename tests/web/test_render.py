"""The article renderer (offsets → escaped, nested spans) and the SVG timeline."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from newsgraph.model import Paragraph, Record
from newsgraph.web.render import Mark, render_record, render_span, speakers
from newsgraph.web.timeline import Event, Lane, period, timeline_svg
from tests.web.conftest import harbour_record, injection_record


class _Checker(HTMLParser):
    """Checks well-formedness (every span closed in order) and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], "unclosed tags"
    return checker


def test_crossing_marks_are_split_into_well_formed_spans() -> None:
    text = "abcdefghij"
    marks = [Mark(1, 6, 0, "q", anchor="Q1"), Mark(4, 9, 3, "ent")]
    html = render_span(text, 0, 10, marks)
    checked = parse(html)
    assert "".join(checked.text) == text
    # the mention runs past the quote's end: it is split into two pieces
    assert [a.get("class") for t, a in checked.tags] == ["q", "ent", "ent"]
    # the anchor id is on the first piece only
    assert [a.get("id") for _, a in checked.tags].count("Q1") == 1
    assert html == (
        'a<span id="Q1" class="q" tabindex="0">bcd<span class="ent">ef</span></span>'
        '<span class="ent">ghi</span>j'
    )


def test_marks_are_clipped_to_the_paragraph() -> None:
    text = "one two\nthree four"
    quote = Mark(4, 13, 0, "q", {"data-q": "Q1"}, anchor="Q1")
    first = render_span(text, 0, 7, [quote])
    second = render_span(text, 8, 18, [quote])
    assert first == 'one <span id="Q1" class="q" data-q="Q1" tabindex="0">two</span>'
    assert second == '<span class="q" data-q="Q1">three</span> four'


def test_every_text_piece_and_attribute_is_escaped() -> None:
    text = 'x <script>alert("1")</script> & "y"'
    mark = Mark(2, 10, 0, "q", {"data-speaker": '"><script>alert(2)</script>'})
    html = render_span(text, 0, len(text), [mark])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert 'data-speaker="&#34;&gt;&lt;script&gt;' in html
    assert "".join(parse(html).text) == text


def test_record_rendering_covers_quotes_cues_speakers_and_captions() -> None:
    record = harbour_record()
    rendered = render_record(record)
    assert [p.role for p in rendered.apart] == ["caption"]
    assert len(rendered.body) == 3
    body = "\n".join(str(p.html) for p in rendered.body)
    checked = parse(body)
    classes = [a.get("class") or "" for _, a in checked.tags]
    assert sum(c.startswith("q ") for c in classes) == 2
    assert any(c.startswith("cue ") for c in classes)
    assert any(c.startswith("spk ") for c in classes)
    # the two speakers get two different colours, and the legend names them
    names = {s.name: s.colour for s in rendered.speakers}
    assert names.keys() == {"Anna Lindqvist", "Peter Holm"}
    assert len(set(names.values())) == 2
    q1 = next(a for t, a in checked.tags if a.get("id") == "Q1")
    assert q1["data-speaker"] == "Anna Lindqvist"
    assert re.search(r"\bc\d\b", q1["class"] or "")
    # the visible text of each body paragraph is exactly the article text
    for p in rendered.body:
        assert "".join(parse(str(p.html)).text) == record.article.text[p.start : p.end]


def test_speaker_without_entity_is_grey_and_unattributed_quote_too() -> None:
    record = harbour_record()
    data = record.to_dict()
    data["quotes"][1]["speaker"] = None
    data["quotes"][0]["speaker"]["entity"] = None
    colours = speakers(Record.from_dict(data))
    assert colours[""].colour == -1 and colours[""].name == "unknown speaker"
    assert colours["Anna Lindqvist"].colour == 0


def test_injection_record_renders_as_text() -> None:
    rendered = render_record(injection_record())
    html = "".join(str(p.html) for p in rendered.body)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__ng_pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html


def test_record_without_paragraphs_renders_whole_text() -> None:
    record = Record.from_dict({"article": {"text": "Just a line."}})
    rendered = render_record(record)
    assert [str(p.html) for p in rendered.body] == ["Just a line."]
    record.paragraphs = [Paragraph(start=0, end=12, role="duplicate")]
    assert render_record(record).hidden == 1


def test_periods_follow_the_precision_of_the_date() -> None:
    assert period("2023-02-03") == (dt.date(2023, 2, 3), dt.date(2023, 2, 3))
    assert period("2022-07") == (dt.date(2022, 7, 1), dt.date(2022, 7, 31))
    assert period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period("2023-W05") == (dt.date(2023, 1, 30), dt.date(2023, 2, 5))
    assert period(None) is None and period("soon") is None and period("2023-02-30") is None


def test_timeline_svg_draws_dots_and_bars_with_escaped_tooltips() -> None:
    lanes = [
        Lane("said", "said", [Event("2023-02-03", "<b>x</b> said", "/articles/1#Q1")]),
        Lane("events", "event", [Event("2022-07", "July", None), Event(None, "undated")]),
    ]
    svg = str(timeline_svg(lanes, title="T & <T>"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 1 and svg.count("<rect") == 1
    assert '<a href="/articles/1#Q1">' in svg
    assert "&lt;b&gt;x&lt;/b&gt; said" in svg and "<b>" not in svg
    assert "T &amp; &lt;T&gt;" in svg
    # the bar for July 2022 lies left of the dot for February 2023
    bar_x = float(re.search(r'<rect[^>]* x="([\d.]+)"', svg)[1])  # type: ignore[index]
    dot_x = float(re.search(r'<circle[^>]* cx="([\d.]+)"', svg)[1])  # type: ignore[index]
    assert bar_x < dot_x
    assert "No dated" in str(timeline_svg([Lane("x", "said", [Event(None, "n")])]))
