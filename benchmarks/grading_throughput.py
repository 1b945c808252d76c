"""How long `kata grade` takes per submission, with and without isolation, by --jobs.

    python benchmarks/grading_throughput.py                 # 4 submissions, jobs 1 and 2, both modes
    python benchmarks/grading_throughput.py --submissions 20 --jobs 2 --modes isolated

Submissions are copies of the reference solutions (every test runs to completion: the
slowest case) and of the stubs (every test stops at once). `isolated` is how `kata grade`
runs (candidate code in a worker per kata, behind walls); `in-process` is `--in-process`,
candidate code beside the checks. Prints a table, and the cost of isolation as a ratio.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graders.grading.grade import grade_submission  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=4)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--modes", nargs="+", choices=["in-process", "isolated"], default=["in-process", "isolated"])
    opts = parser.parse_args()
    print(f"{'kind':<10} {'mode':<10} {'subs':>4} {'jobs':>4} {'total s':>8} {'s / sub':>8} {'points':>12}")
    totals: dict[tuple, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, source in (("solutions", ROOT / "solutions"), ("stubs", ROOT / "exercises")):
            subs = []
            for i in range(opts.submissions):
                folder = Path(tmp) / f"{kind}-{i}"
                shutil.copytree(source, folder, ignore=shutil.ignore_patterns("test_*", "__pycache__"))
                subs.append(folder)
            for jobs in opts.jobs:
                for mode in opts.modes:
                    start = time.monotonic()
                    with ThreadPoolExecutor(max_workers=jobs) as pool:
                        grades = list(pool.map(lambda s: grade_submission(s, root=ROOT, isolate=mode == "isolated"),
                                               subs))
                    total = totals[kind, jobs, mode] = time.monotonic() - start
                    points = f"{grades[0].score:g}/{grades[0].max_score:g}"
                    print(f"{kind:<10} {mode:<10} {len(subs):>4} {jobs:>4} {total:>8.1f} {total / len(subs):>8.1f} "
                          f"{points:>12}", flush=True)
    for (kind, jobs, mode), total in totals.items():
        if mode == "isolated" and (kind, jobs, "in-process") in totals:
            print(f"isolation costs {total / totals[kind, jobs, 'in-process']:.2f}x for {kind} at --jobs {jobs}")


if __name__ == "__main__":
    main()
