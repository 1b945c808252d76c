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


KATAS = [k.id for k in catalog.load()]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def solution_results() -> dict:
    """Every kata's visible and hidden tests against the reference solutions, as graded."""
    katas = {}
    for proc, part in run_pytest_parallel([
        [*(str(f) for k in half for f in (paths.visible_tests(ROOT, k), paths.hidden_tests(ROOT, k))),
         "--impl", "solutions", "--hypothesis-profile", "grading", "--tb=native"]
        for half in halves(KATAS)
    ]):
        assert part, f"the solution run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        katas.update(part)
    return katas


@pytest.fixture(scope="session")
def stub_results() -> dict:
    """Every kata's visible and hidden tests against the untouched stubs, as graded."""
    proc, katas = run_pytest([str(f) for k in KATAS for f in (paths.visible_tests(ROOT, k), paths.hidden_tests(ROOT, k))]
                             + ["--hypothesis-profile", "grading", "--tb=native"])
    assert katas, f"the stub run produced no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return katas
