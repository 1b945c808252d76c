"""Speed as a ratio to a baseline measured in the same run, never in absolute seconds.

Baseline and candidate are timed alternately (B C B C ...), each block long enough to
dwarf the clock's resolution; the verdict is the median of the per-round ratios, so a
burst of load on a shared 2-core machine moves one round, not the result.
"""
from __future__ import annotations

import gc
import os
import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Ratio:
    """How many times faster the candidate was than the baseline, round by round."""

    ratios: tuple[float, ...]
    baseline_seconds: tuple[float, ...]  # per call
    candidate_seconds: tuple[float, ...]  # per call

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    def describe(self) -> str:
        rounds = ", ".join(f"{r:.1f}" for r in self.ratios)
        return (
            f"median {self.median:.1f}x over {len(self.ratios)} interleaved rounds ({rounds}); "
            f"baseline {statistics.median(self.baseline_seconds) * 1e3:.2f} ms a call, "
            f"candidate {statistics.median(self.candidate_seconds) * 1e3:.2f} ms a call"
        )


# Every ratio measured in this process, oldest first; the plugin attaches them to the
# test's result so `kata race` can rank submissions by them.
RECORDED: list[Ratio] = []


def _calls_for(fn: Callable[[], object], min_seconds: float) -> int:
    """How many calls make one timed block last at least `min_seconds`."""
    if isinstance(fn, _InWorker):
        return fn.calls_for(min_seconds)
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, min(100_000, int(min_seconds / once) + 1))


def _block(fn: Callable[[], object], calls: int) -> float:
    if isinstance(fn, _InWorker):
        return fn.block(calls)
    gc.collect(0)  # young objects only: a full collection costs ~50 ms in a test process, and no
    # collection can run inside the block anyway (gc is off there)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - start) / calls
    finally:
        if gc_was_enabled:
            gc.enable()


class _InWorker:
    """A callable that calls a kata under the isolating grader: its calls are recorded here and
    run in the kata's worker in one go, timed by this process's clock around that run (a
    block lasts `min_seconds`, so the one round trip it adds is a fraction of a percent)."""

    def __init__(self, fn: Callable[[], object]):
        from graders.isolation import recording

        self.fn = fn
        self.pins = recording.Pins()  # the test's data goes to the worker once, as in one process

    def block(self, calls: int) -> float:
        from graders.isolation import recording

        worker, key = recording.stage(recording.record(self.fn, calls), self.pins)
        return recording.run_staged(worker, key) / calls

    def close(self) -> None:
        self.pins.close()

    def calls_for(self, min_seconds: float) -> int:
        self.block(1)  # the first call pays for warming up (as the in-process meter's first call does)
        calls = 1
        while True:
            seconds = self.block(calls) * calls
            if seconds >= min_seconds or calls >= 100_000:
                return calls
            calls = min(100_000, max(calls * 2, int(calls * min_seconds * 1.2 / max(seconds, 1e-7)) + 1))


def _in_worker(fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` as a block the kata's worker runs, when the grader isolates and fn calls the kata."""
    from graders.isolation import measured_in_worker, recording

    if not measured_in_worker(fn):
        return fn
    if recording.record(fn).worker is None:  # it refers to the kata but made no call of it
        return fn
    return _InWorker(fn)


# `kata race` ranks by the ratio itself, not by a verdict: it sets this to time every round.
ALL_ROUNDS_ENV = "KATA_TIMING_ALL_ROUNDS"


def _decided(ratios: list[float], rounds: int, goal: float | None) -> bool:
    """True once the median of all `rounds` must fall on the same side of `goal` whatever the
    remaining rounds measure: a majority of rounds already lies on one side of it."""
    if goal is None or os.environ.get(ALL_ROUNDS_ENV):
        return False
    majority = rounds // 2 + 1
    above = sum(r >= goal for r in ratios)
    return above >= majority or len(ratios) - above >= majority


def time_ratio(
    baseline: Callable[[], object],
    candidate: Callable[[], object],
    *,
    rounds: int = 7,
    min_seconds: float = 0.02,
    goal: float | None = None,
) -> Ratio:
    """Time `baseline` and `candidate` alternately; ratio = baseline time / candidate time.

    With a `goal`, stop as soon as the median of `rounds` rounds is sure to be on one side
    of it: the verdict is the one all the rounds would give, in about half the time.
    """
    baseline, candidate = _in_worker(baseline), _in_worker(candidate)
    try:
        cand_calls = _calls_for(candidate, min_seconds)  # first: a candidate that raises fails at once
        base_calls = _calls_for(baseline, min_seconds)
        ratios, base_times, cand_times = [], [], []
        for _ in range(rounds):
            b = _block(baseline, base_calls)
            c = _block(candidate, cand_calls)
            base_times.append(b)
            cand_times.append(c)
            ratios.append(b / max(c, 1e-12))
            if _decided(ratios, rounds, goal):
                break
    finally:
        for timed in (baseline, candidate):
            if isinstance(timed, _InWorker):
                timed.close()
    ratio = Ratio(tuple(ratios), tuple(base_times), tuple(cand_times))
    RECORDED.append(ratio)
    return ratio


def assert_faster(
    baseline: Callable[[], object],
    candidate: Callable[[], object],
    *,
    at_least: float,
    what: str,
    rounds: int = 7,
    min_seconds: float = 0.02,
) -> Ratio:
    """Fail unless the candidate is at least `at_least` times faster than the baseline.

    `what` names the comparison for the failure message, e.g.
    "column_sum vs the iterrows baseline on 20,000 rows".
    """
    ratio = time_ratio(baseline, candidate, rounds=rounds, min_seconds=min_seconds, goal=at_least)
    if ratio.median < at_least:
        raise AssertionError(
            f"too slow: {what}: {ratio.describe()}; the goal is at least {at_least:g}x faster"
        )
    return ratio
