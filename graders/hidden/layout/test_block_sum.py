"""Hidden tests for layout.block_sum: other sizes, a heavy last value, budgets, races."""
import math

import numpy as np
import pytest

from graders import kata
from graders.meters import coalescing as co

block_sum = kata("layout.block_sum")

N = 3 * 2048 + 64


def exact(v):
    return math.fsum(v.astype(np.float64))


def tolerance(v):
    return 1e-6 * float(np.abs(v.astype(np.float64)).sum()) + 1e-9


@pytest.fixture(scope="module")
def traced():
    v = np.random.default_rng(31).normal(0, 100, N).astype(np.float32)
    return v, co.trace(block_sum.block_sum, v)


def test_sum(traced):
    v, t = traced
    assert abs(t.result - exact(v)) <= tolerance(v), f"block_sum of {N} values: {t.result}, fsum {exact(v)}"


def test_loads_coalesced_in_every_request(traced):
    _, t = traced
    co.assert_segments(t, what=f"block_sums on {N} values", arrays=["values"])
    for site in t.select(array="values"):
        assert site.worst <= 4, f"{site.describe()}: a warp request touched {site.worst} segments"


def test_one_update_per_block(traced):
    _, t = traced
    blocks = math.ceil(N / 2048)
    lanes = sum(int(s.lanes.sum()) for s in t.select(array="total") if s.kind in ("store", "atomic"))
    assert 1 <= lanes <= blocks, f"{lanes} global updates of total for {blocks} blocks:\n{t.table()}"


def test_no_race(traced):
    co.assert_no_races(traced[1], what="block_sums")


@pytest.mark.parametrize("n", [1, 31, 2048, 2049, 4097])
def test_sizes_with_a_heavy_last_value(n):
    v = np.random.default_rng(n).uniform(-1, 1, n).astype(np.float32)
    v[-1] = 1000.0  # dropping the last value cannot hide in the tolerance
    got = co.simulate(block_sum.block_sum, v)
    assert abs(got - exact(v)) <= tolerance(v), f"block_sum of {n} values (last = 1000) returned {got}, fsum {exact(v)}"


def test_first_value_counts_too():
    v = np.zeros(300, np.float32)
    v[0] = -7.0
    assert co.simulate(block_sum.block_sum, v) == -7.0, "block_sum missed values[0]"


def test_non_contiguous_float32_view():
    base = np.arange(4000, dtype=np.float32)
    got = co.simulate(block_sum.block_sum, base[::2])
    assert got == float(base[::2].astype(np.float64).sum()), f"block_sum(base[::2]) returned {got}"


@pytest.mark.parametrize("bad", [np.zeros(3, np.int32), np.float32(2.0), np.zeros((1, 3), np.float32)],
                         ids=["int32", "scalar", "2-d"])
def test_more_bad_input(bad):
    with pytest.raises(ValueError):
        block_sum.block_sum(bad)


@pytest.mark.parametrize("bad", [np.zeros(5, np.float64), [0.5, 1.5, 2.5], np.zeros((3, 1), np.float32), np.zeros(2, np.float16)],
                         ids=["float64", "list", "column-2-d", "float16"])
def test_only_a_1d_float32_array_is_summed(bad):
    with pytest.raises(ValueError, match="^block_sum needs a 1-D float32 array"):
        block_sum.block_sum(bad)


def test_no_values_sum_to_zero():
    got = co.simulate(block_sum.block_sum, np.array([], np.float32))
    assert got == 0.0 and isinstance(got, float), f"block_sum of an empty float32 array returned {got!r}, expected 0.0"
