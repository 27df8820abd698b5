"""Speaker colours: one per speaker of an article, however many speakers it has.

The article view highlights each speaker's quotes in a colour of its own (CSS classes ``c0``,
``c1``...: a light highlight ``--hl`` and a strong mark colour ``--mk``). The first eight are
picked by hand for contrast with dark text; from the ninth on, hues step round the colour wheel by
the golden angle, at three lightness levels in turn, so no two speakers of one article share a
colour. The page's Content-Security-Policy allows no inline style, so the classes come as a
stylesheet (``GET /speaker-colours.css?n=N``, :func:`stylesheet`).
"""

from __future__ import annotations

#: (highlight, mark) of the first speakers, in order of their first quote.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#fde68a", "#b45309"),
    ("#bfdbfe", "#1d4ed8"),
    ("#bbf7d0", "#15803d"),
    ("#fbcfe8", "#be185d"),
    ("#ddd6fe", "#6d28d9"),
    ("#fed7aa", "#c2410c"),
    ("#a5f3fc", "#0e7490"),
    ("#d9f99d", "#4d7c0f"),
)
GOLDEN_ANGLE = 137.508
LIGHTNESS = (86, 78, 70)  # highlight lightness, in turn: far-apart hues differ in lightness too
MAX_SPEAKERS = 1000  # more classes than any article needs


def colour(i: int) -> tuple[str, str]:
    """The (highlight, mark) colours of speaker ``i`` (0-based)."""
    if i < len(PALETTE):
        return PALETTE[i]
    k = i - len(PALETTE)
    hue = (20 + k * GOLDEN_ANGLE) % 360
    light = LIGHTNESS[k % len(LIGHTNESS)]
    return f"hsl({hue:.1f} 80% {light}%)", f"hsl({hue:.1f} 70% 30%)"


def stylesheet(n: int) -> str:
    """The classes ``c0`` ... ``c{n-1}`` (``n`` is kept between 1 and :data:`MAX_SPEAKERS`)."""
    n = max(1, min(n, MAX_SPEAKERS))
    rules = (
        f".c{i} {{ --hl: {hl}; --mk: {mk}; }}" for i, (hl, mk) in enumerate(map(colour, range(n)))
    )
    return "/* newsgraph speaker colours (newsgraph/web/colours.py) */\n" + "\n".join(rules) + "\n"
