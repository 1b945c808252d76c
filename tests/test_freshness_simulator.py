"""The feature-freshness simulator (graders/datagen/feature_freshness.py) against brute force.

These check the project's simulator and search, not a student's plan, so they live with the
self-tests rather than among the graded hidden tests.
"""
import math
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders.datagen import feature_freshness as ff


@lru_cache(maxsize=None)
def world(use_case):
    sc = ff.scenario(use_case, seed=0)
    return sc, ff.cheapest_plan(sc)[1]


# --- the simulator: bad plans ------------------------------------------------------------

GOOD = {"card_txn_count_10m": {"mode": "request"}, "is_new_device": {"mode": "request"},
        "card_avg_amount_90d": {"mode": "batch", "period_s": 43_200}, "merchant_risk_score": {"mode": "stream", "workers": 2}}


@pytest.mark.parametrize(
    "change, name",
    [
        ({"card_velocity": {"mode": "request"}}, "card_velocity"),
        ({"is_new_device": None}, "is_new_device"),
        ({"is_new_device": {"mode": "cache"}}, "is_new_device"),
        ({"card_avg_amount_90d": {"mode": "batch", "period_s": 0}}, "card_avg_amount_90d"),
        ({"card_avg_amount_90d": {"mode": "batch", "period_s": -60}}, "card_avg_amount_90d"),
        ({"card_avg_amount_90d": {"mode": "batch"}}, "card_avg_amount_90d"),
        ({"merchant_risk_score": {"mode": "stream", "workers": 0}}, "merchant_risk_score"),
        ({"merchant_risk_score": {"mode": "stream", "workers": 1.5}}, "merchant_risk_score"),
        ({"merchant_risk_score": {"mode": "stream", "workers": ff.MAX_WORKERS + 1}}, "merchant_risk_score"),
    ],
    ids=["unknown-feature", "missing-feature", "unknown-mode", "period-0", "period-negative", "no-period",
         "workers-0", "workers-float", "workers-too-many"],
)
def test_validate_plan_names_the_feature(change, name):
    plan = dict(GOOD)
    for k, v in change.items():
        if v is None:
            del plan[k]
        else:
            plan[k] = v
    with pytest.raises(ValueError, match=name):
        ff.validate_plan("fraud", plan)
    assert ff.validate_plan("fraud", GOOD)["card_avg_amount_90d"] == {"mode": "batch", "period_s": 43_200.0}


# --- the simulator against brute force ----------------------------------------------------

@settings(max_examples=40)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=200), st.integers(1, 4), st.sampled_from([2.0, 5.0, 7.5]))
def test_stream_backlog_matches_an_event_loop(arrivals, workers, mu):
    got = ff.stream_staleness(np.array(arrivals, dtype=np.int64), workers, mu)
    backlog, capacity = 0.0, workers * mu
    for t, a in enumerate(arrivals):
        backlog = max(0.0, backlog + a - capacity)
        expected = ff.COSTS["stream_latency_s"] + backlog / capacity
        assert math.isclose(got[t], expected, rel_tol=1e-9, abs_tol=1e-9), (
            f"stream staleness at second {t}: {got[t]}, an event loop gives {expected} (arrivals {arrivals[:t + 1]})"
        )


@settings(max_examples=40)
@given(st.integers(1, 200), st.sampled_from([7, 60, 300, 1_800]), st.integers(0, 3_000_000))
def test_batch_staleness_is_the_age_of_the_newest_finished_run(horizon, period, rows):
    got = ff.batch_staleness(horizon, period, rows)
    runtime = ff.batch_runtime_s(rows)
    # Every run from well before the horizon; a request is served the newest one finished.
    starts = [k * period for k in range(-math.ceil(runtime / period) - 2, horizon // period + 2)]
    for t in range(horizon):
        served_at = t + 0.5
        newest = [s for s in starts if s + runtime <= served_at][-1]
        assert math.isclose(got[t], served_at - newest), (
            f"batch every {period} s, runtime {runtime} s: staleness at {served_at} is {got[t]}, expected {served_at - newest}"
        )


@settings(max_examples=40)
@given(st.lists(st.tuples(st.floats(0, 100, allow_nan=False), st.integers(0, 20)), min_size=1, max_size=60))
def test_p99_is_the_inverted_cdf_over_requests(pairs):
    values = np.array([v for v, _ in pairs])
    weights = np.array([w for _, w in pairs], dtype=np.int64)
    if weights.sum() == 0:
        return
    expected = float(np.percentile(np.repeat(values, weights), 99, method="inverted_cdf"))
    assert ff.p99(values, weights) == expected
    assert ff.meets(values, weights, expected) and not ff.meets(values, weights, np.nextafter(expected, -1))


def test_the_search_finds_no_cheaper_single_change():
    """Local check of cheapest_plan over the grid: no other choice for any one feature gives
    a cheaper plan that still meets every SLA and the budget."""
    sc, cheapest = world("fraud")
    best, cost = ff.cheapest_plan(sc)
    result = ff.simulate(sc, best)
    assert result["ok"] and math.isclose(result["cost"], cost), f"the cheapest plan {best} does not hold up: {result}"
    grid = ([{"mode": "batch", "period_s": float(p)} for p in ff.PERIODS_S]
            + [{"mode": "stream", "workers": w} for w in range(1, 17)] + [{"mode": "request"}])
    for name, row in result["features"].items():
        sla_s = row["sla_s"]
        for choice in grid:
            staleness, c, ms = ff._evaluate(sc, name, choice)  # this feature alone: costs add up
            ok = staleness is None or ff.meets(staleness, sc.requests, sla_s)
            within = result["latency_ms"] - row["latency_ms"] + ms <= sc.latency_budget_ms
            assert not (ok and within and cost - row["cost"] + c < cost - 1e-9), (
                f"changing {name} to {choice} gives a cheaper plan that meets every SLA"
            )


def test_the_premise_naive_plans_cost_several_times_the_cheapest():
    for use_case in ff.NAMES:
        sc, cheapest = world(use_case)
        naive = {k: ff.simulate(sc, p) for k, p in ff.naive_plans(sc).items()}
        assert not naive["all daily batch"]["ok"], f"{use_case}: everything in a daily batch should miss an SLA"
        streamed = naive[f"all stream x{ff.MAX_WORKERS}"]
        assert streamed["ok"] and streamed["cost"] >= 3 * cheapest, f"{use_case}: all streamed: {streamed['cost']} vs {cheapest}"
        assert naive["all on request"]["cost"] >= 3 * cheapest, f"{use_case}: all on request: {naive['all on request']['cost']}"
    modes = {c["mode"] for uc in ff.NAMES for c in ff.cheapest_plan(world(uc)[0])[0].values()}
    assert modes == set(ff.MODES), f"the cheapest plans of the four use cases use modes {modes}, expected a mix of all three"
