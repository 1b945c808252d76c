"""Hidden tests for layout.transpose: other shapes, budgets, races, views, empty arrays."""
import numpy as np
import pytest

from graders import kata
from graders.meters import coalescing as co

transpose = kata("layout.transpose")

SHAPES = [(45, 40), (33, 64), (1, 70), (96, 32)]


def matrix(shape, seed=1):
    return (np.random.default_rng(seed).integers(-1000, 1000, shape) / 8).astype(np.float32)


@pytest.fixture(scope="module")
def traced():
    return {shape: (a, co.trace(transpose.transpose, a)) for shape in SHAPES for a in [matrix(shape)]}


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{r}x{c}" for r, c in SHAPES])
def test_equals_numpy(shape, traced):
    a, t = traced[shape]
    assert t.result.shape == a.T.shape and np.array_equal(t.result, a.T), f"transpose of {shape} differs from a.T"


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{r}x{c}" for r, c in SHAPES])
def test_no_races(shape, traced):
    co.assert_no_races(traced[shape][1], what=f"transpose_tiled on {shape}")


def test_96x32_coalesced(traced):
    co.assert_segments(traced[(96, 32)][1], what="transpose_tiled on a 96 x 32 float32 array")


def test_every_store_site_is_coalesced_not_just_on_average(traced):
    t = traced[(96, 32)][1]
    for site in t.select(kind="store"):
        assert site.worst <= 4, f"{site.describe()}: some warp request touched {site.worst} segments"


def test_non_contiguous_input():
    base = matrix((40, 33), seed=2)
    view = base.T  # Fortran-ordered view of shape (33, 40)
    got = co.simulate(transpose.transpose, view)
    assert np.array_equal(got, base), "transpose(a.T) should give a back"


def test_empty_arrays():
    got = co.simulate(transpose.transpose, np.zeros((0, 5), np.float32))
    assert got.shape == (5, 0), f"transpose of a (0, 5) array returned shape {got.shape}"


def test_does_not_modify_input():
    a = matrix((17, 9), seed=3)
    before = a.copy()
    co.simulate(transpose.transpose, a)
    assert np.array_equal(a, before), "transpose changed its input"


@pytest.mark.parametrize("bad", [[[1.0, 2.0]], np.zeros((3, 3), np.int32), np.float32(1.0)],
                         ids=["list", "int32", "scalar"])
def test_more_bad_input(bad):
    with pytest.raises(ValueError):
        transpose.transpose(bad)


@pytest.mark.parametrize("bad", [np.zeros(6, np.float32), np.zeros((3, 2), np.float64), np.zeros((2, 1, 3), np.float32),
                                 np.zeros((4, 4), np.float16)],
                         ids=["1-d-float32", "2-d-float64", "3-d-float32", "2-d-float16"])
def test_only_a_2d_float32_array_is_transposed(bad):
    with pytest.raises(ValueError, match="^transpose needs a 2-D float32 array"):
        transpose.transpose(bad)
