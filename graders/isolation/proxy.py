"""The grader's side of isolation: a worker per kata, and proxies that call into it.

(errors.py: what a call can raise; rebuild.py: the candidate's exceptions and records
rebuilt here; recording.py: calls a meter replays in the worker, and calls sent without
waiting.)

With `pytest --isolate` (what `kata grade` and `kata race` use), `kata("set.kata")` gives
a module whose functions, classes and objects are proxies: each call sends plain data to
the kata's worker (graders.isolation.worker) and decodes the plain data it answers.
Assertions run here, on values this process built, so a candidate's `__eq__` never takes
part in a comparison. Objects of the stub's classes stay in the worker and are driven
through handles; exceptions come back as exceptions of the same name and builtin base
(`pytest.raises(tvb.VarintError)` works), with the worker's traceback as a note.

The meters (time, memory, coalescing, GPU) ask `recorded()` / `measure()` here when the
function they are given calls the kata: see graders/meters/*.
"""
from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any, Callable

from graders import paths
from graders.isolation import channel, codec, fastcalls
from graders.isolation.errors import (  # noqa: F401  (CandidateRaised: part of what a call raises)
    CandidateRaised, RefusedValue, Tampering, WorkerDied, WorkerTimeout)
from graders.isolation.rebuild import mirror_exception_class, mirror_record, rebuild_error

@dataclasses.dataclass
class Settings:
    enabled: bool = False
    call_seconds: float = 120.0  # a backstop behind pytest-timeout
    import_seconds: float = 60.0
    memory_bytes: int = 4 * 2**30
    cpu_seconds: int = 600
    output_bytes: int = 64 * 2**20
    processes: int = 4096  # threads count too: the CUDA simulator runs a thread per CUDA thread
    open_files: int = 512
    scratch: str | None = None  # read-write in the worker at the same path: the tests' temporary files


SETTINGS = Settings()
ENV = "KATA_WORKER_SETTINGS"  # JSON of Settings' fields, set by the grader for its pytest child


def configure(enabled: bool, call_seconds: float | None) -> None:
    SETTINGS.enabled = enabled
    if enabled:
        _flush_before_reading_files()
    overrides = json.loads(os.environ.get(ENV, "{}"))
    for key, value in overrides.items():
        setattr(SETTINGS, key, value)
    if call_seconds:
        SETTINGS.call_seconds = call_seconds + 10  # pytest-timeout speaks first, with its own reason
        SETTINGS.import_seconds = 0.8 * call_seconds  # before pytest-timeout: an import that never ends is
        # a file that does not import, not one more test that timed out


_logs: list[str] = []


def _log_folder() -> str:
    """Where workers' output goes: a folder of the grader's, not the scratch the worker sees."""
    if not _logs:
        import shutil
        import atexit

        _logs.append(tempfile.mkdtemp(prefix="kata-worker-logs-", dir=_system_tmp))
        atexit.register(shutil.rmtree, _logs[0], True)
    return _logs[0]


_system_tmp = tempfile.gettempdir()  # before the plugin points tempfile at the scratch folder


def active() -> bool:
    return SETTINGS.enabled


# ---------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------

class Worker:
    """One kata's worker process: started on first use, killed when its kata's tests end."""

    generation = 0

    def __init__(self, kata_id: str, impl_root: Path, repo: Path):
        Worker.generation += 1
        self.generation = Worker.generation
        self.kata_id, self.impl_root, self.repo = kata_id, impl_root, repo
        self.cache: dict[str, Any] = {}
        self.released: list[int] = []
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.dead: str | None = None
        self.pending: list[tuple[dict, str]] = []  # calls whose results the test does not use, not sent yet
        fd, log = tempfile.mkstemp(prefix=f"{kata_id}-", suffix=".log", dir=_log_folder())
        os.close(fd)
        self.log = Path(log)

    def start(self) -> None:
        stub = paths.stub(self.repo, self.kata_id)
        stateful, records = stub_classes(stub)
        ours, theirs = socket.socketpair()
        # -s -P: no user site, no script folder on sys.path. Not -I: it would ignore PYTHONHASHSEED,
        # and the walls scrub the environment anyway.
        cmd = [sys.executable, "-s", "-P", "-m", "graders.isolation.worker", str(theirs.fileno())]
        argv, child_env, preexec, scratch = behind_walls(cmd, self.impl_root, kata_id=self.kata_id)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                argv, env=child_env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),), start_new_session=True, preexec_fn=preexec, cwd=scratch)
        theirs.close()
        self.sock = ours
        from graders import catalog

        markers = catalog.get(self.kata_id).markers
        meters = (["memory"] if "memory" in markers else []) + (["coalescing", "gpu"] if "gpu" in markers else [])
        config = {"kata": self.kata_id, "impl": str(self.impl_root), "stateful": stateful, "records": records,
                  "meters": meters}
        hello = self._exchange(codec.encode(config)[0], SETTINGS.import_seconds, "while importing", [], False)
        if not hello.get("ok"):
            from graders.impl import KataLoadError

            self.kill()
            raise KataLoadError(hello.get("load_error") or f"{self.kata_id}: the worker did not start")

    def _exchange(self, payload: bytes | None, seconds: float, doing: str, arrays: list, meter: bool) -> dict:
        if self.sock is None:
            raise WorkerDied(f"the worker of {self.kata_id} is gone ({self.dead})")
        answered = False
        try:
            if payload is not None:  # None: only the reply of a call already sent
                channel.send(self.sock, payload)
            data = channel.recv(self.sock, time.monotonic() + seconds)
            answered = True
        except channel.ChannelTimeout:
            self.kill()
            self.dead = f"timed out after {seconds:g} s"
            if doing == "while importing":
                from graders.impl import KataLoadError

                raise KataLoadError(f"{self.kata_id}: {self.impl_root / self.kata_id.replace('.', '/')}.py does not "
                                    f"import: the worker timed out after {seconds:g} s while importing") from None
            raise WorkerTimeout(f"timed out after {seconds:g} s {doing} in {self.kata_id}") from None
        except (channel.ChannelClosed, BrokenPipeError, ConnectionResetError):
            tail = self.output_tail(600).strip()
            why = self._death()
            if doing == "while importing":
                from graders.impl import KataLoadError

                last = tail.splitlines()[-1] if tail else ""
                raise KataLoadError(f"{self.kata_id}: {self.impl_root / self.kata_id.replace('.', '/')}.py "
                                    f"does not import: the worker {why} while importing"
                                    + (f" ({last})" if last else "")) from None
            raise WorkerDied(f"{why} in {self.kata_id} ({doing})" + (f"; its last output:\n{tail}" if tail else "")) \
                from None
        except ValueError as exc:
            self.kill()
            raise Tampering(f"tampering detected in {self.kata_id}: {exc}") from None
        finally:
            if not answered and self.dead is None:
                self.kill()  # interrupted (a test timeout): the worker is in an unknown state
        try:
            if data[:1] == codec.JUST_A_VALUE:
                reply = {"ok": True, "value": codec.decode(data[1:], self.decode_extra(arrays, meter))[0]}
            else:
                reply, _ = codec.decode(data, self.decode_extra(arrays, meter))
        except codec.CorruptMessage as exc:
            self.kill()
            raise Tampering(f"tampering detected in {self.kata_id}: its reply is not a message of the codec "
                            f"({exc})") from None
        if not isinstance(reply, dict) or "ok" not in reply:
            self.kill()
            raise Tampering(f"tampering detected in {self.kata_id}: its reply has no verdict")
        return reply

    def request(self, message: dict, doing: str, meter: bool = False) -> dict:
        """Send one request; the worker's successful reply, else what it raised, raised here."""
        if self.dead is not None:
            raise WorkerDied(f"the worker of {self.kata_id} is gone ({self.dead}): this object went with it")
        self.drain()
        if self.released:
            handles, self.released = self.released, []
            self.request({"op": "release", "handles": handles}, "releasing objects")
        payload, arrays = self._fast(message), []
        if payload is None:
            try:
                payload, arrays = codec.encode(message, self._encode_extra, object_arrays=True)
            except codec.NotPlainData as exc:
                raise TypeError(f"the test passed {exc} to {doing}") from None
        reply = self._exchange(payload, SETTINGS.call_seconds, doing, arrays, meter)
        if reply.get("refused"):
            raise RefusedValue(f"{doing} returned {reply['refused']}")
        if not reply["ok"]:
            raise rebuild_error(self.kata_id, reply["error"])
        return reply

    BATCH = 256  # calls held back at most before they go to the worker, in one message

    def send_unanswered(self, message: dict, doing: str) -> None:
        """Hold back a call whose result the test does not use; it goes with the next ones."""
        if self.dead is not None or self.sock is None:
            raise WorkerDied(f"the worker of {self.kata_id} is gone ({self.dead}): this object went with it")
        self.pending.append((message, doing))
        if len(self.pending) >= self.BATCH:
            self.drain()

    def drain(self) -> None:
        """Send the calls held back, in one message. The worker runs them in order and stops at
        the first that raises, as one process would have; that exception is raised here."""
        if not self.pending:
            return
        calls, self.pending = self.pending, []
        steps = [(m["target"], m["name"], m["args"], m["kwargs"]) for m, _ in calls]
        oids = [self._oid_of(t) for t, *_ in steps]
        payload = None if False in oids else fastcalls.batch(
            [(oid, n, a, k) for oid, (_, n, a, k) in zip(oids, steps)])
        if payload is None:
            try:
                payload, _ = codec.encode({"op": "batch", "calls": steps}, self._encode_extra)
            except codec.NotPlainData as exc:
                raise TypeError(f"the test passed {exc} to {calls[0][1]}") from None
        reply = self._exchange(payload, SETTINGS.call_seconds, calls[-1][1], [], False)
        if not reply["ok"]:
            index = reply.get("index")
            doing = calls[index][1] if isinstance(index, int) and 0 <= index < len(calls) else calls[0][1]
            if reply.get("refused"):
                raise RefusedValue(f"{doing} returned {reply['refused']}")
            first = rebuild_error(self.kata_id, reply["error"])
            first.add_note(f"(raised by {doing}, a call whose result the test did not use: it was sent with the "
                           "calls after it, and the test went on until its next call that waits for an answer)")
            raise first

    def _oid_of(self, target: Any) -> int | None | bool:
        """The handle of a call's target (None: the module), or False if it is no handle of ours."""
        if target is None:
            return None
        if isinstance(target, Remote) and target._worker is self:
            return target._oid
        return False

    def _fast(self, message: dict) -> bytes | None:
        oid = self._oid_of(message["target"]) if message["op"] == "call" else False
        return None if oid is False else fastcalls.call(oid, message["name"], message["args"], message["kwargs"])

    def _encode_extra(self, v: Any) -> tuple[str, Any] | None:
        if isinstance(v, Remote):
            if v._worker is not self:
                raise codec.NotPlainData(v, "an object of another kata's worker")
            return "handle", v._oid
        if isinstance(v, recording.Deferred):
            return "slot", v._slot
        if isinstance(v, recording.Pinned):
            return "pin", v.index
        return None

    def decode_extra(self, arrays: list, meter: bool) -> Callable[[str, Any], Any]:
        def extra(tag: str, payload: Any) -> Any:
            if tag == "handle":
                oid, kind, name, methods = payload
                cls = {"function": RemoteFunction, "class": RemoteClass, "object": RemoteObject,
                       "iterator": RemoteObject}[kind]
                return cls(self, oid, name, frozenset(methods))
            if tag == "exception_class":
                return mirror_exception_class(self.kata_id, payload)
            if tag == "record":
                return mirror_record(self.kata_id, *payload)
            if tag == "view":
                return _view(arrays, *payload)
            if tag == "harness" and meter:
                return _harness(*payload)
            raise codec.CorruptMessage(f"an unexpected {tag!r} value")
        return extra

    def _death(self) -> str:
        proc = self.proc
        code = None
        if proc is not None:
            try:
                code = proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        self.dead = describe_exit(code)
        return self.dead

    def kill(self) -> None:
        if self.dead is None:
            self.dead = "stopped"
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, 9)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait()
        self.log.unlink(missing_ok=True)

    def output_tail(self, n: int = 2000) -> str:
        """The end of what the worker printed (kept until the worker is stopped)."""
        try:
            return self.log.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""


def behind_walls(cmd: list[str], submission: Path, env: dict[str, str] | None = None, *, kata_id: str
                 ) -> tuple[list[str], dict[str, str], Callable[[], None], str]:
    """(argv, environment, preexec_fn, working folder) that run `cmd` as a kata's worker runs:
    behind the walls, with the worker's limits, seeing `submission` and the scratch folder.
    Used for the worker itself and for a kata's own processes (graders.processes)."""
    from graders import catalog
    from graders.isolation import walls

    scratch = Path(SETTINGS.scratch or tempfile.gettempdir())
    env = {"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), "KATA_NO_GPU": os.environ.get("KATA_NO_GPU", ""),
           # the graders package this process imported, whichever checkout or install it is
           "PYTHONPATH": str(paths.PACKAGE_DIR.parent), **(env or {})}
    if os.environ.get("NUMBA_ENABLE_CUDASIM"):
        env["NUMBA_ENABLE_CUDASIM"] = os.environ["NUMBA_ENABLE_CUDASIM"]
    wall = walls.probe()
    argv, child_env, walls_preexec = walls.worker_command(
        wall, cmd, repo=paths.PACKAGE_DIR.parent, submission=submission, scratch=scratch, env=env,
        slot=os.getpid() % walls.SLOTS,  # one worker at a time per grader: its own uid and process count
        loopback=catalog.get(kata_id).network == "loopback")

    def preexec() -> None:
        _set_limits(wall.nproc_holds)
        if walls_preexec is not None:
            walls_preexec()

    return argv, child_env, preexec, str(scratch)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code > 128:  # bubblewrap passes on a signal death as 128 + the signal
        code = -(code - 128)
    if code < 0:
        return {-9: "was killed (SIGKILL)", -11: "crashed (segmentation fault)",
                -6: "aborted (SIGABRT)", -24: "used more than its CPU time", -25: "wrote more than "
                f"{SETTINGS.output_bytes / 2**20:g} MiB of output"}.get(code, f"was killed by signal {-code}")
    return f"exited the interpreter (status {code})"


def _set_limits(nproc: bool) -> None:
    import resource

    pairs = [(resource.RLIMIT_AS, SETTINGS.memory_bytes), (resource.RLIMIT_CPU, SETTINGS.cpu_seconds),
             (resource.RLIMIT_FSIZE, SETTINGS.output_bytes), (resource.RLIMIT_NOFILE, SETTINGS.open_files),
             (resource.RLIMIT_CORE, 0)]
    if nproc:
        pairs.append((resource.RLIMIT_NPROC, SETTINGS.processes))
    for which, value in pairs:
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))


_workers: dict[str, Worker] = {}


def worker_for(kata_id: str) -> Worker:
    from graders import impl

    worker = _workers.get(kata_id)
    if worker is not None and worker.dead is None:
        return worker
    if kata_id in _load_errors:
        raise impl.KataLoadError(str(_load_errors[kata_id]))
    path = impl.kata_file(kata_id)
    if not path.is_file():
        raise impl.KataLoadError(f"{kata_id}: {path} does not exist in the implementation under test")
    worker = Worker(kata_id, impl.selected_root(), paths.find_root())
    _workers[kata_id] = worker
    try:
        worker.start()
    except impl.KataLoadError as exc:
        _load_errors[kata_id] = exc  # never import a module that failed (or looped) once again
        raise
    except BaseException:
        worker.kill()
        _workers.pop(kata_id, None)
        raise
    return worker


_load_errors: dict[str, BaseException] = {}


def focus(kata_id: str | None) -> None:
    """Stop every worker but `kata_id`'s: its tests are over (and one kata never meets another)."""
    for other in [k for k in _workers if k != kata_id]:
        _workers.pop(other).kill()


def stop_all() -> None:
    focus(None)


def module_attribute(kata_id: str, name: str) -> Any:
    from graders import impl

    worker = worker_for(kata_id)
    if name in worker.cache:
        return worker.cache[name]
    try:
        value = worker.request({"op": "getattr", "target": None, "name": name}, f"{kata_id}.{name}")["value"]
    except AttributeError:
        raise AttributeError(f"{kata_id}: {impl.kata_file(kata_id)} defines no {name!r}"
                             " (keep the names and signatures of the stub)") from None
    if isinstance(value, (Remote, type)):
        worker.cache[name] = value  # functions and classes do not change; constants might
    return value


def stub_classes(stub: Path) -> tuple[list[str], list[str]]:
    """(stateful classes, result records) the stub declares: records are its dataclasses."""
    import ast

    stateful, records = [], []
    if stub.is_file():
        for node in ast.parse(stub.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                decorators = {getattr(d, "id", getattr(d, "attr", None)) or getattr(getattr(d, "func", None), "id", None)
                              for d in node.decorator_list}
                (records if "dataclass" in decorators else stateful).append(node.name)
    return stateful, records


def flush() -> None:
    """At the end of a test: what a call sent without waiting raised fails the test now."""
    for worker in list(_workers.values()):
        if worker.pending and worker.dead is None:
            worker.drain()


# What a test reads from disk after `store.insert(ride)` must include that ride: the calls
# held back go to the worker first. Python's audit events cover open() and folder listings
# in this process; a library that opens files in C (DuckDB, pyarrow, deltalake) raises none,
# so a test that reads with one first makes a call whose result it uses (or calls flush()).
_READS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob", "sqlite3.connect", "shutil.copyfile"})
_audit = {"installed": False, "flushing": False}  # an audit hook cannot be removed: installed once


def _flush_before_reading_files() -> None:
    if _audit["installed"]:
        return
    _audit["installed"] = True

    def hook(event: str, _args: tuple) -> None:
        if event in _READS and not _audit["flushing"] and any(w.pending for w in _workers.values()):
            _audit["flushing"] = True
            try:
                flush()
            finally:
                _audit["flushing"] = False

    sys.addaudithook(hook)


# ---------------------------------------------------------------------------------------
# Proxies
# ---------------------------------------------------------------------------------------

class Remote:
    """Something that lives in a kata's worker: a function, a class, an object."""

    __slots__ = ("_worker", "_oid", "_name", "_methods", "__weakref__")

    def __init__(self, worker: Worker, oid: int, name: str, methods: frozenset):
        object.__setattr__(self, "_worker", worker)
        object.__setattr__(self, "_oid", oid)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_methods", methods)

    def _call(self, name: str | None, args: tuple, kwargs: dict, caller: types.FrameType | None = None) -> Any:
        if recording.current is not None:
            return recording.current.add(self, name, args, kwargs)
        what = f"{self._worker.kata_id}.{self._name}{'.' + name if name else ''}()"
        message = {"op": "call", "target": self, "name": name, "args": list(args), "kwargs": kwargs}
        if caller is not None and recording.result_unused(caller, args, kwargs):
            self._worker.send_unanswered(message, what)
            return None
        reply = self._worker.request(message, what)
        writeback(args, reply.get("writeback"))
        return reply["value"]

    def __eq__(self, other: object) -> bool:  # identity: never the candidate's __eq__
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<{self._name} in the worker of {self._worker.kata_id}>"

    def __del__(self) -> None:
        try:
            if self._worker.dead is None:
                self._worker.released.append(self._oid)
        except AttributeError:
            pass


class RemoteFunction(Remote):
    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Always waits: a kata's function is a unit of work whose effects (files it wrote) the
        # test looks at next. Only methods of the stub's objects are held back.
        return self._call(None, args, kwargs)


class RemoteClass(RemoteFunction):
    __slots__ = ()


class RemoteMethod:
    __slots__ = ("_owner", "_method")

    def __init__(self, owner: Any, method: str):  # a Remote, or a recording.Deferred
        self._owner, self._method = owner, method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self._owner, recording.Deferred):
            return self._owner._record_call(self._method, args, kwargs)
        return self._owner._call(self._method, args, kwargs, sys._getframe(1))


class RemoteObject(Remote):
    """An object of one of the stub's classes, or a generator; its methods run in the worker."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._methods or recording.current is not None:
            return RemoteMethod(self, name)
        return self._worker.request({"op": "getattr", "target": self, "name": name},
                                    f"{self._worker.kata_id}.{self._name}.{name}")["value"]

    def __setattr__(self, name: str, value: Any) -> None:
        self._worker.request({"op": "setattr", "target": self, "name": name, "value": value},
                             f"setting {self._name}.{name}")

    def _special(self, name: str, *args: Any) -> Any:
        if name not in self._methods:
            raise TypeError(f"{self._name} has no {name} (in the worker of {self._worker.kata_id})")
        return self._call(name, args, {})

    def __len__(self) -> int:
        return _exact(self._special("__len__"), int, "len()")

    def __bool__(self) -> bool:
        if "__bool__" in self._methods:
            return _exact(self._call("__bool__", (), {}), bool, "bool()")
        return len(self) > 0 if "__len__" in self._methods else True

    def __iter__(self):
        return iter(self._special("__iter__"))

    def __next__(self) -> Any:
        return self._special("__next__")

    def __getitem__(self, key: Any) -> Any:
        return self._special("__getitem__", key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._special("__setitem__", key, value)

    def __contains__(self, item: Any) -> bool:
        return _exact(self._special("__contains__", item), bool, "`in`")

    def __enter__(self) -> Any:
        self._special("__enter__")
        return self

    def __exit__(self, *exc: Any) -> None:
        self._special("__exit__", None, None, None)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if "__call__" not in self._methods:
            raise TypeError(f"{self._name} is not callable")
        return self._call("__call__", args, kwargs)


def _exact(value: Any, kind: type, what: str) -> Any:
    if type(value) is not kind:
        raise RefusedValue(f"{what} returned a value of type {type(value).__name__}, not {kind.__name__}")
    return value


def writeback(args: tuple, changed: dict | None) -> None:
    """Apply the worker's in-place edits of the arguments to the test's own objects."""
    if not changed:
        return
    for index, new in changed.items():
        old = args[index]
        if isinstance(old, list):
            old[:] = new
        elif isinstance(old, bytearray):
            old[:] = new
        elif isinstance(old, dict):
            for key in [k for k in old if k not in new]:
                del old[key]
            for key, value in new.items():
                current = old.get(key)
                if _same_array_shape(current, value):
                    current[...] = value
                else:
                    old[key] = value
        elif _same_array_shape(old, new):
            old[...] = new


def _same_array_shape(a: Any, b: Any) -> bool:
    np = sys.modules.get("numpy")
    return (np is not None and type(a) is np.ndarray and type(b) is np.ndarray and a.shape == b.shape
            and a.dtype == b.dtype and a.flags.writeable)


def _view(arrays: list, index: int, offset: int, shape: tuple, strides: tuple, spec: Any, writeable: bool) -> Any:
    """A view into the test's own argument number `index`, as the candidate's result was."""
    import numpy as np

    base = arrays[index]
    low = codec._byte_span(base)[0]
    if not (base.flags.c_contiguous or base.flags.f_contiguous):
        raise codec.CorruptMessage("a view of an argument that is not contiguous")
    flat = base.reshape(-1, order="A").view(np.uint8)
    view = np.ndarray(shape, codec.dtype_from_spec(spec), buffer=flat, offset=offset - (base.ctypes.data - low),
                      strides=strides)
    if not writeable:
        view.flags.writeable = False
    return view


def _harness(name: str, fields: dict) -> Any:
    from graders.meters import coalescing

    cls = {"Trace": coalescing.Trace, "Site": coalescing.Site, "Race": coalescing.Race}[name]
    return cls(**fields)


from graders.isolation import recording  # noqa: E402  (it builds on the proxies above)
