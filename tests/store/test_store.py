"""The store on both backends (SQLite and a real PostgreSQL) with small hand-built records."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from newsgraph.model import Record
from newsgraph.store import AmbiguousName, NotFound, Store
from tests.store.builders import make_record
from tests.store.recount import assert_exact

A1 = make_record(
    'John Smith said "The IOC must act now." The International Olympic Committee declined to '
    "comment.\n\nOn Monday, Smith met Thomas Bach.",
    [
        ("John Smith", "PERSON", ["John Smith", "Smith"]),
        ("IOC", "ORG", ["IOC"]),
        ("International Olympic Committee", "ORG", ["International Olympic Committee"]),
        ("Thomas Bach", "PERSON", ["Thomas Bach"]),
    ],
    quotes=[{"text": "The IOC must act now.", "speaker": "John Smith", "entity": 1, "cue": "said"}],
    dates=[("Monday", "2024-01-08")],
    published="2024-01-10",
    title="Smith urges the Olympic committee",
)
A2 = make_record(
    'Jane Smith said "Bach is wrong about Ukraine."\n\nSmith added that Ukraine deserves better.',
    [
        ("Jane Smith", "PERSON", ["Jane Smith", "Smith"]),
        ("Bach", "PERSON", ["Bach"]),
        ("Ukraine", "GPE", ["Ukraine", "Ukraine"]),
    ],
    quotes=[{"text": "Bach is wrong about Ukraine.", "speaker": "Jane Smith", "entity": 1}],
    published="2024-02-01",
)
A3 = make_record(
    "Smith said the IOC had failed.\n\nIn June 2023, the committee met.",
    [("Smith", "PERSON", ["Smith"]), ("IOC", "ORG", ["IOC"])],
    quotes=[{"text": "the IOC had failed", "speaker": "Smith", "entity": 1, "kind": "indirect"}],
    dates=[("June 2023", "2023-06")],
    published="2024-03-05",
)
A4 = make_record(
    'Bach said "We listen to athletes."',
    [("Bach", "PERSON", ["Bach"])],
    quotes=[{"text": "We listen to athletes.", "speaker": "Bach", "entity": 1}],
    published="2024-03-06",
)
CORPUS = [A1, A2, A3, A4]


@pytest.fixture
def filled(store: Store) -> Store:
    for record in CORPUS:
        assert store.add(record) is True
    return store


def _ids(store: Store) -> list[int]:
    return store.article_ids()


def test_roundtrip_rebuilds_the_exact_record(filled: Store) -> None:
    ids = _ids(filled)
    assert len(ids) == 4
    for article_id, record in zip(ids, CORPUS, strict=True):
        assert filled.article(article_id).to_dict() == record.to_dict()
    with pytest.raises(NotFound):
        filled.article(999_999)


def test_same_text_is_stored_once(filled: Store) -> None:
    before = filled.counts()
    assert filled.add(A2.model_copy(deep=True)) is False
    assert filled.counts() == before
    assert before["articles"] == 4
    assert before["quotes"] == 4
    assert before["mentions"] == sum(len(e.mentions) for r in CORPUS for e in r.entities)


def test_two_smiths_never_merge_and_lone_smith_stays_apart(filled: Store) -> None:
    john = filled.resolve("John Smith")
    jane = filled.resolve("jane smith")
    assert john.id != jane.id
    with pytest.raises(AmbiguousName) as err:
        filled.resolve("Smith")
    names = {c.name for c in err.value.candidates}
    assert {"John Smith", "Jane Smith", "Smith"} <= names
    # the lone "Smith" of A3 fits two full-named people, so it is its own entity
    lone = next(c for c in err.value.candidates if c.name == "Smith")
    assert lone.articles == 1 and lone.quotes == 1


def test_lone_surname_merges_with_the_one_full_name(filled: Store) -> None:
    bach = filled.resolve("Bach")
    assert bach.name == "Thomas Bach"
    assert bach.articles == 3  # A1 (Thomas Bach), A2 and A4 (Bach)
    assert filled.resolve("thomas BACH").id == bach.id
    assert filled.resolve(bach.id).name == "Thomas Bach"


def test_acronym_merges_with_its_expansion(filled: Store) -> None:
    ioc = filled.resolve("IOC")
    assert ioc.name == "International Olympic Committee"
    assert ioc.articles == 2 and ioc.mentions == 3
    assert set(ioc.aliases) == {"IOC", "International Olympic Committee"}


def test_links_do_not_depend_on_ingest_order(tmp_path) -> None:
    def links(order: tuple[int, ...], n: int) -> dict[tuple[str, str], str]:
        with Store.open(str(tmp_path / f"order{n}.db")) as s:
            for i in order:
                s.add(CORPUS[i])
            s.refresh_names()
            with s.engine.connect() as conn:
                rows = conn.execute(
                    sa.text(
                        "SELECT a.content_hash, e.entity_id, ce.name FROM entities e "
                        "JOIN articles a ON a.id = e.article_id "
                        "JOIN corpus_entities ce ON ce.id = e.corpus_entity_id"
                    )
                )
                return {(h, eid): name for h, eid, name in rows}

    orders = list(itertools.permutations(range(4)))[::5]  # 5 of the 24 orders
    results = [links(o, n) for n, o in enumerate(orders)]
    assert all(r == results[0] for r in results[1:])
    assert sorted(set(results[0].values())) == [
        "International Olympic Committee",
        "Jane Smith",
        "John Smith",
        "Smith",
        "Thomas Bach",
        "Ukraine",
    ]


def test_a_second_smith_undoes_a_corpus_level_surname_link(store: Store) -> None:
    store.add(A3)  # lone Smith
    store.add(make_record("John Smith spoke.", [("John Smith", "PERSON", ["John Smith"])]))
    assert store.resolve("John Smith").articles == 2  # the lone Smith now fits one person
    store.add(make_record("Jane Smith spoke.", [("Jane Smith", "PERSON", ["Jane Smith"])]))
    assert store.resolve("John Smith").articles == 1
    assert store.resolve("Jane Smith").articles == 1
    with pytest.raises(AmbiguousName):
        store.resolve("Smith")


def test_quote_queries(filled: Store) -> None:
    every = filled.quotes()
    assert [q.published for q in every] == ["2024-03-06", "2024-03-05", "2024-02-01", "2024-01-10"]
    for hit in every:
        text = filled.article(hit.article_id).article.text
        assert " ".join(text[p.start : p.end] for p in hit.parts) == hit.text
    by_bach = filled.quotes(speaker="bach")
    assert [q.text for q in by_bach] == ["We listen to athletes."]
    assert by_bach[0].speaker_entity is not None
    assert by_bach[0].speaker_entity.name == "Thomas Bach"
    assert [q.text for q in filled.quotes(about="wrong")] == ["Bach is wrong about Ukraine."]
    assert [q.text for q in filled.quotes(about="failing")] == ["the IOC had failed"]  # stemmed
    about_ioc = filled.quotes(mentions="International Olympic Committee")
    assert {q.text for q in about_ioc} == {"The IOC must act now.", "the IOC had failed"}
    assert [q.published for q in filled.quotes(since="2024-02-01", until="2024-03-05")] == [
        "2024-03-05",
        "2024-02-01",
    ]
    assert [q.kind for q in filled.quotes(kind="indirect")] == ["indirect"]
    assert len(filled.quotes(limit=2)) == 2
    assert filled.quotes(limit=2, offset=3)[0].published == "2024-01-10"
    mentioned = filled.quotes(speaker="Jane Smith")[0].mentions
    assert {m.name for m in mentioned} == {"Thomas Bach", "Ukraine"}
    with pytest.raises(AmbiguousName):
        filled.quotes(speaker="Smith")
    assert filled.quotes(speaker="a spokesman") == []


def test_counts_of_quotes_match_the_lists_up_to_the_cap(filled: Store) -> None:
    for filters in ({}, {"about": "IOC"}, {"mentions": "International Olympic Committee"}):
        assert filled.count_quotes(**filters) == len(filled.quotes(**filters, limit=500))
    assert filled.count_quotes(kind="indirect", since="2024-03-01") == 1
    assert filled.count_quotes(cap=2) == 3  # four quotes: more than 2
    assert filled.count_quotes(about="zebra") == 0


def test_entities_ranked_with_counts(filled: Store) -> None:
    top = filled.entities(top=3)
    assert top[0].name == "Thomas Bach"
    assert (top[0].quotes, top[0].mentions, top[0].quoted_about) == (1, 3, 1)
    orgs = filled.entities(type="ORG")
    assert [(e.name, e.mentions, e.quoted_about) for e in orgs] == [
        ("International Olympic Committee", 3, 2)
    ]


def test_entity_profile_and_timeline(filled: Store) -> None:
    profile = filled.entity("Thomas Bach")
    assert [q.text for q in profile.quotes_by] == ["We listen to athletes."]
    assert [q.text for q in profile.quotes_about] == ["Bach is wrong about Ukraine."]
    assert len(profile.article_list) == 3
    assert [(t.date, t.text) for t in profile.timeline] == [("2024-01-08", "Monday")]
    item = profile.timeline[0]
    assert filled.article(item.article_id).article.text[item.start : item.end] == "Monday"
    assert "Thomas Bach" in item.context
    with pytest.raises(NotFound):
        filled.entity("Nobody At All")


def test_graph_speaker_to_mentioned(filled: Store) -> None:
    edges = {(e.source.name, e.target.name): e.weight for e in filled.graph()}
    assert edges == {
        ("John Smith", "International Olympic Committee"): 1,
        ("Jane Smith", "Thomas Bach"): 1,
        ("Jane Smith", "Ukraine"): 1,
        ("Smith", "International Olympic Committee"): 1,
    }
    assert filled.graph(min_weight=2) == []


def _edges(store: Store) -> set[tuple[str, str, int]]:
    return {(e.source.name, e.target.name, e.weight) for e in store.graph()}


def test_the_stored_graph_follows_every_write_and_relink(store: Store) -> None:
    # graph_edges is kept current by every write; relinks happen inside writes.
    assert store.graph() == []
    store.add(A3)  # "Smith said the IOC had failed."
    assert _edges(store) == {("Smith", "IOC", 1)}
    assert store.refresh_graph() is False  # current: nothing to rebuild
    store.add(make_record("John Smith spoke.", [("John Smith", "PERSON", ["John Smith"])]))
    assert _edges(store) == {("John Smith", "IOC", 1)}  # the lone Smith is now John Smith
    store.add(make_record("Jane Smith spoke.", [("Jane Smith", "PERSON", ["Jane Smith"])]))
    assert _edges(store) == {("Smith", "IOC", 1)}  # two Smiths: the link is undone
    store.add(A1)
    assert store.refresh_graph() is False  # kept current by the write itself
    assert _edges(store) == {
        ("Smith", "International Olympic Committee", 1),
        ("John Smith", "International Olympic Committee", 1),
    }


def test_a_version_1_store_gains_the_graph_table(tmp_path) -> None:
    # A store as version 1 left it: the same data, without step 2's tables and record.
    path = str(tmp_path / "v1.db")
    with Store.open(path) as old:
        for record in CORPUS:
            old.add(record)
        with old.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE graph_edges"))
            conn.execute(sa.text("DROP TABLE store_state"))
            conn.execute(sa.text("DELETE FROM schema_migrations WHERE version >= 2"))
    with Store.open(path) as store:
        with store.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version FROM schema_migrations")).scalars()
            assert sorted(versions) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        assert _edges(store) == {
            ("John Smith", "International Olympic Committee", 1),
            ("Jane Smith", "Thomas Bach", 1),
            ("Jane Smith", "Ukraine", 1),
            ("Smith", "International Olympic Committee", 1),
        }


def test_article_search_and_listing(filled: Store) -> None:
    listed = filled.articles()
    assert [a.published for a in listed] == ["2024-03-06", "2024-03-05", "2024-02-01", "2024-01-10"]
    found = filled.articles(q="olympic")
    assert [a.title for a in found] == ["Smith urges the Olympic committee"]
    assert found[0].quotes == 1 and found[0].entities == 4


def test_schema_is_versioned_and_keys_are_enforced(filled: Store) -> None:
    with filled.engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version FROM schema_migrations")).scalars()
        assert list(versions) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        view = conn.execute(sa.text("SELECT speaker, quote FROM quotes_with_speakers")).all()
        assert ("Thomas Bach", "We listen to athletes.") in [tuple(r) for r in view]
    with pytest.raises(sa.exc.IntegrityError), filled.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO mentions (entity_id, article_id, position, start_char, end_char, "
                "text, role) VALUES (999999, 999999, 0, 0, 1, 'x', 'body')"
            )
        )
    # reopening runs no migration twice
    url = str(filled.engine.url)
    with Store.open(url if url.startswith("postgresql") else filled.engine.url.database) as again:
        assert again.counts()["articles"] == 4


def test_surname_named_entity_with_full_name_alias_joins_the_full_name(store: Store) -> None:
    # the article's own merge called the entity "Trump" but knew it as "Donald Trump" too
    store.add(
        make_record(
            "Donald Trump spoke. Trump left. Trump returned.",
            [("Trump", "PERSON", ["Donald Trump", "Trump", "Trump"])],
        )
    )
    store.add(make_record("Donald Trump won.", [("Donald Trump", "PERSON", ["Donald Trump"])]))
    store.add(
        make_record("Melania Trump smiled.", [("Melania Trump", "PERSON", ["Melania Trump"])])
    )
    trump = store.resolve("Donald Trump")
    assert trump.name == "Donald Trump"  # not "Trump", though more entities were named so
    assert trump.articles == 2 and trump.mentions == 4
    # "Trump" fits Donald (4 mentions) and Melania (1): Donald has 80% of them, so it means him
    taken = store.resolution("Trump")
    assert taken.entity.id == trump.id
    assert [o.name for o in taken.others] == ["Melania Trump"]
    store.add(make_record("Melania Trump spoke.", [("Melania Trump", "PERSON", ["Melania Trump"])]))
    with pytest.raises(AmbiguousName):
        store.resolve("Trump")  # 4 to 2: Donald or Melania


def test_a_version_2_store_gains_quote_acts_and_parts(tmp_path) -> None:
    """Migration 3 adds quotes.act and quotes.parts; quotes stored before read as speech in one
    part, as a newsgraph/1 record means."""
    path = str(tmp_path / "v2.db")
    with Store.open(path) as old:
        for record in CORPUS:
            old.add(record)
        with old.engine.begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_quotes_act_sort"))  # migration 4's
            conn.execute(sa.text("ALTER TABLE quotes DROP COLUMN act"))
            conn.execute(sa.text("ALTER TABLE quotes DROP COLUMN parts"))
            conn.execute(sa.text("DELETE FROM schema_migrations WHERE version >= 3"))
    with Store.open(path) as store:
        with store.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version FROM schema_migrations")).scalars()
            assert sorted(versions) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        hits = store.quotes(limit=100)
        assert hits and all(h.act == "speech" for h in hits)
        assert all([(p.start, p.end) for p in h.parts] == [(h.start, h.end)] for h in hits)
        assert store.quotes(act="thought") == []


def test_quotes_filter_by_act_and_keep_their_parts(tmp_path) -> None:
    import newsgraph
    from tests.conftest import DATA

    text = (DATA / "quotes" / "acts.txt").read_text(encoding="utf-8")
    interrupted = (DATA / "quotes" / "interrupted.txt").read_text(encoding="utf-8")
    with Store.open(str(tmp_path / "acts.db")) as store:
        for t in (text, interrupted):
            store.add(newsgraph.extract(t))
        assert {h.act for h in store.quotes(act="thought")} == {"thought"}
        findings = store.quotes(act="finding")
        assert len(findings) == 2 and all(h.act == "finding" for h in findings)
        (hit,) = [h for h in store.quotes(act="speech") if len(h.parts) > 1]
        article = store.article(hit.article_id).article.text
        assert [article[p.start : p.end] for p in hit.parts] == [
            "We are ready,",
            "The athletes have worked for this all year.",
        ]


# ------------------------------------------------------- rule 3b: the owner of a surname
def _person(name: str, times: int = 1, *, also: tuple[str, ...] = (), story: int = 0) -> Record:
    """One article (story number ``story``) naming ``name`` ``times`` times (and each of
    ``also`` once)."""
    words = [f"{name} spoke."] * times + [f"{o} listened." for o in also] + [f"Story {story}."]
    text = " ".join(words)
    people = [(name, "PERSON", [name] * times)] + [(o, "PERSON", [o]) for o in also]
    return make_record(text, people)


def _link_of(store: Store, name: str) -> tuple[str, str]:
    """(corpus entity name, link rule) of the entities named ``name``; they must agree."""
    with store.engine.connect() as conn:
        rows: set[tuple[str, str]] = set(
            conn.execute(
                sa.text(
                    "SELECT ce.name, e.link FROM entities e "
                    "JOIN corpus_entities ce ON ce.id = e.corpus_entity_id WHERE e.name = :n"
                ),
                {"n": name},
            )
        )
    assert len(rows) == 1, rows
    return rows.pop()


CLINTONS = [_person("Hillary Clinton", 4, story=n) for n in range(3)] + [_person("Bill Clinton")]
LONE_CLINTON = make_record("Clinton spoke. Clinton left.", [("Clinton", "PERSON", ["Clinton"] * 2)])


@pytest.mark.parametrize("lone_first", [True, False])
def test_a_lone_surname_links_to_the_person_who_owns_it(tmp_path, lone_first: bool) -> None:
    """Hillary Clinton has 12 of the 13 full-named Clinton mentions: a lone "Clinton" in an
    article without a Clinton of its own is hers, whichever came first."""
    with Store.open(str(tmp_path / "clintons.db")) as store:
        for record in [LONE_CLINTON, *CLINTONS] if lone_first else [*CLINTONS, LONE_CLINTON]:
            store.add(record)
        store.refresh_names()
        assert _link_of(store, "Clinton") == ("Hillary Clinton", "corpus-dominant")
        assert store.resolve("Hillary Clinton").articles == 4
        assert_exact(store)


def test_an_owner_loses_a_surname_when_a_namesake_catches_up(tmp_path) -> None:
    with Store.open(str(tmp_path / "catch-up.db")) as store:
        for record in [*CLINTONS, LONE_CLINTON]:
            store.add(record)
        store.refresh_names()
        for n in range(3):
            store.add(_person("Bill Clinton", 4, also=("Al Gore",), story=n))
        store.refresh_names()  # Bill now has 13 of 25: nobody owns "Clinton"
        assert _link_of(store, "Clinton") == ("Clinton", "name")
        assert_exact(store)


def test_two_prominent_namesakes_leave_a_lone_surname_alone(tmp_path) -> None:
    with Store.open(str(tmp_path / "smiths.db")) as store:
        for name in ("John Smith", "Jane Smith"):
            for n in range(2):
                store.add(_person(name, 5, story=n))
        store.add(make_record("Smith spoke.", [("Smith", "PERSON", ["Smith"])]))
        store.refresh_names()
        assert _link_of(store, "Smith") == ("Smith", "name")


def test_an_article_with_two_namesakes_keeps_its_lone_surname_apart(tmp_path) -> None:
    """Bill and Hillary in one article: its lone "Clinton" could be either, whatever the corpus
    thinks."""
    with Store.open(str(tmp_path / "both.db")) as store:
        for record in CLINTONS:
            store.add(record)
        text = "Bill Clinton spoke. Hillary Clinton spoke. Clinton left."
        both = [
            ("Bill Clinton", "PERSON", ["Bill Clinton"]),
            ("Hillary Clinton", "PERSON", ["Hillary Clinton"]),
            ("Clinton", "PERSON", ["Clinton"]),
        ]
        store.add(make_record(text, both))
        store.refresh_names()
        assert _link_of(store, "Clinton") == ("Clinton", "article-ambiguous")


def _two_clintons(hillary: int, bill: int) -> Record:
    """One article naming Hillary and Bill Clinton so often, and a lone "Clinton"."""
    text = "Hillary Clinton spoke. " * hillary + "Bill Clinton listened. " * bill + "Clinton left."
    people = [
        ("Hillary Clinton", "PERSON", ["Hillary Clinton"] * hillary),
        ("Bill Clinton", "PERSON", ["Bill Clinton"] * bill),
        ("Clinton", "PERSON", ["Clinton"]),
    ]
    return make_record(text, people)


@pytest.mark.parametrize("article_first", [True, False])
def test_an_article_that_agrees_with_the_corpus_gives_its_lone_surname_to_the_owner(
    tmp_path, article_first: bool
) -> None:
    """Hillary 3 times, Bill twice: ambiguous for the article alone (rule 3a), but Hillary
    leads by 1.5 times and owns "Clinton" in the corpus (rule 3c), whichever came first."""
    both = _two_clintons(3, 2)
    with Store.open(str(tmp_path / "lead.db")) as store:
        for record in [both, *CLINTONS] if article_first else [*CLINTONS, both]:
            store.add(record)
        store.refresh_names()
        assert _link_of(store, "Clinton") == ("Hillary Clinton", "corpus-article-lead")
        assert_exact(store)


def test_an_article_that_names_the_owner_less_keeps_its_lone_surname_apart(tmp_path) -> None:
    """Bill 3 times, Hillary twice: the story leans to Bill, the corpus to Hillary (22 of the 26
    full-named mentions): no link."""
    with Store.open(str(tmp_path / "disagree.db")) as store:
        for record in [*CLINTONS, _person("Hillary Clinton", 8, story=9), _two_clintons(2, 3)]:
            store.add(record)
        store.refresh_names()
        assert _link_of(store, "Hillary Clinton") == ("Hillary Clinton", "name")
        with store.engine.connect() as conn:
            n_named = conn.execute(
                sa.text("SELECT n_named FROM corpus_entities WHERE name = 'Hillary Clinton'")
            ).scalar_one()
        assert n_named == 22
        assert _link_of(store, "Clinton") == ("Clinton", "article-ambiguous")


def test_an_article_lead_link_goes_when_the_owner_loses_the_surname(tmp_path) -> None:
    with Store.open(str(tmp_path / "lead-lost.db")) as store:
        for record in [*CLINTONS, _two_clintons(3, 2)]:
            store.add(record)
        store.refresh_names()
        assert _link_of(store, "Clinton")[1] == "corpus-article-lead"
        for n in range(3):
            store.add(_person("Bill Clinton", 4, also=("Al Gore",), story=n))
        store.refresh_names()  # Bill catches up: nobody owns "Clinton" any more
        assert _link_of(store, "Clinton") == ("Clinton", "article-ambiguous")
        assert_exact(store)


def test_a_version_8_store_gains_rule_3c_on_opening(tmp_path) -> None:
    from newsgraph.store import derived

    path = str(tmp_path / "v8.db")
    with Store.open(path) as store:
        for record in [*CLINTONS, _two_clintons(3, 2)]:
            store.add(record)
        store.refresh_names()
        with store.engine.begin() as conn:  # the links and kept counts version 8 made
            lead = "WHERE link = 'corpus-article-lead'"
            moved = list(conn.execute(sa.text(f"SELECT article_id FROM entities {lead}")).scalars())
            assert moved
            derived.remove_articles(conn, moved)
            conn.execute(
                sa.text(
                    "UPDATE entities SET link = 'article-ambiguous', corpus_entity_id = group_id "
                    + lead
                )
            )
            derived.add_articles(conn, moved)
            conn.execute(sa.text("DELETE FROM schema_migrations WHERE version = 9"))
        assert _link_of(store, "Clinton") == ("Clinton", "article-ambiguous")
    with Store.open(path) as store:
        assert _link_of(store, "Clinton") == ("Hillary Clinton", "corpus-article-lead")
        assert_exact(store)


def test_the_person_an_article_is_about_owns_its_lone_surname(tmp_path) -> None:
    """Hillary Clinton named 4 times, Bill Clinton once: the story's "Clinton" is hers."""
    text = "Hillary Clinton spoke. " * 4 + "Bill Clinton listened. Clinton left."
    people = [
        ("Hillary Clinton", "PERSON", ["Hillary Clinton"] * 4),
        ("Bill Clinton", "PERSON", ["Bill Clinton"]),
        ("Clinton", "PERSON", ["Clinton"]),
    ]
    with Store.open(str(tmp_path / "story.db")) as store:
        store.add(make_record(text, people))
        assert _link_of(store, "Clinton") == ("Hillary Clinton", "article-dominant")
        assert_exact(store)


def test_a_son_with_a_suffix_is_not_his_father(tmp_path) -> None:
    father = make_record(
        "Donald Trump spoke. Donald Trump left.", [("Donald Trump", "PERSON", ["Donald Trump"] * 2)]
    )
    son = make_record(
        "Donald Trump Jr. spoke.", [("Donald Trump Jr.", "PERSON", ["Donald Trump Jr."])]
    )
    with Store.open(str(tmp_path / "trumps.db")) as store:
        store.add(father)
        store.add(son)
        store.refresh_names()
        assert _link_of(store, "Donald Trump Jr.") == ("Donald Trump Jr.", "name")
        assert store.resolve("Donald Trump").articles == 1


def test_a_store_keyed_without_suffixes_splits_father_and_son(tmp_path) -> None:
    """Migration 7: an older store keyed "Donald Trump Jr." as "donald trump"."""
    from newsgraph.store import derived, linking

    path = tmp_path / "old.db"
    with Store.open(str(path)) as store:
        store.add(_person("Donald Trump", 3))
        store.add(_person("Donald Trump Jr.", story=1))
        with store.engine.begin() as conn:  # the son as the old key put him: in his father's group
            run = lambda sql: conn.execute(sa.text(sql))  # noqa: E731
            father, son, aid = run(
                "SELECT f.group_id, s.group_id, s.article_id FROM entities f, entities s "
                "WHERE f.name = 'Donald Trump' AND s.name = 'Donald Trump Jr.'"
            ).one()
            derived.remove_articles(conn, [aid])
            run(
                f"UPDATE entities SET key = 'donald trump', group_id = {father}, "
                f"corpus_entity_id = {father} WHERE name = 'Donald Trump Jr.'"
            )
            derived.add_articles(conn, [aid])
            linking._recount_groups(conn, [father, son])
            run("DELETE FROM schema_migrations WHERE version = 7")
        assert store.resolve("Donald Trump").articles == 2
    with Store.open(str(path)) as store:
        assert _link_of(store, "Donald Trump Jr.") == ("Donald Trump Jr.", "name")
        assert store.resolve("Donald Trump").articles == 1
        assert_exact(store)


# ------------------------------------- recorded owners (migration 10): refreshes that cost little
def _lone_links(conn: sa.Connection) -> list[tuple[int, int, str]]:
    return list(
        conn.execute(sa.text("SELECT id, corpus_entity_id, link FROM entities ORDER BY id"))
    )


def _entity_updates(store: Store) -> list[str]:
    """The UPDATEs of ``entities`` that a ``refresh_names`` makes."""
    seen: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE ENTITIES"):
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", spy)
    try:
        store.refresh_names()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", spy)
    return seen


def test_recorded_owners_give_the_links_a_full_relink_gives(tmp_path) -> None:
    """Each refresh relinks a surname only when its owner changed (``surname_owners``); through
    an owner won, lost and won again, with lone surnames alone and in two-Clinton stories stored
    in between, the links are those that relinking every lone surname from scratch makes, and
    each recorded owner is the one the counts say."""
    from newsgraph.store import linking

    lone = [
        make_record(f"Clinton spoke. Story {n}.", [("Clinton", "PERSON", ["Clinton"])])
        for n in range(3)
    ]
    bills = [_person("Bill Clinton", 4, also=("Al Gore",), story=n) for n in range(3)]
    hillary = [_person("Hillary Clinton", 9, story=10 + n) for n in range(6)]  # 69 of 84
    steps = [lone[0], *CLINTONS, _two_clintons(3, 2), lone[1], *bills, lone[2], *hillary]
    with Store.open(str(tmp_path / "owners.db")) as store:
        for record in steps:
            store.add(record)
            store.refresh_names()
            with store.engine.begin() as conn:
                kept = _lone_links(conn)
                linking.relink_lone_surnames(conn, ["clinton"])  # from scratch, nothing recorded
                assert _lone_links(conn) == kept
                named = dict(
                    conn.execute(
                        sa.text("SELECT id, n_named FROM corpus_entities WHERE surname = 'clinton'")
                    ).all()
                )
                assert linking.recorded_owner(conn, "clinton") == linking.surname_owner(named)
            assert_exact(store)
        with store.engine.connect() as conn:  # she owns "Clinton" again, in every article
            links = set(
                conn.execute(sa.text("SELECT link FROM entities WHERE name = 'Clinton'")).scalars()
            )
        assert links == {"corpus-dominant", "corpus-article-lead"}
        assert store.resolve("Clinton").name == "Hillary Clinton"


def test_a_refresh_rereads_a_surname_only_when_its_owner_changes(tmp_path) -> None:
    with Store.open(str(tmp_path / "cheap.db")) as store:
        for record in [*CLINTONS, LONE_CLINTON]:
            store.add(record)
        store.refresh_names()
        store.add(_person("Hillary Clinton", 2, story=20))  # her lead only grows
        assert _entity_updates(store) == []
        assert _link_of(store, "Clinton") == ("Hillary Clinton", "corpus-dominant")
        for n in range(3):
            store.add(_person("Bill Clinton", 4, also=("Al Gore",), story=n))
        assert _entity_updates(store)  # Bill caught up: the lone "Clinton" goes back
        assert _link_of(store, "Clinton") == ("Clinton", "name")
