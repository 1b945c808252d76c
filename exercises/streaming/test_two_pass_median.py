"""Visible tests for streaming.two_pass_median. Run: pytest exercises/streaming/test_two_pass_median.py"""
import math
import os
import tempfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.meters.memory import peak_memory

two_pass = kata("streaming.two_pass_median")

MIB = 1 << 20
BUDGET = 4 * MIB


def write(folder, values, name="values.f64"):
    path = os.path.join(str(folder), name)
    np.asarray(values, dtype="<f8").tofile(path)
    return path


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def check(folder, values, budget=BUDGET):
    path = write(folder, values)
    median, passes = two_pass.file_median(path, budget)
    with np.errstate(invalid="ignore"):  # -inf and inf in the middle: nan
        expected = float(np.median(np.asarray(values, dtype=np.float64)))
    shown = values if len(values) <= 12 else f"{len(values)} values"
    assert same(median, expected), f"file_median({shown}) returned median {median}, expected {expected} (np.median)"
    assert isinstance(passes, int) and 1 <= passes <= 4, f"file_median({shown}) reported {passes} passes, expected 1 to 4"
    return median, passes


def test_ride_prices_from_the_statement(tmp_path):
    median, _ = check(tmp_path, [12.5, 8.0, 23.75, 9.5])
    assert median == 11.0, f"file_median(four ride prices) returned {median}, expected 11.0"


def test_odd_count_is_the_middle_value(tmp_path):
    check(tmp_path, [3.0, 1.0, 2.0])


def test_even_count_is_the_mean_of_the_two_middle_values(tmp_path):
    check(tmp_path, [1.0, 4.0, 10.0, 2.0])


def test_one_value(tmp_path):
    check(tmp_path, [-7.25])


def test_all_equal(tmp_path):
    check(tmp_path, [2.5] * 1001)


def test_negative_values(tmp_path):
    check(tmp_path, [-1.0, -1000.0, -0.001, -3.5, -2.0])


def test_signed_zeros_and_infinities(tmp_path):
    check(tmp_path, [-0.0, 0.0, -np.inf, np.inf, 5.0, -0.0, 1e-320])


def test_random_file_of_200000_values(tmp_path):
    rng = np.random.default_rng(7)
    check(tmp_path, rng.lognormal(3, 1, 200_000))


def test_empty_file(tmp_path):
    path = write(tmp_path, [])
    with pytest.raises(ValueError, match="empty"):
        two_pass.file_median(path, BUDGET)


def test_size_not_a_multiple_of_8(tmp_path):
    path = os.path.join(str(tmp_path), "torn.f64")
    with open(path, "wb") as f:
        f.write(np.array([1.0, 2.0]).tobytes() + b"\x00\x01\x02")
    with pytest.raises(ValueError, match="multiple of 8"):
        two_pass.file_median(path, BUDGET)


def test_nan_in_the_file(tmp_path):
    path = write(tmp_path, [1.0, np.nan, 3.0])
    with pytest.raises(ValueError, match="NaN"):
        two_pass.file_median(path, BUDGET)


def test_budget_below_4_mib(tmp_path):
    path = write(tmp_path, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        two_pass.file_median(path, MIB)


@pytest.mark.memory
def test_8_mb_file_within_a_4_mib_budget(tmp_path):
    values = np.random.default_rng(3).normal(20, 5, 1_000_000)
    path = write(tmp_path, values)
    peak = peak_memory(two_pass.file_median, path, BUDGET)
    median, passes = peak.result
    expected = float(np.median(values))
    assert median == expected, f"file_median(1,000,000 normal values) returned {median}, expected {expected}"
    assert peak.bytes <= BUDGET, (
        f"too much memory: file_median(8 MB file, budget 4 MiB) peaked at {peak.mib:.2f} MiB (memray)"
    )


@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-1e300, max_value=1e300),  # (a + b) / 2 cannot overflow
            st.sampled_from([np.inf, -np.inf]),
            st.sampled_from([0.0, -0.0, 1.0, -1.0]),
        ),
        min_size=1,
        max_size=200,
    )
)
def test_any_small_file_matches_numpy(values):
    with tempfile.TemporaryDirectory() as folder:
        check(folder, values)


def test_a_path_of_none_is_a_type_error():
    with pytest.raises(TypeError, match="file_median expects path as a str or os.PathLike, got NoneType"):
        two_pass.file_median(None, 4 << 20)
