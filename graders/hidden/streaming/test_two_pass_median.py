"""Hidden tests for streaming.two_pass_median: a 64 MB file, adversarial data, the memory budget."""
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
N_BIG = 8_000_000  # 64 MB of float64
N_MID = 1_500_000  # 12 MB: larger than a 4 MiB budget, small enough to be quick


def write(folder, values, name="values.f64"):
    path = os.path.join(str(folder), name)
    np.asarray(values, dtype="<f8").tofile(path)
    return path


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    values = np.random.default_rng(2024).normal(35.0, 12.0, N_BIG)  # ride prices, say
    path = write(tmp_path_factory.mktemp("two_pass"), values, "big.f64")
    expected = float(np.median(values))
    del values
    yield path, expected
    os.remove(path)


@pytest.mark.memory
def test_64_mb_file_within_an_8_mib_budget(big_file):
    path, expected = big_file
    budget = 8 * MIB  # 1/8 of the file
    peak = peak_memory(two_pass.file_median, path, budget)
    median, passes = peak.result
    assert median == expected, f"file_median(8,000,000 values) returned {median}, expected {expected}"
    assert 1 <= passes <= 4, f"file_median(8,000,000 values) reported {passes} passes, expected 1 to 4"
    assert peak.bytes <= budget, (
        f"too much memory: file_median(64 MB file, budget 8 MiB) peaked at {peak.mib:.1f} MiB (memray); "
        f"np.fromfile alone takes 61 MiB"
    )


def adversarial(name, n, rng):
    if name == "all-equal":
        return np.full(n, 3.25)
    if name == "tiny-range":
        return 1.0 + rng.random(n) * 1e-12
    if name == "duplicates-at-the-median":
        return np.where(rng.random(n) < 0.45, 42.0, rng.normal(42.0, 10.0, n))
    if name == "two-values":
        return np.where(np.arange(n) % 2 == 0, -1.0, 1.0)  # even count: the middles straddle
    if name == "far-apart-halves":
        return np.concatenate([rng.uniform(-1e300, -1e299, n // 2), rng.uniform(1e299, 1e300, n - n // 2)])
    if name == "sorted":
        return np.sort(rng.normal(0, 1, n))
    if name == "reversed":
        return np.sort(rng.normal(0, 1, n))[::-1]
    if name == "signed-zeros":
        return rng.choice([-0.0, 0.0, -1.0, 1.0], n, p=[0.3, 0.3, 0.2, 0.2])
    if name == "mostly-infinite":
        return rng.choice([-np.inf, np.inf, 0.5, -0.5, 7.0], n, p=[0.3, 0.3, 0.15, 0.15, 0.1])
    if name == "subnormals":
        return rng.integers(1, 1 << 40, n).astype(np.uint64).view(np.float64) * rng.choice([-1.0, 1.0], n)
    if name == "negative-lognormal":
        return -rng.lognormal(0, 3, n)
    raise ValueError(name)


ADVERSARIAL = ["all-equal", "tiny-range", "duplicates-at-the-median", "two-values", "far-apart-halves",
               "sorted", "reversed", "signed-zeros", "mostly-infinite", "subnormals", "negative-lognormal"]


@pytest.mark.parametrize("name", ADVERSARIAL)
@pytest.mark.parametrize("n", [N_MID, N_MID + 1], ids=["even", "odd"])
def test_adversarial_files_larger_than_the_budget(tmp_path, name, n):
    values = adversarial(name, n, np.random.default_rng(len(name) + n))
    path = write(tmp_path, values)
    with np.errstate(invalid="ignore"):  # -inf and inf in the middle: nan
        expected = float(np.median(np.asarray(values, dtype=np.float64)))
    median, passes = two_pass.file_median(path, 4 * MIB)
    assert same(median, expected), f"file_median({name}, {n:,} values) returned {median}, expected {expected}"
    assert 1 <= passes <= 4, f"file_median({name}, {n:,} values) reported {passes} passes, expected 1 to 4"


@pytest.mark.memory
@pytest.mark.parametrize("name", ["duplicates-at-the-median", "far-apart-halves"])
def test_refining_passes_stay_within_the_budget(tmp_path, name):
    values = adversarial(name, 2_000_000, np.random.default_rng(5))
    path = write(tmp_path, values)
    expected = float(np.median(values))
    del values
    peak = peak_memory(two_pass.file_median, path, 4 * MIB)
    median, passes = peak.result
    assert median == expected, f"file_median({name}, 2,000,000 values) returned {median}, expected {expected}"
    assert peak.bytes <= 4 * MIB, (
        f"too much memory: file_median({name}, 16 MB file, budget 4 MiB) peaked at {peak.mib:.2f} MiB"
    )


def test_a_larger_budget_changes_nothing_but_memory(tmp_path):
    values = np.random.default_rng(1).exponential(10.0, 400_000)
    path = write(tmp_path, values)
    expected = float(np.median(values))
    for budget in (4 * MIB, 5 * MIB + 3, 64 * MIB):
        median, passes = two_pass.file_median(path, budget)
        assert median == expected and 1 <= passes <= 4, (
            f"file_median(400,000 values, budget {budget}) returned ({median}, {passes}), expected ({expected}, 1..4)"
        )


def test_nan_after_the_first_chunk_is_found(tmp_path):
    values = np.arange(1_000_000, dtype=np.float64)
    values[-1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        two_pass.file_median(write(tmp_path, values), 4 * MIB)


def test_negative_nan_is_found(tmp_path):
    values = np.array([1.0, 2.0, 3.0, 4.0])
    values.view(np.uint64)[2] = 0xFFF8000000000001  # a NaN with the sign bit set
    with pytest.raises(ValueError, match="NaN"):
        two_pass.file_median(write(tmp_path, values), 4 * MIB)


@pytest.mark.parametrize("extra", [1, 7, 9])
def test_torn_files(tmp_path, extra):
    path = os.path.join(str(tmp_path), "torn.f64")
    with open(path, "wb") as f:
        f.write(b"\x00" * (8 * 3 + extra))
    with pytest.raises(ValueError, match="multiple of 8"):
        two_pass.file_median(path, 4 * MIB)


@pytest.mark.parametrize("budget", [0, 4 * MIB - 1, -5, 4.5 * MIB, "4MiB"])
def test_bad_budgets(tmp_path, budget):
    path = write(tmp_path, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        two_pass.file_median(path, budget)


def test_file_is_left_unchanged(tmp_path):
    values = np.random.default_rng(4).normal(0, 1, 10_001)
    path = write(tmp_path, values)
    before = open(path, "rb").read()
    two_pass.file_median(path, 4 * MIB)
    assert open(path, "rb").read() == before, "file_median changed its input file"


@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-1e300, max_value=1e300),  # (a + b) / 2 cannot overflow
            st.sampled_from([np.inf, -np.inf]),
            st.sampled_from([0.0, -0.0, 2.0, -2.0, 5e-324, -5e-324]),
        ),
        min_size=1,
        max_size=400,
    )
)
def test_any_small_file_matches_numpy(values):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, values)
        median, passes = two_pass.file_median(path, 4 * MIB)
        with np.errstate(invalid="ignore"):  # -inf and inf in the middle: nan
            expected = float(np.median(np.asarray(values, dtype=np.float64)))
        assert same(median, expected), f"file_median({values}) returned {median}, expected {expected}"
        assert 1 <= passes <= 4, f"file_median({values}) reported {passes} passes"


@pytest.mark.parametrize("path, got", [(None, "NoneType"), (0, "int"), (["prices.f64"], "list")])
def test_a_path_of_the_wrong_type_is_a_type_error(path, got):
    with pytest.raises(TypeError, match=f"^file_median expects path as a str or os.PathLike, got {got}"):
        two_pass.file_median(path, 4 << 20)


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        two_pass.file_median(str(tmp_path / "missing.f64"), 4 << 20)


def test_an_empty_file_has_no_median_but_one_value_does(tmp_path):
    path = os.path.join(str(tmp_path), "no_rides_today.f64")
    open(path, "wb").close()
    with pytest.raises(ValueError, match="empty"):
        two_pass.file_median(path, memory_budget_bytes=8 * MIB)
    one = write(tmp_path, [-0.25], "one_ride.f64")
    median, passes = two_pass.file_median(one, memory_budget_bytes=8 * MIB)
    assert median == -0.25 and 1 <= passes <= 4, f"file_median of a file holding -0.25 returned {(median, passes)}"


@pytest.mark.parametrize("values", [[1.7e308, 1.5e308, 1.6e308], [-1.6e308, 1.0, -1.7e308, 5.0, -1.65e308]],
                         ids=["huge-positive", "huge-negative"])
def test_an_odd_count_returns_the_middle_value_itself(tmp_path, values):
    # (x + x) / 2 overflows to inf for x near the float64 limit: an odd count must not average.
    path = write(tmp_path, values, "huge.f64")
    median, _ = two_pass.file_median(path, memory_budget_bytes=4 * MIB)
    expected = float(np.median(np.asarray(values, dtype="<f8")))
    assert median == expected, f"file_median of {values} returned {median}, np.median gives {expected}"
