"""The web page in real headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright).

The app runs under uvicorn in a thread on a free loopback port, over a temporary SQLite store
holding the seed article (extracted by the real pipeline) and two hand-built articles, one of
them carrying a ``<script>`` in its text. Screenshots of every page are written to a temporary
directory, or to ``$NEWSGRAPH_SCREENSHOTS`` when set (``docs/screenshots`` is made that way, see
docs/web.md).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsgraph.store import Store
from newsgraph.web import create_app
from tests.web.conftest import crowd_record, harbour_record, injection_record

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
IOC = re.compile(r"Olympic Committee|\bIOC\b")
# Quotes the seed article attributes to the IOC (the statements it issued).
IOC_QUOTES = (
    "currently there are no plans for another visit to Ukraine",
    "deeply saddened",
    "The IOC took a very strong stance against the war",
)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(store: Store) -> Iterator[str]:
    """The app over ``store``, served by uvicorn on a free 127.0.0.1 port in a thread."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seed_record: Any) -> Iterator[dict[str, Any]]:
    """The app over a temporary store, served by uvicorn on 127.0.0.1 in a thread."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (scripts/system-deps.sh)")
    db = tmp_path_factory.mktemp("web") / "site.db"
    store = Store.open(str(db))
    seed = seed_record.model_copy(deep=True)
    seed.article.title = "IOC rejects Zelenskyy's invitation to visit Bakhmut"
    assert store.add(seed)
    assert store.add(harbour_record())
    assert store.add(injection_record())
    ids = {a.title: a.id for a in store.articles()}
    with _serving(store) as base:
        yield {
            "base": base,
            "seed": ids[seed.article.title],
            "hacked": ids["Union site <b>defaced</b>"],
            "store": store,
        }
    store.close()


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app over a store of invented crowds: 8 articles of 10 speakers each, every speaker
    quoted about two organisations of their own (240 entities, 160 links)."""
    with Store.open(str(tmp_path_factory.mktemp("crowd") / "crowd.db")) as store:
        for k in range(8):
            assert store.add(crowd_record(k))
        first = next(a.id for a in store.articles(limit=10) if a.title == "Crowd meeting 0")
        with _serving(store) as base:
            yield {"base": base, "first": first, "store": store}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("NEWSGRAPH_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _watched_page(browser: Any, base: str, width: int = 1360, height: int = 900) -> Iterator[Any]:
    """A fresh page that records console errors and every request it makes; at the end, nothing
    was fetched from anywhere but the app itself (no CDN), and no script failed."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )
    pg = context.new_page()
    pg.problems = []  # console errors, page errors (script exceptions, CSP violations)
    pg.requests = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    outside = [u for u in pg.requests if not u.startswith((base, "data:", "about:"))]
    assert outside == []
    assert pg.problems == []
    context.close()


@pytest.fixture
def page(browser: Any, site: dict[str, Any]) -> Iterator[Any]:
    with _watched_page(browser, site["base"]) as pg:
        yield pg


def _shot(page: Any, shots: Path, name: str, full: bool = False) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one


def test_article_view_highlights_and_attributes_ioc_quotes(
    page: Any, site: dict[str, Any], shots: Path
) -> None:
    page.goto(f"{site['base']}/articles/{site['seed']}")
    quotes = page.locator("#text .q")
    assert quotes.count() >= len(IOC_QUOTES)
    colours: set[str] = set()
    for needle in IOC_QUOTES:
        q = page.locator("#text .q", has_text=needle).first
        assert IOC.search(q.get_attribute("data-speaker") or "")
        colours.add(q.evaluate("el => getComputedStyle(el).backgroundColor"))
    # highlighted (not transparent), all in the one colour of their speaker
    assert len(colours) == 1 and "rgba(0, 0, 0, 0)" not in colours
    # cue underlined, speaker mention marked
    cue = page.locator("#text .cue").first
    assert "underline" in cue.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert page.locator("#text .spk").count() >= 1
    # hover: the tooltip names the speaker, and every piece of the quote lights up
    tip = page.locator("#tip")
    assert tip.is_hidden()
    first = page.locator("#text .q", has_text=IOC_QUOTES[0]).first
    first.hover()
    assert tip.is_visible() and IOC.search(tip.inner_text())
    _shot(page, shots, "article")
    page.mouse.move(5, 5)
    assert tip.is_hidden()
    target = page.locator("#text .q", has_text=IOC_QUOTES[1]).first
    target.scroll_into_view_if_needed()
    target.hover()
    assert tip.is_visible()
    assert IOC.search(tip.inner_text())
    assert "on" in (target.get_attribute("class") or "").split()
    # click pins it; clicking elsewhere unpins it
    target.click()
    page.mouse.move(5, 5)
    assert tip.is_visible()
    page.locator("h1.headline").click()
    assert tip.is_hidden()
    # keyboard: focusing a quote shows its speaker too
    page.locator("#text .q[tabindex]").first.focus()
    assert tip.is_visible() and tip.inner_text().strip()
    page.locator("#text .q[tabindex]").first.blur()
    assert tip.is_hidden()
    # captions are shown apart, greyed
    captions = page.locator(".captions .para")
    assert captions.count() >= 2
    assert page.locator("#text .para", has_text="©Office of Ukraine President").count() == 0
    grey = captions.first.evaluate("el => getComputedStyle(el.closest('.captions')).color")
    assert grey == "rgb(123, 128, 136)"
    # entities listed beside the text
    assert page.locator(".entities li", has_text="Thomas Bach").count() == 1


def test_speaker_page_lists_the_ioc_quotes(page: Any, site: dict[str, Any], shots: Path) -> None:
    page.goto(f"{site['base']}/articles/{site['seed']}")
    # the legend links to the speaker page
    page.locator(".legend a", has_text=IOC).first.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert IOC.search(page.locator("h1").inner_text())
    said = page.locator("section", has=page.locator("h2", has_text="said")).first
    for needle in IOC_QUOTES:
        assert said.locator(".hit", has_text=needle).count() >= 1, needle
    # the quotes link into the article view at the quote
    href = said.locator(".hit blockquote a").first.get_attribute("href") or ""
    assert re.fullmatch(rf"/articles/{site['seed']}#Q\d+", href)
    # the timeline chart is an SVG with marks for the quotes and dated events
    svg = page.locator("svg.timeline")
    assert svg.count() == 1
    assert svg.locator("circle.tl-said").count() >= len(IOC_QUOTES)
    _shot(page, shots, "entity")


def test_search_finds_boycott_and_links_to_the_quote(
    page: Any, site: dict[str, Any], shots: Path
) -> None:
    page.goto(site["base"] + "/")
    _shot(page, shots, "home")
    page.fill(".big-search input[name=about]", "boycott")
    page.press(".big-search input[name=about]", "Enter")
    page.wait_for_url(re.compile(r"/quotes\?about=boycott"))
    hits = page.locator(".hit")
    assert hits.count() >= 1
    for text in hits.locator("blockquote").all_inner_texts():
        assert re.search(r"boycott", text, re.I)
    _shot(page, shots, "search", full=True)
    link = hits.first.locator("blockquote a")
    href = link.get_attribute("href") or ""
    quote_id = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(rf"/articles/{site['seed']}#{quote_id}$"))
    target = page.locator(f"#{quote_id}")
    pieces = page.locator(f'#text .q[data-q="{quote_id}"]').all_inner_texts()
    assert "boycott" in " ".join(pieces).lower()
    assert target.evaluate("el => el.matches(':target')")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900


def test_injected_script_does_not_run_and_shows_as_text(
    page: Any, site: dict[str, Any], shots: Path
) -> None:
    page.goto(f"{site['base']}/articles/{site['hacked']}")
    assert page.evaluate("typeof window.__ng_pwned") == "undefined"
    text = page.locator("#text").inner_text()
    assert "<script>window.__ng_pwned = 1</script> is what they posted" in text
    assert '<img src=x onerror="window.__ng_pwned = 2">' in text
    assert page.locator("#text script, #text img").count() == 0
    assert page.locator("h1.headline").inner_text() == "Union site <b>defaced</b>"
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.textContent)")
    assert not any("pwned" in s for s in scripts)
    _shot(page, shots, "escaped")
    # the same through the paste box, and on the search page
    page.goto(f"{site['base']}/paste")
    page.fill("textarea[name=text]", 'Ann Lee said: "<script>window.__ng_pwned = 3</script>".')
    page.click("form.paste button[type=submit]")
    page.wait_for_selector("h1.headline")
    assert page.evaluate("typeof window.__ng_pwned") == "undefined"
    assert "<script>window.__ng_pwned = 3</script>" in page.locator("#text").inner_text()
    page.goto(f"{site['base']}/quotes?about=posted")
    assert page.evaluate("typeof window.__ng_pwned") == "undefined"
    assert "<script>" in page.locator(".hit blockquote").first.inner_text()


def test_paste_box_extracts_and_highlights(page: Any, site: dict[str, Any], shots: Path) -> None:
    page.goto(f"{site['base']}/paste")
    _shot(page, shots, "paste")
    before = len(site["store"].articles())
    page.fill("input[name=title]", "Harbour works")
    page.fill("input[name=published]", "2024-03-04")
    page.fill(
        "textarea[name=text]",
        "The harbour bridge will reopen in May, the city said.\n\n"
        '"We will not let the city be cut in two," Mayor Anna Lindqvist said on Monday.\n',
    )
    page.click("form.paste button[type=submit]")
    page.wait_for_selector("h1.headline")
    assert page.locator(".notice").inner_text().startswith("Extracted from your paste")
    q = page.locator("#text .q", has_text="We will not let the city be cut in two")
    assert q.count() == 1
    q.hover()
    assert "Lindqvist" in page.locator("#tip").inner_text()
    assert len(site["store"].articles()) == before  # not stored
    _shot(page, shots, "paste-result")


def test_graph_page_draws_the_network(page: Any, site: dict[str, Any], shots: Path) -> None:
    page.goto(f"{site['base']}/graph")
    # graph.js sets data-nodes on the status line once the graph is drawn (or says why not)
    page.wait_for_selector("#graph-status[data-nodes]", timeout=60_000)
    assert page.evaluate("window.newsgraphGraph !== undefined"), page.inner_text("#graph-status")
    nodes = page.evaluate("window.newsgraphGraph.nodes().map(n => n.data('label'))")
    edges = site["store"].graph()
    assert len(edges) >= 1
    assert {edges[0].source.name, edges[0].target.name} <= set(nodes)
    assert page.locator("#graph canvas").count() >= 1
    assert "links" in page.locator("#graph-status").inner_text()
    _shot(page, shots, "graph")


def test_entities_and_articles_pages(page: Any, site: dict[str, Any], shots: Path) -> None:
    page.goto(f"{site['base']}/entities")
    rows = page.locator("table.table tbody tr")
    assert rows.count() >= 3
    assert IOC.search(rows.first.inner_text())  # the most quoted first
    _shot(page, shots, "entities")
    page.goto(f"{site['base']}/articles")
    assert page.locator(".article-row").count() == 3
    page.goto(f"{site['base']}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/extract").count() >= 1
    _shot(page, shots, "api-docs")


def test_the_graph_opens_on_a_readable_view_with_more_to_show(
    browser: Any, crowd: dict[str, Any], shots: Path
) -> None:
    with _watched_page(browser, crowd["base"]) as page:
        page.goto(f"{crowd['base']}/graph")
        page.wait_for_selector("#graph-status[data-nodes]", timeout=60_000)
        drawn = page.evaluate("window.newsgraphGraph.nodes().length")
        assert 0 < drawn <= 150  # of the 240 entities
        summary = page.locator(".graph-summary").inner_text()
        assert f"between {drawn} of the 240 entities" in summary
        more = page.locator(".graph-summary a.more")
        assert more.is_visible() and more.inner_text() == "Show more"
        _shot(page, shots, "graph-crowd")
        more.click()
        page.wait_for_url(re.compile(r"max_nodes="))
        page.wait_for_selector("#graph-status[data-nodes]", timeout=60_000)
        assert page.evaluate("window.newsgraphGraph.nodes().length") > drawn


def test_distinct_speakers_of_one_article_get_distinct_colours(
    browser: Any, crowd: dict[str, Any]
) -> None:
    with _watched_page(browser, crowd["base"]) as page:
        page.goto(f"{crowd['base']}/articles/{crowd['first']}")
        colours = page.eval_on_selector_all(
            "#text .q",
            "els => els.map(e => [e.dataset.speaker, getComputedStyle(e).backgroundColor])",
        )
        by_speaker: dict[str, set[str]] = {}
        for speaker, colour in colours:
            by_speaker.setdefault(speaker, set()).add(colour)
        assert len(by_speaker) == 10  # more speakers than the 8 hand-picked colours
        assert all(len(c) == 1 for c in by_speaker.values())  # one colour per speaker...
        distinct = {next(iter(c)) for c in by_speaker.values()}
        assert len(distinct) == 10 and "rgba(0, 0, 0, 0)" not in distinct  # ...each its own
        swatches = page.eval_on_selector_all(
            ".legend .swatch", "els => els.map(e => getComputedStyle(e).backgroundColor)"
        )
        assert sorted(swatches) == sorted(distinct)


def test_the_navigation_folds_on_a_phone(browser: Any, site: dict[str, Any], shots: Path) -> None:
    links = ".topbar nav a"
    with _watched_page(browser, site["base"], width=390, height=844) as phone:
        phone.goto(site["base"] + "/")
        button = phone.locator("label.nav-button")
        assert button.is_visible()
        assert not any(phone.locator(links).nth(i).is_visible() for i in range(5))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        _shot(phone, shots, "phone")
        button.click()
        assert all(phone.locator(links).nth(i).is_visible() for i in range(5))
        _shot(phone, shots, "phone-menu")
        phone.locator(links, has_text="Search").click()
        phone.wait_for_url(re.compile(r"/quotes$"))
        # the keyboard opens it too: the checkbox behind the button takes focus and Space
        phone.locator("#nav-toggle").focus()
        phone.keyboard.press("Space")
        assert phone.locator(links).first.is_visible()
    with _watched_page(browser, site["base"]) as wide:
        wide.goto(site["base"] + "/")
        assert not wide.locator("label.nav-button").is_visible()
        assert all(wide.locator(links).nth(i).is_visible() for i in range(5))
