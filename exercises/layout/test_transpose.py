"""Visible tests for layout.transpose. Run: pytest exercises/layout/test_transpose.py

Kernels run in Numba's CUDA simulator, traced by the coalescing meter; each shape is
launched once for the whole module (a block of 32 x 8 threads costs about 0.1 s).
"""
import numpy as np
import pytest

from graders import kata
from graders.meters import coalescing as co
from graders.meters import gpu

transpose = kata("layout.transpose")

SHAPES = [(32, 64), (33, 40), (5, 37), (1, 1)]


def matrix(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@pytest.fixture(scope="module")
def traced():
    """transpose(a) traced once per shape."""
    return {shape: (a, co.trace(transpose.transpose, a)) for shape in SHAPES for a in [matrix(shape)]}


def test_statement_example():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    got = co.simulate(transpose.transpose, a)
    assert got.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]], f"transpose(2 x 3) returned {got.tolist()}"


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{r}x{c}" for r, c in SHAPES])
def test_result_equals_numpy_transpose(shape, traced):
    a, t = traced[shape]
    got = t.result
    assert got.shape == (shape[1], shape[0]), f"transpose of {shape} returned shape {got.shape}"
    wrong = np.argwhere(got != a.T)
    assert not len(wrong), (f"transpose of a {shape} array: {len(wrong)} wrong elements; out{tuple(wrong[0])} = "
                            f"{got[tuple(wrong[0])]}, expected a{tuple(wrong[0][::-1])} = {a.T[tuple(wrong[0])]}")


def test_loads_and_stores_are_coalesced(traced):
    _, t = traced[(32, 64)]
    co.assert_segments(t, what="transpose_tiled on a 32 x 64 float32 array (the naive kernel stores at 32)")
    assert t.select(kind="store") and t.select(kind="load"), f"no global loads or stores seen:\n{t.table()}"


def test_shared_tile_has_no_race(traced):
    for shape in [(32, 64), (33, 40)]:
        co.assert_no_races(traced[shape][1], what=f"transpose_tiled on {shape}")


def test_uses_a_shared_memory_tile(traced):
    _, t = traced[(32, 64)]
    assert t.select(memory="shared"), "transpose_tiled must stage the tile in cuda.shared.array"


@pytest.mark.parametrize(
    "bad",
    [np.zeros(4, np.float32), np.zeros((2, 2)), np.zeros((2, 2, 2), np.float32)],
    ids=["1-d", "float64", "3-d"],
)
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError, match="2-D float32"):
        transpose.transpose(bad)


@pytest.mark.gpu
def test_transpose_on_a_real_gpu():
    gpu.require_gpu()  # skips with the reason where numba finds no CUDA device
    a = matrix((1000, 777), seed=3)
    got = gpu.run_on_gpu("layout.transpose", "transpose", a)
    assert np.array_equal(got, a.T), "transpose on the GPU differs from a.T"
