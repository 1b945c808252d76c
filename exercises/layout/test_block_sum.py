"""Visible tests for layout.block_sum. Run: pytest exercises/layout/test_block_sum.py

Kernels run in Numba's CUDA simulator, traced by the coalescing meter once per module.
"""
import math

import numpy as np
import pytest

from graders import kata
from graders.meters import coalescing as co
from graders.meters import gpu

block_sum = kata("layout.block_sum")

N = 9600  # 5 blocks of 2,048 values, the last one partly full; a multiple of 32


def values(n, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, n).astype(np.float32)


def tolerance(v):
    return 1e-6 * float(np.abs(v.astype(np.float64)).sum()) + 1e-9


@pytest.fixture(scope="module")
def traced():
    v = values(N)
    return v, co.trace(block_sum.block_sum, v)


def test_statement_example():
    got = co.simulate(block_sum.block_sum, np.arange(5000, dtype=np.float32))
    assert got == 12497500.0, f"block_sum(arange(5000)) returned {got}, expected 12497500.0"


def test_sum_matches_fsum(traced):
    v, t = traced
    exact = math.fsum(v.astype(np.float64))
    assert isinstance(t.result, float), f"block_sum returned a {type(t.result).__name__}, expected a float"
    assert abs(t.result - exact) <= tolerance(v), f"block_sum of {N} values returned {t.result}, fsum says {exact}"


def test_loads_of_values_are_coalesced(traced):
    _, t = traced
    co.assert_segments(t, what=f"block_sums on {N} float32 values (chunked per thread: 32)", arrays=["values"])


def test_one_global_update_per_block(traced):
    _, t = traced
    blocks = math.ceil(N / 2048)
    writes = [s for s in t.select(array="total") if s.kind in ("store", "atomic")]
    lanes = sum(int(s.lanes.sum()) for s in writes)
    assert writes and lanes <= blocks, (
        f"{lanes} global atomics/stores to total for {blocks} blocks; the budget is one per block:\n{t.table()}")


def test_no_shared_memory_race(traced):
    co.assert_no_races(traced[1], what="block_sums' tree in shared memory")


def test_empty_and_tiny_inputs():
    assert co.simulate(block_sum.block_sum, np.zeros(0, np.float32)) == 0.0, "block_sum of no values should be 0.0"
    got = co.simulate(block_sum.block_sum, np.array([2.5], np.float32))
    assert got == 2.5, f"block_sum([2.5]) returned {got}"


@pytest.mark.parametrize("bad", [np.zeros(4), np.zeros((2, 2), np.float32), [1.0, 2.0]],
                         ids=["float64", "2-d", "list"])
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError, match="1-D float32"):
        block_sum.block_sum(bad)


@pytest.mark.gpu
def test_block_sum_on_a_real_gpu():
    gpu.require_gpu()  # skips with the reason where numba finds no CUDA device
    v = values(10_000_000, seed=7)
    got = gpu.run_on_gpu("layout.block_sum", "block_sum", v)
    assert abs(got - math.fsum(v.astype(np.float64))) <= tolerance(v), f"block_sum on the GPU returned {got}"
