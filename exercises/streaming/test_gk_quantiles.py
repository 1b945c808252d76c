"""Visible tests for streaming.gk_quantiles. Run: pytest exercises/streaming/test_gk_quantiles.py"""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import gk_quantiles as streams

gk = kata("streaming.gk_quantiles")

PHIS = [i / 100 for i in range(101)]


def rank_miss(ordered, value, phi):
    """How far (in ranks) `value` is from the target rank of `phi`; None if not in the stream."""
    n = len(ordered)
    target = max(1, math.ceil(phi * n))
    lowest = int(np.searchsorted(ordered, value, "left")) + 1  # ranks this value covers
    highest = int(np.searchsorted(ordered, value, "right"))
    if highest < lowest:
        return None
    return 0 if lowest <= target <= highest else min(abs(lowest - target), abs(highest - target))


def paper_bound(eps, n):
    return 11 / (2 * eps) * math.log2(2 * eps * n)


def summarize(values, eps, checkpoint=None):
    """Insert `values`; at every `checkpoint` inserts (n >= 1/eps) check the paper's size bound."""
    s = gk.GKSummary(eps)
    for i, x in enumerate(values, 1):
        s.insert(x)
        if checkpoint and (i % checkpoint == 0 or i == len(values)) and i >= 1 / eps:
            assert len(s) <= paper_bound(eps, i), (
                f"GKSummary({eps}) kept {len(s)} tuples after {i} values, more than "
                f"(11 / (2 eps)) log2(2 eps n) = {paper_bound(eps, i):.0f}"
            )
    return s


def test_example_from_the_statement():
    s = gk.GKSummary(0.1)
    for x in [5, 1, 4, 2, 3]:
        s.insert(x)
    got = (s.query(0.5), s.query(0.0), s.query(1.0))
    assert got == (3, 1, 5), f"query(0.5), query(0), query(1) over [5, 1, 4, 2, 3] returned {got}, expected (3, 1, 5)"
    assert (s.n, len(s)) == (5, 5), f"(n, len) after 5 inserts with eps 0.1 is {(s.n, len(s))}, expected (5, 5)"


def test_one_value():
    s = gk.GKSummary(0.01)
    s.insert(42.5)
    got = [s.query(phi) for phi in (0.0, 0.5, 1.0)]
    assert got == [42.5] * 3, f"query(0 / 0.5 / 1) after inserting only 42.5 returned {got}"


def test_all_equal_values():
    s = summarize([7.0] * 3000, 0.01, checkpoint=500)
    got = {s.query(phi) for phi in PHIS}
    assert got == {7.0}, f"every quantile of 3000 copies of 7.0 should be 7.0, got {sorted(got)}"


@pytest.mark.parametrize("name", streams.NAMES)
def test_every_answer_within_eps_n_and_memory_within_the_bound(name):
    eps, n = 0.01, 5000
    values = streams.stream(name, n, seed=3)
    s = summarize(values, eps, checkpoint=500)
    assert s.n == n, f"GKSummary.n after {n} inserts is {s.n}"
    ordered = np.sort(values)
    for phi in PHIS:
        value = s.query(phi)
        miss = rank_miss(ordered, value, phi)
        assert miss is not None, f"{name} stream: query({phi}) returned {value}, which was never inserted"
        assert miss <= eps * n, (
            f"{name} stream of {n}, eps {eps}: query({phi}) returned {value}, whose rank is {miss} "
            f"away from rank {max(1, math.ceil(phi * n))}; allowed: eps * n = {eps * n:g}"
        )


@pytest.mark.parametrize("eps", [0, 1, -0.1, 1.5])
def test_eps_must_be_between_0_and_1(eps):
    with pytest.raises(ValueError):
        gk.GKSummary(eps)


def test_query_of_an_empty_summary():
    with pytest.raises(ValueError, match="empty"):
        gk.GKSummary(0.1).query(0.5)


@pytest.mark.parametrize("phi", [-0.01, 1.01])
def test_phi_must_be_between_0_and_1(phi):
    s = gk.GKSummary(0.1)
    s.insert(1.0)
    with pytest.raises(ValueError):
        s.query(phi)


def test_nan_is_rejected():
    with pytest.raises(ValueError, match="NaN"):
        gk.GKSummary(0.1).insert(float("nan"))


@given(
    st.lists(st.integers(min_value=-20, max_value=20), min_size=1, max_size=300),
    st.sampled_from([0.05, 0.1, 0.25]),
)
def test_small_streams_with_duplicates(values, eps):
    s = gk.GKSummary(eps)
    for x in values:
        s.insert(x)
    ordered = np.sort(values)
    for phi in PHIS[::5]:
        value = s.query(phi)
        miss = rank_miss(ordered, value, phi)
        assert miss is not None and miss <= eps * len(values), (
            f"GKSummary({eps}) over {values}: query({phi}) returned {value}, rank miss {miss}, "
            f"allowed {eps * len(values):g}"
        )


def test_inserting_a_str_is_a_type_error():
    with pytest.raises(TypeError, match="GKSummary.insert expects a number, got str"):
        gk.GKSummary(0.1).insert("5")
