"""Reading brat standoff gold: the fixture, odd lines, and the real PolNeAR dev split."""

from __future__ import annotations

from newsgraph.eval.brat import (
    annotation_file,
    load_gold,
    parse_ann,
    read_article,
    read_metadata,
)
from newsgraph.eval.score import is_direct_gold
from tests.conftest import DATA, POLNEAR, need_shared

BRAT = DATA / "brat"


def test_fixture_articles_and_first_annotator():
    articles = load_gold(BRAT)
    assert [a.name for a in articles] == ["alpha", "beta", "gamma"]
    assert [len(a.attributions) for a in articles] == [2, 3, 3]
    # alpha_0_x0.ann sorts first but belongs to an article "alpha_0", not "alpha"
    assert annotation_file(BRAT, "alpha") == BRAT / "attributions" / "alpha_x1.ann"
    # beta has two annotators: the alphabetically first wins
    assert articles[1].annotation is not None and articles[1].annotation.name == "beta_a1.ann"
    assert [a.published for a in articles] == ["2024-05-14", "2024-05-15", None]
    assert load_gold(BRAT, limit=2)[-1].name == "beta"


def test_fixture_spans_slice_the_text():
    alpha, beta, gamma = load_gold(BRAT)
    g1 = alpha.attributions[0]
    assert alpha.text[g1.start : g1.end] == '"We will rebuild the bridge,"'
    assert alpha.text[g1.source[0][0] : g1.source[0][1]] == "Mayor Jane Doe"
    assert alpha.text[g1.cue[0][0] : g1.cue[0][1]] == "said"
    g3 = beta.attributions[0]
    assert [beta.text[s:e] for s, e in g3.content] == [
        '"The plan is dead,"',
        '"We start again tomorrow."',
    ]
    assert beta.attributions[2].source == ()  # Attribution-no-source
    # odd lines (a sentence, a T line without end, an E with no content) are counted as skipped
    assert alpha.skipped == 2
    assert beta.skipped == 1
    assert gamma.skipped == 0
    direct = [
        is_direct_gold(a.text, g.content) for a in (alpha, beta, gamma) for g in a.attributions
    ]
    assert direct == [True, False, True, False, False, True, False, True]


def test_parse_ann_roles_and_robustness():
    ann = "\n".join(
        [
            "T1\tContent 50 60;10 20\tb a",
            "T2\tSource 0 5\tX",
            "T3\tCue 6 9\tsaid",
            "T4\tContent2 70 80\tc",
            "T5\tAttribution 6 9\tsaid",
            "E1\tAttribution:T5 Cue:T3 Source:T2 Content:T1 Content2:T4",
            "T6\tDiscuss 0 3\tabc",
            "E2\tAttribution:T5 Content:T99",  # content points nowhere
            "garbage\twith tabs",
            "",
            "T7\tContent 20 10\tbackwards",
        ]
    )
    attributions, skipped = parse_ann(ann, text_length=100)
    assert len(attributions) == 1
    (a,) = attributions
    assert a.content == ((10, 20), (50, 60), (70, 80))  # sorted, Content2 added
    assert a.source == ((0, 5),) and a.cue == ((6, 9),)
    assert (a.start, a.end) == (10, 80)
    assert skipped == 3  # E2, the garbage line, the backwards span
    # spans beyond the text are dropped
    assert parse_ann("T1\tContent 90 120\tx\nE1\tAttribution:T1 Content:T1", 100) == ([], 2)


def test_bom_crlf_and_missing_annotation(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text('X said "hi".', encoding="utf-8")
    (tmp_path / "text" / "b.txt").write_text("Nothing here.", encoding="utf-8")
    ann = (
        'T1\tContent 7 11\t"hi"\r\nT2\tSource 0 1\tX\r\nE1\tAttribution:T1 Content:T1 Source:T2\r\n'
    )
    (tmp_path / "attributions" / "a_0001.ann").write_bytes(b"\xef\xbb\xbf" + ann.encode())
    a = read_article(tmp_path, "a")
    assert [(g.content, g.source) for g in a.attributions] == [(((7, 11),), ((0, 1),))]
    assert a.skipped == 0
    b = read_article(tmp_path, "b")
    assert b.attributions == [] and b.annotation is None and b.warnings == ["b: no annotation file"]


def test_metadata_found_beside_or_above(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "metadata.tsv").write_text(
        "filename\tpublication_date\nx\t2016-09-12\ny\tNone\n", encoding="utf-8"
    )
    assert read_metadata(tmp_path / "dev") == {"x": "2016-09-12"}
    assert read_metadata(tmp_path / "dev" / "text") == {}


def test_polnear_dev_gold_is_plausible():
    dev = need_shared(POLNEAR / "dev")
    articles = load_gold(dev)
    assert len(articles) == 84
    assert all(a.annotation is not None and a.published for a in articles)
    counts = [len(a.attributions) for a in articles]
    assert all(c >= 1 for c in counts)
    assert 1500 <= sum(counts) <= 2600  # ~26 per article; one annotator each
    assert max(counts) < 200
    for a in articles:
        for g in a.attributions:
            assert 0 <= g.start < g.end <= len(a.text)
            assert a.text[g.start : g.end].strip()
    direct = sum(is_direct_gold(a.text, g.content) for a in articles for g in a.attributions)
    assert 0.15 <= direct / sum(counts) <= 0.5
    with_source = sum(1 for a in articles for g in a.attributions if g.source)
    assert with_source / sum(counts) > 0.9
