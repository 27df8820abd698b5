"""Given names and the gender they usually go with, from gender-guesser's name list.

gender-guesser (``gender_guesser.detector``) knows ~40,000 first names with their usual gender
overall and in each of 54 countries: "male", "female", "mostly_male", "mostly_female", "andy"
(either) or "unknown". newsgraph reads English-language news, so a name counts as:

- **strong** ("m"/"f", True) when the overall answer is "male"/"female" and the English-speaking
  columns (USA, Great Britain) do not say the other gender: "Barack" -> ("m", True) (a column
  answers "andy" for a name it has no count of, so "andy" there says nothing);
- **weak** ("m"/"f", False) when the overall answer is "mostly_*": "Erin" -> ("f", False);
- **none** for "andy", "unknown", and names whose overall and English answers disagree ("Jean":
  male in France, mostly female in the USA; "Bernie": mostly female overall, mostly male in the
  USA).

The list is loaded once per process (~0.3 s) on first use; :func:`load` does it ahead of time.
"""

from __future__ import annotations

from functools import lru_cache

from gender_guesser.detector import Detector

_DIRECTION = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}
_ENGLISH = ("usa", "great_britain")


@lru_cache(maxsize=1)
def load() -> Detector:
    """The name list, loaded once (case-insensitive look-ups)."""
    return Detector(case_sensitive=False)


@lru_cache(maxsize=8192)
def name_gender(word: str) -> tuple[str, bool] | None:
    """The usual gender of a given name and whether the list is sure: "Michelle" -> ("f",
    True), "Chris" -> ("m", False), "Pat" / "Trump" / "Jean" -> None."""
    if len(word) < 2 or not word[:1].isalpha():
        return None
    detector = load()
    overall = detector.get_gender(word)
    direction = _DIRECTION.get(overall)
    if direction is None:
        return None
    for country in _ENGLISH:
        other = _DIRECTION.get(detector.get_gender(word, country))
        if other is not None and other != direction:
            return None  # the English columns disagree with the overall answer
    return direction, overall in ("male", "female")


@lru_cache(maxsize=8192)
def is_given_name(word: str) -> bool:
    """The list knows the word as a first name, of either gender: "Ivanka", "Pat"; not
    "Thoms" (a typo of Thomas) or "Trump"."""
    if len(word) < 2 or not word[:1].isalpha():
        return False
    return load().get_gender(word) != "unknown"
