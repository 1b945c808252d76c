"""Benchmark for breakout.feature_freshness: what freshness costs, plan by plan.

    python benchmarks/feature_freshness.py                    # the reference plan, seed 0
    python benchmarks/feature_freshness.py --impl exercises   # your plan
    python benchmarks/feature_freshness.py --seed 3 --scale 2

For each use case and traffic shape (a diurnal day, the same day with a burst, an 8-hour
quiet night) it prints the cost of the cheapest plan that meets every SLA (exhaustive search
over the grid), the plan under test as a multiple of it, and the naive plans: everything
computed on request, everything streamed (with as many workers as the peak needs, and with
the maximum), everything in one daily batch. "miss" marks a plan that misses an SLA or the
latency budget. Then the cheapest plan of each use case on the diurnal day, feature by
feature: which features end up in batch, in a stream or on request.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graders import impl, kata, paths  # noqa: E402
from graders.datagen import feature_freshness as ff  # noqa: E402


def peak_streams(sc: ff.Scenario) -> dict:
    """Everything streamed, each feature with the workers its source's 1-second peak needs."""
    w = sc.workload()
    plan = {}
    for name, f in w["features"].items():
        peak = w["sources"][f["source"]]["peak_per_s"]["<100ms"]
        plan[name] = {"mode": "stream", "workers": min(ff.MAX_WORKERS, max(1, math.ceil(peak / f["worker_events_per_s"])))}
    return plan


def cell(sc, plan, cheapest) -> str:
    r = ff.simulate(sc, plan)
    return f"{r['cost'] / cheapest:6.2f}x{'' if r['ok'] else ' miss':5}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default=None,
                        help="exercises, solutions or a folder like exercises/ (default: solutions, if present)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    args.impl = args.impl or impl.default_choice(paths.find_root())
    impl.select(args.impl, paths.find_root())
    module = kata("breakout.feature_freshness")

    cols = ["cheapest $", "search ms", args.impl, "on request", "stream@peak", f"stream x{ff.MAX_WORKERS}", "daily batch"]
    print(f"{'use case':<9}{'shape':<9}" + "".join(f"{c:>13}" for c in cols))
    diurnal = {}
    for use_case in ff.NAMES:
        for shape in ff.SHAPES:
            sc = ff.scenario(use_case, seed=args.seed, shape=shape, scale=args.scale)
            start = time.perf_counter()
            best, cheapest = ff.cheapest_plan(sc)
            ms = 1e3 * (time.perf_counter() - start)
            if shape == "diurnal":
                diurnal[use_case] = (sc, best)
            naive = ff.naive_plans(sc)
            try:
                mine = cell(sc, module.plan(use_case, sc.workload()), cheapest)
            except Exception as exc:  # noqa: BLE001 (a stub or a broken plan is reported, not fatal)
                mine = type(exc).__name__[:12]
            cells = [f"{cheapest:.2f}", f"{ms:.0f}", mine, cell(sc, naive["all on request"], cheapest),
                     cell(sc, peak_streams(sc), cheapest), cell(sc, naive[f"all stream x{ff.MAX_WORKERS}"], cheapest),
                     cell(sc, naive["all daily batch"], cheapest)]
            print(f"{use_case:<9}{shape:<9}" + "".join(f"{c:>13}" for c in cells))
    print()
    print("The cheapest plans on the diurnal day:")
    for use_case, (sc, best) in diurnal.items():
        result = ff.simulate(sc, best)
        for name, r in result["features"].items():
            print(f"  {use_case:<9}{name:<24}{r['sla']:>7}  {ff._describe(r):<22} p99 {r['p99_staleness_s']:>10.2f} s"
                  f"  ${r['cost']:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
