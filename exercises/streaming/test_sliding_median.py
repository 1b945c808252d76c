"""Visible tests for streaming.sliding_median. Run: pytest exercises/streaming/test_sliding_median.py"""
import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata

sliding = kata("streaming.sliding_median")


def brute_force(values, k):
    return [float(statistics.median(values[i : i + k])) for i in range(len(values) - k + 1)]


# The chapter's dynamic feature: the median price of the last 10 rides in this area.
RIDE_PRICES = [12.5, 8.0, 23.75, 9.5, 15.0, 11.25, 30.0, 7.5, 18.0, 10.0, 14.0, 9.0, 41.0, 12.5]


def test_median_price_of_the_last_10_rides():
    got = sliding.sliding_median(RIDE_PRICES, 10)
    expected = [11.875, 12.625, 12.625, 12.625, 13.25]
    assert got == expected, f"sliding_median(ride prices, 10) returned {got}, expected {expected}"


def test_example_from_the_statement():
    got = sliding.sliding_median([1, 3, -1, -3, 5, 3, 6, 7], 3)
    expected = [1.0, -1.0, -1.0, 3.0, 5.0, 6.0]
    assert got == expected, f"sliding_median([1, 3, -1, -3, 5, 3, 6, 7], 3) returned {got}, expected {expected}"


def test_even_window_is_the_mean_of_the_two_middle_values():
    got = sliding.sliding_median([4, 2, 8, 6], 2)
    assert got == [3.0, 5.0, 7.0], f"sliding_median([4, 2, 8, 6], 2) returned {got}, expected [3.0, 5.0, 7.0]"


def test_window_of_one_is_the_stream_itself():
    got = sliding.sliding_median([3, -1, 2.5], 1)
    assert got == [3.0, -1.0, 2.5], f"sliding_median([3, -1, 2.5], 1) returned {got}, expected [3.0, -1.0, 2.5]"


def test_window_as_long_as_the_stream_gives_one_median():
    got = sliding.sliding_median([5, 1, 4, 2], 4)
    assert got == [3.0], f"sliding_median([5, 1, 4, 2], 4) returned {got}, expected [3.0]"


def test_fewer_values_than_the_window_gives_nothing():
    assert sliding.sliding_median([1, 2], 3) == [], "sliding_median([1, 2], 3) should be [] (no full window)"
    assert sliding.sliding_median([], 1) == [], "sliding_median([], 1) should be []"


def test_duplicates_leave_the_window_one_at_a_time():
    values = [2, 2, 2, 7, 7, 1, 2, 2, 7, 1, 1, 2]
    for k in (2, 3, 4):
        got = sliding.sliding_median(values, k)
        expected = brute_force(values, k)
        assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


@pytest.mark.parametrize("k", [0, -3])
def test_window_must_be_positive(k):
    with pytest.raises(ValueError, match="positive"):
        sliding.sliding_median([1.0, 2.0, 3.0], k)


def test_nan_is_rejected():
    with pytest.raises(ValueError, match="NaN"):
        sliding.sliding_median([1.0, math.nan, 3.0], 2)


@given(
    st.lists(st.integers(min_value=-3, max_value=3), max_size=60),
    st.integers(min_value=1, max_value=8),
)
def test_small_integers_match_brute_force(values, k):
    got = sliding.sliding_median(values, k)
    expected = brute_force(values, k)
    assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), max_size=80),
    st.integers(min_value=1, max_value=12),
)
def test_floats_match_brute_force(values, k):
    got = sliding.sliding_median(values, k)
    expected = brute_force(values, k)
    assert got == expected, f"sliding_median({values}, {k}) returned {got}, expected {expected}"


def test_a_str_of_digits_is_not_a_sequence_of_numbers():
    with pytest.raises(TypeError, match="sliding_median expects values as a sequence of numbers, got str"):
        sliding.sliding_median("12345", 2)
