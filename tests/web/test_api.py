"""The HTTP API with FastAPI's test client: every endpoint, limits, auth, JSON errors, OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.model import (
    ArticleSummary,
    Entity,
    EntityProfile,
    GraphEdge,
    Mention,
    QuoteHit,
    Record,
)
from newsgraph.store import Store
from newsgraph.web import create_app
from tests.web.conftest import HARBOUR_TEXT, HTML, TOKEN, harbour_record, make_record


def _error(response, status: int) -> str:
    """An error is JSON with a status and a message, and never a stack trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return str(body["message"])


# ----------------------------------------------------------------------------- articles
def test_articles_list_and_one_article(client: TestClient) -> None:
    items = [ArticleSummary.model_validate(a) for a in client.get("/articles").json()]
    assert [a.title for a in items] == ["Union site <b>defaced</b>", "Bridge to reopen in May"]
    bridge = items[1]
    assert bridge.quotes == 2 and bridge.entities == 3
    record = Record.from_dict(client.get(f"/articles/{bridge.id}").json())
    assert record.article.text == HARBOUR_TEXT
    assert [q.speaker.name for q in record.quotes if q.speaker] == ["Anna Lindqvist", "Peter Holm"]
    assert client.get("/articles", params={"limit": 1, "offset": 1}).json()[0]["id"] == bridge.id
    assert [a["id"] for a in client.get("/articles", params={"q": "bridge"}).json()] == [bridge.id]


def test_unknown_article_is_a_json_404(client: TestClient) -> None:
    assert "999" in _error(client.get("/articles/999"), 404)
    assert "article_id" in _error(client.get("/articles/abc"), 422)
    assert "article_id" in _error(client.get("/articles/99999999999999999999"), 422)


# ----------------------------------------------------------------------------- quotes
def test_quotes_filters(client: TestClient) -> None:
    hits = [QuoteHit.model_validate(h) for h in client.get("/quotes").json()]
    assert len(hits) == 3
    assert hits[0].published == "2024-05-20"  # newest first
    by_holm = client.get("/quotes", params={"speaker": "Peter Holm"}).json()
    assert {h["text"] for h in by_holm} == {
        "The mayor is late again,",
        "<script>window.__ng_pwned = 1</script> is what they posted,",
    }
    about = client.get("/quotes", params={"about": "city"}).json()
    assert [h["quote_id"] for h in about] == ["Q1"]
    assert about[0]["speaker_entity"]["name"] == "Anna Lindqvist"
    ranged = client.get("/quotes", params={"since": "2024-03-01", "until": "2024-03-31"}).json()
    assert len(ranged) == 2 and {h["published"] for h in ranged} == {"2024-03-04"}
    assert client.get("/quotes", params={"kind": "indirect"}).json() == []
    assert len(client.get("/quotes", params={"kind": "direct", "limit": 1}).json()) == 1


def test_quotes_reject_bad_parameters(client: TestClient) -> None:
    assert "since" in _error(client.get("/quotes", params={"since": "2024-02-30"}), 422)
    assert "until" in _error(client.get("/quotes", params={"until": "March"}), 422)
    assert "kind" in _error(client.get("/quotes", params={"kind": "rumour"}), 422)
    assert "limit" in _error(client.get("/quotes", params={"limit": 0}), 422)


def test_pages_continue_from_a_cursor(client: TestClient) -> None:
    whole = client.get("/quotes").json()
    first = client.get("/quotes", params={"limit": 2})
    assert [h["id"] for h in first.json()] == [h["id"] for h in whole[:2]]
    cursor = first.headers["x-next-cursor"]
    assert (
        first.headers["link"].endswith('>; rel="next"')
        and f"cursor={cursor}" in first.headers["link"]
    )
    rest = client.get("/quotes", params={"limit": 2, "cursor": cursor})
    assert [h["id"] for h in rest.json()] == [h["id"] for h in whole[2:]]
    assert "link" not in rest.headers  # not a full page: nothing follows
    for path in ("/articles", "/entities"):
        page = client.get(path, params={"limit": 1} if path == "/articles" else {"top": 1})
        assert page.status_code == 200 and page.headers["x-next-cursor"]
    edges = client.get("/graph", params={"limit": 1, "quote_ids": 0})
    assert edges.status_code == 200
    assert "cursor" in _error(client.get("/quotes", params={"cursor": "nonsense"}), 422)
    assert "cursor" in _error(client.get("/entities", params={"cursor": cursor}), 422)


def test_search_highlights_the_matched_words(client: TestClient) -> None:
    hits = client.get("/quotes", params={"about": "cities"}).json()  # a form of "city"
    assert [h["quote_id"] for h in hits] == ["Q1"]
    marked = [hits[0]["text"][s["start"] : s["end"]] for s in hits[0]["highlights"]]
    assert marked and all(m.lower().startswith("cit") for m in marked)
    page = client.get("/quotes", params={"about": "city"}, headers=HTML)
    assert f"<mark>{marked[0]}</mark>" in page.text


# ----------------------------------------------------------------------------- entities
def test_entities_list_and_profile(client: TestClient) -> None:
    top = client.get("/entities").json()
    holm = next(e for e in top if e["name"] == "Peter Holm")
    assert holm["quotes"] == 2 and holm["articles"] == 2
    people = client.get("/entities", params={"type": "PERSON", "top": 1}).json()
    assert len(people) == 1 and people[0]["type"] == "PERSON"
    assert client.get("/entities", params={"type": "ORG"}).json()[0]["name"] == "Harbour Union"
    profile = EntityProfile.model_validate(client.get(f"/entities/{holm['id']}").json())
    assert profile.name == "Peter Holm" and len(profile.quotes_by) == 2
    by_name = client.get("/entities/Anna Lindqvist").json()
    assert "Lindqvist" in by_name["aliases"]
    assert [h["text"] for h in by_name["quotes_by"]] == ["We will not let the city be cut in two,"]


def test_entity_errors(client: TestClient) -> None:
    assert "Nobody" in _error(client.get("/entities/Nobody"), 404)
    assert "type" in _error(client.get("/entities", params={"type": "ANIMAL"}), 422)


def test_graph(client: TestClient) -> None:
    # no quote here mentions another entity, so the graph is empty but well-formed
    edges = [GraphEdge.model_validate(e) for e in client.get("/graph").json()]
    assert all(e.weight >= 1 for e in edges)
    assert "min_weight" in _error(client.get("/graph", params={"min_weight": 0}), 422)


# ----------------------------------------------------------------------------- extract
def test_extract_text_and_html(nlp) -> None:
    c = TestClient(create_app(None), raise_server_exceptions=False)
    text = "Paris\n\nThe mayor, Anne Hidalgo, said on Monday that the city was ready.\n"
    r = c.post("/extract", json={"text": text, "published": "2024-01-15", "title": "Ready"})
    assert r.status_code == 200, r.text
    record = Record.from_dict(r.json())
    assert r.json()["schema"] == "newsgraph/2"
    assert record.article.text == text and record.article.title == "Ready"
    assert record.article.published == "2024-01-15"
    assert "Anne Hidalgo" in {e.name for e in record.entities}
    html = "<html><body><article><h1>Ready</h1><p>" + "The mayor, Anne Hidalgo, said so. " * 20
    html += "</p></article></body></html>"
    r = c.post("/extract", json={"html": html})
    assert r.status_code == 200, r.text
    assert "Anne Hidalgo" in r.json()["article"]["text"]


def test_extract_validation_errors() -> None:
    c = TestClient(create_app(None), raise_server_exceptions=False)
    assert "exactly one" in _error(c.post("/extract", json={}), 422)
    assert "exactly one" in _error(c.post("/extract", json={"text": "a", "html": "<p>a"}), 422)
    assert "published" in _error(c.post("/extract", json={"text": "a", "published": "x"}), 422)
    assert "empty" in _error(c.post("/extract", json={"text": "   "}), 422)
    assert _error(c.post("/extract", content=b"{not json", headers={"content-type": "application/json"}), 422)  # fmt: skip
    assert "extra" in _error(c.post("/extract", json={"text": "a", "colour": 1}), 422).lower()


def test_body_over_the_limit_is_413() -> None:
    c = TestClient(create_app(None, max_bytes=1000), raise_server_exceptions=False)
    message = _error(c.post("/extract", json={"text": "x" * 2000}), 413)
    assert "1000 bytes" in message
    assert c.post("/extract", json={"text": "x" * 2000}).json()["max_bytes"] == 1000

    def chunks():  # no Content-Length: the limit still holds while streaming
        for _ in range(5):
            yield b"x" * 400

    assert "1000 bytes" in _error(c.post("/extract", content=chunks()), 413)


def test_body_over_the_limit_is_an_html_page_for_browsers() -> None:
    c = TestClient(create_app(None, max_bytes=100), raise_server_exceptions=False)
    r = c.post("/paste", data={"text": "x" * 500}, headers=HTML)
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "the limit is 100 bytes" in r.text


def test_store_endpoints_without_a_store_are_503() -> None:
    c = TestClient(create_app(None), raise_server_exceptions=False)
    home = c.get("/", headers=HTML, follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/paste"
    for path in ("/articles", "/articles/1", "/quotes", "/entities", "/entities/x", "/graph"):
        assert "--db" in _error(c.get(path), 503)


# ----------------------------------------------------------------------------- ingest
def test_ingest_is_off_by_default(client: TestClient) -> None:
    r = client.post("/articles", json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert "--allow-ingest" in _error(r, 403)


def test_ingest_needs_the_token(ingest_client: TestClient) -> None:
    body = {"text": "The mayor said yes."}
    r = ingest_client.post("/articles", json=body)
    assert "bearer" in _error(r, 401).lower()
    assert r.headers["www-authenticate"] == "Bearer"
    r = ingest_client.post("/articles", json=body, headers={"Authorization": "Bearer nope"})
    assert "invalid" in _error(r, 401)
    r = ingest_client.post("/articles", json=body, headers={"Authorization": f"Basic {TOKEN}"})
    _error(r, 401)
    assert ingest_client.get("/articles").json() == []


def test_ingest_stores_once(ingest_client: TestClient, nlp) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {
        "text": 'Mayor Anne Hidalgo said: "The river is clean."\n',
        "published": "2024-07-17",
        "title": "Swim",
        "url": "https://example.org/swim",
    }
    r = ingest_client.post("/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["stored"] is True and result["article"]["title"] == "Swim"
    article_id = result["article"]["id"]
    stored = ingest_client.get(f"/articles/{article_id}").json()
    assert stored["article"]["url"] == "https://example.org/swim"
    again = ingest_client.post("/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["stored"] is False
    assert again.json()["article"]["id"] == article_id
    assert len(ingest_client.get("/articles").json()) == 1


def test_ingest_configuration_is_checked() -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(None, allow_ingest=True)
    with pytest.raises(ValueError, match="max_bytes"):
        create_app(None, max_bytes=0)


# ----------------------------------------------------------------------------- errors, docs
def test_unknown_path_and_method_are_json(client: TestClient) -> None:
    assert "/nope" in _error(client.get("/nope"), 404)
    _error(client.delete("/articles/1"), 405)


def test_internal_errors_hide_the_stack_trace(store: Store) -> None:
    class Broken:
        def articles(self, **kwargs):
            raise RuntimeError("secret detail /etc/passwd")

    c = TestClient(create_app(Broken()), raise_server_exceptions=False)  # type: ignore[arg-type]
    message = _error(c.get("/articles"), 500)
    assert "secret" not in message and "internal" in message


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) >= {
        "/extract",
        "/articles",
        "/articles/{article_id}",
        "/quotes",
        "/entities",
        "/entities/{entity}",
        "/graph",
    }
    assert "post" in paths["/articles"] and "post" in paths["/extract"]
    params = {p["name"] for p in paths["/quotes"]["get"]["parameters"]}
    assert params >= {"speaker", "about", "mentions", "since", "until", "kind"}
    # pages are not API endpoints
    assert "/paste" not in paths and "/" not in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


# ----------------------------------------------------------------------------- pages
def test_browser_gets_pages_api_clients_get_json(client: TestClient) -> None:
    first = client.get("/articles").json()[-1]["id"]
    page = client.get(f"/articles/{first}", headers=HTML)
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="Q1"' in page.text and "Anna Lindqvist" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    as_json = client.get(f"/articles/{first}", params={"format": "json"}, headers=HTML)
    assert as_json.json()["article"]["title"] == "Bridge to reopen in May"
    for path in ("/", "/articles", "/quotes?about=city", "/entities", "/graph", "/paste"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200 and "<!doctype html>" in r.text, path
    holm = client.get("/entities/Peter Holm", headers=HTML)
    assert "The mayor is late again," in holm.text and "<svg" in holm.text


def test_pages_escape_article_text(client: TestClient) -> None:
    hacked = client.get("/articles").json()[0]
    page = client.get(f"/articles/{hacked['id']}", headers=HTML).text
    assert "window.__ng_pwned" in page
    assert "<script>window" not in page and "<img src=x" not in page
    assert "Union site &lt;b&gt;defaced&lt;/b&gt;" in page
    for path in ("/quotes?about=posted", "/entities/Peter Holm", "/"):
        text = client.get(path, headers=HTML).text
        assert "<script>window" not in text, path


def test_article_links_only_to_web_addresses(store: Store) -> None:
    record = harbour_record()
    record.article.text += "More.\n"
    record.article.url = "javascript:alert(1)"
    assert store.add(record)
    c = TestClient(create_app(store))
    new = next(a["id"] for a in c.get("/articles").json() if a["url"] == "javascript:alert(1)")
    page = c.get(f"/articles/{new}", headers=HTML).text
    assert "javascript:" not in page and ">original</a>" not in page
    record.article.text += "Again.\n"
    record.article.url = "https://example.org/a?b=1&c=2"
    assert store.add(record)
    new = c.get("/articles", params={"q": "Again"}).json()[0]["id"]
    page = c.get(f"/articles/{new}", headers=HTML).text
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page


def test_entity_names_with_a_slash(store: Store) -> None:
    record = harbour_record()
    record.article.text += "AC/DC played.\n"
    start = record.article.text.index("AC/DC")
    record.entities.append(
        Entity(
            id="E9",
            name="AC/DC",
            type="ORG",
            aliases=["AC/DC"],
            mentions=[Mention(start=start, end=start + 5, text="AC/DC")],
        )
    )
    assert store.add(record)
    c = TestClient(create_app(store))
    r = c.get("/entities/AC%2FDC")
    assert r.status_code == 200 and r.json()["name"] == "AC/DC"


def test_entity_page_lists_what_was_said_about_it(store: Store) -> None:
    text = '"Peter Holm is wrong," Anna Lindqvist said.\nPeter Holm said: "Holm never lies."\n'
    record = make_record(
        text,
        title="Row",
        published="2024-06-01",
        entities={
            "E1": ("PERSON", ["Anna Lindqvist"]),
            "E2": ("PERSON", ["Peter Holm", "Holm"]),
        },
        quotes=[
            ("Peter Holm is wrong,", "Anna Lindqvist", "E1", "said"),
            ("Holm never lies.", "Peter Holm", "E2", "said"),
        ],
    )
    assert store.add(record)
    c = TestClient(create_app(store))
    profile = c.get("/entities/Peter Holm").json()
    assert {h["text"] for h in profile["quotes_about"]} >= {"Peter Holm is wrong,"}
    page = c.get("/entities/Peter Holm", headers=HTML).text
    # every quote that mentions him, his own too: as many as the "about" count says
    about = page.split("What was said about Peter Holm", 1)[1].split("<h2>", 1)[0]
    assert "Peter Holm is wrong," in about and "Holm never lies." in about
    assert '<span class="count">2</span>' in about and "All 2" in about
    assert "<strong>2</strong> about" in page


def test_page_errors_are_html_for_browsers(client: TestClient) -> None:
    r = client.get("/articles/999", headers=HTML)
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "no article" in r.text and "Traceback" not in r.text


def test_search_page_alias_keeps_the_query(client: TestClient) -> None:
    r = client.get("/search", params={"about": "city"}, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/quotes?about=city"
    page = client.get("/search?about=city&since=&until=&kind=&speaker=", headers=HTML)
    assert page.status_code == 200 and "1 quote found" in page.text


def test_paste_box_extracts_without_storing(client: TestClient, nlp) -> None:
    before = len(client.get("/articles").json())
    text = 'Coach Maria Lopez said: "We are ready for <the> final."\n'
    r = client.post("/paste", data={"text": text, "published": "", "title": "Final"}, headers=HTML)
    assert r.status_code == 200
    assert "not stored" in r.text and "&lt;the&gt;" in r.text
    assert len(client.get("/articles").json()) == before
    empty = client.post("/paste", data={"text": "  "}, headers=HTML)
    assert empty.status_code == 422 and "empty" in empty.text


def test_static_assets_are_served(client: TestClient) -> None:
    for path in (
        "/static/style.css",
        "/static/app.js",
        "/static/graph.js",
        "/static/vendor/cytoscape/cytoscape.min.js",
    ):
        assert client.get(path).status_code == 200, path
    lic = Path(__file__).parents[2] / "newsgraph/web/static/vendor/cytoscape/LICENSE"
    assert "Cytoscape Consortium" in lic.read_text()


def test_json_error_body_is_valid_json_on_every_status(client: TestClient) -> None:
    for r in (client.get("/articles/0"), client.get("/quotes?limit=x")):
        json.loads(r.text)


def test_quotes_filter_by_act(client) -> None:
    r = client.get("/quotes", params={"act": "speech", "limit": 500})
    assert r.status_code == 200
    assert r.json() and all(h["act"] == "speech" for h in r.json())
    assert client.get("/quotes", params={"act": "rumour"}).status_code == 422
