"""The fast form of the grader's calls: `marshal`, in one direction only.

Most requests are a method call with a few numbers or strings, or a batch of them. The
codec builds and parses those in Python, some 10 µs a side; `marshal` does it in C in a
tenth of a microsecond. marshal is not safe against hostile bytes, so only the worker ever
reads it, and only the grader writes it: replies, which the candidate's process writes,
always go through the codec.

A request takes this form only if every value in it is one of the exact plain types below
(so nothing is silently changed: marshal would turn a bytearray or an ndarray into bytes)
and no container is reached twice (aliasing and cycles are the codec's job).
"""
from __future__ import annotations

import marshal
from typing import Any

MARKER = b"\x00"  # a codec message starts with a letter, never with this byte
_LEAVES = frozenset({type(None), bool, int, float, str, bytes, complex})
_SEQUENCES = frozenset({list, tuple, set, frozenset})
MAX_ITEMS = 1_000_000  # beyond this, checking costs more than the codec would save


def marshallable(value: Any) -> bool:
    """True if marshal round-trips `value` exactly: plain types only, each container once."""
    stack, seen, items = [value], set(), 0
    while stack:
        v = stack.pop()
        kind = type(v)
        if kind in _LEAVES:
            continue
        items += 1
        if items > MAX_ITEMS or id(v) in seen:
            return False
        if kind in _SEQUENCES:
            seen.add(id(v))
            stack.extend(v)
        elif kind is dict:
            seen.add(id(v))
            stack.extend(v.keys())
            stack.extend(v.values())
        else:
            return False
    return True


def call(target: int | None, name: str | None, args: list, kwargs: dict) -> bytes | None:
    """The fast bytes of one call on the object with handle `target` (None: the module)."""
    if not (marshallable(args) and marshallable(kwargs)):
        return None
    return MARKER + marshal.dumps(("call", target, name, args, kwargs))


def batch(steps: list[tuple[int | None, str | None, list, dict]]) -> bytes | None:
    """The fast bytes of calls whose results the test does not use, or None."""
    if not marshallable(steps):
        return None
    return MARKER + marshal.dumps(("batch", steps))


def read(data: bytes, objects: dict[int, Any]) -> dict:
    """The worker's side: the request as the codec would have decoded it, handles resolved."""
    message = marshal.loads(data[len(MARKER):])

    def resolve(oid: int | None) -> Any:
        if oid is None:
            return None
        if oid not in objects:
            raise ValueError(f"no object with handle {oid}")
        return objects[oid]

    if message[0] == "call":
        _, target, name, args, kwargs = message
        return {"op": "call", "target": resolve(target), "name": name, "args": args, "kwargs": kwargs}
    if message[0] == "batch":
        return {"op": "batch", "calls": [(resolve(t), n, a, k) for t, n, a, k in message[1]]}
    raise ValueError(f"unknown fast request {message[0]!r}")
