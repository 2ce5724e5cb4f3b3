"""Small charts drawn on the server as SVG geometry, so they show without JavaScript."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Sparkline:
    bars: tuple[Bar, ...]
    width: int
    height: int
    first_year: int
    last_year: int
    peak: int


def sparkline(
    years: list[tuple[int, int]], *, width: int = 240, height: int = 40
) -> Sparkline | None:
    """Bars for works per year, with empty years kept as gaps so time reads evenly."""
    if not years:
        return None
    counts = dict(years)
    first, last = min(counts), max(counts)
    span = last - first + 1
    peak = max(counts.values())
    slot = width / span
    bar_width = max(1.0, slot * 0.8)
    bars = []
    for i, year in enumerate(range(first, last + 1)):
        n = counts.get(year, 0)
        h = round(height * n / peak, 1) if n else 0.0
        bars.append(Bar(year, n, round(i * slot, 1), round(height - h, 1), round(bar_width, 1), h))
    return Sparkline(tuple(bars), width, height, first, last, peak)
