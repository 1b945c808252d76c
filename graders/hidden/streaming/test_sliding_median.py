"""Hidden tests for streaming.sliding_median: long and adversarial streams, the speed budget."""
import bisect
import math
import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.meters.timing import assert_faster

sliding = kata("streaming.sliding_median")


def sorted_window_oracle(values, k):
    """Independent oracle for long streams: one sorted window, insort in and bisect out."""
    if len(values) < k:
        return []
    window = sorted(values[:k])
    out = []
    for i in range(k, len(values) + 1):
        out.append(float(window[k // 2]) if k % 2 else (window[k // 2 - 1] + window[k // 2]) / 2)
        if i < len(values):
            del window[bisect.bisect_left(window, values[i - k])]
            bisect.insort(window, values[i])
    return out


def first_difference(got, expected):
    if len(got) != len(expected):
        return f"{len(got)} medians, expected {len(expected)}"
    bad = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), None)
    return None if bad is None else f"window {bad} gave {got[bad]}, expected {expected[bad]}"


@pytest.mark.parametrize("k", [1, 2, 7, 64, 1000])
def test_long_random_stream_matches_a_sorted_window(k):
    rng = random.Random(k)
    values = [round(rng.gauss(20, 8), 2) for _ in range(5000)]
    problem = first_difference(sliding.sliding_median(values, k), sorted_window_oracle(values, k))
    assert problem is None, f"sliding_median(5000 ride prices, {k}): {problem}"


STREAMS = {
    "rising": [float(i) for i in range(3000)],
    "falling": [float(-i) for i in range(3000)],
    "zigzag": [float((-1) ** i * i) for i in range(3000)],
    "sawtooth": [float(i % 37) for i in range(3000)],
    "all-equal": [9.5] * 3000,
    "two-values": [1.0 if (i * 7) % 5 < 2 else 4.0 for i in range(3000)],
    "plateau-then-spikes": [5.0] * 1500 + [5.0 if i % 3 else 1e9 for i in range(1500)],
}


@pytest.mark.parametrize("name", sorted(STREAMS))
@pytest.mark.parametrize("k", [3, 10, 50])
def test_adversarial_streams_match_a_sorted_window(name, k):
    values = STREAMS[name]
    problem = first_difference(sliding.sliding_median(values, k), sorted_window_oracle(values, k))
    assert problem is None, f"sliding_median({name} stream of 3000, {k}): {problem}"


def test_duplicates_leave_before_they_reach_a_heap_top():
    # Many copies of one value leave while buried, then surface together.
    values = [3, 3, 0, 3, 9, 9, 3, 3, 0, 0, 9, 3] * 5
    for k in range(1, 9):
        got = sliding.sliding_median(values, k)
        expected = [float(statistics.median(values[i : i + k])) for i in range(len(values) - k + 1)]
        assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


def test_infinities_and_signed_zeros():
    values = [math.inf, -0.0, 0.0, -math.inf, 2.0, -0.0, math.inf, 1.0]
    got = sliding.sliding_median(values, 3)
    expected = [float(statistics.median(values[i : i + 3])) for i in range(len(values) - 2)]
    assert got == expected, f"sliding_median({values}, 3) returned {got}, expected {expected}"


def test_returns_floats_for_ints():
    got = sliding.sliding_median([3, 1, 2, 5], 3)
    assert got == [2.0, 2.0] and all(type(x) is float for x in got), (
        f"sliding_median([3, 1, 2, 5], 3) returned {got!r}, expected [2.0, 2.0] as floats"
    )


def test_does_not_change_its_input():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    sliding.sliding_median(values, 2)
    assert values == [5.0, 1.0, 4.0, 2.0, 3.0], f"sliding_median changed its input list to {values}"


@pytest.mark.parametrize("k", [0, -1, 2.0, True, None])
def test_k_must_be_a_positive_int(k):
    with pytest.raises(ValueError, match="positive int"):
        sliding.sliding_median([1.0, 2.0, 3.0], k)


def test_nan_anywhere_is_rejected():
    with pytest.raises(ValueError, match="NaN"):
        sliding.sliding_median([1.0, 2.0, 3.0, float("nan")], 2)


@given(
    st.lists(st.sampled_from([-2.0, 0.0, 0.5, 0.5, 3.0]), max_size=120),
    st.integers(min_value=1, max_value=20),
)
def test_heavy_duplicates_match_statistics_median(values, k):
    got = sliding.sliding_median(values, k)
    expected = [float(statistics.median(values[i : i + k])) for i in range(len(values) - k + 1)]
    assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


@given(
    st.lists(st.integers(min_value=-10**6, max_value=10**6), min_size=1, max_size=200),
    st.data(),
)
def test_any_window_size_matches_statistics_median(values, data):
    k = data.draw(st.integers(min_value=1, max_value=len(values)), label="k")
    got = sliding.sliding_median(values, k)
    expected = [float(statistics.median(values[i : i + k])) for i in range(len(values) - k + 1)]
    assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


@pytest.mark.perf
def test_at_least_10x_faster_than_sorting_every_window_at_k_1000():
    rng = random.Random(480)
    k = 1000
    values = [rng.uniform(5, 60) for _ in range(2 * k)]

    def sort_every_window():
        out = []
        for i in range(len(values) - k + 1):
            window = sorted(values[i : i + k])
            out.append((window[k // 2 - 1] + window[k // 2]) / 2)
        return out

    ratio = assert_faster(
        sort_every_window,
        lambda: sliding.sliding_median(values, k),
        at_least=10,
        rounds=5,
        what="sliding_median vs sorting every window, k = 1,000 over 2,000 values",
    )
    print(ratio.describe())  # shown with pytest -s


@pytest.mark.parametrize("values, message", [
    ("12345", "sliding_median expects values as a sequence of numbers, got str"),
    (None, "sliding_median expects values as a sequence of numbers, got NoneType"),
    (12345, "sliding_median expects values as a sequence of numbers, got int"),
    ([1.0, "2", 3.0], "sliding_median expects values as a sequence of numbers, got an item of type str"),
    ([1.0, None, 3.0], "sliding_median expects values as a sequence of numbers, got an item of type NoneType"),
])
def test_values_of_the_wrong_type_are_a_type_error(values, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        sliding.sliding_median(values, 2)
