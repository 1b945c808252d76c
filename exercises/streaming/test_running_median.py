"""Visible tests for streaming.running_median. Run: pytest exercises/streaming/test_running_median.py"""
import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata

running_median = kata("streaming.running_median")


def medians_of_prefixes(values):
    rm = running_median.RunningMedian()
    return [rm.add(x) for x in values]


def test_example_from_the_statement():
    got = medians_of_prefixes([5, 15, 1, 3])
    assert got == [5.0, 10.0, 5.0, 4.0], f"add() over [5, 15, 1, 3] returned {got}, expected [5.0, 10.0, 5.0, 4.0]"


def test_median_and_len_after_adding():
    rm = running_median.RunningMedian()
    for x in [5, 15, 1, 3]:
        rm.add(x)
    assert rm.median() == 4.0, f"median() after [5, 15, 1, 3] returned {rm.median()}, expected 4.0"
    assert len(rm) == 4, f"len() after four adds returned {len(rm)}, expected 4"


def test_median_does_not_change_the_stream():
    rm = running_median.RunningMedian([2, 8])
    first, second = rm.median(), rm.median()
    assert first == second == 5.0, f"median() twice on [2, 8] returned {first} then {second}, expected 5.0 both times"
    assert len(rm) == 2, f"len() after two median() calls on [2, 8] returned {len(rm)}, expected 2"


def test_starting_from_a_history():
    rm = running_median.RunningMedian([3, 1, 2])
    assert rm.median() == 2.0, f"RunningMedian([3, 1, 2]).median() returned {rm.median()}, expected 2.0"
    got = rm.add(10)
    assert got == 2.5, f"RunningMedian([3, 1, 2]).add(10) returned {got}, expected 2.5"
    assert len(rm) == 4, f"len() after a history of 3 and one add returned {len(rm)}, expected 4"


def test_even_count_is_the_mean_of_the_two_middle_values():
    got = medians_of_prefixes([1, 2, 3, 4])
    assert got == [1.0, 1.5, 2.0, 2.5], f"add() over [1, 2, 3, 4] returned {got}, expected [1.0, 1.5, 2.0, 2.5]"


def test_decreasing_stream():
    got = medians_of_prefixes([9, 7, 5, 3, 1])
    assert got == [9.0, 8.0, 7.0, 6.0, 5.0], f"add() over [9, 7, 5, 3, 1] returned {got}, expected [9.0, 8.0, 7.0, 6.0, 5.0]"


def test_duplicates_of_the_median():
    values = [4, 4, 1, 4, 9, 4, 4, 0]
    expected = [float(statistics.median(values[: i + 1])) for i in range(len(values))]
    got = medians_of_prefixes(values)
    assert got == expected, f"add() over {values} returned {got}, expected {expected}"


def test_negative_and_float_values():
    values = [-2.5, 0.25, -7.0, 3.5, -0.5, 1e-9]
    expected = [float(statistics.median(values[: i + 1])) for i in range(len(values))]
    got = medians_of_prefixes(values)
    assert got == expected, f"add() over {values} returned {got}, expected {expected}"


def test_empty_stream_has_no_median():
    with pytest.raises(ValueError, match="empty"):
        running_median.RunningMedian().median()


@pytest.mark.parametrize(
    "call",
    [
        lambda: running_median.RunningMedian().add(math.nan),
        lambda: running_median.RunningMedian([1.0, 2.0]).add(float("nan")),
        lambda: running_median.RunningMedian([1.0, math.nan, 2.0]),
    ],
    ids=["nan-first", "nan-later", "nan-in-history"],
)
def test_nan_is_rejected(call):
    with pytest.raises(ValueError, match="NaN"):
        call()


numbers = st.one_of(
    st.integers(min_value=-1000, max_value=1000),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)


@given(st.lists(numbers, min_size=1, max_size=120))
def test_every_prefix_matches_statistics_median(values):
    got = medians_of_prefixes(values)
    for i, median in enumerate(got):
        expected = statistics.median(values[: i + 1])
        assert median == expected, (
            f"after add() of {values[: i + 1]} the median was {median}, expected {expected} (statistics.median)"
        )


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=60))
def test_heavy_duplicates_match_statistics_median(values):
    got = medians_of_prefixes(values)
    expected = [float(statistics.median(values[: i + 1])) for i in range(len(values))]
    assert got == expected, f"add() over {values} returned {got}, expected {expected}"


def test_adding_a_str_is_a_type_error():
    rm = running_median.RunningMedian()
    with pytest.raises(TypeError, match="RunningMedian expects numbers, got str"):
        rm.add("5")
