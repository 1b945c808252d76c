"""Hidden tests for layout.particles: other sizes, every wall, budgets under bounces."""
import numpy as np
import pytest

from graders import kata
from graders.datagen import particles as data
from graders.meters import coalescing as co

particles = kata("layout.particles")

BOX = (80.0, 50.0)


@pytest.fixture(scope="module")
def traced():
    p = data.particles(2048, seed=21, width=BOX[0], height=BOX[1], speed=30.0)
    return p, co.trace(particles.step, p, 0.25, *BOX)


@pytest.fixture(scope="module")
def bouncing():
    p = data.every_other_bounces(200, *BOX)
    return p, co.trace(particles.step, p, 1.0, *BOX)


def close(got, expected):
    return np.isclose(got, expected, rtol=1e-6, atol=1e-6).all()


def test_2048_particles_match_numpy(traced):
    p, t = traced
    expected = data.expected_step(p, 0.25, *BOX)
    assert close(t.result, expected), "step on 2,048 particles differs from NumPy"
    bounced = (np.sign(t.result[:, 2:]) != np.sign(p[:, 2:])).any(axis=1).sum()
    assert bounced > 20, f"the data should make particles bounce ({bounced} did)"


def test_2048_particles_coalesced(traced):
    _, t = traced
    co.assert_segments(t, what="step() on 2,048 particles")
    arrays = {s.array for s in t.select()}
    assert len(arrays) == 4, f"expected four global arrays (x, y, vx, vy), the meter saw {sorted(arrays)}:\n{t.table()}"


def test_bounces_on_all_four_walls(bouncing):
    p, t = bouncing
    expected = data.expected_step(p, 1.0, *BOX)
    bad = np.flatnonzero(~np.isclose(t.result, expected, rtol=1e-6, atol=1e-6).all(axis=1))
    assert not len(bad), f"particle {bad[0]}: {p[bad[0]].tolist()} -> {t.result[bad[0]].tolist()}, expected {expected[bad[0]].tolist()}"


def test_bounces_keep_every_store_at_the_ideal(bouncing):
    _, t = bouncing
    co.assert_segments(t, what="step() when every other particle bounces", kinds=("store",))
    co.assert_segments(t, what="step() when every other particle bounces", kinds=("load",))


def test_landing_exactly_on_a_wall_is_no_bounce():
    # The statement's rule is strict: x < 0 and x > width bounce; x == 0 and x == width do not
    # (the position would not change, but the velocity would flip). Each lands exactly in float32.
    w, h = BOX
    p = np.array([[1.0, 10.0, -2.0, 0.0],          # x lands on 0
                  [w - 1.0, 10.0, 2.0, 0.0],       # x lands on width
                  [10.0, 1.0, 0.0, -2.0],          # y lands on 0
                  [10.0, h - 1.0, 0.0, 2.0],       # y lands on height
                  [1.0, h - 1.0, -2.0, 2.0],       # a corner
                  [1.0, 1.0, -4.0, -4.0]], np.float32)  # just past both walls: bounces
    got = co.simulate(particles.step, p, 0.5, *BOX)
    expected = np.array([[0.0, 10.0, -2.0, 0.0], [w, 10.0, 2.0, 0.0], [10.0, 0.0, 0.0, -2.0],
                         [10.0, h, 0.0, 2.0], [0.0, h, -2.0, 2.0], [1.0, 1.0, 4.0, 4.0]], np.float32)
    for i in range(len(p)):
        assert np.array_equal(got[i], expected[i]), (
            f"step({p[i].tolist()}, dt=0.5, box {w:g} x {h:g}) gave {got[i].tolist()}, expected {expected[i].tolist()} "
            "(a particle exactly on a wall has not crossed it: x < 0 and x > width bounce, x == 0 does not)")


@pytest.mark.parametrize("n", [1, 33, 129])
def test_small_sizes(n):
    p = data.particles(n, seed=n, width=BOX[0], height=BOX[1])
    original = p.copy()
    got = co.simulate(particles.step, p, 0.5, *BOX)
    assert np.array_equal(p, original), f"step on {n} particles changed its input (a 1-element column view?)"
    assert got.shape == (n, 4) and close(got, data.expected_step(p, 0.5, *BOX)), f"step on {n} particles"


def test_zero_dt_changes_nothing():
    p = data.particles(64, seed=5, width=BOX[0], height=BOX[1])
    got = co.simulate(particles.step, p, 0.0, *BOX)
    assert np.array_equal(got, p), "step with dt=0 moved particles"


def test_no_particles():
    got = co.simulate(particles.step, np.zeros((0, 4), np.float32), 0.1, *BOX)
    assert got.shape == (0, 4), f"step of no particles returned shape {got.shape}"


def test_split_copies_do_not_share_memory_and_join_is_float32():
    p = data.particles(8, seed=6)
    cols = particles.split(p)
    assert not any(np.shares_memory(c, p) for c in cols), "split returned views into p"
    joined = particles.join(*(c.astype(np.float64) for c in cols))
    assert joined.dtype == np.float32 and joined.shape == (8, 4), f"join gave {joined.dtype} {joined.shape}"


@pytest.mark.parametrize(
    "call",
    [
        lambda: particles.split([[0.0, 0.0, 0.0, 0.0]]),
        lambda: particles.split(np.zeros((2, 4, 1), np.float32)),
        lambda: particles.step(np.zeros((3, 5), np.float32), 0.1, *BOX),
        lambda: particles.step(np.zeros((3, 4), np.int32), 0.1, *BOX),
    ],
    ids=["list", "3-d", "five-columns", "int32"],
)
def test_more_bad_input(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "args, message",
    [
        (("0.01", 10.0, 10.0), "step expects dt as a number, got str"),
        ((0.01, None, 10.0), "step expects width as a number, got NoneType"),
        ((0.01, 10.0, [10.0]), "step expects height as a number, got list"),
    ],
)
def test_step_takes_numbers(args, message):
    p = np.zeros((3, 4), np.float32)
    with pytest.raises(TypeError, match=f"^{message}"):
        particles.step(p, *args)


def test_join_takes_arrays():
    x = np.zeros(2, np.float32)
    with pytest.raises(TypeError, match="^join expects x as a 1-D array, got NoneType"):
        particles.join(None, x, x, x)
    with pytest.raises(TypeError, match="^join expects vy as a 1-D array, got float"):
        particles.join(x, x, x, 1.0)


def test_no_particles_split_into_empty_columns():
    p = np.zeros((0, 4), np.float32)
    assert [a.shape for a in particles.split(p)] == [(0,)] * 4
    assert particles.step(p, 0.01, 10.0, 10.0).shape == (0, 4)
