"""The scorer on the tiny brat fixture (tests/data/brat) with hand-made predictions.

Gold (8 attributions, 4 direct, all direct ones with a Source):
  alpha  G1 "We will rebuild the bridge," (direct)   G2 the work would take a year
  beta   G3 "The plan is dead," + "We start again tomorrow." (direct, discontinuous)
         G4 the budget is too small                  G5 the bridge is closed (no source)
  gamma  G6 Nobody expected this (direct: “...” just around)
         G7 prices will rise next year              G8 "Prices are too high," (direct)
Predictions (7, 5 direct/mixed):
  P1 direct → G1, speaker right      P2 indirect → G2       P3 direct, spurious
  P4 direct → G3, speaker right      P5 mixed → G4 (indirect gold)
  P6 direct → G6, wrong speaker      P7 indirect "next year": under half of G7, spurious
By hand: 5 matched. all P = 5/7, R = 5/8, F1 = 2/3. Direct preds matched: P1 P4 P5 P6 = 4/5;
direct golds matched: G1 G3 G6 = 3/4; direct F1 = 2·0.8·0.75/1.55 = 24/31. Speaker: 2 right of
3 scored (2/3); attributed recall 2/4. Errors: missed G5 G7 G8, spurious P3 P7, wrong speaker G6.
"""

from __future__ import annotations

from pytest import approx

from newsgraph.eval.brat import GoldAttribution, load_gold
from newsgraph.eval.score import (
    PredQuote,
    aggregate,
    errors_of,
    half_match,
    is_direct_gold,
    match,
    overlap,
    same_name,
    score_article,
)
from tests.conftest import DATA

BRAT = DATA / "brat"


def pred(text: str, content: str, kind: str, speaker: str | None = None, nth: int = 1) -> PredQuote:
    start = -1
    for _ in range(nth):
        start = text.index(content, start + 1)
    spk = None
    if speaker is not None:
        s = text.index(speaker)
        spk = (s, s + len(speaker))
    return PredQuote(start, start + len(content), kind, spk, speaker, None, f"q{start}")


def fixture_predictions() -> dict[str, list[PredQuote]]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (BRAT / "text").glob("*.txt")}
    a, b, g = texts["alpha"], texts["beta"], texts["gamma"]
    return {
        "alpha": [
            pred(a, "We will rebuild the bridge,", "direct", "Mayor Jane Doe"),
            pred(a, "the work would take a year", "indirect", "She"),
            pred(a, "Officials met on Monday", "direct"),
        ],
        "beta": [
            pred(
                b,
                'The plan is dead," the senator said. "We start again tomorrow.',
                "direct",
                "senator",
            ),
            pred(b, "the budget is too small", "mixed", "Critics"),
        ],
        "gamma": [
            pred(g, "Nobody expected this", "direct", "Nobody"),
            pred(g, "next year", "indirect", "Analysts"),
        ],
    }


def fixture_results():
    preds = fixture_predictions()
    return [score_article(a, preds[a.name]) for a in load_gold(BRAT)]


def test_fixture_metrics_match_hand_computation():
    m = aggregate(fixture_results())
    assert (m.articles, m.gold, m.pred, m.matched) == (3, 8, 7, 5)
    assert (m.gold_direct, m.pred_direct) == (4, 5)
    assert m.precision == approx(5 / 7)
    assert m.recall == approx(5 / 8)
    assert m.f1 == approx(2 / 3)
    assert m.direct_precision == approx(4 / 5)
    assert m.direct_recall == approx(3 / 4)
    assert m.direct_f1 == approx(24 / 31)
    assert (m.speaker_correct, m.speaker_scored) == (2, 3)
    assert m.speaker_accuracy == approx(2 / 3)
    assert m.attributed_recall == approx(2 / 4)
    assert m.errors == {"missed": 3, "spurious": 2, "wrong speaker": 1}
    assert m.wrong_speaker_same_name == 0  # "Nobody" does not name "a spokesman"
    data = m.to_dict()
    assert data["direct"]["f1"] == approx(24 / 31)
    assert data["counts"]["matched_pred_direct"] == 4


def test_error_lists_name_the_right_spans():
    results = fixture_results()
    errors = [e for r in results for e in errors_of(r)]
    by_kind: dict[str, list[str]] = {}
    for e in errors:
        item = e.gold if e.kind != "spurious" else e.pred
        assert item is not None
        text = e.article.text
        span = item.content[0] if isinstance(item, GoldAttribution) else (item.start, item.end)
        by_kind.setdefault(e.kind, []).append(text[span[0] : span[1]])
    assert by_kind["missed"] == [
        "the bridge is closed",
        "prices will rise next year",
        '"Prices are too high,"',
    ]
    assert by_kind["spurious"] == ["Officials met on Monday", "next year"]
    assert by_kind["wrong speaker"] == ["Nobody expected this"]
    # boundary errors point at what they nearly matched
    spurious = [e for e in errors if e.kind == "spurious"]
    assert spurious[0].near is None
    near = spurious[1].near
    assert isinstance(near, GoldAttribution)
    assert spurious[1].article.text[near.start : near.end] == "prices will rise next year"
    missed = [e for e in errors if e.kind == "missed"]
    assert isinstance(missed[1].near, PredQuote) and missed[1].near.kind == "indirect"
    assert missed[0].near is None


def test_perfect_and_empty_predictions():
    articles = load_gold(BRAT)
    perfect = [
        score_article(
            a,
            [
                PredQuote(g.start, g.end, "indirect", g.source[0] if g.source else None)
                for g in a.attributions
            ],
        )
        for a in articles
    ]
    m = aggregate(perfect)
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)
    assert m.pred_direct == 0 and m.direct_precision == 0.0 and m.direct_recall == 1.0
    assert m.speaker_accuracy == 1.0 and m.attributed_recall == 1.0
    empty = aggregate(score_article(a, []) for a in articles)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert empty.errors == {"missed": 8, "spurious": 0, "wrong speaker": 0}


# ----------------------------------------------------------------------------- half overlap
def test_half_overlap_edges():
    gold = ((0, 10),)
    assert half_match(((5, 15),), gold) == 5  # exactly half of each: a match
    assert half_match(((6, 16),), gold) == 0  # 4 of 10: no
    assert half_match(((0, 20),), gold) == 10  # half of the prediction: a match
    assert half_match(((0, 21),), gold) == 0  # just under half of the prediction: no
    assert half_match(((10, 20),), gold) == 0  # touching is not overlapping
    assert half_match(((0, 0),), gold) == 0


def test_overlap_with_discontinuous_gold():
    gold = ((0, 19), (38, 64))
    assert overlap(((1, 63),), gold) == 18 + 25
    assert half_match(((1, 63),), gold) == 43
    assert half_match(((0, 19),), gold) == 0  # one part alone is under half of the gold


def test_matching_is_one_to_one_greedy_by_overlap():
    golds = [GoldAttribution("E1", ((0, 10),)), GoldAttribution("E2", ((0, 12),))]
    preds = [PredQuote(0, 11, "direct"), PredQuote(0, 10, "direct")]
    # (E2, p0) overlaps 11 and is taken first; p1 then goes to E1.
    assert match(golds, preds) == [(0, 1), (1, 0)]
    assert match(golds, preds[:1]) == [(1, 0)]


# ----------------------------------------------------------------------------- direct gold
def spans_of(text: str, part: str) -> tuple[tuple[int, int], ...]:
    start = text.index(part)
    return ((start, start + len(part)),)


def test_direct_gold_marks_inside():
    for text, part in [
        ('He said "no way" today.', 'said "no way"'),
        ("He said “no way” today.", "“no way”"),
        ("He said no way” today.", "said no way”"),
        ('They called it "pathway" again.', 'called it "pathway"'),  # mixed counts as direct
    ]:
        assert is_direct_gold(text, spans_of(text, part)), text


def test_direct_gold_marks_just_around():
    assert is_direct_gold("“No way” — Bach.", spans_of("“No way” — Bach.", "No way"))
    text = 'Bach:  "No way,"  he said.'
    assert is_direct_gold(text, spans_of(text, "No way"))  # spaces, one comma, then the mark
    text = '\n"But the truth is out there.\n\nNext paragraph'
    assert is_direct_gold(text, spans_of(text, "But the truth is out there."))


def test_direct_gold_not_around():
    # A closing straight quote before the content does not open it.
    text = 'a "targeted employment area," which is defined by law'
    assert not is_direct_gold(text, spans_of(text, "which is defined by law"))
    text = 'told MSNBC\'s "Morning Joe" that nobody would question her'
    assert not is_direct_gold(text, spans_of(text, "that nobody would question her"))
    # A mark on the next line (a new paragraph's quote) is not "just around".
    text = 'He said the vote was over.\n\n"Next quote," she said.'
    assert not is_direct_gold(text, spans_of(text, "the vote was over."))
    text = "He said the vote was over, apparently."
    assert not is_direct_gold(text, spans_of(text, "the vote was over"))
    # Two punctuation marks before the quote mark are too far.
    text = 'the vote was over.." she'
    assert not is_direct_gold(text, spans_of(text, "the vote was over"))


def test_same_name_diagnostic():
    text = "Pat Caddell spoke. He said it. Caddell said more."
    he, later = text.index("He"), text.index("Caddell said")
    gold = GoldAttribution("E1", ((19, 26),), source=((0, 11),))  # source "Pat Caddell"
    assert same_name(text, gold, PredQuote(19, 26, "direct", (he, he + 2), "He", "Pat Caddell"))
    assert same_name(text, gold, PredQuote(19, 26, "direct", (later, later + 7), "Caddell"))
    gold2 = GoldAttribution("E2", ((19, 26),), source=((later, later + 7),))  # "Caddell"
    assert same_name(text, gold2, PredQuote(19, 26, "direct", (4, 11), "Caddell"))
    assert same_name(text, gold2, PredQuote(19, 26, "direct", (he, he + 2), "He", "Pat Caddell"))
    assert not same_name(text, gold2, PredQuote(19, 26, "direct", (he, he + 2), "He", None))
    assert not same_name(text, gold2, PredQuote(19, 26, "direct", (he, he + 2), "He", "Caddellson"))
    assert not same_name(text, gold2, PredQuote(19, 26, "direct", None))
