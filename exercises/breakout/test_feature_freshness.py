"""Visible tests for breakout.feature_freshness. Run: pytest exercises/breakout/test_feature_freshness.py"""
from functools import lru_cache

import pytest

from graders import kata
from graders.datagen import feature_freshness as ff

freshness = kata("breakout.feature_freshness")


@lru_cache(maxsize=None)
def world(use_case, seed=0, shape="diurnal", slas=()):
    """A scenario and the cost of its cheapest SLA-meeting plan (exhaustive search), built once."""
    sc = ff.scenario(use_case, seed=seed, shape=shape, slas=dict(slas))
    return sc, ff.cheapest_plan(sc)[1]


def check(use_case, seed=0, shape="diurnal", slas=()):
    sc, cheapest = world(use_case, seed, shape, slas)
    plan = freshness.plan(use_case, sc.workload())
    result, problems = ff.judge(sc, plan, cheapest)
    call = f"plan({use_case!r}, workload(seed={seed}, shape={shape!r}{', slas=' + str(dict(slas)) if slas else ''}))"
    assert not problems, f"{call} fails: " + "; ".join(problems) + "\n" + ff.format_report(sc, result, cheapest)


# --- the discussion: how fresh must each feature be? -----------------------------------------

@pytest.mark.parametrize("use_case", ff.NAMES)
def test_rationale_names_each_features_level(use_case):
    got = freshness.rationale(use_case)
    features = ff.USE_CASES[use_case]["features"]
    assert isinstance(got, dict) and set(got) == set(features), (
        f"rationale({use_case!r}) has keys {sorted(got) if isinstance(got, dict) else got!r}, expected {sorted(features)}"
    )
    for name, spec in features.items():
        text = got[name]
        assert isinstance(text, str) and len(text.split()) >= 8, (
            f"rationale({use_case!r})[{name!r}] = {text!r}: write a sentence of 8 words or more"
        )
        named = ff.levels_named(text)
        assert named == {spec["sla"]}, (
            f"rationale({use_case!r})[{name!r}] names levels {sorted(named)}, expected exactly "
            f"[{spec['sla']!r}] (spelled <100ms, 10m, 1h or 1d): {text!r}"
        )


# --- the plan: every SLA met, within budget, at most 1.2x the cheapest ------------------------

@pytest.mark.parametrize("use_case", ff.NAMES)
def test_a_diurnal_day(use_case):
    check(use_case, seed=0, shape="diurnal")


def test_a_flash_sale_burst_needs_stream_capacity_for_the_peak():
    # A 10-30 minute surge of views at 4-8x: a <100ms view count must keep up with it.
    check("pricing", seed=0, shape="burst")


def test_a_card_testing_attack():
    check("fraud", seed=1, shape="burst")


def test_a_quiet_night_changes_what_is_cheapest():
    # Eight quiet hours: few requests, so per-request reads are cheap and idle workers are not.
    check("pricing", seed=0, shape="quiet")


def test_the_plan_reads_the_slas_from_the_workload():
    # The retention team wants complaints within 10 minutes: the same feature, a stricter SLA.
    check("churn", seed=0, slas=(("support_tickets_30d", "10m"),))


# --- bad input --------------------------------------------------------------------------

def test_unknown_use_case_raises_value_error():
    workload = world("fraud")[0].workload()
    with pytest.raises(ValueError, match="unknown use case 'fraudd'"):
        freshness.plan("fraudd", workload)
    with pytest.raises(ValueError, match="unknown use case 'Churn'"):
        freshness.rationale("Churn")


def test_a_workload_for_another_use_case_raises_value_error():
    workload = world("fraud")[0].workload()
    with pytest.raises(ValueError):
        freshness.plan("churn", workload)


def test_plan_needs_the_workload_not_none():
    with pytest.raises(TypeError, match="plan expects workload as a dict"):
        freshness.plan("fraud", None)
