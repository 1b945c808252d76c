"""Hidden tests for streaming.event_time_windows: a step-by-step model of the rules, boundaries,
late events in sliding windows, bigger streams, bad input."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen.event_time_windows import bounded_disorder, brute_windows, windows_of

etw = kata("streaming.event_time_windows")


class Model:
    """The statement's rules, literally: slow and obvious."""

    def __init__(self, size, slide, lateness):
        self.size, self.slide, self.lateness = size, slide, lateness
        self.wm = -math.inf
        self.counted = []  # (value, [starts it was counted in])
        self.late = []

    def closed(self, start, wm):
        return start + self.size + self.lateness <= wm

    def add(self, t, v):
        starts = windows_of(t, self.size, self.slide)
        missed = [(s, s + self.size) for s in starts if self.closed(s, self.wm)]
        self.counted.append((v, [s for s in starts if not self.closed(s, self.wm)]))
        if missed:
            self.late.append({"event_time": t, "value": v, "missed": missed})
        return not missed

    def advance(self, wm):
        old, self.wm = self.wm, wm
        out = {}
        for v, starts in self.counted:
            for s in starts:
                if self.closed(s, wm) and not self.closed(s, old):
                    a = out.setdefault(s, [0, 0])
                    a[0] += 1
                    a[1] += v
        return [{"start": s, "end": s + self.size, "count": c, "sum": v, "mean": v / c} for s, (c, v) in sorted(out.items())]


def same_windows(got, expected):
    if [(w["start"], w["end"], w["count"]) for w in got] != [(w["start"], w["end"], w["count"]) for w in expected]:
        return False
    return all(math.isclose(g["sum"], e["sum"], abs_tol=1e-6) and math.isclose(g["mean"], e["mean"], abs_tol=1e-9)
               for g, e in zip(got, expected))


def plain_late(late):
    return [{"event_time": e["event_time"], "value": e["value"], "missed": [tuple(m) for m in e["missed"]]} for e in late]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(-100, 500).map(lambda x: x / 4), st.integers(-9, 9)),
        st.tuples(st.just("wm"), st.one_of(st.integers(0, 40), st.integers(0, 160).map(lambda x: x / 4))),
    ),
    max_size=80,
)


@given(st.sampled_from([(10, 10), (20, 10), (30, 10), (24, 6), (50, 1), (7, 7)]), st.sampled_from([0, 0.5, 3, 15, 45]), operations)
def test_every_call_matches_the_model(size_slide, lateness, ops):
    size, slide = size_slide
    w = etw.WindowedAggregator(size, slide_s=slide, allowed_lateness_s=lateness)
    m = Model(size, slide, lateness)
    wm = -10.0
    for i, op in enumerate(ops):
        if op[0] == "add":
            got, expected = w.add(op[1], op[2]), m.add(op[1], op[2])
            assert got is expected, f"step {i}: add({op[1]}, {op[2]}) with watermark {m.wm} returned {got!r}, expected {expected}"
        else:
            wm += op[1]
            got, expected = w.advance_watermark(wm), m.advance(wm)
            assert same_windows(got, expected), f"step {i}: advance_watermark({wm}) returned {got}, expected {expected} (ops so far {ops[: i + 1]})"
    got, expected = w.advance_watermark(math.inf), m.advance(math.inf)
    assert same_windows(got, expected), f"advance_watermark(inf) returned {got}, expected {expected}"
    assert plain_late(w.late_events) == m.late, f"late_events is {w.late_events}, expected {m.late}"


def test_an_event_exactly_at_the_end_belongs_to_the_next_window():
    w = etw.WindowedAggregator(60)
    for t in (59.999, 60, 119.5, 120):
        w.add(t, 1.0)
    got = [(x["start"], x["count"]) for x in w.advance_watermark(math.inf)]
    assert got == [(0, 1), (60, 2), (120, 1)], f"events at 59.999, 60, 119.5, 120: windows (start, count) {got}"


def test_sliding_boundaries_are_half_open():
    w = etw.WindowedAggregator(30, slide_s=10)
    w.add(30, 1.0)  # in [10, 40), [20, 50), [30, 60), not [0, 30)
    got = [(x["start"], x["end"]) for x in w.advance_watermark(math.inf)]
    assert got == [(10, 40), (20, 50), (30, 60)], f"t=30 with size 30 slide 10 landed in {got}"


def test_float_times_next_to_a_boundary():
    w = etw.WindowedAggregator(60)
    t = math.nextafter(180.0, 0)  # 179.99999999999997: still in [120, 180)
    w.add(t, 1.0)
    w.add(180.0, 1.0)
    got = [(x["start"], x["count"]) for x in w.advance_watermark(math.inf)]
    assert got == [(120, 1), (180, 1)], f"events at 180 - 1 ulp and 180: windows {got}"


def test_negative_times():
    w = etw.WindowedAggregator(60, slide_s=30)
    w.add(-1, 2.0)
    got = [(x["start"], x["end"], x["count"]) for x in w.advance_watermark(math.inf)]
    assert got == [(-60, 0, 1), (-30, 30, 1)], f"t=-1 with size 60 slide 30 landed in {got}"


def test_late_for_an_empty_closed_window_is_still_late():
    w = etw.WindowedAggregator(60)
    w.add(100, 1.0)
    assert w.advance_watermark(110) == [], "nothing but the empty [0, 60) closes at 110: nothing to emit"
    assert w.add(30, 7.0) is False, "[0, 60) closed (empty) at watermark 60: add(30, ...) must be late"
    assert [tuple(m) for m in w.late_events[0]["missed"]] == [(0, 60)]
    got = w.advance_watermark(math.inf)
    assert [(x["start"], x["count"]) for x in got] == [(60, 1)], f"advance_watermark(inf) returned {got}: [0, 60) must never be emitted"


def test_late_in_some_sliding_windows_counted_in_the_others():
    w = etw.WindowedAggregator(40, slide_s=10)
    w.add(100, 1.0)
    w.advance_watermark(75)  # closes the windows ending <= 75
    assert w.add(45, 5.0) is False
    missed = [tuple(m) for m in w.late_events[0]["missed"]]
    assert missed == [(10, 50), (20, 60), (30, 70)], f"t=45 missed {missed}, expected [(10, 50), (20, 60), (30, 70)]"
    got = {x["start"]: x["count"] for x in w.advance_watermark(math.inf)}
    assert got == {40: 1, 70: 1, 80: 1, 90: 1, 100: 1}, f"windows (start: count) {got}: t=45 counts in [40, 80) only"


def test_watermark_exactly_at_end_plus_lateness_closes_the_window():
    w = etw.WindowedAggregator(60, allowed_lateness_s=2.5)
    w.add(1, 1.0)
    assert w.advance_watermark(62.4) == [], "[0, 60) with lateness 2.5 is open until 62.5"
    assert [x["start"] for x in w.advance_watermark(62.5)] == [0], "[0, 60) closes at exactly 62.5"
    assert w.add(59, 1.0) is False


def test_late_events_is_a_copy():
    w = etw.WindowedAggregator(10)
    w.advance_watermark(100)
    w.add(1, 1.0)
    w.late_events.clear()
    assert len(w.late_events) == 1, "clearing the returned list emptied the aggregator's own record"


def test_int_values_sum_exactly():
    w = etw.WindowedAggregator(10)
    for t in range(10):
        w.add(t, 10**15 + t)
    (x,) = w.advance_watermark(math.inf)
    assert x["sum"] == 10 * 10**15 + 45 and x["count"] == 10, f"sum of ints {x['sum']}"


@pytest.mark.parametrize("size, slide, lateness, seed", [(3600, 300, 120, 1), (300, 300, 0, 2), (900, 60, 30, 3)])
def test_a_long_on_time_stream_equals_brute_force(size, slide, lateness, seed):
    events = bounded_disorder(6000, disorder=lateness, span=6 * 3600, seed=seed)
    w = etw.WindowedAggregator(size, slide_s=slide, allowed_lateness_s=lateness)
    emitted, newest = [], -math.inf
    for i, (t, v) in enumerate(events):
        assert w.add(t, v), f"event {i} at {t} is within the lateness bound but add() returned False"
        if t > newest:
            newest = t
            if i % 7 == 0:
                emitted += w.advance_watermark(newest)
    emitted += w.advance_watermark(math.inf)
    expected = brute_windows(events, size, slide)
    assert len(emitted) == len(expected), f"emitted {len(emitted)} windows, brute force has {len(expected)}"
    assert same_windows(emitted, expected), "emitted windows differ from brute force"
    assert w.late_events == []


def test_windows_come_out_sorted_by_start_within_one_call():
    w = etw.WindowedAggregator(10, slide_s=5)
    for t in (47, 3, 25, 12, 33):
        w.add(t, 1.0)
    got = [x["start"] for x in w.advance_watermark(math.inf)]
    assert got == [-5, 0, 5, 10, 20, 25, 30, 40, 45], f"advance_watermark(inf) emitted starts {got}, expected them sorted"


@pytest.mark.parametrize(
    "args",
    [(60, 7), (60, -30), (60, 30.0), (60, True), ("60",), (None,), (60, None, math.nan), (60, None, "5"),
     (0, 5), (30, 0), (-30, 10), (60, None, -0.5), (60, 30, math.inf), (60, 30, -math.inf)],
    ids=["slide-7", "negative-slide", "float-slide", "bool-slide", "str-size", "none-size", "nan-lateness", "str-lateness",
         "zero-size-with-slide", "zero-slide", "negative-size-with-slide", "negative-lateness", "inf-lateness", "minus-inf-lateness"],
)
def test_more_bad_configuration(args):
    with pytest.raises(ValueError):
        etw.WindowedAggregator(*args)


def test_bad_watermarks():
    w = etw.WindowedAggregator(60)
    with pytest.raises(ValueError):
        w.advance_watermark(math.nan)
    w.advance_watermark(-math.inf)  # equal to the start: allowed
    w.advance_watermark(5)
    with pytest.raises(ValueError, match="cannot go backwards"):
        w.advance_watermark(-math.inf)
    with pytest.raises(ValueError):
        w.advance_watermark("10")
    assert w.watermark == 5


@pytest.mark.parametrize("args", [(True, 1.0), (1.0, False), (-math.inf, 1.0), (1.0, math.nan)], ids=["bool-time", "bool-value", "minus-inf-time", "nan-value"])
def test_more_bad_events(args):
    w = etw.WindowedAggregator(60)
    with pytest.raises(ValueError):
        w.add(*args)
    assert w.late_events == [] and w.advance_watermark(math.inf) == []


def test_default_lateness_is_zero():
    w = etw.WindowedAggregator(30, slide_s=10)
    w.add(25, 2.0)
    got = [(x["start"], x["count"]) for x in w.advance_watermark(30)]
    assert got == [(0, 1)], f"no allowed_lateness_s given: advance_watermark(30) returned {got}, [0, 30) closes at exactly 30"
    assert w.add(29.5, 1.0) is False, "add(29.5, ...) after the watermark reached 30 missed [0, 30): expected False"
