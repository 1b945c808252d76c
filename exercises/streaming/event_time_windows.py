"""Windows in event time: count, sum and mean over the last N minutes, when events come late.

The deck: stream processing is harder than batch "due to variable speed and undefined size".
A stream never ends, so aggregates are taken over windows of EVENT time (when the ride
happened), not arrival time. Events arrive out of order, so the stream also carries a
watermark, a promise that no event older than t should still come; a window is final once
the watermark has passed its end (plus an allowed lateness). An event for a window that is
already final is late: report it, never drop it silently, never count it into a closed window.

Windows: start = k * slide_s for every integer k, end = start + size_s, half-open
[start, end). Tumbling windows have slide_s == size_s (the default); sliding windows
overlap ("the last 10 minutes, every 5 minutes"). An event at time t belongs to the
size_s // slide_s windows with start <= t < end.

    >>> w = WindowedAggregator(size_s=60)                  # tumbling minutes
    >>> [w.add(t, 1.0) for t in (0, 30, 59.5, 60)]
    [True, True, True, True]
    >>> w.advance_watermark(60)                            # [0, 60) closes; t=60 is in [60, 120)
    [{'start': 0, 'end': 60, 'count': 3, 'sum': 3.0, 'mean': 1.0}]
    >>> w.add(10, 5.0), w.late_events                      # too late for [0, 60)
    (False, [{'event_time': 10, 'value': 5.0, 'missed': [(0, 60)]}])
    >>> s = WindowedAggregator(600, slide_s=300, allowed_lateness_s=60)   # 10 min every 5 min
    >>> s.add(450, 2.0), s.advance_watermark(659), s.advance_watermark(660)
    (True, [], [{'start': 0, 'end': 600, 'count': 1, 'sum': 2.0, 'mean': 2.0}])

Rules. A window closes when watermark >= end + allowed_lateness_s. advance_watermark(t)
returns the windows that this call closed and that hold at least one event (empty windows
are not emitted), each window once in the aggregator's life, sorted by start. add() counts
the event in each of its windows that is still open and returns True when that was all of
them; otherwise it returns False and appends {"event_time", "value", "missed": [(start,
end), ...]} (its closed windows, by start) to late_events, in arrival order. So after a
final advance_watermark(math.inf), every event is accounted for exactly size_s // slide_s
times across the emitted windows and the missed lists. The watermark starts at -inf;
advancing to the current value is allowed (it returns []). Values sum as given; the mean
is sum / count.

Bad input raises ValueError: size_s or slide_s not a positive int; a slide_s that does not
divide size_s; allowed_lateness_s negative or not finite; an event_time or value that is not
a finite number; a watermark that is NaN or goes backwards (message: "cannot go backwards").

Run its tests: pytest exercises/streaming/test_event_time_windows.py
(or: kata check streaming.event_time_windows)
"""
from __future__ import annotations

import heapq  # noqa: F401  (a heap of open window starts finds the next one to close)
import math  # noqa: F401


class WindowedAggregator:
    """count, sum and mean per event-time window [start, start + size_s), one every slide_s."""

    def __init__(self, size_s: int, slide_s: int | None = None, allowed_lateness_s: float = 0):
        # TODO: validate (positive ints, slide divides size, lateness finite >= 0), else ValueError
        # TODO: state: watermark = -math.inf; open windows {start: [count, sum]}; late_events list
        raise NotImplementedError("WindowedAggregator.__init__")

    @property
    def watermark(self) -> float:
        """The current watermark (-inf before the first advance)."""
        raise NotImplementedError("WindowedAggregator.watermark")

    @property
    def late_events(self) -> list[dict]:
        """[{"event_time", "value", "missed": [(start, end), ...]}, ...] in arrival order (a copy)."""
        raise NotImplementedError("WindowedAggregator.late_events")

    def add(self, event_time: float, value: float) -> bool:
        """Count one event in its open windows; False (and a late_events entry) if it missed any.

        (about 20 lines)
        """
        # TODO: event_time and value finite numbers (not bool), else ValueError
        # TODO: its windows: last = (event_time // slide) * slide, starts last - size + slide .. last
        #       e.g. size 600, slide 300, t=450: starts 0 and 300 -> [0, 600) and [300, 900)
        # TODO: closed if start + size + lateness <= watermark: collect it in `missed`, do NOT add
        # TODO: else count += 1, sum += value in that window (create it if new)
        raise NotImplementedError("WindowedAggregator.add")

    def advance_watermark(self, t: float) -> list[dict]:
        """Move the watermark to t; return the windows this closed, by start. (about 12 lines)"""
        # TODO: t NaN or t < watermark -> ValueError("... cannot go backwards ...")
        # TODO: pop every open window with start + size + lateness <= t, smallest start first:
        #       {"start": 0, "end": 60, "count": 3, "sum": 3.0, "mean": 1.0}
        raise NotImplementedError("WindowedAggregator.advance_watermark")
