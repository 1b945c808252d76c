"""How long a student waits for one kata's visible tests: a whole `pytest` process, timed.

    python benchmarks/feedback_time.py                  # every kata, against the solutions (or your code)
    python benchmarks/feedback_time.py --katas 'models.*' --repeats 5 --impl exercises

Each kata's visible file runs `--repeats` times as its own process (what `pytest
exercises/<set>/test_<kata>.py` costs, imports and all); the table prints the median wall
time and the goal: about 1.0 s for a kata that needs only numpy, 1.5 s for any other.
"""
from __future__ import annotations

import argparse
import fnmatch
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graders import catalog, paths  # noqa: E402

HEAVY = ("pandas", "pyarrow", "duckdb", "numba", "memray", "fastavro", "google.protobuf", "jsonschema", "networkx",
         "redis")


def goal(kata_id: str) -> float:
    """1.0 s when the stub imports nothing heavier than numpy, else 1.5 s."""
    source = paths.stub(ROOT, kata_id).read_text(encoding="utf-8")
    heavy = any(f"import {m}" in source or f"from {m}" in source for m in HEAVY)
    return 1.5 if heavy else 1.0


def seconds(kata_id: str, impl: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", str(paths.visible_tests(ROOT, kata_id)), "--impl", impl, "-q",
                    "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--katas", default="*", help="a glob of kata ids (default: every kata)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--impl", default="solutions" if (ROOT / "solutions").is_dir() else "exercises")
    opts = parser.parse_args()
    katas = [k.id for k in catalog.load() if fnmatch.fnmatch(k.id, opts.katas)]
    print(f"{'kata':<36} {'median s':>8} {'min s':>6} {'goal s':>6}  ")
    over = 0
    for kata_id in katas:
        times = [seconds(kata_id, opts.impl) for _ in range(opts.repeats)]
        median, target = statistics.median(times), goal(kata_id)
        over += median > target
        print(f"{kata_id:<36} {median:>8.2f} {min(times):>6.2f} {target:>6.1f}  {'over' if median > target else ''}",
              flush=True)
    print(f"{over} of {len(katas)} katas over their goal ({opts.repeats} runs each, --impl {opts.impl})")


if __name__ == "__main__":
    main()
