"""Fixtures for the web tests: hand-built records (no spaCy needed) in temporary SQLite stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.model import (
    Article,
    Entity,
    Mention,
    Paragraph,
    Quote,
    Record,
    Speaker,
    TextSpan,
)
from newsgraph.store import Store
from newsgraph.web import create_app

TOKEN = "test-token-1234"


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def make_record(
    text: str,
    *,
    title: str,
    published: str | None,
    entities: dict[str, tuple[str, list[str]]],
    quotes: list[tuple[str, str, str, str]],
    captions: tuple[str, ...] = (),
) -> Record:
    """A record with offsets computed from the text.

    ``entities``: id → (type, surface forms, first is the name); every occurrence is a mention.
    ``quotes``: (quote text, speaker surface, speaker entity id, cue) found in that order.
    Lines listed in ``captions`` get the caption role, the others are body paragraphs.
    """
    paragraphs = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            role = "caption" if line in captions else "body"
            paragraphs.append(Paragraph(start=pos, end=pos + len(line), role=role))
        pos += len(line) + 1
    ents = []
    for eid, (etype, forms) in entities.items():
        mentions = []
        for form in forms:
            at = 0
            while (i := text.find(form, at)) >= 0:
                at = i + len(form)
                if any(m.start < at and i < m.end for m in mentions):
                    continue  # "Lindqvist" inside "Anna Lindqvist"
                role = next(p.role for p in paragraphs if p.start <= i < p.end)
                mentions.append(Mention(start=i, end=at, text=form, role=role))
        mentions.sort(key=lambda m: m.start)
        ents.append(Entity(id=eid, name=forms[0], type=etype, aliases=forms, mentions=mentions))
    qs = []
    for n, (qtext, speaker, eid, cue) in enumerate(quotes, 1):
        qs_, qe = _span(text, qtext)
        # the attribution stands next to the quote: search from the paragraph start
        para = next(p for p in paragraphs if p.start <= qs_ < p.end)
        ss, se = _span(text, speaker, para.start)
        cs, ce = _span(text, cue, para.start)
        qs.append(
            Quote(
                id=f"Q{n}",
                start=qs_,
                end=qe,
                text=qtext,
                kind="direct",
                verbatim=[{"start": qs_, "end": qe}],
                cue=TextSpan(start=cs, end=ce, text=cue),
                speaker=Speaker(
                    start=ss, end=se, text=speaker, entity=eid, name=entities[eid][1][0]
                ),
            )
        )
    return Record(
        source="test",
        article=Article(title=title, published=published, text=text),
        paragraphs=paragraphs,
        entities=ents,
        quotes=qs,
    )


HARBOUR_TEXT = (
    "Mayor Anna Lindqvist said the harbour bridge would reopen in May.\n"
    '"We will not let the city be cut in two," Lindqvist said on Monday.\n'
    '"The mayor is late again," said Peter Holm, who leads the Harbour Union.\n'
    "Anna Lindqvist opens the bridge works. Photo: City Press\n"
)
INJECTION_TEXT = (
    "Hackers tried to break the Harbour Union website.\n"
    '"<script>window.__ng_pwned = 1</script> is what they posted," Peter Holm said.\n'
    'The union said the page showed <img src=x onerror="window.__ng_pwned = 2"> for an hour.\n'
)


def harbour_record() -> Record:
    return make_record(
        HARBOUR_TEXT,
        title="Bridge to reopen in May",
        published="2024-03-04",
        entities={
            "E1": ("PERSON", ["Anna Lindqvist", "Lindqvist"]),
            "E2": ("PERSON", ["Peter Holm"]),
            "E3": ("ORG", ["Harbour Union"]),
        },
        quotes=[
            ("We will not let the city be cut in two,", "Lindqvist", "E1", "said"),
            ("The mayor is late again,", "Peter Holm", "E2", "said"),
        ],
        captions=("Anna Lindqvist opens the bridge works. Photo: City Press",),
    )


def injection_record() -> Record:
    return make_record(
        INJECTION_TEXT,
        title="Union site <b>defaced</b>",
        published="2024-05-20",
        entities={"E1": ("PERSON", ["Peter Holm"]), "E2": ("ORG", ["Harbour Union"])},
        quotes=[
            (
                "<script>window.__ng_pwned = 1</script> is what they posted,",
                "Peter Holm",
                "E1",
                "said",
            )
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A temporary SQLite store holding the two hand-built articles."""
    with Store.open(str(tmp_path / "web.db")) as st:
        assert st.add(harbour_record())
        assert st.add(injection_record())
        yield st


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(store), raise_server_exceptions=False)


@pytest.fixture
def ingest_client(tmp_path: Path) -> Iterator[TestClient]:
    with Store.open(str(tmp_path / "ingest.db")) as st:
        app = create_app(st, allow_ingest=True, token=TOKEN)
        yield TestClient(app, raise_server_exceptions=False)


HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


# ----------------------------------------------------------------------------- crowds
_SYLLABLES = ("ba", "ko", "ri", "mu", "te", "lo", "sa", "vi", "de", "nu")


def _word(n: int, length: int = 3) -> str:
    """An invented name part, different for every ``n`` (``Bakori``...)."""
    letters = "".join(_SYLLABLES[(n // 10**i) % 10] for i in range(length))
    return letters.capitalize()


def crowd_record(k: int, speakers: int = 10) -> Record:
    """Article ``k`` of an invented crowd: ``speakers`` people, each quoted once about two
    organisations of their own (so every speaker is a colour and a node of the graph, and every
    quote two links), the first speaker a second time about the same two (a link of weight 2)."""
    lines = []
    entities: dict[str, tuple[str, list[str]]] = {}
    quotes = []
    for s in range(speakers):
        n = k * 100 + s
        person = f"{_word(n)} {_word(n + 5000, 4)}"
        first, second = f"{_word(2 * n, 4)} Board", f"{_word(2 * n + 1, 4)} League"
        entities[f"E{3 * s + 1}"] = ("PERSON", [person])
        entities[f"E{3 * s + 2}"] = ("ORG", [first])
        entities[f"E{3 * s + 3}"] = ("ORG", [second])
        said = f"The {first} must answer to the {second} now,"
        lines.append(f'"{said}" {person} said.')
        quotes.append((said, person, f"E{3 * s + 1}", "said"))
        if s == 0:
            again = f"Nobody at the {first} or the {second} listens,"
            lines.append(f'"{again}" {person} said again.')
            quotes.append((again, person, "E1", "said"))
    return make_record(
        "\n".join(lines) + "\n",
        title=f"Crowd meeting {k}",
        published=f"2024-02-{k % 28 + 1:02d}",
        entities=entities,
        quotes=quotes,
    )


def chatty_record(n: int) -> Record:
    """One article in which Mara Quist is quoted ``n`` times, each time mentioning the council."""
    lines = [
        f'"Point {i} of the plan stands for the Harbour Council," Mara Quist said.'
        for i in range(n)
    ]
    return make_record(
        "\n".join(lines) + "\n",
        title="A long speech",
        published="2024-04-01",
        entities={"E1": ("PERSON", ["Mara Quist"]), "E2": ("ORG", ["Harbour Council"])},
        quotes=[
            (f"Point {i} of the plan stands for the Harbour Council,", "Mara Quist", "E1", "said")
            for i in range(n)
        ],
    )
