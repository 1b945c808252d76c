"""graders.processes: a kata's function in a process of its own, started and killed by a test,
as a plain child (a student's pytest) and behind the worker's walls (kata grade)."""
from __future__ import annotations

import os
import textwrap
import time

import pytest

from graders import impl, processes
from graders.isolation import proxy, walls

CANDIDATE = '''
import os, sys, time

def count(path, n):
    for i in range(n):
        with open(path, "a") as f:
            f.write(f"{i}\\n")
        print(f"wrote {i}", flush=True)

def forever():
    print("started", os.getpid(), flush=True)
    if os.fork() == 0:          # a grandchild: kill() must take it too
        while True:
            time.sleep(0.01)
    while True:
        time.sleep(0.01)

def peek(path):
    try:
        with open(path) as f:
            print("read", len(f.read()), flush=True)
    except OSError as exc:
        print("refused", type(exc).__name__, flush=True)

def fails():
    raise ValueError("the candidate's own bug")
'''


@pytest.fixture(params=["in-process", "isolated"])
def mode(request, tmp_path, monkeypatch):
    folder = tmp_path / "impl" / "storage"
    folder.mkdir(parents=True)
    (folder / "acid_bookings.py").write_text(textwrap.dedent(CANDIDATE))
    monkeypatch.setattr(impl._selection, "root", tmp_path / "impl")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    if request.param == "isolated":
        monkeypatch.setattr(impl._selection, "isolated", True)
        monkeypatch.setattr(proxy, "SETTINGS", proxy.Settings(enabled=True, scratch=str(scratch)))
    return request.param, scratch


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_lines_and_files_come_back_and_the_status_is_zero(mode):
    _, scratch = mode
    path = scratch / "out.txt"
    with processes.start("storage.acid_bookings", "count", str(path), 3) as proc:
        assert proc.lines() == ["wrote 0", "wrote 1", "wrote 2"], proc.stderr_tail()
        assert proc.wait() == 0
    assert path.read_text() == "0\n1\n2\n"


def test_kill_ends_the_whole_tree_at_once_and_leaves_nothing_behind(mode):
    with processes.start("storage.acid_bookings", "forever") as proc:
        assert proc.readline(timeout=20).startswith("started"), proc.stderr_tail()
        time.sleep(0.05)  # the grandchild is forked by now
        tree = processes._descendants(proc.pid) + [proc.pid]
        assert len(tree) >= 2, tree
        started = time.monotonic()
        proc.kill()
        assert time.monotonic() - started < 2
        assert proc.wait() < 0, "killed by a signal"
        assert not [pid for pid in tree if _alive(pid)], "every process of the tree is gone when kill() returns"


def test_leaving_the_block_kills_a_process_still_running(mode):
    with processes.start("storage.acid_bookings", "forever") as proc:
        proc.readline(timeout=20)
        tree = processes._descendants(proc.pid) + [proc.pid]
    assert not [pid for pid in tree if _alive(pid)]


def test_a_function_that_raises_exits_1_with_its_traceback(mode):
    with processes.start("storage.acid_bookings", "fails") as proc:
        assert proc.wait() == 1
        assert "ValueError: the candidate's own bug" in proc.stderr_tail()


def test_silence_is_a_timeout_naming_the_function(mode):
    with processes.start("storage.acid_bookings", "forever") as proc:
        proc.readline(timeout=20)
        with pytest.raises(TimeoutError, match=r"storage.acid_bookings.forever printed nothing for 0.2 s"):
            proc.readline(timeout=0.2)


def test_arguments_must_be_plain_json():
    with pytest.raises(TypeError):
        processes.start("storage.acid_bookings", "count", object(), 1)


@pytest.mark.skipif(walls.probe().kind == "fallback", reason="this machine has no sandbox to start the worker in")
@pytest.mark.parametrize("mode", ["isolated"], indirect=True)  # a student's own process may read what it likes
def test_behind_the_walls_the_solutions_are_out_of_reach(mode):
    solution = os.path.join(os.path.dirname(impl.__file__), "..", "solutions", "formats", "huffman.py")
    with processes.start("storage.acid_bookings", "peek", os.path.realpath(solution)) as proc:
        assert proc.readline(timeout=20).startswith("refused"), proc.stderr_tail()
