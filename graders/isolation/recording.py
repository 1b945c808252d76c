"""What a meter's callable asks of a kata, recorded here and replayed in the kata's worker;
and calls whose result the test does not use, sent without waiting for their answer.

`time_ratio(baseline, lambda: rm.add(next(values)))` cannot time a round trip per call, so
the meter records a block of calls (`record`), sends the program once (`stage`) and times,
with the grader's own clock, the worker running it (`run_staged`). The test's data travels
once per measurement (`Pins`), so the worker's calls touch the same objects every block, as
they would in one process.
"""
from __future__ import annotations

import sys
import time
import types
from typing import Any, Callable

from graders.isolation import proxy
from graders.isolation.proxy import Remote, RemoteMethod, Worker


_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes)
_discards: dict[tuple, bool] = {}  # (code, offset) -> the instruction after the call drops its result
_handlers: dict[Any, list[tuple[int, int]]] = {}  # code -> ranges an exception handler covers


def result_unused(frame: types.FrameType, args: tuple, kwargs: dict) -> bool:
    """True when a call made at `frame`'s current instruction can be sent without waiting:
    its result is dropped (a statement `s.insert(x)`), its arguments are immutable (nothing
    to write back), and no try or with between it and pytest would catch what it raises. Such
    calls go to the worker together; an exception one raises is raised at the next call that
    waits, or when the test ends."""
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


current: Program | None = None  # the program being recorded, while a meter records


def record(fn: Callable[[], Any], times: int = 1) -> Program:
    """Call `fn` `times` times, recording the kata calls it makes instead of making them."""
    global current
    program = Program()
    current = program
    try:
        for _ in range(times):
            fn()
    finally:
        current = None
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
        worker, target = proxy.worker_for(kata_id), None
    else:
        program = record(lambda: fn(*args, **kwargs))
        if program.worker is None:
            raise NotRecordable("the measured callable made no call of the kata")
        worker, target, args, kwargs = program.worker, program.steps, (), {}
    message = {"op": "meter", "kind": kind, "target": target, "args": list(args), "kwargs": kwargs}
    return worker.request(message, f"{kind} of {worker.kata_id}", meter=True)["value"]
