"""Fixtures for the project's self-tests: run kata test files in child pytest processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graders import catalog, paths

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(args: list[str], timeout: float = 900) -> tuple[subprocess.CompletedProcess, dict]:
    """pytest in a child process with a JSON kata report; returns (process, report['katas'])."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"kata-selftest-{os.getpid()}-{abs(hash(tuple(args)))}.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-q", "--no-board", "-p", "no:cacheprovider",
         "--kata-report", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        env=dict(os.environ, PYTHONHASHSEED="0"),  # as `kata grade` runs its child: the same hashes in the workers
    )
    katas = json.loads(report.read_text())["katas"] if report.is_file() else {}
    report.unlink(missing_ok=True)
    return proc, katas


def run_pytest_parallel(arg_lists: list[list[str]], workers: int = 2) -> list[tuple[subprocess.CompletedProcess, dict]]:
    """Several child pytest runs, two at a time: the machine has two cores."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_pytest, arg_lists))


def halves(items: list) -> list[list]:
    return [h for h in (items[0::2], items[1::2]) if h]


def _selected_katas() -> list[str]:
    """Every kata, or those matching KATA_SELFTEST_KATAS (comma-separated globs such as
    'models.*'): a kata's author checks one kata's honesty in a minute, not the whole suite."""
    import fnmatch

    patterns = [p.strip() for p in os.environ.get("KATA_SELFTEST_KATAS", "").split(",") if p.strip()]
    ids = [k.id for k in catalog.load()]
    return [i for i in ids if any(fnmatch.fnmatch(i, p) for p in patterns)] if patterns else ids


KATAS = _selected_katas()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# How each kata's code is run: beside its tests (a student's `pytest exercises/`), or in an
# isolated worker with the checks in the test process (`kata grade`). Both must hold.
MODES = {"in-process": [], "isolated": ["--isolate"]}


def _all_tests(katas: list[str]) -> list[str]:
    return [str(f) for k in katas for f in (paths.visible_tests(ROOT, k), paths.hidden_tests(ROOT, k))]


@pytest.fixture(scope="session")
def solution_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the reference solutions, in both modes."""
    modes = {}
    runs = run_pytest_parallel([
        [*_all_tests(half), "--impl", "solutions", "--hypothesis-profile", "grading", "--tb=native", *flags]
        for flags in MODES.values() for half in halves(KATAS)
    ])
    per_mode = len(halves(KATAS))
    for i, mode in enumerate(MODES):
        modes[mode] = {}
        for proc, part in runs[per_mode * i:per_mode * (i + 1)]:
            assert part, f"the {mode} solution run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            modes[mode].update(part)
    return modes


@pytest.fixture(scope="session")
def stub_results() -> dict[str, dict]:
    """Every kata's visible and hidden tests against the untouched stubs, in both modes."""
    modes = {}
    runs = run_pytest_parallel([[*_all_tests(KATAS), "--hypothesis-profile", "grading", "--tb=native", *flags]
                                for flags in MODES.values()])
    for mode, (proc, katas) in zip(MODES, runs):
        assert katas, f"the {mode} stub run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        modes[mode] = katas
    return modes
