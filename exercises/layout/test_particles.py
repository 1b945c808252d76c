"""Visible tests for layout.particles. Run: pytest exercises/layout/test_particles.py

Kernels run in Numba's CUDA simulator (one Python thread per CUDA thread), traced by the
coalescing meter; each launch is traced once for the whole module.
"""
import numpy as np
import pytest

from graders import kata
from graders.datagen import particles as data
from graders.meters import coalescing as co
from graders.meters import gpu

particles = kata("layout.particles")

BOX = (100.0, 60.0)


@pytest.fixture(scope="module")
def traced():
    """step() on 1,000 particles: the last warp is partly empty (1000 = 31 * 32 + 8)."""
    p = data.particles(1000, seed=1)
    return p, co.trace(particles.step, p, 0.1, *BOX)


@pytest.fixture(scope="module")
def bouncing():
    """Every other particle hits a wall this step: the bounces are spread over every warp."""
    p = data.every_other_bounces(128)
    return p, co.trace(particles.step, p, 1.0, *BOX)


def test_statement_example():
    p = np.array([[1.0, 2.0, -4.0, 1.0], [50.0, 30.0, 2.0, 0.0]], np.float32)
    got = co.simulate(particles.step, p, 0.5, *BOX)
    expected = [[1.0, 2.5, 4.0, 1.0], [51.0, 30.0, 2.0, 0.0]]
    assert got.tolist() == expected, f"step(p, 0.5, 100, 60) returned {got.tolist()}, expected {expected}"


def test_split_gives_four_contiguous_copies_and_join_inverts_it():
    p = data.particles(10, seed=2)
    cols = particles.split(p)
    assert len(cols) == 4, f"split returned {len(cols)} arrays, expected 4 (x, y, vx, vy)"
    for name, col, k in zip(("x", "y", "vx", "vy"), cols, range(4)):
        assert col.dtype == np.float32 and col.flags.c_contiguous, (
            f"split(p)[{k}] ({name}) has dtype {col.dtype} and strides {col.strides}: expected a contiguous float32 "
            "copy (p[:, k] alone is a view that steps 16 bytes per particle)")
        assert np.array_equal(col, p[:, k]), f"split(p)[{k}] ({name}) differs from p[:, {k}]"
    back = particles.join(*cols)
    assert back.dtype == np.float32 and np.array_equal(back, p), "join(*split(p)) does not give p back"


def test_step_matches_numpy(traced):
    p, t = traced
    expected = data.expected_step(p, 0.1, *BOX)
    got = t.result
    assert got.shape == (1000, 4) and got.dtype == np.float32, f"step returned {got.dtype} {got.shape}"
    bad = np.flatnonzero(~np.isclose(got, expected, rtol=1e-6, atol=1e-6).all(axis=1))
    assert not len(bad), (f"step(p, dt=0.1) differs from NumPy on {len(bad)} particles; first: particle {bad[0]} "
                          f"{p[bad[0]].tolist()} -> {got[bad[0]].tolist()}, expected {expected[bad[0]].tolist()}")


def test_step_leaves_its_input_alone(traced):
    p, _ = traced
    assert np.array_equal(p, data.particles(1000, seed=1)), "step(p, ...) changed p; it must return a new array"


def test_every_global_load_and_store_is_coalesced(traced):
    _, t = traced
    co.assert_segments(t, what="step() on 1,000 particles (the AoS kernel takes 16 segments a request)")
    assert len(t.select(kind="load")) >= 4 and len(t.select(kind="store")) == 4, (
        f"expected a load and a store of each of x, y, vx, vy:\n{t.table()}")


def test_bounces_match_numpy_and_stores_stay_coalesced(bouncing):
    p, t = bouncing
    expected = data.expected_step(p, 1.0, *BOX)
    assert np.allclose(t.result, expected, rtol=1e-6, atol=1e-6), (
        f"with bounces: particle 0 {p[0].tolist()} -> {t.result[0].tolist()}, expected {expected[0].tolist()}")
    co.assert_segments(t, what="step() when every other particle bounces (store each field unconditionally)")


@pytest.mark.parametrize(
    "call",
    [
        lambda: particles.split(np.zeros((3, 4))),
        lambda: particles.split(np.zeros((3, 3), np.float32)),
        lambda: particles.step(np.zeros(4, np.float32), 0.1, *BOX),
        lambda: particles.join(np.zeros(2, np.float32), np.zeros(2, np.float32), np.zeros(2, np.float32),
                               np.zeros(3, np.float32)),
    ],
    ids=["float64", "three-columns", "1-d", "ragged-join"],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_bad_particles_message_names_dtype_and_shape():
    with pytest.raises(ValueError, match=r"float64.*\(3, 4\)"):
        particles.split(np.zeros((3, 4)))


@pytest.mark.gpu
def test_step_on_a_real_gpu():
    gpu.require_gpu()  # skips with the reason where numba finds no CUDA device
    p = data.particles(100_000, seed=4)
    got = gpu.run_on_gpu("layout.particles", "step", p, dt=0.05, width=BOX[0], height=BOX[1])
    np.testing.assert_allclose(got, data.expected_step(p, 0.05, *BOX), rtol=1e-5, atol=1e-4)


def test_step_takes_a_number_for_dt():
    with pytest.raises(TypeError, match="step expects dt as a number, got str"):
        particles.step(np.zeros((3, 4), np.float32), "0.01", 10.0, 10.0)
