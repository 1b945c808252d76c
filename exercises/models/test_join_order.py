"""Visible tests for models.join_order. Run: pytest exercises/models/test_join_order.py"""
import pytest

from graders import kata
from graders.datagen import join_order as gen

m = kata("models.join_order")

CARDS = {"rides": 1_000_000, "drivers": 10_000, "cities": 100, "payments": 500_000}
SELS = {"rides|drivers": 1e-4, "drivers|cities": 1e-2, "rides|payments": 1e-6}


def test_statement_costs():
    for order, expected in [(["rides", "drivers", "cities", "payments"], 2_500_000.0),
                            (["cities", "drivers", "rides", "payments"], 1_510_000.0)]:
        got = m.plan_cost(m.left_deep(order), CARDS, SELS)
        assert gen.close(got, expected), f"plan_cost(left_deep({order}), CARDS, SELS) returned {got}, expected {expected}"
    bushy = (("rides", "payments"), ("drivers", "cities"))
    got = m.plan_cost(bushy, CARDS, SELS)
    assert gen.close(got, 1_010_000.0), f"plan_cost({bushy}, CARDS, SELS) returned {got}, expected 1010000.0"
    got = m.plan_cost(("cities", "drivers"), {"cities": 100, "drivers": 10_000}, {"drivers|cities": 1e-2})
    assert gen.close(got, 10_000.0), f"plan_cost(('cities', 'drivers'), ...) returned {got}, expected 10000.0 (100 * 10,000 * 0.01)"


def test_statement_best_plan_is_bushy():
    plan, cost = m.best_plan(CARDS, SELS)
    assert gen.close(cost, 1_010_000.0), f"best_plan(CARDS, SELS) cost {cost}, expected 1010000.0 (the bushy plan)"
    problem = gen.problem(plan, CARDS, SELS)
    assert problem is None, f"best_plan(CARDS, SELS) returned the plan {plan!r}: {problem}"
    recomputed = gen.cost(plan, CARDS, SELS)
    assert gen.close(recomputed, cost), f"best_plan returned cost {cost} but its plan {plan!r} costs {recomputed}"


@pytest.mark.parametrize("kind", gen.KINDS)
@pytest.mark.parametrize("n", [3, 5, 6])
def test_best_plan_equals_the_brute_force(kind, n):
    cards, sels = gen.graph(kind, n, seed=1)
    for cross in (False, True):
        plan, cost = m.best_plan(cards, sels, cross_products=cross)
        expected = gen.brute_force(cards, sels, cross_products=cross)
        assert gen.close(cost, expected), (
            f"best_plan({cards}, {sels}, cross_products={cross}) cost {cost}, expected the brute force's {expected}")
        problem = gen.problem(plan, cards, sels, cross_products=cross)
        assert problem is None, f"best_plan(..., cross_products={cross}) on a {kind} of {n}: the plan {plan!r}: {problem}"
        assert gen.close(gen.cost(plan, cards, sels, cross), cost), f"the plan {plan!r} does not cost the {cost} returned"


def test_one_and_two_relations():
    plan, cost = m.best_plan({"rides": 50}, {})
    assert (plan, cost) == ("rides", 0.0), f"best_plan({{'rides': 50}}, {{}}) returned {(plan, cost)}, expected ('rides', 0.0)"
    plan, cost = m.best_plan({"a": 10, "b": 20}, {"a|b": 0.5})
    assert sorted(plan) == ["a", "b"] and gen.close(cost, 100.0), f"best_plan(a: 10, b: 20, a|b: 0.5) returned {(plan, cost)}, expected (('a', 'b'), 100.0)"


def test_cross_products_only_when_allowed():
    # Two tiny dimensions: their cross product (4 rows) is cheaper than joining the fact table first.
    cards = {"fact": 1_000_000, "d1": 2, "d2": 2}
    sels = {"fact|d1": 0.5, "fact|d2": 0.5}
    plan, cost = m.best_plan(cards, sels, cross_products=True)
    assert gen.close(cost, 1_000_004.0), f"best_plan(star, cross_products=True) cost {cost}, expected 1000004.0 ((d1 x d2) first)"
    plan, cost = m.best_plan(cards, sels)
    assert gen.close(cost, 2_000_000.0), f"best_plan(star) cost {cost}, expected 2000000.0 (no cross product allowed)"
    assert gen.problem(plan, cards, sels, cross_products=False) is None, f"best_plan(star) returned {plan!r}, a cross product"


@pytest.mark.parametrize("call, match", [
    (lambda: m.best_plan(CARDS, {**SELS, "rides|drivers": 1.5}), r"selectivity of 'rides\|drivers' must be in \(0, 1\], got 1.5"),
    (lambda: m.best_plan(CARDS, {**SELS, "rides|drivers": 0}), r"must be in \(0, 1\]"),
    (lambda: m.best_plan(CARDS, {**SELS, "ridez|drivers": 0.1}), r"unknown relation 'ridez'"),
    (lambda: m.best_plan({**CARDS, "weather": 365}, SELS), "disconnected"),
    (lambda: m.plan_cost(("rides", "cities"), {"rides": 10, "cities": 5}, {}), "cross product"),
    (lambda: m.plan_cost(("rides", "rides"), CARDS, SELS), "appears twice"),
], ids=["selectivity-above-1", "selectivity-0", "unknown-relation", "disconnected", "cross-product", "twice"])
def test_bad_input_raises_join_order_error(call, match):
    with pytest.raises(m.JoinOrderError, match=match):
        call()


def test_explain_shows_the_filter_below_the_join():
    tables = {"rides": {"ride_id": list(range(200)), "driver_id": [i % 20 for i in range(200)]},
              "drivers": {"driver_id": list(range(20)), "rating": [3.0 + (i % 10) / 5 for i in range(20)]}}
    text = m.explain_filtered_join(tables, on=("rides.driver_id", "drivers.driver_id"), where=("drivers.rating", ">", 4.5))
    problem = gen.pushdown_problem(text, "drivers", "rating")
    assert problem is None, f"explain_filtered_join(..., where=('drivers.rating', '>', 4.5)): {problem}\n{text}"
