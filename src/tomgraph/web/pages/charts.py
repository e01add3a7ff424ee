"""Bar charts drawn on the server: bars as SVG rectangles, values always printed beside them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value in words or digits, shown beside the bar
    href: str | None
    width: float  # 0–100, share of the longest bar (or of the scale's maximum)
    tone: str = ""  # CSS class suffix for the bar's colour


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    caption: str = ""


def bar_chart(
    title: str,
    items: Iterable[tuple[str, float, str, str | None]],
    *,
    maximum: float | None = None,
    caption: str = "",
    tone: Callable[[float], str] | None = None,
) -> BarChart:
    """Bars for ``(label, value, text, href)`` items, scaled to ``maximum`` (or the largest).

    ``tone`` picks each bar's colour class from its value; without it bars share one colour.
    """
    listed = list(items)
    top = maximum if maximum is not None else max((abs(v) for _, v, _, _ in listed), default=0)
    bars = [
        Bar(label, value, text, href, round(100 * abs(value) / top, 2) if top else 0.0,
            tone(value) if tone else "")
        for label, value, text, href in listed
    ]
    return BarChart(title, bars, caption)


def score_tone(value: float) -> str:
    """Colour class of a completeness score (same bins as the capability map's metric)."""
    percent = round(value * 100)
    if percent >= 100:
        return "c4"
    if percent >= 90:
        return "c3"
    if percent >= 75:
        return "c2"
    return "c1" if percent >= 50 else "c0"
