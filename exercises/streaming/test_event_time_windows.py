"""Visible tests for streaming.event_time_windows. Run: pytest exercises/streaming/test_event_time_windows.py"""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen.event_time_windows import bounded_disorder, brute_windows

etw = kata("streaming.event_time_windows")


def same_windows(got, expected):
    if [(w["start"], w["end"], w["count"]) for w in got] != [(w["start"], w["end"], w["count"]) for w in expected]:
        return False
    return all(math.isclose(g["sum"], e["sum"], abs_tol=1e-9) and math.isclose(g["mean"], e["mean"], abs_tol=1e-9)
               for g, e in zip(got, expected))


def test_tumbling_minutes_from_the_statement():
    w = etw.WindowedAggregator(size_s=60)
    flags = [w.add(t, 1.0) for t in (0, 30, 59.5, 60)]
    assert flags == [True, True, True, True], f"add() returned {flags} for on-time events, expected all True"
    got = w.advance_watermark(60)
    expected = [{"start": 0, "end": 60, "count": 3, "sum": 3.0, "mean": 1.0}]
    assert same_windows(got, expected), f"advance_watermark(60) returned {got}, expected {expected} (t=60 belongs to [60, 120))"
    assert w.watermark == 60, f"watermark is {w.watermark}, expected 60"
    got = w.advance_watermark(120)
    assert same_windows(got, [{"start": 60, "end": 120, "count": 1, "sum": 1.0, "mean": 1.0}]), f"advance_watermark(120) returned {got}"


def test_a_late_event_is_reported_not_dropped_not_counted():
    w = etw.WindowedAggregator(size_s=60)
    w.add(5, 2.0)
    w.advance_watermark(60)
    on_time = w.add(10, 5.0)
    assert on_time is False, f"add(10, 5.0) after [0, 60) closed returned {on_time!r}, expected False"
    expected = [{"event_time": 10, "value": 5.0, "missed": [(0, 60)]}]
    got = w.late_events
    assert [dict(e, missed=[tuple(m) for m in e["missed"]]) for e in got] == expected, f"late_events is {got}, expected {expected}"
    rest = w.advance_watermark(math.inf)
    assert rest == [], f"the late event must not reopen [0, 60): advance_watermark(inf) returned {rest}"


def test_allowed_lateness_keeps_a_window_open_past_its_end():
    w = etw.WindowedAggregator(size_s=60, allowed_lateness_s=30)
    w.add(10, 1.0)
    w.add(70, 1.0)
    got = w.advance_watermark(89)
    assert got == [], f"advance_watermark(89) with lateness 30 returned {got}: [0, 60) closes at 90"
    assert w.add(50, 3.0) is True, "add(50, ...) with watermark 89 and lateness 30 should still count in [0, 60)"
    got = w.advance_watermark(90)
    expected = [{"start": 0, "end": 60, "count": 2, "sum": 4.0, "mean": 2.0}]
    assert same_windows(got, expected), f"advance_watermark(90) returned {got}, expected {expected}"


def test_sliding_ten_minutes_every_five():
    s = etw.WindowedAggregator(600, slide_s=300, allowed_lateness_s=60)
    assert s.add(450, 2.0) is True
    assert s.advance_watermark(659) == [], "advance_watermark(659): [0, 600) closes at 600 + 60"
    got = s.advance_watermark(660)
    assert same_windows(got, [{"start": 0, "end": 600, "count": 1, "sum": 2.0, "mean": 2.0}]), f"advance_watermark(660) returned {got}"
    # t=590 belongs to [0, 600) (closed) and [300, 900) (open): counted once, reported once.
    assert s.add(590, 4.0) is False, "add(590, ...) missed [0, 600): expected False"
    missed = [tuple(m) for m in s.late_events[0]["missed"]]
    assert missed == [(0, 600)], f"late_events[0]['missed'] is {missed}, expected [(0, 600)]"
    got = s.advance_watermark(math.inf)
    expected = [{"start": 300, "end": 900, "count": 2, "sum": 6.0, "mean": 3.0}]  # [600, 1200) is empty
    assert same_windows(got, expected), f"advance_watermark(inf) returned {got}, expected {expected}"


def test_each_window_is_emitted_once_and_empty_ones_never():
    w = etw.WindowedAggregator(size_s=10)
    w.add(5, 1.0)
    w.add(35, 1.0)
    first = w.advance_watermark(100)
    assert [x["start"] for x in first] == [0, 30], f"windows emitted: {first}, expected [0, 10) and [30, 40) only"
    assert w.advance_watermark(100) == [], "advancing to the same watermark again must emit nothing"
    assert w.advance_watermark(1000) == [], "a later advance must not emit [0, 10) or [30, 40) again"


@given(
    st.sampled_from([(60, 60), (60, 30), (60, 20), (120, 60), (30, 10)]),
    st.integers(0, 40),
    st.integers(0, 200),
    st.integers(0, 10_000),
)
def test_on_time_data_equals_brute_force(size_slide, lateness, n, seed):
    size, slide = size_slide
    events = bounded_disorder(n, disorder=lateness, span=600, seed=seed)
    w = etw.WindowedAggregator(size, slide_s=slide, allowed_lateness_s=lateness)
    emitted, newest = [], -math.inf
    for t, v in events:
        assert w.add(t, v) is True, f"add({t}, {v}) returned False, but no event is more than {lateness}s behind the watermark {newest}"
        newest = max(newest, t)
        emitted += w.advance_watermark(newest)
    emitted += w.advance_watermark(math.inf)
    expected = brute_windows(events, size, slide)
    assert same_windows(emitted, expected), (
        f"WindowedAggregator({size}, {slide}, {lateness}) emitted {len(emitted)} windows, brute force has {len(expected)}: "
        f"first difference {next(((g, e) for g, e in zip(emitted, expected) if not same_windows([g], [e])), None)}"
    )
    assert w.late_events == [], f"no event was late, late_events is {w.late_events[:3]}"


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(-40, 400).map(lambda x: x / 2), st.integers(-5, 5)),
        st.tuples(st.just("wm"), st.integers(0, 60)),
    ),
    max_size=60,
)


@given(st.sampled_from([(20, 20), (20, 10), (30, 10), (40, 5)]), st.integers(0, 30), operations)
def test_every_event_is_accounted_for_exactly_once_per_window(size_slide, lateness, ops):
    size, slide = size_slide
    w = etw.WindowedAggregator(size, slide_s=slide, allowed_lateness_s=lateness)
    added, emitted, wm = [], [], 0
    for op in ops:
        if op[0] == "add":
            w.add(op[1], op[2])
            added.append(op[1])
        else:
            wm += op[1]
            emitted += w.advance_watermark(wm)
    emitted += w.advance_watermark(math.inf)
    starts = [x["start"] for x in emitted]
    assert len(starts) == len(set(starts)), f"a window was emitted twice: starts {sorted(starts)}"
    counted = sum(x["count"] for x in emitted)
    reported = sum(len(e["missed"]) for e in w.late_events)
    per_event = size // slide
    assert counted + reported == per_event * len(added), (
        f"{len(added)} events x {per_event} windows each = {per_event * len(added)}, but emitted windows count "
        f"{counted} and late_events report {reported} missed windows"
    )
    for x in emitted:
        assert x["end"] == x["start"] + size and x["start"] % slide == 0, f"bad window bounds {x}"


@pytest.mark.parametrize(
    "args",
    [(0,), (-60,), (60.0,), (60, 25), (60, 0), (60, 120), (60, None, -1), (60, None, math.inf), (True,)],
    ids=["zero-size", "negative-size", "float-size", "slide-not-dividing", "zero-slide", "slide-bigger",
         "negative-lateness", "infinite-lateness", "bool-size"],
)
def test_bad_configuration_raises_value_error(args):
    with pytest.raises(ValueError):
        etw.WindowedAggregator(*args)


def test_watermark_cannot_go_backwards():
    w = etw.WindowedAggregator(60)
    w.advance_watermark(100)
    with pytest.raises(ValueError, match="cannot go backwards"):
        w.advance_watermark(99.5)
    assert w.watermark == 100, f"a rejected watermark changed it to {w.watermark}"
    assert w.advance_watermark(100) == [], "advancing to the same watermark is allowed"


@pytest.mark.parametrize("args", [(math.nan, 1.0), (1.0, math.inf), ("10", 1.0), (10, None)], ids=["nan-time", "inf-value", "str-time", "none-value"])
def test_bad_event_raises_value_error(args):
    w = etw.WindowedAggregator(60)
    with pytest.raises(ValueError):
        w.add(*args)
    assert w.advance_watermark(math.inf) == [], "a rejected event was counted"
