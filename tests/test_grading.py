"""`kata grade`: points, reports, and a broken submission never stops the others."""
from __future__ import annotations

import hashlib
import shutil
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Grading runs whole submissions in child processes: minutes, not the default 120 s.
pytestmark = pytest.mark.timeout(900)

SOLUTION = (ROOT / "solutions/formats/huffman.py").read_text()

# Each one is the Huffman solution plus one way a submission can go wrong.
BROKEN = {
    "exits": SOLUTION + "\nimport os as _os\n_build = build_code\n"
    "def build_code(freqs):\n    if len(freqs) == 3:\n        _os._exit(3)\n    return _build(freqs)\n",
    "loops_on_import": SOLUTION + "\nwhile True:\n    pass\n",
    "loops_in_pack": SOLUTION + "\ndef pack(bits):\n    while True:\n        pass\n",
    "eats_memory": SOLUTION + "\ndef pack(bits):\n    hoard = []\n    while True:\n        hoard.append(bytearray(2**28))\n",
    "floods_output": SOLUTION + "\nimport os as _os\ndef pack(bits):\n    while True:\n        _os.write(1, b'x' * 2**20)\n",
    "syntax_error": "def build_code(:\n",
}


def make_submission(folder: Path, source: str | None) -> Path:
    (folder / "formats").mkdir(parents=True)
    if source is not None:
        (folder / "formats" / "huffman.py").write_text(source)
    (folder / "notes.txt").write_text("extra files are allowed")
    return folder


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} | {"dirs": str(sorted(
            str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir()))}


def kata_grade(*args, timeout=900):
    return subprocess.run([sys.executable, "-m", "graders.cli", "grade", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("submissions")
    subs = {name: make_submission(base / name, src) for name, src in BROKEN.items()}
    subs["perfect"] = make_submission(base / "perfect", SOLUTION)
    subs["empty"] = make_submission(base / "empty", None)
    before = {name: tree_digest(path) for name, path in subs.items()}
    proc = kata_grade(*map(str, subs.values()), "--katas", "formats.huffman", "--jobs", "2",
                      "--test-timeout", "3", "--memory", "2", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    grades = {g["submission"]: g for g in json.loads(proc.stdout)}
    after = {name: tree_digest(path) for name, path in subs.items()}
    return grades, before, after


def huffman(grades, name):
    return grades[name]["katas"]["formats.huffman"]


def reasons(kata) -> str:
    return " | ".join([kata["reason"] or ""] + [f["message"] or "" for f in kata["failures"]])


def test_a_perfect_submission_scores_full_points(graded):
    grades, _, _ = graded
    k = huffman(grades, "perfect")
    assert k["points"] == k["max_points"] == 10 and k["tests"] > 14, k


def test_an_empty_submission_scores_zero_and_says_why(graded):
    k = huffman(graded[0], "empty")
    assert k["points"] == 0 and "does not exist" in reasons(k)


def test_os_exit_is_charged_to_the_call_that_made_it(graded):
    k = huffman(graded[0], "exits")
    assert k["verdict"] == "crashed", k
    assert k["explanation"] == ("test_small_example_from_the_statement: graders.isolation.errors.WorkerDied: exited the "
                                "interpreter (status 3) in formats.huffman (formats.huffman.build_code())"), k
    assert 0 < k["points"] < 10, "only the tests whose calls exit the worker lose their points"


def test_an_endless_import_reads_as_a_timeout(graded):
    k = huffman(graded[0], "loops_on_import")
    assert k["points"] == 0 and k["verdict"] == "timed out", k
    assert "does not import: the worker timed out after 2.4 s while importing" in reasons(k), reasons(k)


def test_an_endless_loop_costs_only_the_tests_that_call_it(graded):
    k = huffman(graded[0], "loops_in_pack")
    assert "timed out after 3 s in formats.huffman" in reasons(k) and 0 < k["points"] < 10, reasons(k)


def test_a_memory_bomb_fails_with_a_memory_or_time_reason(graded):
    k = huffman(graded[0], "eats_memory")
    assert ("of memory" in reasons(k) or "timed out" in reasons(k)) and 0 < k["points"] < 10, reasons(k)


def test_an_output_flood_is_cut_off(graded):
    k = huffman(graded[0], "floods_output")
    assert "wrote more than 64 MiB of output" in reasons(k) and 0 < k["points"] < 10, reasons(k)


def test_a_syntax_error_is_reported(graded):
    k = huffman(graded[0], "syntax_error")
    assert k["points"] == 0 and "does not import: SyntaxError" in reasons(k)


def test_submission_folders_are_never_modified(graded):
    _, before, after = graded
    assert before == after


@pytest.fixture(scope="module")
def perfect(tmp_path_factory) -> Path:
    return make_submission(tmp_path_factory.mktemp("one") / "alice", SOLUTION)


def test_gradescope_results_follow_the_specification(perfect, tmp_path):
    proc = kata_grade(str(perfect), "--katas", "formats.huffman", "--format", "gradescope",
                      "--hidden-visibility", "after_due_date")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert results["score"] == 10
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_due_date"}
    for test in results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] == "passed" and test["score"] == test["max_score"]
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(10)


def test_junit_csv_and_out_dir(perfect, tmp_path):
    assert kata_grade(str(perfect), "--katas", "formats.huffman", "--format", "csv", "--out", str(tmp_path)).returncode == 0
    rows = (tmp_path / "gradebook.csv").read_text().splitlines()
    assert rows[0] == "submission,formats.huffman,total,max" and rows[1] == "alice,10,10,10", rows
    proc = kata_grade(str(perfect), "--katas", "formats.huffman", "--format", "junit", "--visible-only")
    suite = ET.fromstring(proc.stdout).find("testsuite")
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                "exercises/formats/test_huffman.py"], cwd=ROOT, capture_output=True, text=True,
                               timeout=120).stdout.count("::")
    assert suite is not None and suite.get("failures") == "0", proc.stdout[-2000:]
    assert int(suite.get("tests")) == len(suite.findall("testcase")) == collected > 0, (suite.get("tests"), collected)


def test_all_or_nothing_gives_zero_for_a_partly_right_kata(tmp_path):
    sub = make_submission(tmp_path / "partial", BROKEN["loops_in_pack"].replace("while True:\n        pass", "return b''"))
    proc = kata_grade(str(sub), "--katas", "formats.huffman", "--all-or-nothing", "--format", "json", "--visible-only")
    k = huffman({g["submission"]: g for g in json.loads(proc.stdout)}, "partial")
    assert k["passed"] > 0 and k["points"] == 0, k


@pytest.mark.parametrize("args", [["/no/such/folder"], [".", ".", "--format", "gradescope"],
                                  [".", "--katas", "formats.nope"], [".", "--jobs", "0"]],
                         ids=["missing-folder", "gradescope-needs-out", "unknown-kata", "zero-jobs"])
def test_grade_mistakes_give_one_line(args):
    proc = kata_grade(*args)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_only_the_machines_own_skips_leave_the_score(tmp_path):
    gpu = tmp_path / "gpu"
    (gpu / "layout").mkdir(parents=True)
    shutil.copy(ROOT / "solutions/layout/particles.py", gpu / "layout" / "particles.py")
    skipper = make_submission(tmp_path / "skipper", SOLUTION.replace(
        '    if set(bits) - BITS:\n        raise ValueError("bits must contain only \'0\' and \'1\'")\n    padded',
        '    import pytest\n    pytest.skip("not today")\n    padded'))
    proc = kata_grade(str(gpu), str(skipper), "--katas", "formats.huffman", "layout.particles", "--format", "json")
    grades = {g["submission"]: g for g in json.loads(proc.stdout)}
    particles = grades["gpu"]["katas"]["layout.particles"]
    assert particles["points"] == particles["max_points"], "a GPU test skipped for want of a device must not cost points"
    assert 0 < huffman(grades, "skipper")["points"] < 10, "a skip raised by candidate code counts as not passed"


def test_gradescope_leaderboard_ranks_perf_katas_by_speed_up_correct_first():
    from graders import catalog
    from graders.grading.grade import KataGrade, SubmissionGrade, TestGrade
    from graders.grading.reports import to_gradescope

    def submission(passed: bool) -> SubmissionGrade:
        bpe = KataGrade(catalog.get("formats.bpe"), tests=[
            TestGrade("exercises/formats/test_bpe.py::test_merges", "formats.bpe", False, passed),
            TestGrade("graders/hidden/formats/test_bpe.py::test_fast", "formats.bpe", True, True, ratio=8.0),
            TestGrade("graders/hidden/formats/test_bpe.py::test_faster", "formats.bpe", True, True, ratio=32.0)])
        huffman = KataGrade(catalog.get("formats.huffman"), tests=[
            TestGrade("exercises/formats/test_huffman.py::test_kraft", "formats.huffman", False, True)])
        return SubmissionGrade("alice", Path("alice"), {"formats.bpe": bpe, "formats.huffman": huffman})

    board = {e["name"]: e for e in json.loads(to_gradescope(submission(True)))["leaderboard"]}
    assert board["formats.bpe speed-up"] == {"name": "formats.bpe speed-up", "value": 16.0, "order": "desc"}
    assert "formats.huffman speed-up" not in board, "huffman has no perf tests: no speed to rank"
    wrong = {e["name"]: e for e in json.loads(to_gradescope(submission(False)))["leaderboard"]}
    assert wrong["formats.bpe speed-up"]["value"] == 0.0, "a wrong answer ranks below every right one"
