"""Feature freshness: fraud, churn, chatbots, pricing.

Reference solution. See exercises/breakout/feature_freshness.py for the statement.
"""
from __future__ import annotations

import itertools
import math

USE_CASES = ("fraud", "churn", "chatbot", "pricing")
# The freshness levels, spelled exactly as the statement and the tests spell them.
LEVELS = {"<100ms": 0.1, "10m": 600.0, "1h": 3_600.0, "1d": 86_400.0}

# The breakout discussion, one feature at a time: why it needs the freshness it needs.
RATIONALE = {
    "fraud": {
        "card_txn_count_10m": "Card velocity: a stolen card is drained in a burst of charges a few seconds "
                              "apart, so the count must include the charge just before this one: <100ms.",
        "is_new_device": "A charge from a device the card has never used is the classic takeover signal, and the "
                         "fraudster's first charge from it is the one to stop: <100ms.",
        "card_avg_amount_90d": "The card's 90-day average spending moves slowly; a day-old value is a fine "
                               "baseline for an unusual amount: 1d.",
        "merchant_risk_score": "A merchant's chargeback rate over 30 days drifts over hours, not seconds; "
                               "refreshing it within the hour catches a merchant going bad: 1h.",
    },
    "churn": {
        "sessions_last_7d": "Engagement over a week changes slowly and churn is predicted for weeks ahead, "
                            "so yesterday's count is fresh enough: 1d.",
        "days_since_last_login": "Counted in days, so recomputing it once a day loses nothing: 1d.",
        "plan_tier": "Users change plans rarely and a retention offer can wait a day for a downgrade "
                     "to show: 1d.",
        "support_tickets_30d": "A burst of complaints is an early churn warning the retention team should "
                               "see the same morning: 1h.",
        "failed_payments_30d": "A failed payment is involuntary churn in the making; dunning should start "
                               "within the hour: 1h.",
    },
    "chatbot": {
        "session_messages": "The conversation context: the bot's reply must see the message the customer "
                            "just sent, or it answers the wrong question: <100ms.",
        "open_ticket_status": "If an agent just closed or escalated the ticket the bot must not contradict "
                              "them for long; a few minutes are tolerable: 10m.",
        "account_plan": "After an upgrade the customer asks about the new limits within minutes: 10m.",
        "recent_orders": "\"Where is my order?\" is asked minutes after ordering, so an order placed a "
                         "few minutes ago must already be there: 10m.",
        "help_articles": "Help-center articles are edited a few times a day at most and are re-indexed "
                         "nightly: 1d.",
    },
    "pricing": {
        "stock_level": "Selling what is no longer in stock means cancelled orders, so the price must see "
                       "the last unit go: <100ms.",
        "views_last_5m": "A flash of demand lasts minutes; a five-minute count only steers the price if it "
                         "includes the views of the last seconds: <100ms.",
        "competitor_price": "Competitor prices are scraped every few minutes anyway; matching them within "
                            "minutes is enough: 10m.",
        "orders_last_1h": "An hourly order count is itself an hour-long average; refreshing it within the "
                          "hour keeps it honest: 1h.",
        "demand_forecast_1d": "Tomorrow's demand forecast is made from a year of orders and is about "
                              "tomorrow: recomputed daily: 1d.",
    },
}


def check_use_case(use_case: str) -> None:
    if use_case not in USE_CASES:
        raise ValueError(f"unknown use case {use_case!r}: expected one of fraud, churn, chatbot, pricing")


def rationale(use_case: str) -> dict[str, str]:
    """feature -> why it needs its freshness, naming exactly one level."""
    check_use_case(use_case)
    return dict(RATIONALE[use_case])


# --- the cheapest choice of each kind for one feature ---------------------------------------

def batch_choice(feature: dict, workload: dict) -> tuple[dict, float] | None:
    """The longest period whose runtime + period fits the SLA: staleness just before a run
    lands is runtime + period, so `period = SLA` is always too slow by the runtime."""
    costs, horizon = workload["costs"], workload["horizon_s"]
    runtime = costs["batch_startup_s"] + feature["batch_rows"] / costs["scan_rows_per_s"]
    fits = [p for p in workload["periods_s"] if runtime + p <= feature["sla_s"]]
    if not fits:
        return None
    period = max(fits)  # fewer runs are cheaper, and every run scans the same rows
    run_cost = costs["batch_run"] + feature["batch_rows"] * costs["scan_per_row"]
    return {"mode": "batch", "period_s": period}, horizon / period * run_cost


def stream_choice(feature: dict, workload: dict) -> tuple[dict, float] | None:
    """Size the workers for the peak the SLA cannot absorb: if the capacity is at least the
    peak rate over every window as long as the SLA, any w seconds bring at most capacity x w
    events, so no event waits more than w - 1 s behind the backlog. A burst shorter than the
    SLA may queue and drain in time; for <100ms (one simulated second) nothing may queue.
    Sizing for the mean instead lets every burst pile up."""
    costs, horizon = workload["costs"], workload["horizon_s"]
    if costs["stream_latency_s"] > feature["sla_s"]:
        return None
    source = workload["sources"][feature["source"]]
    peak = source["peak_per_s"][feature["sla"]]
    workers = max(1, math.ceil(peak / feature["worker_events_per_s"] - 1e-9))
    if workers > workload["max_workers"]:
        return None
    cost = source["total"] * costs["stream_per_event"] + workers * costs["worker_per_hour"] * horizon / 3_600
    return {"mode": "stream", "workers": workers}, cost


def request_choice(feature: dict, workload: dict) -> tuple[dict, float, float]:
    """Always fresh, paid on every request: (choice, cost, added milliseconds)."""
    costs = workload["costs"]
    rows = feature["request_rows"]
    cost = workload["requests"]["total"] * (costs["request_per_call"] + rows * costs["read_per_row"])
    return {"mode": "request"}, cost, costs["request_ms"] + rows * costs["read_ms_per_row"]


def plan(use_case: str, workload: dict) -> dict[str, dict]:
    """feature -> {"mode": "batch", "period_s": P} | {"mode": "stream", "workers": W} | {"mode": "request"}:
    the cheapest choices that meet every SLA and the latency budget."""
    check_use_case(use_case)
    if not isinstance(workload, dict):  # e.g. the scenario itself instead of scenario.workload()
        raise TypeError(f"plan expects workload as a dict (scenario(...).workload()), got {type(workload).__name__}")
    if workload.get("use_case") != use_case:
        raise ValueError(f"the workload is for {workload.get('use_case')!r}, not {use_case!r}")
    features = workload["features"]
    off, on = {}, {}
    for name, feature in features.items():
        candidates = [c for c in (batch_choice(feature, workload), stream_choice(feature, workload)) if c]
        off[name] = min(candidates, key=lambda c: c[1]) if candidates else None
        on[name] = request_choice(feature, workload)
    # Costs add up feature by feature; only the on-request features share the latency budget.
    # With at most a handful of features, try every set of them to compute on request.
    spare_ms = workload["latency_budget_ms"] - workload["base_latency_ms"]
    best, best_cost = None, math.inf
    names = list(features)
    for on_request in itertools.product((False, True), repeat=len(names)):
        if any(not r and off[n] is None for n, r in zip(names, on_request)):
            continue
        if sum(on[n][2] for n, r in zip(names, on_request) if r) > spare_ms + 1e-9:
            continue
        cost = sum(on[n][1] if r else off[n][1] for n, r in zip(names, on_request))
        if cost < best_cost:
            best_cost = cost
            best = {n: dict(on[n][0] if r else off[n][0]) for n, r in zip(names, on_request)}
    if best is None:
        raise ValueError(f"no plan meets every SLA of {use_case} within its latency budget")
    return best
