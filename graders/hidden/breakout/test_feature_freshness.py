"""Hidden tests for breakout.feature_freshness: other seeds, bursts, quiet nights, scales,
changed SLAs and latency budgets; bad input. (The simulator's own tests are in
tests/test_freshness_simulator.py: they check the project, so they earn no student points.)"""
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import feature_freshness as ff

freshness = kata("breakout.feature_freshness")


@lru_cache(maxsize=None)
def world(use_case, seed=0, shape="diurnal", scale=1.0, slas=(), latency_budget_ms=None, base_latency_ms=None):
    sc = ff.scenario(use_case, seed=seed, shape=shape, scale=scale, slas=dict(slas),
                     latency_budget_ms=latency_budget_ms, base_latency_ms=base_latency_ms)
    return sc, ff.cheapest_plan(sc)[1]


def check(use_case, seed=0, shape="diurnal", scale=1.0, slas=(), **budget):
    sc, cheapest = world(use_case, seed, shape, scale, slas, budget.get("latency_budget_ms"),
                         budget.get("base_latency_ms"))
    plan = freshness.plan(use_case, sc.workload())
    result, problems = ff.judge(sc, plan, cheapest)
    extra = "".join(f", {k}={v}" for k, v in (("slas", dict(slas)), *budget.items()) if v)
    call = f"plan({use_case!r}, workload(seed={seed}, shape={shape!r}, scale={scale}{extra}))"
    assert not problems, f"{call} fails: " + "; ".join(problems) + "\n" + ff.format_report(sc, result, cheapest)


# --- the student's plan on other traffic ---------------------------------------------------

DEFAULT_SLAS = [(uc, shape, seed, scale) for uc in ff.NAMES
                for shape, seed, scale in (("diurnal", 7, 2.0), ("burst", 3, 1.0), ("burst", 11, 0.5), ("quiet", 4, 1.5))]


@pytest.mark.parametrize("use_case, shape, seed, scale", DEFAULT_SLAS,
                         ids=[f"{u}-{sh}-seed{se}-x{sc:g}" for u, sh, se, sc in DEFAULT_SLAS])
def test_other_seeds_shapes_and_scales(use_case, shape, seed, scale):
    check(use_case, seed=seed, shape=shape, scale=scale)


def test_no_room_for_on_request_features_moves_fraud_velocity_to_a_stream():
    # 99 ms of a 100 ms budget spent before any feature: nothing fits on request any more.
    check("fraud", seed=2, base_latency_ms=99.0)


def test_no_room_for_on_request_features_during_an_attack():
    check("fraud", seed=3, shape="burst", base_latency_ms=99.0)


def test_a_tight_budget_fits_one_lookup_on_request():
    # A quiet night makes stock_level and competitor_price cheapest on request, but 1.5 ms fits one.
    check("pricing", seed=5, shape="quiet", latency_budget_ms=31.5)


@pytest.mark.parametrize(
    "use_case, shape, seed, scale, slas",
    [
        ("churn", "diurnal", 3, 1.0, (("sessions_last_7d", "1h"), ("days_since_last_login", "10m"))),
        ("chatbot", "burst", 2, 1.0, (("open_ticket_status", "<100ms"), ("help_articles", "1h"))),
        ("pricing", "diurnal", 1, 2.0, (("competitor_price", "<100ms"),)),
        ("fraud", "diurnal", 4, 1.0, (("card_avg_amount_90d", "1h"),)),
        ("chatbot", "quiet", 6, 1.0, (("recent_orders", "<100ms"), ("account_plan", "1h"))),
    ],
    ids=["churn-stricter", "chatbot-ticket-realtime", "pricing-competitor-realtime", "fraud-avg-hourly",
         "chatbot-night-mixed"],
)
def test_changed_slas_are_read_from_the_workload(use_case, shape, seed, scale, slas):
    check(use_case, seed=seed, shape=shape, scale=scale, slas=slas)


@settings(max_examples=5)
@given(st.sampled_from(ff.NAMES), st.integers(100, 10_000), st.sampled_from(ff.SHAPES),
       st.sampled_from([1.0, 1.5, 2.0]))
def test_any_seeded_day_or_night(use_case, seed, shape, scale):
    check(use_case, seed=seed, shape=shape, scale=scale)


# --- the discussion ------------------------------------------------------------------------

@pytest.mark.parametrize("use_case", ff.NAMES)
def test_rationale_names_exactly_each_features_level(use_case):
    got = freshness.rationale(use_case)
    features = ff.USE_CASES[use_case]["features"]
    assert isinstance(got, dict) and set(got) == set(features), f"rationale({use_case!r}) keys: {sorted(got)}"
    wrong = {name: (sorted(ff.levels_named(got[name])), spec["sla"]) for name, spec in features.items()
             if not isinstance(got[name], str) or ff.levels_named(got[name]) != {spec["sla"]}}
    assert not wrong, f"rationale({use_case!r}): feature -> (levels named, level expected): {wrong}"
    short = [name for name, text in got.items() if len(text.split()) < 8]
    assert not short, f"rationale({use_case!r}): write a sentence of 8 words or more for {short}"


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "Fraud", "pricing ", "ads"])
def test_unknown_use_case(name):
    workload = world("pricing")[0].workload()
    with pytest.raises(ValueError, match="unknown use case"):
        freshness.plan(name, workload)
    with pytest.raises(ValueError, match="unknown use case"):
        freshness.rationale(name)


def test_workload_of_another_use_case():
    with pytest.raises(ValueError):
        freshness.plan("pricing", world("chatbot")[0].workload())


@pytest.mark.parametrize("workload, got", [(None, "NoneType"), ([("use_case", "fraud")], "list"), ("fraud", "str")])
def test_a_workload_that_is_not_a_dict_is_a_type_error(workload, got):
    with pytest.raises(TypeError, match=rf"^plan expects workload as a dict \(scenario\(...\).workload\(\)\), got {got}"):
        freshness.plan("fraud", workload)


def test_an_empty_workload_is_for_no_use_case():
    with pytest.raises(ValueError, match="the workload is for None, not 'fraud'"):
        freshness.plan("fraud", {})


@pytest.mark.parametrize("use_case", [None, ["fraud"]], ids=["None", "list"])
def test_a_use_case_that_is_not_a_str_is_unknown(use_case):
    with pytest.raises(ValueError, match="unknown use case"):
        freshness.rationale(use_case)
