"""Plain-text paragraphs and roles (newsgraph.ingest.text)."""

from __future__ import annotations

import pytest

from newsgraph.ingest.load import document_from_text
from newsgraph.ingest.published import timestamp_date
from newsgraph.ingest.text import (
    classify,
    is_boilerplate,
    is_byline,
    is_caption,
    is_credit,
    is_furniture,
    line_spans,
    newline_text,
    segment,
)
from tests.conftest import DATA, POLNEAR, SEED, need_shared

ARTICLE = DATA / "ingest" / "article.txt"


def roles_of(text: str) -> list[tuple[str, str]]:
    return [(p.role, text[p.start : p.end]) for p in segment(text)]


def test_fixture_article_roles() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    assert [role for role, _ in roles_of(text)] == [
        "title",
        "byline",
        "body",
        "caption",
        "body",
        "body",  # "He declined to comment." is a short sentence of the story
        "duplicate",
        "body",
        "credit",
        "boilerplate",
        "boilerplate",
        "boilerplate",
    ]


def test_paragraph_offsets_index_the_text_and_skip_blank_lines() -> None:
    text = "  First line here.  \n\n\r\nSecond line\r\n\t\nThird\u2028Fourth"
    spans = line_spans(text)
    assert [text[s:e] for s, e in spans] == ["First line here.", "Second line", "Third", "Fourth"]
    for p in segment(text):
        assert text[p.start : p.end] == text[p.start : p.end].strip() != ""


@pytest.mark.parametrize(
    "line",
    [
        "©Getty Images",
        "© Office of Ukraine President",
        "Photo: AFP",
        "(Getty Images)",
        "Jonathan Drake / Reuters.",
        "Scott Olson via Getty Images.",
        "Credit: Jane Smith for The Times",
        "Getty/Instagram.",
        "Photograph by Anna Berg",
    ],
)
def test_bare_credits(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "International Olympic Committee President Thoms Bach, left, last visited Ukraine in "
        "July 2022 ©Office of Ukraine President",
        "A car is destroyed following shellings in Bakhmut ©Getty Images",
        "Protesters gather outside parliament on Monday (Getty Images)",
        "The minister arrives at the summit in Brussels / AFP",
        "Flood water covers the main road into town. Photo: John Smith",
        "Mayor Daniel Okafor, centre, speaks to residents at the harbour on Monday",
        "The senator gestures during a rally in Des Moines",
    ],
)
def test_captions(line: str) -> None:
    assert is_caption(line) and not is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "He declined to comment.",
        "The IOC said Bach had since spoken to Zelenskyy on the phone.",
        '"We owe it to the people who cross it every day," Okafor told reporters.',
        "But midday Saturday, Kasich's campaign announced via Twitter that it had won.",
        "Sen. Lindsey Graham (S.C.) and Rep. Pat Toomey (Pa.) are on the list.",
        "WASHINGTON (AP) — Donald Trump won the Nevada caucuses on Tuesday.",
        "However, Christian News Service reported that the administration exceeded the goal.",
        "Mr. Trump waves to supporters during rallies, aides said.",
        "Café owners said the rules would hurt them. Ségolène Royal agreed.",
    ],
)
def test_story_sentences_stay_body(line: str) -> None:
    assert classify(["Some headline for the story", "A first paragraph of the story.", line])[
        2
    ] == ("body")


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "BY JANE DOE and JOHN ROE",
        "By Jane Doe, Reuters",
        "Jane Doe, Associated Press",
        "Contributing: Grant Miller.",
        "(Reporting by David Bailey; Editing by Cynthia Osterman.)",
        "Alex Isenstadt contributed to this story.",
        "Fahrenthold reported from Washington.",
    ],
)
def test_bylines(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read the rest here.",
        "Advertisement",
        "Follow us on Facebook",
        "Follow Pam Key on Twitter @pamkeyNEN.",
        "Sign up for our daily newsletter",
        "Get the latest headlines in your inbox: subscribe now",
        "___.",
        "width:100%;",
        '<tweet tweet-id="672425547201294336"><tweet/>.',
        "WATCH: China accuses Canadian allies of hypocrisy in Huawei CFO arrest",
        "Video: Trees uprooted in Tsawwassen, B.C. and the storm's aftermath in White Rock:",
        "WATCH: Edson was one of several Alberta communities where pro-pipeline rallies were held"
        " Saturday. Hundreds of people gathered in the community in hopes of getting the federal"
        " government's attention. Albert Delitala has the details.",
    ],
)
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Watching the storm from her porch, Ms. Lee said the sea had never come so close.",
        "Photos show the damage: roofs torn off and cars overturned along the shore.",
        "Video of the arrest, which the police released on Friday, shows two officers.",
    ],
)
def test_story_sentences_about_media_are_no_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_title_from_metadata_and_from_shape() -> None:
    lines = ["Poll: Trump a big turnoff for Florida voters.", "x " * 40, "y " * 30]
    assert classify(lines)[0] == "title"
    assert classify(lines, title="Poll: Trump a big turnoff for Florida voters")[0] == "title"
    # A first paragraph that is the story's lede is not a title.
    lede = ["WASHINGTON (AP) — Senators voted on Tuesday.", "x " * 40, "y " * 30]
    assert classify(lede)[0] == "body"
    assert classify(lines, detect_title=False)[0] == "body"
    # A headline broken over two lines.
    two = [
        "Cruz channeling strategy he used in 2012;",
        "Question is whether it will pay off.",
        "x " * 40,
        "y " * 30,
    ]
    assert classify(two)[:3] == ["title", "title", "body"]


def test_duplicates_keep_offsets_of_the_repeat() -> None:
    text = "Headline\nA caption line ©Someone\nBody text of the story goes here.\nA caption line ©Someone\n"
    roles = roles_of(text)
    assert roles[1] == ("caption", "A caption line ©Someone")
    assert roles[3] == ("duplicate", "A caption line ©Someone")
    ps = segment(text)
    assert ps[3].start == text.rindex("A caption line")


def test_seed_captions_and_duplicates() -> None:
    text = need_shared(SEED).read_text(encoding="utf-8")
    paras = segment(text)
    captions = [p for p in paras if "©" in text[p.start : p.end]]
    assert len(captions) == 7  # 4 captions, 3 of them repeated
    firsts = [p for p in captions if p.role == "caption"]
    assert len(firsts) == 4
    assert all(p.role in ("caption", "duplicate") for p in captions)
    assert sum(p.role == "duplicate" for p in captions) == 3
    others = [p for p in paras if p not in captions]
    assert others and all(p.role == "body" for p in others), [
        (p.role, text[p.start : p.end][:60]) for p in others if p.role != "body"
    ]


def test_polnear_headlines_and_short_body_paragraphs() -> None:
    """On real articles: the headline line is a title, most short sentences stay body."""
    texts = sorted(need_shared(POLNEAR / "dev" / "text").glob("*.txt"))
    assert texts
    titles = 0
    demoted_sentences: list[str] = []
    for path in texts:
        text = path.read_text(encoding="utf-8")
        paras = segment(text)
        titles += paras[0].role == "title"
        for p in paras[1:]:
            line = text[p.start : p.end]
            # A sentence that names no photo agency, byline or link: must stay body.
            if (
                p.role not in ("body", "duplicate", "title")
                and line.endswith(".")
                and len(line.split()) >= 6
                and not any(k in line for k in ("Getty", "Reuters", "Follow", "reporting", "©"))
            ):
                demoted_sentences.append(line)
    assert titles >= 0.8 * len(texts)
    assert len(demoted_sentences) <= 2, demoted_sentences


def test_newline_text_maps_offsets_both_ways() -> None:
    original = "ab\r\ncd\r\n\r\nef\rgh\u2028ij\r\n"
    lf = newline_text(original)
    assert lf.text == "ab\ncd\n\nef\ngh\nij\n"
    for i, char in enumerate(lf.text):
        j = lf.original_start(i)
        assert original[j] == char or (char == "\n" and original[j] in "\r\u2028")
        assert lf.from_original(j) == i
    assert original[lf.original_start(3) : lf.original_end(5)] == "cd"
    assert original[lf.original_start(13) : lf.original_end(16)] == "ij\r\n"
    assert newline_text("no breaks\nbut LF").text == "no breaks\nbut LF"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Sunday 17 December 2023", "2023-12-17"),
        ("Published: 18 November 2019 10.15 GMT", "2019-11-18"),
        ("UPDATED: Tue., Nov. 19, 2019", "2019-11-19"),
        ("Last modified on Sun 17 Dec 2023 12.01 GMT", "2023-12-17"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22"),
        ("2023-12-17", "2023-12-17"),
        ("The council met on 17 December 2023", None),
        ("03/02/2023", None),  # 3 February or 2 March
        ("May 2023", None),
        ("2020 Audi e-tron Sportback revealed", None),
    ],
)
def test_timestamp_lines(line: str, date: str | None) -> None:
    assert timestamp_date(line) == date


def test_a_timestamp_line_at_the_top_of_a_text_is_its_date() -> None:
    text = (
        "Bridge reopens after two years\nSunday 17 December 2023\n"
        "The mayor opened the bridge on Saturday.\nThe council said the work ended early.\n"
        "Residents crossed it all afternoon.\nA correction was made to this article on\n"
        "Friday, December 4, 2015.\n"
    )
    document = document_from_text(text, published="2023-02-03")
    assert document.published == "2023-12-17"
    roles = [(p.role, text[p.start : p.end]) for p in document.paragraphs]
    assert roles[1] == ("byline", "Sunday 17 December 2023")
    assert roles[-1] == ("body", "Friday, December 4, 2015.")  # not at the top: left alone


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Install the Sky News app for free", True),
        ("Subscribe to Independent Premium to bookmark this article", True),
        ("Get alerts", True),
        ("Read more: Alibaba poised to launch record-breaking Hong Kong listing", True),
        ("Follow The New York Times Opinion section on Facebook, Twitter and Instagram.", True),
        ("CLICK HERE TO GET THE FOX NEWS APP", True),
        ("Comments", True),
        ("An error has occurred, please try again later.", True),
        # story sentences that start alike
        ("An error has occurred in the vote count, officials said.", False),
        ("Most viewed it as a betrayal of the deal.", False),
        ("Sign up for the Disney+ bundle using the same email as your Hulu account", False),
        ("He declined to comment.", False),
    ],
)
def test_page_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


def test_lines_broken_mid_sentence_are_one_paragraph() -> None:
    text = "Nicholson wrote that the plan is at the discretion of the\n\nbased on advice.\n\nnext: a list"
    paras = segment(text, detect_title=False)
    assert [text[p.start : p.end] for p in paras] == [
        "Nicholson wrote that the plan is at the discretion of the\n\nbased on advice.",
        "next: a list",
    ]
