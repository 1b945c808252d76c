"""Safe pickle: an allow-list unpickler and a static audit of the globals a pickle imports.

Reference solution. See exercises/formats/safe_pickle.py for the statement.
"""
from __future__ import annotations

import _compat_pickle
import copyreg
import importlib
import io
import pickle
import pickletools
from typing import Iterable

# What pickle itself needs for builtin containers and scalars at protocols 0-5: sets,
# frozensets, bytearrays and complex numbers are pickled as calls at low protocols, and
# bytes at protocols 0-2 as _codecs.encode(text, 'latin1') (empty bytes as bytes()).
BASE_GLOBALS = frozenset(
    {"builtins.set", "builtins.frozenset", "builtins.bytes", "builtins.bytearray", "builtins.complex", "_codecs.encode"}
)

# Plain-data types from the standard library that load when `allowed` is not given.
DEFAULT_ALLOWED = frozenset(
    {
        "collections.OrderedDict",
        "datetime.date",
        "datetime.datetime",
        "datetime.time",
        "datetime.timedelta",
        "datetime.timezone",
        "decimal.Decimal",
    }
)

DYNAMIC = "<dynamic>"


class UnsafePickleError(pickle.UnpicklingError):
    """The pickle names a global that is not on the allow-list (nothing of it ran)."""


def py3_global(module: str, name: str) -> tuple[str, str]:
    """The (module, qualname) Python 3 loads for a pickle's global: protocols 0-2 write
    Python 2 names such as ('__builtin__', 'set'); the default find_class maps them the same way.

    >>> py3_global("__builtin__", "set"), py3_global("copy_reg", "_reconstructor")
    (('builtins', 'set'), ('copyreg', '_reconstructor'))
    """
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


class _AllowListUnpickler(pickle.Unpickler):
    def __init__(self, file, allowed: frozenset[str]):
        super().__init__(file)
        self._allowed = allowed

    def find_class(self, module: str, name: str):
        # Every way a pickle reaches a callable (GLOBAL, STACK_GLOBAL, INST, EXT*) goes
        # through find_class, so refusing here stops the payload before any REDUCE runs.
        # The check is on the exact 'module.qualname': an allow-list, never a deny-list,
        # because there are endless ways to do harm (eval, getattr, open, FileHandler...).
        module, name = py3_global(module, name)
        full = f"{module}.{name}"
        if full not in self._allowed:
            raise UnsafePickleError(f"refused global {full!r}: it is not on the allow-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
        # only below protocol 3). Dotted qualnames (protocol 4+) are walked attribute by attribute.
        obj = importlib.import_module(module)
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj


def _check_data(data: object, fn: str) -> None:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"{fn} expects bytes, got {type(data).__name__}")
    if len(data) == 0:
        raise pickle.UnpicklingError("empty pickle: no bytes to load")


def _check_allowed(allowed: object) -> None:
    what = "safe_loads expects allowed as a collection of 'module.qualname' strs"
    # A str is iterable too: "collections.OrderedDict" would allow its characters.
    if isinstance(allowed, (str, bytes)) or not isinstance(allowed, Iterable):
        raise TypeError(f"{what}, got {type(allowed).__name__}")


def safe_loads(data: bytes, allowed: Iterable[str] | None = None) -> object:
    """Unpickle `data`, importing only BASE_GLOBALS and `allowed` (DEFAULT_ALLOWED if None)."""
    _check_data(data, "safe_loads")
    if allowed is not None:
        _check_allowed(allowed)
        allowed = frozenset(allowed)
        for item in allowed:
            if not isinstance(item, str):
                raise TypeError("safe_loads expects allowed as a collection of 'module.qualname' strs, "
                                f"got an item of type {type(item).__name__}")
    allow = BASE_GLOBALS | (DEFAULT_ALLOWED if allowed is None else frozenset(allowed))
    try:
        return _AllowListUnpickler(io.BytesIO(data), allow).load()
    except pickle.UnpicklingError:  # includes UnsafePickleError: keep its message
        raise
    except Exception as exc:  # EOFError on truncation, TypeError from an allowed type, ...
        raise pickle.UnpicklingError(f"malformed pickle: {type(exc).__name__}: {exc}") from exc


_STRING_OPS = frozenset(
    {"STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"}
)
_PUT_OPS = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})
_GET_OPS = frozenset({"GET", "BINGET", "LONG_BINGET"})
_EXT_OPS = frozenset({"EXT1", "EXT2", "EXT4"})
_MARK, _ANY = object(), object()  # a MARK on the simulated stack; a value we do not track


def audit(data: bytes) -> list[str]:
    """The globals `data` would import, in order, without running anything."""
    _check_data(data, "audit")
    names: list[str] = []
    stack: list[object] = []
    memo: dict[int, object] = {}

    def seen(name: str) -> None:
        if name not in names:
            names.append(name)

    try:
        for op, arg, _pos in pickletools.genops(data):
            kind = op.name
            if kind in ("GLOBAL", "INST"):  # text arg "module name"
                module, _, name = arg.partition(" ")
                seen(".".join(py3_global(module, name)))
            elif kind == "STACK_GLOBAL":  # module and name are the top two stack items
                module, name = stack[-2], stack[-1]
                ok = isinstance(module, str) and isinstance(name, str)
                seen(".".join(py3_global(module, name)) if ok else DYNAMIC)
            elif kind in _EXT_OPS:
                key = copyreg._inverted_registry.get(arg)
                if key is None:
                    raise ValueError(f"unregistered extension code {arg}")
                seen(".".join(py3_global(*key)))

            # Track the stack just enough to know what STACK_GLOBAL will pop: strings by
            # value, memo puts and gets, DUP; anything else by its declared stack effect
            # (the same bookkeeping pickletools.dis does), values unknown.
            if kind in _PUT_OPS:
                memo[arg] = stack[-1]
                continue
            if kind == "MEMOIZE":
                memo[len(memo)] = stack[-1]
                continue
            if kind in _GET_OPS:
                stack.append(memo[arg])
                continue
            if kind == "DUP":
                stack.append(stack[-1])
                continue
            before = op.stack_before
            if pickletools.markobject in before or (kind == "POP" and stack and stack[-1] is _MARK):
                while stack[-1] is not _MARK:  # IndexError when there is no MARK: malformed
                    stack.pop()
                stack.pop()
                n_pop = before.index(pickletools.markobject) if pickletools.markobject in before else 0
            else:
                n_pop = len(before)
            if n_pop > len(stack):
                raise ValueError(f"{kind} pops {n_pop} items from a stack of {len(stack)}")
            del stack[len(stack) - n_pop :]
            if kind in _STRING_OPS:
                stack.append(arg)
            else:
                stack.extend(_MARK if x is pickletools.markobject else _ANY for x in op.stack_after)
    except (ValueError, IndexError, KeyError) as exc:
        raise pickle.UnpicklingError(f"malformed pickle: {type(exc).__name__}: {exc}") from exc
    return names
