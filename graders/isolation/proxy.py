"""The grader's side of isolation: a worker per kata, and proxies that call into it.

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

import builtins
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
from graders.isolation import channel, codec

# Bases of exceptions that are rebuilt as themselves: the standard library and the project's
# dependencies. Other classes in an exception's MRO are rebuilt by name on top of them.
TRUSTED_EXCEPTION_ROOTS = ("duckdb", "pyarrow", "pandas", "numpy", "jsonschema", "fastavro", "google")


class RefusedValue(Exception):
    """The candidate returned (or raised with) something the codec refuses."""


class WorkerDied(Exception):
    """The worker exited, crashed or was killed in the middle of a request."""


class WorkerTimeout(WorkerDied):
    """The worker did not answer in time and was killed."""


class Tampering(Exception):
    """The worker's reply breaks the protocol: something in it wrote on the grader's channel."""


class CandidateRaised(Exception):
    """The candidate raised SystemExit, KeyboardInterrupt or GeneratorExit: a failure here."""


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
        self.pending: list[str] = []  # calls sent whose replies are not read yet (their results are unused)
        fd, log = tempfile.mkstemp(prefix=f"{kata_id}-", suffix=".log", dir=_log_folder())
        os.close(fd)
        self.log = Path(log)

    def start(self) -> None:
        stub = paths.stub(self.repo, self.kata_id)
        stateful, records = stub_classes(stub)
        ours, theirs = socket.socketpair()
        scratch = Path(SETTINGS.scratch or tempfile.gettempdir())
        # -s -P: no user site, no script folder on sys.path. Not -I: it would ignore PYTHONHASHSEED,
        # and the walls scrub the environment anyway.
        cmd = [sys.executable, "-s", "-P", "-m", "graders.isolation.worker", str(theirs.fileno())]
        env = {"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), "KATA_NO_GPU": os.environ.get("KATA_NO_GPU", ""),
               # the graders package this process imported, whichever checkout or install it is
               "PYTHONPATH": str(paths.PACKAGE_DIR.parent)}
        if os.environ.get("NUMBA_ENABLE_CUDASIM"):
            env["NUMBA_ENABLE_CUDASIM"] = os.environ["NUMBA_ENABLE_CUDASIM"]
        from graders.isolation import walls

        wall = walls.probe()
        argv, child_env, walls_preexec = walls.worker_command(
            # the graders package this process imported (a checkout's, or an installed copy's)
            wall, cmd, repo=paths.PACKAGE_DIR.parent, submission=self.impl_root, scratch=scratch, env=env,
            slot=os.getpid() % walls.SLOTS)  # one worker at a time per grader: its own uid and process count

        def preexec() -> None:
            _set_limits(wall.nproc_holds)
            if walls_preexec is not None:
                walls_preexec()

        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                argv, env=child_env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),), start_new_session=True, preexec_fn=preexec, cwd=str(scratch))
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

    PIPELINE = 64  # calls in flight at most: their small requests and replies fit the socket's buffers

    def send_unanswered(self, message: dict, doing: str) -> None:
        """Send a call whose result the test does not use, without waiting for its reply."""
        if self.dead is not None or self.sock is None:
            raise WorkerDied(f"the worker of {self.kata_id} is gone ({self.dead}): this object went with it")
        payload, _ = codec.encode(message, self._encode_extra)
        try:
            channel.send(self.sock, payload)
        except (BrokenPipeError, ConnectionResetError):
            self.pending.append(doing)
            self.drain()  # reports the death
            raise
        self.pending.append(doing)
        if len(self.pending) >= self.PIPELINE:
            self.drain()

    def drain(self) -> None:
        """Read the replies of the calls in flight; the first that raised is raised now."""
        first = None
        while self.pending:
            doing = self.pending[0]
            reply = self._exchange(None, SETTINGS.call_seconds, doing, [], False)
            self.pending.pop(0)
            if not reply["ok"] and first is None and not reply.get("refused"):  # an unused result may be anything
                first = rebuild_error(self.kata_id, reply["error"])
                first.add_note(f"(raised by {doing}, a call whose result the test did not use: "
                               "it was sent without waiting for its answer)")
        if first is not None:
            raise first

    def _encode_extra(self, v: Any) -> tuple[str, Any] | None:
        if isinstance(v, Remote):
            if v._worker is not self:
                raise codec.NotPlainData(v, "an object of another kata's worker")
            return "handle", v._oid
        if isinstance(v, Deferred):
            return "slot", v._slot
        if isinstance(v, Pinned):
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


# ---------------------------------------------------------------------------------------
# Calls whose result is unused go without waiting (a stream of s.insert(x) costs a send each)
# ---------------------------------------------------------------------------------------

_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes)
_discards: dict[tuple, bool] = {}  # (code, offset) -> the instruction after the call drops its result
_handlers: dict[Any, list[tuple[int, int]]] = {}  # code -> ranges an exception handler covers


def result_unused(frame: types.FrameType, args: tuple, kwargs: dict) -> bool:
    """True when a call made at `frame`'s current instruction can be sent without waiting:
    its result is dropped (a statement `s.insert(x)`), its arguments are immutable (nothing
    to write back), and no try or with between it and pytest would catch what it raises. An
    exception it raises is raised at the next call that waits, or when the test ends."""
    if not all(_immutable(a) for a in (*args, *kwargs.values())):
        return False
    if not _drops_result(frame.f_code, frame.f_lasti):
        return False
    f: types.FrameType | None = frame
    while f is not None:
        if f.f_globals.get("__name__", "").startswith(("_pytest", "pluggy")):
            return True
        if _covered(f.f_code, f.f_lasti):
            return False
        f = f.f_back
    return False


def _immutable(value: Any) -> bool:
    kind = type(value)
    if kind in _IMMUTABLE:
        return True
    if kind is tuple:
        return all(_immutable(v) for v in value)
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.generic) and kind.__module__ == "numpy"


def _drops_result(code: types.CodeType, offset: int) -> bool:
    key = (code, offset)
    if key not in _discards:
        import dis

        instructions = list(dis.get_instructions(code))
        at = next((i for i, ins in enumerate(instructions) if ins.offset == offset), None)
        _discards[key] = (at is not None and at + 1 < len(instructions) and instructions[at].opname.startswith("CALL")
                          and instructions[at + 1].opname == "POP_TOP")
    return _discards[key]


def _covered(code: types.CodeType, offset: int) -> bool:
    if code not in _handlers:
        import dis

        try:
            _handlers[code] = [(e.start, e.end) for e in dis._parse_exception_table(code)]  # type: ignore[attr-defined]
        except (AttributeError, TypeError):  # another Python: assume every call may be caught
            _handlers[code] = [(0, 1 << 30)]
    return any(start <= offset < end for start, end in _handlers[code])


def flush() -> None:
    """At the end of a test: what a call sent without waiting raised fails the test now."""
    for worker in list(_workers.values()):
        if worker.pending and worker.dead is None:
            worker.drain()


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
        if _recording is not None:
            return _recording.add(self, name, args, kwargs)
        what = f"{self._worker.kata_id}.{self._name}{'.' + name if name else ''}()"
        message = {"op": "call", "target": self, "name": name, "args": list(args), "kwargs": kwargs}
        if caller is not None and result_unused(caller, args, kwargs):
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
        return self._call(None, args, kwargs, sys._getframe(1))


class RemoteClass(RemoteFunction):
    __slots__ = ()


class RemoteMethod:
    __slots__ = ("_owner", "_method")

    def __init__(self, owner: Remote | "Deferred", method: str):
        self._owner, self._method = owner, method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self._owner, Deferred):
            return self._owner._record_call(self._method, args, kwargs)
        return self._owner._call(self._method, args, kwargs, sys._getframe(1))


class RemoteObject(Remote):
    """An object of one of the stub's classes, or a generator; its methods run in the worker."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._methods or _recording is not None:
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


# ---------------------------------------------------------------------------------------
# Exceptions and records rebuilt on this side
# ---------------------------------------------------------------------------------------

_mirrors: dict[tuple, type] = {}


# Exceptions pytest reads as an outcome: raised by the candidate, they are rebuilt by name
# (plain failures), never as themselves (a unittest.SkipTest would skip the test).
_OUTCOMES = ("unittest.case.SkipTest",)


def _trusted_class(module: Any, qualname: Any) -> type | None:
    """The class itself, when the grader already has it: builtins, or a module of the standard
    library or a dependency that this process has imported. Never imports anything: the
    worker names the module, and a module's import can run code (`this`, `antigravity`)."""
    if not isinstance(module, str) or not isinstance(qualname, str):
        raise codec.CorruptMessage("an exception class named by something other than text")
    root = module.split(".")[0]
    if module == "builtins":
        found: Any = getattr(builtins, qualname, None)
    elif (root in sys.stdlib_module_names or root in TRUSTED_EXCEPTION_ROOTS) and module in sys.modules:
        found = sys.modules[module]
        for part in qualname.split("."):
            found = getattr(found, part, None)
    else:
        return None
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        return None
    if any(f"{c.__module__}.{c.__qualname__}" in _OUTCOMES for c in found.__mro__):
        return None
    return found


def mirror_exception_class(kata_id: str, mro: list) -> type:
    """The exception class with this MRO: a trusted class itself, or a class of the same name
    (and module label) built on the first trusted class below it."""
    mro = [tuple(m) for m in mro]
    for i, (module, qualname) in enumerate(mro):
        base = _trusted_class(module, qualname)
        if base is not None:
            break
    else:
        i, base = len(mro), Exception
    if base in (KeyboardInterrupt, SystemExit, GeneratorExit) or not issubclass(base, Exception):
        base = CandidateRaised
    cls = base
    for module, qualname in reversed(mro[:i]):
        key = (kata_id, module, qualname, cls)
        if key not in _mirrors:
            # "worker:" marks the class as the candidate's, so no name it picks reads as one of ours
            _mirrors[key] = type(qualname.rsplit(".", 1)[-1], (cls,), {"__module__": f"worker:{module}",
                                                                      "__qualname__": qualname})
        cls = _mirrors[key]
    return cls


def rebuild_error(kata_id: str, error: dict) -> BaseException:
    try:
        return _rebuild_error(kata_id, error)
    except (codec.CorruptMessage, KeyError, TypeError, ValueError) as exc:
        return Tampering(f"tampering detected in {kata_id}: an error report that is not one ({exc})")


def _message_only(cls: type, text: str) -> BaseException:
    """An exception of `cls` that says `text`, whatever cls's own __init__ and __str__ need."""
    key = ("message", cls)
    if key not in _mirrors:
        _mirrors[key] = type(cls.__name__, (cls,), {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                                                   "__str__": lambda self: self.args[0] if self.args else "",
                                                   "__init__": lambda self, *a: BaseException.__init__(self, *a)})
    return _mirrors[key](text)


def _rebuild_error(kata_id: str, error: dict) -> BaseException:
    cls = mirror_exception_class(kata_id, error["mro"])
    args = tuple(error["args"])
    if not isinstance(error["str"], str) or not isinstance(error["traceback"], str):
        raise codec.CorruptMessage("an error report without its text")
    if error.get("dangerous"):
        exc: BaseException = CandidateRaised(f"the candidate raised {error['mro'][0][1]}({', '.join(map(repr, args))})")
    else:
        try:
            exc = cls(*args)
            same = str(exc) == error["str"] or isinstance(exc, KeyError)
        except Exception:  # noqa: BLE001  (a constructor with another signature, a __str__ that needs state)
            same = False
        if not same:  # keep the message the candidate's exception had
            exc = _message_only(cls, error["str"])
    exc.kata_in_impl = error["in_kata"]  # type: ignore[attr-defined]
    exc.add_note(f"--- raised in the worker of {kata_id} ---\n{error['traceback'].rstrip()}")
    return exc


_records: dict[tuple, type] = {}


def mirror_record(kata_id: str, name: str, fields: dict) -> Any:
    key = (kata_id, name, tuple(fields))
    if key not in _records:
        _records[key] = dataclasses.make_dataclass(name, list(fields), frozen=True)
    return _records[key](**fields)


# ---------------------------------------------------------------------------------------
# Recording: what a meter's callable asks of the kata, replayed in the worker
# ---------------------------------------------------------------------------------------

class NotRecordable(TypeError):
    """A timed or measured callable that uses a kata result before the measurement ends."""


class Deferred:
    """The result of a recorded call: it can only be called on or passed to later calls."""

    __slots__ = ("_program", "_slot", "_what")

    def __init__(self, program: "Program", slot: int, what: str):
        self._program, self._slot, self._what = program, slot, what

    def __getattr__(self, name: str) -> RemoteMethod:
        if name.startswith("__"):
            raise AttributeError(name)
        return RemoteMethod(self, name)

    def _record_call(self, name: str, args: tuple, kwargs: dict) -> "Deferred":
        return self._program.add(self, name, args, kwargs)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise NotRecordable(
            f"a measured callable used the result of {self._what} before the measurement ended; "
            "under the isolating grader only calls of the kata's functions and methods can be timed or measured")

    __bool__ = __iter__ = __len__ = __eq__ = __lt__ = __gt__ = __add__ = __getitem__ = __float__ = __int__ = _refuse
    __hash__ = object.__hash__


class Program:
    def __init__(self) -> None:
        self.steps: list = []
        self.worker: Worker | None = None

    def add(self, target: Remote | Deferred, name: str | None, args: tuple, kwargs: dict) -> Deferred:
        worker = target._worker if isinstance(target, Remote) else self.worker
        if self.worker is None:
            self.worker = worker
        elif worker is not self.worker:
            raise NotRecordable("a measured callable calls two katas")
        self.steps.append([target, name, list(args), kwargs])
        label = f"{getattr(target, '_name', 'a result')}{'.' + name if name else ''}()"
        return Deferred(self, len(self.steps) - 1, label)


_recording: Program | None = None


def record(fn: Callable[[], Any], times: int = 1) -> Program:
    """Call `fn` `times` times, recording the kata calls it makes instead of making them."""
    global _recording
    program = Program()
    _recording = program
    try:
        for _ in range(times):
            fn()
    finally:
        _recording = None
    return program


def touches_kata(fn: Any, depth: int = 0) -> bool:
    """Whether `fn` refers to a kata module or a worker's object (so it must be recorded)."""
    from graders.impl import KataModule

    if isinstance(fn, (Remote, RemoteMethod, KataModule)):
        return True
    code = getattr(fn, "__code__", None)
    if code is None or depth > 3:
        return False
    values = [c.cell_contents for c in (getattr(fn, "__closure__", None) or ()) if _filled(c)]
    names = set(code.co_names)
    for const in code.co_consts:  # comprehensions and nested functions
        if isinstance(const, types.CodeType):
            names |= set(const.co_names)
    values += [fn.__globals__[n] for n in names if n in fn.__globals__]
    for value in values:
        if isinstance(value, (Remote, RemoteMethod, KataModule)):
            return True
        if isinstance(value, (tuple, list)) and any(isinstance(v, (Remote, KataModule)) for v in value):
            return True
        if isinstance(value, types.FunctionType) and value is not fn and touches_kata(value, depth + 1):
            return True
    return False


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


class Pinned:
    """The arguments of a timed callable, sent to the worker once and reused by every block.

    In one process, every call of a timed block gets the same objects (the test's data); so
    it does in the worker: a freshly decoded copy per block would be cold memory, and the
    candidate would look slower than it is."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


class Pins:
    def __init__(self) -> None:
        self.ids: dict[int, int] = {}
        self.keep: list = []  # the pinned objects, so that their ids stay theirs
        self.worker: Worker | None = None

    def replace(self, worker: Worker, value: Any) -> Any:
        if type(value) in _IMMUTABLE or isinstance(value, (Remote, Deferred)) or _immutable(value):
            return value
        if id(value) not in self.ids:
            index = len(self.keep)
            worker.request({"op": "pin", "index": index, "value": value}, "sending a timed call's data")
            self.ids[id(value)] = index
            self.keep.append(value)
        return Pinned(self.ids[id(value)])

    def close(self) -> None:
        if self.worker is not None and self.keep and self.worker.dead is None:
            self.worker.request({"op": "unpin"}, "dropping a timed call's data")
        self.ids, self.keep = {}, []


def stage(program: Program, pins: Pins | None = None) -> tuple[Worker, int]:
    worker = program.worker
    assert worker is not None
    steps = program.steps
    if pins is not None:
        pins.worker = worker
        steps = [[target, name, [pins.replace(worker, a) for a in args],
                  {k: pins.replace(worker, v) for k, v in kwargs.items()}] for target, name, args, kwargs in steps]
    key = worker.request({"op": "stage", "program": steps}, "staging a measured call")["value"]
    return worker, key


def run_staged(worker: Worker, key: int) -> float:
    """Run a staged program; its duration as this process's clock sees it (the worker's is not asked)."""
    start = time.perf_counter()
    worker.request({"op": "run", "stage": key}, "a timed call")
    return time.perf_counter() - start


def measure(kind: str, fn: Any, args: tuple, kwargs: dict, kata_id: str | None = None) -> Any:
    """Ask the worker's meter `kind` to measure `fn(*args, **kwargs)` (or a recorded callable);
    with no `fn`, the meter of `kata_id`'s worker runs on its own (the GPU's child process)."""
    if isinstance(fn, Remote):
        worker, target = fn._worker, fn
    elif fn is None:
        assert kata_id is not None
        worker, target = worker_for(kata_id), None
    else:
        program = record(lambda: fn(*args, **kwargs))
        if program.worker is None:
            raise NotRecordable("the measured callable made no call of the kata")
        worker, target, args, kwargs = program.worker, program.steps, (), {}
    message = {"op": "meter", "kind": kind, "target": target, "args": list(args), "kwargs": kwargs}
    return worker.request(message, f"{kind} of {worker.kata_id}", meter=True)["value"]

