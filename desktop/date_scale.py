"""Dates to x and back, for the timeline: one origin and one number of pixels per day.

As in KGantt's DateTimeGrid, zooming changes only `pixels_per_day`; the
origin stays, so a date's x is always `(date - origin) * pixels_per_day`.
No Qt here: the scale is plain arithmetic and is tested without a screen.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

# Pixels per day of each zoom level (周/月/季/年), widest first.
ZOOM_LEVELS: dict[str, float] = {"week": 24.0, "month": 4.0, "quarter": 1.5, "year": 0.5}
ZOOM_ORDER: tuple[str, ...] = tuple(ZOOM_LEVELS)
ZOOM_LABELS: dict[str, str] = {"week": "周", "month": "月", "quarter": "季", "year": "年"}


class DateScale:
    """Maps a date to the x of its day's left edge, and an x to the date whose day holds it."""

    __slots__ = ("_origin", "_origin_ordinal", "pixels_per_day", "zoom")

    def __init__(self, origin: date, zoom: str = "month") -> None:
        self._origin = origin
        self._origin_ordinal = origin.toordinal()
        self.zoom = zoom
        self.pixels_per_day = ZOOM_LEVELS[zoom]

    @property
    def origin(self) -> date:
        return self._origin

    def set_origin(self, origin: date) -> None:
        self._origin = origin
        self._origin_ordinal = origin.toordinal()

    def set_zoom(self, zoom: str) -> None:
        """Change the zoom level: only pixels per day changes."""
        if zoom not in ZOOM_LEVELS:
            raise ValueError(f"unknown zoom {zoom!r}; expected one of {', '.join(ZOOM_ORDER)}")
        self.zoom = zoom
        self.pixels_per_day = ZOOM_LEVELS[zoom]

    # -- date -> x -----------------------------------------------------------

    def x(self, day: date) -> float:
        """Left edge of `day`."""
        return (day.toordinal() - self._origin_ordinal) * self.pixels_per_day

    def x_of_ordinal(self, ordinal: int) -> float:
        """Left edge of the day with this proleptic ordinal (the paint loop's fast path)."""
        return (ordinal - self._origin_ordinal) * self.pixels_per_day

    def centre(self, day: date) -> float:
        """Middle of `day` (where the today line is drawn)."""
        return (day.toordinal() - self._origin_ordinal + 0.5) * self.pixels_per_day

    def width(self, first: date, last: date) -> float:
        """Width of the days `first` to `last`, both included."""
        return (last.toordinal() - first.toordinal() + 1) * self.pixels_per_day

    # -- x -> date -----------------------------------------------------------

    def days_at(self, x: float) -> float:
        """Days (fractional) from the origin to `x`: the anchor kept when zooming."""
        return x / self.pixels_per_day

    def date_at(self, x: float) -> date:
        """The date whose day contains `x`."""
        return self._origin + timedelta(days=math.floor(x / self.pixels_per_day))
