"""The web page's lists and names, with FastAPI's test client: paged quote lists, ambiguous and
dominated names (page and API), the graph's readable view, speaker colours, and quote marks
around verbatim words only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.model import EntityRef, GraphEdge, Record, Span
from newsgraph.store import Store
from newsgraph.web import create_app
from newsgraph.web.colours import PALETTE, colour, stylesheet
from newsgraph.web.graphview import DEFAULT_NODES, strongest
from newsgraph.web.paging import PAGE_SIZE
from newsgraph.web.quoting import quote_html, quote_plain
from tests.store.builders import make_record as store_record
from tests.web.conftest import HTML, chatty_record, crowd_record, make_record

NAV = '<nav aria-label="Main">'


def _client(tmp_path: Path, *records) -> Iterator[TestClient]:
    with Store.open(str(tmp_path / "pages.db")) as store:
        for r in records:
            assert store.add(r)
        yield TestClient(create_app(store), raise_server_exceptions=False)


@pytest.fixture
def chatty(tmp_path: Path) -> Iterator[TestClient]:
    """Mara Quist quoted 60 times (more than a page of 50), each quote about the Harbour Council."""
    yield from _client(tmp_path, chatty_record(60))


@pytest.fixture
def names(tmp_path: Path) -> Iterator[TestClient]:
    """Two Smiths of one mention each; Donald Trump (9 mentions) and an ORG "Trump" (1)."""
    yield from _client(
        tmp_path,
        store_record("John Smith spoke.", [("John Smith", "PERSON", ["John Smith"])]),
        store_record("Jane Smith spoke.", [("Jane Smith", "PERSON", ["Jane Smith"])]),
        store_record(
            " ".join(["Donald Trump spoke."] * 9),
            [("Donald Trump", "PERSON", ["Donald Trump"] * 9)],
            quotes=[{"text": "spoke", "kind": "indirect", "speaker": "Donald Trump", "entity": 1}],
        ),
        store_record("Trump fell.", [("Trump", "ORG", ["Trump"])]),
    )


# ------------------------------------------------------------------------------ paging
def test_the_entity_page_says_how_many_and_pages(chatty: TestClient) -> None:
    page = chatty.get("/entities/Mara Quist", headers=HTML).text
    said = page.split('<section id="said">', 1)[1].split("</section>", 1)[0]
    assert "Showing 1–50 of 60" in said
    assert said.count('class="hit"') == PAGE_SIZE
    nxt = re.search(r'<a rel="next" href="([^"]+)">next 10 →</a>', said)
    assert nxt and nxt.group(1) == "/entities/Mara%20Quist?said=50"
    second = chatty.get(nxt.group(1).replace("%20", " "), headers=HTML).text
    said = second.split('<section id="said">', 1)[1].split("</section>", 1)[0]
    assert "Showing 51–60 of 60" in said and said.count('class="hit"') == 10
    assert 'rel="prev" href="/entities/Mara%20Quist"' in said
    about = chatty.get("/entities/Harbour Council?about=50", headers=HTML).text
    assert "Showing 51–60 of 60" in about.split('<section id="about">', 1)[1]


def test_search_results_say_how_many_and_page(chatty: TestClient) -> None:
    page = chatty.get("/quotes", params={"about": "plan", "kind": "direct"}, headers=HTML).text
    assert "60 quotes found · showing 1–50 of 60" in page
    assert page.count('class="hit"') == 50
    # "next" carries the offset (for the label) and the page's cursor (where the store goes on)
    nxt = re.search(
        r'rel="next" href="(/quotes\?about=plan&amp;kind=direct&amp;offset=50&amp;cursor=[^"]+)"',
        page,
    )
    assert nxt, "the next page's link"
    rest = chatty.get(nxt.group(1).replace("&amp;", "&"), headers=HTML).text
    assert "showing 51–60 of 60" in rest and rest.count('class="hit"') == 10
    by_offset = chatty.get("/quotes?about=plan&kind=direct&offset=50", headers=HTML).text
    assert _hit_texts(by_offset) == _hit_texts(rest)
    assert 'rel="prev" href="/quotes?about=plan&amp;kind=direct"' in rest
    few = chatty.get("/quotes", params={"about": "Point 7"}, headers=HTML).text
    assert "1 quote found</p>" in few  # everything on one page: no "showing"
    # the JSON API is unchanged: a list
    assert len(chatty.get("/quotes", params={"about": "plan"}).json()) == 50


def _hit_texts(page: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<blockquote[^>]*><a href="([^"]+)"', page)


def test_a_count_past_the_cap_says_more_than(chatty: TestClient, monkeypatch) -> None:
    import newsgraph.web.pages as pages

    monkeypatch.setattr(pages, "COUNT_CAP", 20)
    page = chatty.get("/quotes", params={"about": "plan", "limit": 10}, headers=HTML).text
    assert "more than 20 quotes found · showing 1–10 of more than 20" in page
    assert re.search(r'rel="next" href="[^"]*offset=10&amp;cursor=[^"]+">next 10 →', page)


def test_the_search_forms_about_is_the_clis_about(chatty: TestClient) -> None:
    page = chatty.get("/quotes", headers=HTML).text
    about = re.search(r'<label class="grow">About <input type="search" name="(\w+)"', page)
    assert about and about.group(1) == "about"  # words in the quote, as --about
    assert re.search(r'<label>Mentions <input type="text" name="mentions"', page)
    assert not re.search(r'<label>About <input type="text" name="mentions"', page)


# ------------------------------------------------------------------------------ names
def test_an_ambiguous_name_lists_the_candidates_inside_the_page(names: TestClient) -> None:
    r = names.get("/entities/Smith", headers=HTML)
    assert r.status_code == 409 and NAV in r.text and 'href="/articles"' in r.text
    assert "Which “Smith”?" in r.text
    links = re.findall(r'<li><a href="(/entities/C\d+)">(\w+ Smith)</a>', r.text)
    assert sorted(name for _, name in links) == ["Jane Smith", "John Smith"]
    assert names.get(links[0][0]).json()["name"] == links[0][1]
    # the search page keeps its form and links each candidate into the same search
    r = names.get("/quotes", params={"speaker": "smith", "about": "spoke"}, headers=HTML)
    assert r.status_code == 409 and 'value="smith"' in r.text and NAV in r.text
    assert re.search(r'href="/quotes\?about=spoke&amp;speaker=C\d+">Jane Smith</a>', r.text)


def test_error_pages_keep_the_navigation(names: TestClient) -> None:
    r = names.get("/articles/999", headers=HTML)
    assert r.status_code == 404 and NAV in r.text and 'href="/graph"' in r.text


def test_an_ambiguous_name_is_a_json_409_with_the_candidates(names: TestClient) -> None:
    for url in ("/entities/Smith", "/quotes?speaker=Smith"):
        r = names.get(url)
        assert r.status_code == 409
        body = r.json()
        assert body["name"] == "Smith"
        assert {c["name"] for c in body["candidates"]} == {"John Smith", "Jane Smith"}
        assert body["message"].startswith("'Smith' fits 2 entities and none has most")


def test_a_dominant_entity_is_used_and_the_page_says_so(names: TestClient) -> None:
    assert names.get("/entities/Trump").json()["name"] == "Donald Trump"
    page = names.get("/entities/Trump", headers=HTML).text
    assert "<h1>Donald Trump" in page
    note = page.split('class="notice name-note"', 1)[1].split("</p>", 1)[0]
    assert "“Trump” is taken to mean" in note and "90% of the mentions" in note
    assert re.search(r'<a href="/entities/C\d+">Trump</a> <span class="muted">\(ORG', note)
    search = names.get("/quotes?speaker=Trump", headers=HTML).text
    assert "is taken to mean" in search and "1 quote found" in search
    assert re.search(r'href="/quotes\?speaker=C\d+">Trump</a>', search)


# ------------------------------------------------------------------------------ graph
def test_the_graph_opens_on_the_strongest_links(tmp_path: Path) -> None:
    for c in _client(tmp_path, *(crowd_record(k) for k in range(8))):
        every = c.get("/graph").json()
        assert len({n["id"] for e in every for n in (e["source"], e["target"])}) == 240
        page = c.get("/graph", headers=HTML).text
        data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page)
        assert data is not None
        shown = c.get(f"/graph?max_nodes={DEFAULT_NODES}").json()
        assert len(shown) == data.group(1).count('"weight"')
        nodes = {n["id"] for e in shown for n in (e["source"], e["target"])}
        assert len(nodes) <= DEFAULT_NODES
        assert shown[0]["weight"] == 2  # the strongest first
        assert f"between {len(nodes)} of the 240 entities" in page
        more = re.search(r'<a class="more" href="([^"]+)">Show more</a>', page)
        assert more and more.group(1) == f"/graph?min_weight=1&amp;max_nodes={2 * DEFAULT_NODES}"
        everything = c.get("/graph?max_nodes=240", headers=HTML).text
        assert "All 160 links between 240 entities." in everything


def test_strongest_keeps_the_node_limit() -> None:
    every = [e for k in range(3) for e in _edges_of(crowd_record(k))]
    for limit in (1, 2, 5, 17, 40):
        chosen = strongest(every, limit)
        assert len({n.id for e in chosen for n in (e.source, e.target)}) <= limit
    assert strongest(every, None) == every


def _edges_of(record: Record) -> list[GraphEdge]:
    """The graph edges of one crowd record, as the store would make them (ids: names)."""
    names = {e.id: e for e in record.entities}
    edges = []
    for q in record.quotes:
        src = names[q.speaker.entity]
        for e in record.entities:
            if e.type == "ORG" and any(q.start <= m.start < q.end for m in e.mentions):
                edges.append(
                    GraphEdge(
                        source=EntityRef(id=src.name, name=src.name, type=src.type),
                        target=EntityRef(id=e.name, name=e.name, type=e.type),
                        weight=1,
                    )
                )
    return edges


# ------------------------------------------------------------------------------ colours
def test_every_speaker_of_an_article_has_a_colour_of_its_own(tmp_path: Path) -> None:
    for c in _client(tmp_path, crowd_record(0, speakers=14)):
        page = c.get("/articles/1", headers=HTML).text
        classes = {
            re.search(r"\bc(\d+)\b", m).group(1)  # type: ignore[union-attr]
            for m in re.findall(r'class="q (c\d+) q-', page)
        }
        assert len(classes) == 14
        assert 'href="/speaker-colours.css?n=14"' in page
        css = c.get("/speaker-colours.css?n=14")
        assert css.headers["content-type"].startswith("text/css")
        rules = re.findall(r"\.c(\d+) \{ --hl: ([^;]+);", css.text)
        assert [int(i) for i, _ in rules] == list(range(14))
        assert len({hl for _, hl in rules}) == 14
    assert len({colour(i) for i in range(300)}) == 300
    assert [colour(i) for i in range(len(PALETTE))] == list(PALETTE)
    assert stylesheet(10_000).count("--hl") == 1000


# ------------------------------------------------------------------------------ quote marks
class _Quote:
    def __init__(self, text: str, parts: list[Span], verbatim: list[Span]) -> None:
        self.text, self.parts, self.verbatim = text, parts, verbatim


def _quote(article: str, content: str, *verbatim: str) -> _Quote:
    start = article.index(content)
    spans = [Span(start=article.index(v), end=article.index(v) + len(v)) for v in verbatim]
    return _Quote(content, [Span(start=start, end=start + len(content))], spans)


def test_only_verbatim_words_are_in_quote_marks() -> None:
    text = 'The IOC said it was "deeply saddened" by the deaths, and that it would act.'
    mixed = _quote(text, 'it was "deeply saddened" by the deaths', "deeply saddened")
    assert quote_plain(mixed) == "it was “deeply saddened” by the deaths"
    assert str(quote_html(mixed)) == (
        'it was <span class="vb">“deeply saddened”</span> by the deaths'
    )
    paraphrase = _quote(text, "that it would act", *())
    assert quote_plain(paraphrase) == "that it would act"
    said = '"We will not let the city be cut in two," Lindqvist said.'
    direct = _quote(said, "We will not let the city be cut in two,", "We will not let the city")
    direct.verbatim = [Span(start=1, end=said.index(",") + 1)]
    assert quote_plain(direct) == "“We will not let the city be cut in two,”"
    assert quote_plain(mixed, limit=20) == "it was “deeply…”"


def test_an_interrupted_quote_marks_each_part() -> None:
    article = "“The law is unbelievable,” Trump said. “It is something.”"
    first, second = article.index("The"), article.index("It is")
    q = _Quote(
        "The law is unbelievable, It is something.",
        [Span(start=first, end=first + 24), Span(start=second, end=second + 16)],
        [Span(start=first, end=first + 23), Span(start=second, end=second + 16)],
    )
    assert quote_plain(q) == "“The law is unbelievable,” “It is something.”"


def test_quote_marks_escape_the_article_text() -> None:
    text = 'He said "<b>no</b>" twice.'
    q = _quote(text, 'said "<b>no</b>" twice', "<b>no</b>")
    assert str(quote_html(q)) == 'said <span class="vb">“&lt;b&gt;no&lt;/b&gt;”</span> twice'


def test_the_article_and_the_lists_mark_only_verbatim_words(tmp_path: Path) -> None:
    text = 'Anna Lindqvist said the bridge was "nearly ready" again.\nShe said it would open.\n'
    record = make_record(
        text,
        title="Bridge",
        published="2024-03-01",
        entities={"E1": ("PERSON", ["Anna Lindqvist"])},
        quotes=[('the bridge was "nearly ready" again', "Anna Lindqvist", "E1", "said")],
    )
    q = record.quotes[0]
    q.kind = "mixed"
    at = text.index("nearly ready")
    q.verbatim = [Span(start=at, end=at + len("nearly ready"))]
    for c in _client(tmp_path, record):
        listed = c.get("/articles/1", headers=HTML).text.split('class="quote-list"', 1)[1]
        assert 'the bridge was <span class="vb">“nearly ready”</span> again' in listed
        hits = c.get("/quotes", headers=HTML).text
        assert 'the bridge was <span class="vb">“nearly ready”</span> again' in hits
        assert "“the bridge" not in hits
