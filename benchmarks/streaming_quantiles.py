"""Benchmark for streaming.gk_quantiles: Greenwald-Khanna next to Apache DataSketches' KLL.

    python benchmarks/streaming_quantiles.py                   # the reference GK, 100,000 values
    python benchmarks/streaming_quantiles.py --impl exercises  # your GKSummary
    python benchmarks/streaming_quantiles.py --n 1000000 --eps 0.001 --kll-k 800

For every stream of graders/datagen/gk_quantiles.py (sorted, reversed, zigzag, heavy
duplicates, random, ...) it prints what each summary keeps and how wrong it gets:
  - GK: tuples kept, the paper's bound (11 / (2 eps)) log2(2 eps n), and the worst rank
    error over 1,001 quantiles as a fraction of n (GK promises at most eps, always).
  - KLL (kll_floats_sketch, randomized): items retained, the worst rank error seen, and the
    sketch's own a-priori error bound (about 1.3% at k = 200, with 99% confidence).
  - An exact method (two heaps, sorting) keeps all n values.
A rank error here is the distance from the target rank ceil(phi n) to the nearest rank the
answer covers, so duplicates are not counted against either summary. KLL's columns read
"-" where the `datasketches` package is not installed. Insert times are wall-clock on
whatever else the machine is doing: GK here is pure Python, KLL is C++.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from graders import impl, kata, paths  # noqa: E402
from graders.datagen import gk_quantiles as data  # noqa: E402

PHIS = np.linspace(0, 1, 1001)


def worst_rank_error(ordered: np.ndarray, answer) -> float:
    """The largest rank miss over PHIS, as a fraction of n; `answer(phi)` gives a value."""
    n = len(ordered)
    worst = 0
    for phi in PHIS:
        value = answer(float(phi))
        target = max(1, math.ceil(phi * n))
        lowest = int(np.searchsorted(ordered, value, "left")) + 1
        highest = int(np.searchsorted(ordered, value, "right"))
        miss = 0 if lowest <= target <= highest else min(abs(lowest - target), abs(highest - target))
        worst = max(worst, miss)
    return worst / n


def run_gk(module, values: list[float], eps: float) -> tuple[int, float, float]:
    start = time.perf_counter()
    summary = module.GKSummary(eps)
    for x in values:
        summary.insert(x)
    seconds = time.perf_counter() - start
    return len(summary), seconds, worst_rank_error(np.sort(values), summary.query)


def run_kll(values: list[float], k: int):
    try:
        from datasketches import kll_floats_sketch
    except ImportError:
        return None
    array = np.asarray(values, dtype=np.float32)
    start = time.perf_counter()
    sketch = kll_floats_sketch(k)
    sketch.update(array)
    seconds = time.perf_counter() - start
    # KLL stores float32: rank against the float32 values it actually saw.
    error = worst_rank_error(np.sort(array), lambda phi: np.float32(sketch.get_quantile(phi)))
    return sketch.num_retained, seconds, error, sketch.normalized_rank_error(False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default=None,
                        help="exercises, solutions or a folder like exercises/ (default: solutions, if present)")
    parser.add_argument("--n", type=int, default=100_000, help="values per stream")
    parser.add_argument("--eps", type=float, default=0.01, help="GK's rank error bound, as a fraction of n")
    parser.add_argument("--kll-k", type=int, default=200, help="KLL's accuracy parameter k")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    args.impl = args.impl or impl.default_choice(paths.find_root())
    impl.select(args.impl, paths.find_root())
    module = kata("streaming.gk_quantiles")
    bound = 11 / (2 * args.eps) * math.log2(2 * args.eps * args.n)

    print(f"{args.n:,} values per stream; GK eps = {args.eps} ({args.impl}); KLL k = {args.kll_k}")
    print(f"exact methods keep {args.n:,} values; GK's bound is {bound:,.0f} tuples")
    header = (
        f"{'stream':<16} {'GK tuples':>9} {'of bound':>8} {'GK max err':>10} {'GK s':>6}   "
        f"{'KLL items':>9} {'KLL max err':>11} {'KLL bound':>9} {'KLL s':>6}"
    )
    print(header)
    print("-" * len(header))
    kll_missing = False
    for name in data.NAMES:
        values = data.stream(name, args.n, args.seed)
        try:
            tuples, gk_seconds, gk_error = run_gk(module, values, args.eps)
        except NotImplementedError:
            sys.exit(f"GKSummary is not written yet in {args.impl} (it raises NotImplementedError)")
        row = f"{name:<16} {tuples:>9,} {tuples / bound:>8.1%} {gk_error:>10.3%} {gk_seconds:>6.2f}   "
        kll = run_kll(values, args.kll_k)
        if kll is None:
            kll_missing = True
            row += f"{'-':>9} {'-':>11} {'-':>9} {'-':>6}"
        else:
            items, kll_seconds, kll_error, kll_bound = kll
            row += f"{items:>9,} {kll_error:>11.3%} {kll_bound:>9.2%} {kll_seconds:>6.3f}"
        print(row)
    if kll_missing:
        print("\nKLL columns are empty: `pip install datasketches` to compare with Apache DataSketches.")
    print(
        "\nGK's error is guaranteed (deterministic); KLL's bound holds with 99% confidence. "
        "A GK tuple holds a value and two counts; a KLL item is one float32."
    )


if __name__ == "__main__":
    main()
