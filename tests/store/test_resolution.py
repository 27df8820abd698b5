"""The rule that picks the entity a name means (newsgraph.store.resolution), on its own."""

from __future__ import annotations

import pytest

from newsgraph.model import EntitySummary
from newsgraph.store import AmbiguousName, NotFound
from newsgraph.store.resolution import DOMINANT_SHARE, choose


def _entity(n: int, name: str, mentions: int, type_: str = "PERSON") -> EntitySummary:
    return EntitySummary(id=f"C{n}", name=name, type=type_, mentions=mentions)


def test_one_candidate_is_the_entity() -> None:
    taken = choose("Bach", [_entity(1, "Thomas Bach", 3)])
    assert taken.entity.name == "Thomas Bach" and taken.others == ()


def test_eighty_percent_of_the_mentions_dominates() -> None:
    assert DOMINANT_SHARE == 0.8
    taken = choose("Trump", [_entity(9, "Trump", 1, "ORG"), _entity(3, "Donald Trump", 4)])
    assert taken.entity.id == "C3" and [o.id for o in taken.others] == ["C9"]
    assert taken.share == 0.8
    assert taken.note() == (
        "'Trump' is taken to mean Donald Trump (C3, PERSON), which has 80% of the mentions of the "
        "entities it fits; it also fits Trump (C9, ORG, 1 mention)."
    )


@pytest.mark.parametrize("mentions", [(79, 21), (1, 1), (0, 0), (5, 1, 1)])
def test_less_is_ambiguous(mentions: tuple[int, ...]) -> None:
    candidates = [_entity(i, f"Pat Smith {i}", m) for i, m in enumerate(mentions, 1)]
    with pytest.raises(AmbiguousName) as err:
        choose("Smith", candidates)
    assert [c.mentions for c in err.value.candidates] == sorted(mentions, reverse=True)
    assert str(err.value).startswith(f"'Smith' fits {len(mentions)} entities and none has most")


def test_no_candidate_is_not_found() -> None:
    with pytest.raises(NotFound, match=r"^No entity is named 'Nobody'\.$"):
        choose("Nobody", [])
