"""Hidden tests for streaming.gk_quantiles: more streams, sizes and eps, answers along the way."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import gk_quantiles as streams

gk = kata("streaming.gk_quantiles")

PHIS = [i / 200 for i in range(201)] + [1 / 3, 2 / 3, 0.999, 0.001]


def rank_miss(ordered, value, phi):
    """How far (in ranks) `value` is from the target rank of `phi`; None if not in the stream."""
    n = len(ordered)
    target = max(1, math.ceil(phi * n))
    lowest = int(np.searchsorted(ordered, value, "left")) + 1
    highest = int(np.searchsorted(ordered, value, "right"))
    if highest < lowest:
        return None
    return 0 if lowest <= target <= highest else min(abs(lowest - target), abs(highest - target))


def paper_bound(eps, n):
    return 11 / (2 * eps) * math.log2(2 * eps * n)


def check_answers(s, values, eps, what, phis=PHIS):
    ordered = np.sort(np.asarray(values, dtype=float))
    n = len(values)
    for phi in phis:
        value = s.query(phi)
        miss = rank_miss(ordered, value, phi)
        assert miss is not None, f"{what}: query({phi}) returned {value}, which was never inserted"
        assert miss <= eps * n + 1e-9, (
            f"{what}: query({phi}) returned {value}, whose rank is {miss} away from rank "
            f"{max(1, math.ceil(phi * n))}; allowed: eps * n = {eps * n:g}"
        )


@pytest.mark.parametrize("eps", [0.002, 0.01, 0.05])
@pytest.mark.parametrize("name", streams.NAMES)
def test_streams_of_20000_within_eps_and_the_bound(name, eps):
    n = 20_000
    values = streams.stream(name, n, seed=17)
    s = gk.GKSummary(eps)
    for i, x in enumerate(values, 1):
        s.insert(x)
        if i % 1000 == 0 and i >= 1 / eps:
            assert len(s) <= paper_bound(eps, i), (
                f"{name} stream, eps {eps}: {len(s)} tuples after {i} values, more than "
                f"(11 / (2 eps)) log2(2 eps n) = {paper_bound(eps, i):.0f}"
            )
    assert s.n == n, f"GKSummary.n after {n} inserts is {s.n}"
    check_answers(s, values, eps, f"{name} stream of {n}, eps {eps}")


def test_answers_along_the_way_use_the_current_n():
    eps = 0.02
    values = streams.stream("zigzag", 6000, seed=5)
    s = gk.GKSummary(eps)
    for i, x in enumerate(values, 1):
        s.insert(x)
        if i in (1, 2, 3, 10, 49, 50, 51, 333, 1000, 2500, 6000):
            check_answers(s, values[:i], eps, f"zigzag stream after {i} values, eps {eps}")


@pytest.mark.parametrize("eps", [0.3, 0.5, 0.9])
def test_coarse_eps(eps):
    values = streams.stream("random", 3000, seed=9)
    s = gk.GKSummary(eps)
    for x in values:
        s.insert(x)
    check_answers(s, values, eps, f"random stream of 3000, eps {eps}")
    assert len(s) <= paper_bound(eps, len(values)), f"eps {eps}: {len(s)} tuples after 3000 values"


def test_long_sorted_stream_stays_within_the_bound():
    # Every value is a new maximum: a summary that never merges them keeps all 60,000.
    eps = 0.01
    s = gk.GKSummary(eps)
    for i in range(1, 60_001):
        s.insert(float(i))
        if i % 10_000 == 0:
            assert len(s) <= paper_bound(eps, i), (
                f"{len(s)} tuples after {i} sorted values, more than (11 / (2 eps)) log2(2 eps n) "
                f"= {paper_bound(eps, i):.0f}: memory should grow like log(eps n), not n"
            )
    check_answers(s, [float(i) for i in range(1, 60_001)], eps, "sorted stream of 60,000, eps 0.01")


def test_duplicates_spanning_the_median():
    # Half the stream is one value: every middle quantile must answer it.
    values = [1.0] * 2000 + [5.0] * 4000 + [9.0] * 2000
    values = [values[(i * 7919) % len(values)] for i in range(len(values))]
    eps = 0.01
    s = gk.GKSummary(eps)
    for x in values:
        s.insert(x)
    check_answers(s, values, eps, "three values, half of them 5.0")
    got = s.query(0.5)
    assert got == 5.0, f"query(0.5) with half the values 5.0 returned {got}, expected 5.0"


def test_infinities_and_huge_values():
    values = [math.inf, -math.inf, 1e308, -1e308, 0.0, -0.0, 1e-308] * 300
    eps = 0.05
    s = gk.GKSummary(eps)
    for x in values:
        s.insert(x)
    check_answers(s, values, eps, "infinities and extremes")
    assert s.query(0.0) == -math.inf and s.query(1.0) == math.inf, (
        f"query(0) and query(1) returned {s.query(0.0)} and {s.query(1.0)}, expected -inf and inf"
    )


def test_integer_values_come_back_as_inserted():
    s = gk.GKSummary(0.1)
    for x in [30, 10, 20]:
        s.insert(x)
    got = s.query(0.5)
    assert got == 20, f"query(0.5) over [30, 10, 20] returned {got!r}, expected 20"


@pytest.mark.parametrize("eps", [0.0, 1.0, -1e-9, 2, float("nan")])
def test_bad_eps(eps):
    with pytest.raises(ValueError):
        gk.GKSummary(eps)


def test_bad_phi_and_empty_summary():
    s = gk.GKSummary(0.05)
    with pytest.raises(ValueError, match="empty"):
        s.query(0.0)
    s.insert(3.0)
    for phi in (-1e-12, 1.000001, float("nan")):
        with pytest.raises(ValueError):
            s.query(phi)


def test_rejected_nan_leaves_the_summary_unchanged():
    s = gk.GKSummary(0.05)
    for x in (1.0, 2.0, 3.0):
        s.insert(x)
    with pytest.raises(ValueError, match="NaN"):
        s.insert(float("nan"))
    assert s.n == 3 and s.query(0.5) == 2.0, f"after a rejected NaN, n = {s.n}, query(0.5) = {s.query(0.5)}"


@given(
    st.lists(
        st.one_of(st.integers(min_value=-5, max_value=5), st.floats(min_value=-1e3, max_value=1e3)),
        min_size=1,
        max_size=400,
    ),
    st.sampled_from([0.01, 0.03, 0.1, 0.2]),
)
def test_any_small_stream(values, eps):
    s = gk.GKSummary(eps)
    for x in values:
        s.insert(x)
    check_answers(s, values, eps, f"GKSummary({eps}) over {values}", phis=PHIS[::4])


@pytest.mark.parametrize("x, got", [("5", "str"), (None, "NoneType"), ([1.0], "list"), (True, "bool")])
def test_insert_of_a_non_number_is_a_type_error(x, got):
    s = gk.GKSummary(0.1)
    with pytest.raises(TypeError, match=f"^GKSummary.insert expects a number, got {got}"):
        s.insert(x)  # into the empty summary
    s.insert(2.0)
    with pytest.raises(TypeError, match=f"^GKSummary.insert expects a number, got {got}"):
        s.insert(x)
    assert s.query(0.5) == 2.0, "a refused value must leave the summary as it was"
