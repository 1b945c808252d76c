"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): a late event is added to its closed window, which is created again and emitted a second time.
See exercises/streaming/event_time_windows.py for the statement.
"""
from __future__ import annotations

import heapq
import math


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive int (seconds), got {value!r}")
    return value


class WindowedAggregator:
    """count, sum and mean per event-time window [start, start + size_s), one window every slide_s."""

    def __init__(self, size_s: int, slide_s: int | None = None, allowed_lateness_s: float = 0):
        self.size = _positive_int("size_s", size_s)
        self.slide = self.size if slide_s is None else _positive_int("slide_s", slide_s)
        if self.size % self.slide:
            raise ValueError(f"slide_s ({self.slide}) must divide size_s ({self.size})")
        if not _is_number(allowed_lateness_s) or not 0 <= allowed_lateness_s < math.inf:
            raise ValueError(f"allowed_lateness_s must be a finite number >= 0, got {allowed_lateness_s!r}")
        self.lateness = allowed_lateness_s
        self._watermark = -math.inf
        self._open: dict[int, list] = {}  # window start -> [count, sum]; only windows with events
        self._starts: list[int] = []  # heap of the keys of _open: the next window to close on top
        self._late: list[dict] = []

    @property
    def watermark(self) -> float:
        return self._watermark

    @property
    def late_events(self) -> list[dict]:
        """Events that missed at least one closed window, in arrival order (a copy)."""
        return [dict(e, missed=list(e["missed"])) for e in self._late]

    def _closed(self, start: int) -> bool:
        # A window stays open until the watermark passes its end by the allowed lateness.
        return start + self.size + self.lateness <= self._watermark

    def add(self, event_time: float, value: float) -> bool:
        """Count the event in each window that holds it; False if it missed a closed one."""
        for name, x in (("event_time", event_time), ("value", value)):
            if not _is_number(x) or not math.isfinite(x):
                raise ValueError(f"{name} must be a finite number, got {x!r}")
        # Windows holding t: starts k * slide with start <= t < start + size. Floor division
        # on floats is exact in Python (t // slide), unlike floor(t / slide) near a boundary.
        last = int(event_time // self.slide) * self.slide
        missed = []
        for start in range(last - self.size + self.slide, last + 1, self.slide):
            if self._closed(start):
                missed.append((start, start + self.size))
            acc = self._open.get(start)
            if acc is None:
                self._open[start] = [1, value]
                heapq.heappush(self._starts, start)
            else:
                acc[0] += 1
                acc[1] += value
        if missed:
            self._late.append({"event_time": event_time, "value": value, "missed": missed})
        return not missed

    def advance_watermark(self, t: float) -> list[dict]:
        """Move the watermark to t; return the windows that closed, each exactly once, by start."""
        if not _is_number(t) or math.isnan(t):
            raise ValueError(f"watermark must be a number, got {t!r}")
        if t < self._watermark:
            raise ValueError(f"watermark cannot go backwards: {t} < {self._watermark}")
        self._watermark = t
        out = []
        while self._starts and self._closed(self._starts[0]):
            start = heapq.heappop(self._starts)
            count, total = self._open.pop(start)
            out.append({"start": start, "end": start + self.size, "count": count, "sum": total,
                        "mean": total / count})
        return out
