"""Every kata is honest: its solution passes everything, its stub passes nothing,
and each of its mutants is caught by the hidden tests."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from graders import mutants, paths
from tests.conftest import _STAGES, BACKGROUND, KATAS, LEFTOVERS, MODES, ROOT, run_pytest_parallel

# The session fixtures below run every kata's tests in child processes: minutes, not 120 s.
pytestmark = pytest.mark.timeout(1800)

MUTANTS = [m for k in KATAS for m in paths.mutants(ROOT, k)]


def _skipped_for_want_of_a_gpu(test: dict) -> bool:
    # The only skip a solution may take: a real-GPU test on a machine with no CUDA device.
    return test["outcome"] == "skipped" and "no CUDA device" in (test["message"] or "")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kata_id", KATAS)
def test_solution_passes_visible_and_hidden_tests(kata_id, mode, solution_results):
    result = solution_results[mode].get(kata_id)
    assert result, f"no tests of {kata_id} ran against the solution ({mode})"
    failures = {name: t["message"] for name, t in result["tests"].items()
                if t["outcome"] != "passed" and not _skipped_for_want_of_a_gpu(t)}
    assert not failures, f"solutions/{kata_id.replace('.', '/')}.py fails ({mode}): {failures}"
    hidden = sum(t["hidden"] for t in result["tests"].values())
    assert hidden and hidden < len(result["tests"]), f"{kata_id} needs both visible and hidden tests"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kata_id", KATAS)
def test_stub_fails_every_visible_and_hidden_test(kata_id, mode, stub_results):
    """An untouched stub earns no points: not from a visible test, and not from a hidden one
    that only exercises code the stub already gives."""
    result = stub_results[mode].get(kata_id)
    assert result, f"no tests of {kata_id} ran against the stub ({mode})"
    passed = [name for name, t in result["tests"].items() if t["outcome"] == "passed"]
    assert not passed, f"these tests pass against the untouched stub of {kata_id} ({mode}): {passed}"
    visible = {name: t["outcome"] for name, t in result["tests"].items()
               if not t["hidden"] and not _skipped_for_want_of_a_gpu(t)}
    assert visible and set(visible.values()) == {"not started"}, (
        f"every visible test of {kata_id} should read as not started against the stub ({mode}): {visible}")


KILLERS = ROOT / "tests/mutants/killers.json"  # mutant -> a hidden test known to catch it, tried first


def _mutant_results() -> dict[Path, dict]:
    """Each mutant against its kata's hidden tests: one failing hidden test is all it takes
    to catch a mutant. First the test that caught it before (tests/mutants/killers.json),
    alone; then, for a mutant that one does not catch (or a new mutant), the whole hidden
    file, stopping at the first failure (-x). Which test catches a mutant only decides how
    soon the answer comes, never the answer. KATA_SELFTEST_RECORD_KILLERS=1 rewrites the file.

    In-process, as a fork of tests/forkserver.py: half the time of an isolated run, whose
    worker is a fresh interpreter importing the kata's libraries again. What a test decides
    is the same in both modes (the solution and stub runs above hold both ways), and a
    mutant is plain Python whose bug shows on either side of the boundary."""
    known = json.loads(KILLERS.read_text()) if KILLERS.is_file() else {}
    impls, results = {}, {}
    top = Path(tempfile.mkdtemp(prefix="kata-mutants-"))
    atexit.register(shutil.rmtree, top, True)
    for i, mutant in enumerate(MUTANTS):
        impls[mutant] = top / f"mutant-{i}"
        mutants.materialize(ROOT, mutant, impls[mutant])
    flags = ["--hypothesis-profile", "grading-no-shrink", "-x", "--tb=native"]

    def run(targets: dict[Path, str]) -> None:
        reports = run_pytest_parallel([[target, "--impl", str(impls[m]), *flags] for m, target in targets.items()])
        for m, (_, katas) in zip(targets, reports):
            results[m] = katas.get(mutants.kata_of(m), {})

    def name(mutant: Path) -> str:
        return mutant.relative_to(KILLERS.parent).as_posix()

    run({m: known[name(m)] for m in MUTANTS if name(m) in known})
    run({m: str(paths.hidden_tests(ROOT, mutants.kata_of(m)).relative_to(ROOT)) for m in MUTANTS
         if results.get(m, {}).get("status") in (None, "done")})
    if os.environ.get("KATA_SELFTEST_RECORD_KILLERS") == "1":
        caught = {name(m): next(n for n, t in r["tests"].items() if t["outcome"] not in ("passed", "skipped"))
                  for m, r in results.items() if r and r["status"] != "done"}
        KILLERS.write_text(json.dumps(dict(sorted({**known, **caught}.items())), indent=1) + "\n")
    return results


_STAGES["mutant_results"] = _mutant_results  # started in the background when collection ends


@pytest.fixture(scope="session")
def mutant_results() -> dict[Path, dict]:
    return BACKGROUND.result("mutant_results", _mutant_results)


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.stem for m in MUTANTS])
def test_hidden_tests_kill_mutant(mutant, mutant_results):
    result = mutant_results[mutant]
    assert result, f"the hidden tests of {mutants.kata_of(mutant)} did not run for {mutant.name}"
    assert result["status"] != "done", (
        f"{mutant.relative_to(ROOT)} passes every hidden test of {mutants.kata_of(mutant)}: "
        "the hidden tests miss this bug"
    )


def test_no_process_outlives_the_run_that_started_it(solution_results, stub_results, mutant_results):
    """Servers, brokers and a kata's own processes stop with their tests, passing or failing:
    a second after each child pytest run ends, nothing it started is still running."""
    assert not LEFTOVERS, "processes left running after a kata's tests ended:\n" + "\n".join(LEFTOVERS)
