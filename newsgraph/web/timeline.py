"""A timeline chart as server-rendered SVG (no JavaScript, no network).

Why not a charting library: the chart is one time axis with three lanes of marks, each mark a
link with a tooltip; the small JS charting libraries would need the page to run script and ship
the data as JSON, and the PyPI ones (matplotlib, plotly) are heavy dependencies for forty lines of
SVG. Every text that reaches the SVG is escaped with ``markupsafe``.

Dates come at the precision the text gives (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www``):
a day is drawn as a dot, a week, month or year as a bar over the period it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a normalised date value covers, or None when it has no date."""
    if not value:
        return None
    try:
        if m := _WEEK.match(value):
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + dt.timedelta(days=6)
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        if len(parts) == 3:
            day = dt.date(parts[0], parts[1], parts[2])
            return day, day
    except ValueError:
        return None
    return None


@dataclass
class Event:
    """One mark on the chart."""

    value: str | None  # a normalised date value
    label: str  # the tooltip
    href: str | None = None


@dataclass
class Lane:
    name: str
    css: str  # class of its marks (colour)
    events: list[Event]


WIDTH, LEFT, RIGHT, TOP, LANE_H, AXIS_H = 880, 120, 24, 12, 34, 30


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Year ticks for long ranges, month ticks for short ones (at most ~12 labels)."""
    days = (last - first).days
    ticks: list[tuple[dt.date, str]] = []
    if days > 2 * 365:
        step = max(1, (last.year - first.year) // 10 + 1)
        for year in range(first.year + (first.month > 1 or first.day > 1), last.year + 1, step):
            ticks.append((dt.date(year, 1, 1), str(year)))
        return ticks
    step = max(1, days // 300 + 1)
    y, m = first.year, first.month
    if first.day > 1:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    i = 0
    while dt.date(y, m, 1) <= last:
        if i % step == 0:
            label = dt.date(y, m, 1).strftime("%b %Y" if m == 1 or not ticks else "%b")
            ticks.append((dt.date(y, m, 1), label))
        i += 1
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return ticks


def timeline_svg(lanes: list[Lane], *, title: str = "timeline") -> Markup:
    """The chart as an inline ``<svg>`` element (empty-state text when nothing is dated)."""
    spans = [(lane, ev, p) for lane in lanes for ev in lane.events if (p := period(ev.value))]
    if not spans:
        return Markup('<p class="muted">No dated quotes or events yet.</p>')
    first = min(p[0] for _, _, p in spans)
    last = max(p[1] for _, _, p in spans)
    pad = max(7, (last - first).days // 25)
    first, last = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    total = max(1, (last - first).days)
    plot_w = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / total

    height = TOP + LANE_H * len(lanes) + AXIS_H
    out = [
        f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    axis_y = TOP + LANE_H * len(lanes)
    for day, label in _ticks(first, last):
        tx = x(day)
        out.append(
            f'<line class="grid" x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{axis_y}"/>'
            f'<text class="tick" x="{tx:.1f}" y="{axis_y + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    out.append(f'<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}"/>')
    for i, lane in enumerate(lanes):
        cy = TOP + LANE_H * i + LANE_H / 2
        out.append(
            f'<text class="lane" x="{LEFT - 12}" y="{cy + 4:.1f}" text-anchor="end">'
            f"{escape(lane.name)}</text>"
            f'<line class="lane-rule" x1="{LEFT}" y1="{cy:.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{cy:.1f}"/>'
        )
        for ev in lane.events:
            p = period(ev.value)
            if p is None:
                continue
            tip = f"<title>{escape(ev.value)} — {escape(ev.label)}</title>"
            if p[0] == p[1]:
                mark = f'<circle class="mark {lane.css}" cx="{x(p[0]):.1f}" cy="{cy:.1f}" r="6">'
                mark += f"{tip}</circle>"
            else:
                x0, x1 = x(p[0]), x(p[1] + dt.timedelta(days=1))
                mark = (
                    f'<rect class="mark span {lane.css}" x="{x0:.1f}" y="{cy - 5:.1f}" '
                    f'width="{max(4.0, x1 - x0):.1f}" height="10" rx="5">{tip}</rect>'
                )
            if ev.href:
                mark = f'<a href="{escape(ev.href)}">{mark}</a>'
            out.append(mark)
    out.append("</svg>")
    return Markup("".join(out))
