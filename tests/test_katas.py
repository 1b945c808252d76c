"""Every kata is honest: its solution passes everything, its stub passes nothing,
and each of its mutants is caught by the hidden tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graders import paths
from tests.conftest import KATAS, ROOT, run_pytest

MUTANTS = [m for k in KATAS for m in paths.mutants(ROOT, k)]


@pytest.mark.parametrize("kata_id", KATAS)
def test_solution_passes_visible_and_hidden_tests(kata_id, solution_results):
    result = solution_results.get(kata_id)
    assert result, f"no tests of {kata_id} ran against the solution"
    failures = {name: t["message"] for name, t in result["tests"].items() if t["outcome"] != "passed"}
    assert not failures, f"solutions/{kata_id.replace('.', '/')}.py fails: {failures}"
    hidden = sum(t["hidden"] for t in result["tests"].values())
    assert hidden and hidden < len(result["tests"]), f"{kata_id} needs both visible and hidden tests"


@pytest.mark.parametrize("kata_id", KATAS)
def test_stub_fails_every_visible_test(kata_id, stub_results):
    result = stub_results.get(kata_id)
    assert result, f"no visible tests of {kata_id} ran against the stub"
    passed = [name for name, t in result["tests"].items() if t["outcome"] == "passed"]
    assert not passed, f"these visible tests pass against the untouched stub of {kata_id}: {passed}"
    assert result["status"] == "not started", f"the stub of {kata_id} should read as not started: {result}"


def kata_of_mutant(mutant: Path) -> str:
    return f"{mutant.parent.name}.{mutant.stem.split('__')[0]}"


@pytest.fixture(scope="session")
def mutant_results(tmp_path_factory) -> dict[Path, dict]:
    """Run the mutants in rounds: each round grades at most one mutant of each kata."""
    by_kata: dict[str, list[Path]] = {}
    for mutant in MUTANTS:
        by_kata.setdefault(kata_of_mutant(mutant), []).append(mutant)
    results: dict[Path, dict] = {}
    for round_no in range(max(map(len, by_kata.values()), default=0)):
        impl = tmp_path_factory.mktemp(f"mutants-round-{round_no}")
        in_round = {k: ms[round_no] for k, ms in by_kata.items() if round_no < len(ms)}
        for kata_id, mutant in in_round.items():
            target = impl / kata_id.split(".")[0] / f"{kata_id.split('.')[1]}.py"
            target.parent.mkdir(exist_ok=True)
            shutil.copy(mutant, target)
        files = [str(paths.hidden_tests(ROOT, k)) for k in in_round]
        _, katas = run_pytest([*files, "--impl", str(impl), "--hypothesis-profile", "grading"])
        for kata_id, mutant in in_round.items():
            results[mutant] = katas.get(kata_id, {})
    return results


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.stem for m in MUTANTS])
def test_hidden_tests_kill_mutant(mutant, mutant_results):
    result = mutant_results[mutant]
    assert result, f"the hidden tests of {kata_of_mutant(mutant)} did not run for {mutant.name}"
    assert result["status"] != "done", (
        f"{mutant.relative_to(ROOT)} passes every hidden test of {kata_of_mutant(mutant)}: "
        "the hidden tests miss this bug"
    )
