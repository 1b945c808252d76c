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


def test_race_ranks_correct_then_fast(tmp_path):
    fast = contestant(tmp_path / "fast", ROOT / "solutions/formats/bpe.py")
    slow = contestant(tmp_path / "slow", ROOT / "tests/mutants/formats/bpe__slow_recount.py")
    wrong = contestant(tmp_path / "wrong", ROOT / "tests/mutants/formats/bpe__tie_largest_pair.py")
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, "-m", "graders.cli", "race", str(wrong), str(slow), str(fast),
                           "--katas", KATA, "--rounds", "2", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1100)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "race: formats.bpe" in proc.stdout
    rows = json.loads((out / "race.json").read_text())["katas"][KATA]
    order = [r["name"] for r in rows]
    assert order[-1] == "wrong" and not rows[-1]["correct"], rows
    assert set(order[:2]) == {"fast", "reference"} and order[2] == "slow", rows
    by_name = {r["name"]: r for r in rows}
    assert len(by_name["slow"]["rounds"]) == 2
    assert by_name["slow"]["relative_to_reference"] < 0.5 < by_name["fast"]["relative_to_reference"], rows
    with open(out / "race.csv") as f:
        assert [r["name"] for r in csv.DictReader(f)] == order


def test_race_needs_a_perf_kata(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "graders.cli", "race", str(tmp_path), "--katas", "formats.huffman"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "perf test" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
