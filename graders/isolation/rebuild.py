"""Exceptions and result records of the candidate, rebuilt on the grader's side from plain fields.

An exception comes back as the class itself when the grader already has it (builtins, or a
module of the standard library or a dependency that the grader has imported), else as a
class of the same name built on the first such class below it in its MRO, labelled
"worker:<module>" so that no name the candidate picks reads as one of the grader's own.
Nothing is ever imported because the worker named it.
"""
from __future__ import annotations

import builtins
import dataclasses
import sys
from typing import Any

from graders.isolation import codec
from graders.isolation.errors import CandidateRaised, Tampering

# Bases of exceptions that are rebuilt as themselves: the standard library and the project's
# dependencies. Other classes in an exception's MRO are rebuilt by name on top of them.
TRUSTED_EXCEPTION_ROOTS = ("duckdb", "pyarrow", "pandas", "numpy", "jsonschema", "fastavro", "google")


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
