"""`kata race`: correct before fast, fast before slow, results relative to the reference."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from graders import mutants
from tests.conftest import ROOT

pytestmark = pytest.mark.timeout(1200)

KATA = "formats.bpe"  # a perf kata with a too-slow mutant and a wrong one


def contestant(folder, source):
    if "mutants" in source.parts:
        mutants.materialize(ROOT, source, folder)
    else:
        (folder / "formats").mkdir(parents=True)
        shutil.copy(source, folder / "formats" / "bpe.py")
    return folder


def test_race_ranks_correct_then_fast_and_calls_copies_of_one_solution_tied(tmp_path):
    # Two byte-identical copies of the reference are one contestant three times over: the race
    # must call them tied (one rank, each "tied with" the others), never rank one below another.
    first = contestant(tmp_path / "first", ROOT / "solutions/formats/bpe.py")
    second = contestant(tmp_path / "second", ROOT / "solutions/formats/bpe.py")
    slow = contestant(tmp_path / "slow", ROOT / "tests/mutants/formats/bpe__slow_recount.py")
    wrong = contestant(tmp_path / "wrong", ROOT / "tests/mutants/formats/bpe__tie_largest_pair.py")
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, "-m", "graders.cli", "race", str(first), str(wrong), str(slow), str(second),
                           "--katas", KATA, "--rounds", "5", "--max-rounds", "5", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1100)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "race: formats.bpe" in proc.stdout and "tied with" in proc.stdout and "interval" in proc.stdout
    ranked = json.loads((out / "race.json").read_text())["katas"][KATA]
    rows = {r["name"]: r for r in ranked}
    same = ("first", "second", "reference")
    assert {rows[n]["rank"] for n in same} == {1}, ranked
    for name in same:
        assert set(rows[name]["tied_with"]) == set(same) - {name}, rows[name]
        low, high = rows[name]["interval"]
        assert low <= rows[name]["speedup_vs_baseline"] <= high and len(rows[name]["rounds"]) == 5, rows[name]
    assert rows["slow"]["rank"] == 4 and not rows["slow"]["tied_with"], rows["slow"]
    assert rows["slow"]["relative_to_reference"] < 0.5, rows["slow"]
    assert ranked[-1]["name"] == "wrong" and not rows["wrong"]["correct"] and not rows["wrong"]["rounds"], ranked
    with open(out / "race.csv") as f:
        assert [r["name"] for r in csv.DictReader(f)] == [r["name"] for r in ranked]


def entry(name, speedups, correct=True):
    from graders.race import Entry

    return Entry(name, ROOT, correct=correct, speedups=list(speedups))


def test_intervals_decide_ties_and_a_wide_spread_is_a_warning():
    from graders.race import interval, tied, warnings_for

    assert interval([3, 1, 2]) == (1, 3) and interval([5, 1, 2, 3, 4, 6, 7]) == (2, 6), "min-max, then trimmed at 7"
    steady, noisy_copy = entry("steady", [9.8, 9.9, 10.0]), entry("copy", [9.2, 7.4, 7.4])
    assert tied(steady, noisy_copy) is False, "7.4-9.2x and 9.8-10x do not overlap, and differ by 25%"
    assert tied(entry("a", [9.0, 9.1, 9.2]), entry("b", [9.4, 9.5, 9.6])), "within 5% is tied"
    assert tied(entry("a", [5, 9, 10]), entry("b", [8, 12, 13])), "overlapping intervals are tied"
    assert not tied(entry("a", [5, 9, 10]), entry("b", [8, 12, 13], correct=False)), "a wrong one ties with no one"
    assert warnings_for("formats.bpe", [steady], 3) == []
    noisy = warnings_for("formats.bpe", [steady, entry("busy", [6.6, 8.9, 10.1])], 3)
    assert len(noisy) == 1 and "too noisy to rank: busy's own speed-up varied from 6.6x to 10.1x" in noisy[0], noisy
    assert any("too few" in w for w in warnings_for("formats.bpe", [entry("one", [9.0])], 1))


def test_race_needs_a_perf_kata(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "graders.cli", "race", str(tmp_path), "--katas", "formats.huffman"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "perf test" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
