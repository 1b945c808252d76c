"""The `kata` command: list, hint, check, and one clear line for every mistake."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import KATAS, ROOT


def kata(*args, env_extra=None, tmp_path=None):
    import os

    env = dict(os.environ, KATA_STATE_DIR=str(tmp_path)) if tmp_path else dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "graders.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_list_json_shows_every_kata_not_started_for_the_stubs():
    proc = kata("list", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == KATAS
    for row in rows:
        assert {"id", "set", "title", "topics", "difficulty", "points", "status"} <= set(row)
        assert row["status"] == "not started", row


def test_list_reports_done_and_missing_for_a_partial_submission(tmp_path):
    submission = tmp_path / "submission"
    (submission / "formats").mkdir(parents=True)
    shutil.copy(ROOT / "solutions/formats/huffman.py", submission / "formats/huffman.py")
    proc = kata("list", "--json", "--impl", str(submission))
    assert proc.returncode == 0, proc.stderr
    status = {r["id"]: r["status"] for r in json.loads(proc.stdout)}
    assert status.pop("formats.huffman") == "done"
    assert set(status.values()) <= {"broken"}, f"katas missing from the submission should read broken: {status}"


def test_list_prints_a_table_readable_at_80_columns_in_a_pipe():
    from graders import catalog

    proc = kata("list", env_extra={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), "\n".join(l for l in lines if len(l) > 80)
    assert "…" not in proc.stdout and "**" not in proc.stdout, proc.stdout
    words = " ".join(proc.stdout.split())
    for k in catalog.load():
        assert k.id.split(".", 1)[1] in proc.stdout, f"{k.id} is missing from `kata list`:\n{proc.stdout}"
        assert all(w in words for w in k.title.split() if len(w) > 3), f"{k.title!r} is cut:\n{proc.stdout}"
    assert "★★★" in proc.stdout and "difficu" not in proc.stdout


def test_hint_reveals_one_more_each_time_then_resets(tmp_path):
    first = kata("hint", "formats.huffman", tmp_path=tmp_path).stdout
    second = kata("hint", "formats.huffman", tmp_path=tmp_path).stdout
    assert first.count("hint ") == 1 and second.count("hint ") == 2, (first, second)
    for _ in range(3):
        last = kata("hint", "formats.huffman", tmp_path=tmp_path).stdout
    assert last.count("hint ") == 3 and "every hint" in last, last
    kata("hint", "formats.huffman", "--reset", tmp_path=tmp_path)
    assert kata("hint", "formats.huffman", tmp_path=tmp_path).stdout.count("hint ") == 1


def test_check_runs_one_katas_visible_tests():
    assert kata("check", "formats.huffman", "--impl", "solutions").returncode == 0
    stub = kata("check", "formats.huffman")
    assert stub.returncode != 0 and "not started" in stub.stdout.lower()


@pytest.mark.parametrize(
    "args",
    [["hint", "formats.nope"], ["check", "nope"], ["lst"], ["hint"], ["list", "--colour"],
     ["check", "formats.huffman", "--impl", "/no/such/folder"]],
    ids=["unknown-kata", "malformed-id", "unknown-command", "missing-id", "unknown-option", "missing-impl"],
)
def test_mistakes_give_one_line_and_exit_2(args, tmp_path):
    proc = kata(*args, tmp_path=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kata: error:"), proc.stderr


def test_watch_reruns_a_kata_when_its_file_is_saved(tmp_path):
    import time

    (tmp_path / "formats").mkdir()
    kata_file = tmp_path / "formats" / "huffman.py"
    shutil.copy(ROOT / "exercises/formats/huffman.py", kata_file)
    watcher = subprocess.Popen([sys.executable, "-m", "graders.cli", "watch", "formats.huffman", "--impl",
                                str(tmp_path), "--max-runs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in watcher.stdout:  # first run: the untouched stub
            lines.append(line)
            if line.startswith("watching"):
                break
        time.sleep(1)
        shutil.copy(ROOT / "solutions/formats/huffman.py", kata_file)  # "save" a finished kata
        out, _ = watcher.communicate(timeout=120)
    finally:
        watcher.kill()
    first, second = "".join(lines), out
    assert "not started" in first, first
    assert "passed" in second and "done" in second, second
