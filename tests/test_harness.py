"""The pytest plugin (impl selection, board, not-started and broken katas) and the meters."""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graders.meters import timing
from tests.conftest import ROOT, run_pytest

HUFFMAN_TESTS = "exercises/formats/test_huffman.py"


def board(*args):
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def test_stub_reads_as_not_started_in_one_line_without_tracebacks():
    proc = board(HUFFMAN_TESTS)
    assert proc.returncode == 1, "an unfinished kata must leave a non-zero exit status"
    assert "kata board (exercises)" in proc.stdout
    board_lines = [l for l in proc.stdout.splitlines() if "formats.huffman" in l]
    assert len(board_lines) == 1 and "not started" in board_lines[0], proc.stdout
    assert "Traceback" not in proc.stdout and "open exercises/formats/huffman.py" in board_lines[0]
    assert "FAILED" not in proc.stdout, "not-started tests must not each print a failure line"


def test_solutions_read_as_done_and_exit_zero():
    proc = board(HUFFMAN_TESTS, "--impl", "solutions")
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert any("done" in l and "formats.huffman" in l for l in proc.stdout.splitlines())


def test_a_submission_that_does_not_import_is_reported_once_with_its_reason(tmp_path):
    (tmp_path / "formats").mkdir()
    (tmp_path / "formats" / "huffman.py").write_text("def build_code(:\n")
    proc, katas = run_pytest([HUFFMAN_TESTS, "--impl", str(tmp_path)])
    assert proc.returncode == 1
    assert katas["formats.huffman"]["status"] == "broken"
    message = next(iter(katas["formats.huffman"]["tests"].values()))["message"]
    assert "does not import: SyntaxError" in message, message


def test_a_half_done_kata_reads_as_failing_with_counts(tmp_path):
    (tmp_path / "formats").mkdir()
    solution = (ROOT / "solutions/formats/huffman.py").read_text()
    # pack() left as the stub: some tests pass, the ones that pack fail as not started
    half = solution.replace('    if set(bits) - BITS:\n        raise ValueError("bits must contain only \'0\' and \'1\'")\n    padded',
                            '    raise NotImplementedError("pack")\n    padded')
    assert half != solution
    (tmp_path / "formats" / "huffman.py").write_text(half)
    _, katas = run_pytest([HUFFMAN_TESTS, "--impl", str(tmp_path)])
    result = katas["formats.huffman"]
    assert result["status"] == "failing" and result["passed"] > 0 and result["not_started"] > 0, result


def test_the_board_shows_the_assertions_own_message_not_pytests_diff_hint(tmp_path):
    (tmp_path / "formats").mkdir()
    solution = (ROOT / "solutions/formats/text_vs_binary.py").read_text()
    # the varint of 300 comes out one byte short: a bytes comparison, whose diff ends in "Use -v"
    wrong = solution.replace("def encode_varint(n: int) -> bytes:\n", "def encode_varint(n: int) -> bytes:\n"
                             "    if n == 300:\n        return b'\\xac'\n", 1)
    assert wrong != solution
    (tmp_path / "formats" / "text_vs_binary.py").write_text(wrong)
    proc = board("exercises/formats/test_text_vs_binary.py", "--impl", str(tmp_path), "-p", "no:cacheprovider")
    lines = proc.stdout.splitlines()
    at = next(i for i, l in enumerate(lines) if "formats.text_vs_binary" in l and "failing" in l)
    why = lines[at + 1]  # the reason has a line of its own: 80 columns (a pipe) show it
    assert "Use -v" not in why and "encode_varint(300) returned ac, expected ac02" in why, "\n".join(lines[at:at + 2])
    assert all(len(l) <= 80 for l in lines[at:at + 2]), "the board must fit 80 columns"


def test_the_board_lists_the_pictures_failing_tests_wrote(tmp_path):
    from graders import mutants

    mutants.materialize(ROOT, ROOT / "tests/mutants/layout/particles__aos_kernel.py", tmp_path / "impl")
    pictures = tmp_path / "pictures"
    proc = subprocess.run([sys.executable, "-m", "pytest", "exercises/layout/test_particles.py", "--impl",
                           str(tmp_path / "impl"), "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False, env=dict(os.environ, KATA_PICTURES=str(pictures)))
    lines = proc.stdout.splitlines()
    at = next((i for i, l in enumerate(lines) if l.startswith("Pictures of the memory requests")), None)
    assert at is not None, proc.stdout[-3000:]
    listed = [Path(l.strip()) for l in itertools.takewhile(lambda l: l.startswith("  "), lines[at + 1:])]
    assert listed and all(p.suffix == ".svg" and p.is_file() and p.parent == pictures for p in listed), "\n".join(lines[at:])
    assert set(listed) == set(pictures.glob("*.svg")), "every picture written, and only those, is listed"


def test_unknown_impl_folder_is_a_usage_error():
    proc = board(HUFFMAN_TESTS, "--impl", "/no/such/folder")
    assert proc.returncode == 4 and "no such folder" in proc.stderr, proc.stderr


def test_time_ratio_reports_a_clear_speedup_after_a_majority_of_rounds(monkeypatch):
    ratio = timing.assert_faster(lambda: sum(range(20_000)), lambda: sum(range(20)), at_least=10,
                                 what="20,000 vs 20 additions", rounds=7)
    assert ratio.median > 10 and len(ratio.ratios) == 4, "4 of 7 rounds above the goal decide the median"
    monkeypatch.setenv(timing.ALL_ROUNDS_ENV, "1")  # as kata race sets it: it ranks by the ratio itself
    ratio = timing.assert_faster(lambda: sum(range(20_000)), lambda: sum(range(20)), at_least=10,
                                 what="20,000 vs 20 additions", rounds=7)
    assert len(ratio.ratios) == 7


@pytest.mark.parametrize("ratios, rounds, decided", [
    ([5, 5, 5, 5], 7, True), ([5, 5, 5, 1], 7, False), ([1, 1, 1, 1], 7, True), ([1, 5, 1, 5, 1, 5], 7, False),
    ([5, 5, 5], 6, False), ([5, 5, 5, 5], 6, True), ([1, 1], 3, True), ([5], 1, True),
])
def test_early_stop_only_when_the_remaining_rounds_cannot_move_the_median(ratios, rounds, decided):
    assert timing._decided(ratios, rounds, goal=2) is decided
    if decided:  # whatever the remaining rounds measure, the median lands on the same side
        import statistics
        side = statistics.median(ratios) >= 2
        for fill in (0.0, 1e9):
            assert (statistics.median(ratios + [fill] * (rounds - len(ratios))) >= 2) is side


def test_time_ratio_failure_names_the_measured_ratio_and_the_goal():
    with pytest.raises(AssertionError, match=r"too slow: a busy wait vs nothing: median .*the goal is at least 2x"):
        timing.assert_faster(lambda: None, lambda: time.sleep(0.001), at_least=2,
                             what="a busy wait vs nothing", rounds=3)


def test_memory_meter_sees_a_large_allocation():
    from graders.meters import memory

    peak = memory.peak_memory(lambda: len(bytearray(64 * 2**20)))
    assert peak.result == 64 * 2**20
    assert 64 * 2**20 <= peak.bytes < 80 * 2**20, f"peak {peak.mib:.1f} MiB for a 64 MiB bytearray"
    with pytest.raises(AssertionError, match="too much memory: 64 MiB in a 16 MiB budget"):
        memory.assert_peak_at_most(lambda: bytearray(64 * 2**20), limit_bytes=16 * 2**20,
                                   what="64 MiB in a 16 MiB budget")
