"""Safe pickle: load an allow-list of types, refuse everything else before it runs.

Table 3-1 lists Pickle (binary, not human-readable) for Python and PyTorch serialization.
A pickle is a small program: GLOBAL / STACK_GLOBAL opcodes import any callable by name
and REDUCE calls it, so an object whose __reduce__ returns (os.system, ("rm -rf ...",))
runs that command inside pickle.loads. The Python docs say: never unpickle untrusted
data; PyTorch made torch.load(weights_only=True) the default for this reason. The docs'
"Restricting Globals" recipe overrides pickle.Unpickler.find_class, the one door every
global goes through. Build that loader with an *allow-list*: a deny-list of os.system
and friends always misses one (io.open, getattr, logging.FileHandler ...). Then write a
static audit that lists the globals a pickle would import without running any of it.

    >>> import pickle, collections
    >>> safe_loads(pickle.dumps({"a": [1, 2.5, None], "b": {3}}))
    {'a': [1, 2.5, None], 'b': {3}}
    >>> try: safe_loads(pickle.dumps(eval))
    ... except UnsafePickleError as e: print(e)
    refused global 'builtins.eval': it is not on the allow-list
    >>> audit(pickle.dumps(collections.OrderedDict(a=1), protocol=0))
    ['collections.OrderedDict']
    >>> audit(pickle.dumps({1, 2}, protocol=2)), audit(pickle.dumps({1, 2}, protocol=4))
    (['builtins.set'], [])

Rules the tests check:
- Builtin scalars and containers (None, bool, int, float, complex, str, bytes, bytearray,
  list, tuple, dict, set, frozenset) always load, at every protocol 0-5: pickle needs
  the globals in BASE_GLOBALS for some of them. Other globals load only if their exact
  'module.qualname' is in `allowed` (DEFAULT_ALLOWED when `allowed` is None; an empty
  set allows nothing beyond BASE_GLOBALS). Names are compared as Python 3 loads them:
  protocols 0-2 write Python 2 names ('__builtin__.set'); py3_global maps them.
- A refused global raises UnsafePickleError (a pickle.UnpicklingError, defined below)
  whose message starts "refused global 'module.qualname'", and nothing of the payload
  runs: the tests use payloads that create a file if they run, and check it is absent.
- Malformed or truncated data raises pickle.UnpicklingError from both functions (wrap
  EOFError and any other error raised while loading, e.g. a TypeError from an allowed type).
- Empty data (b"") raises pickle.UnpicklingError("empty pickle: no bytes to load") from
  both. Arguments of the wrong type raise TypeError naming the function: data must be
  bytes (or bytearray, memoryview): "safe_loads expects bytes, got str"; allowed must be
  None or a collection of strs, not one str (that would allow its characters):
  "safe_loads expects allowed as a collection of 'module.qualname' strs, got str".
- audit lists each global once, in order of first appearance, as 'module.qualname';
  a STACK_GLOBAL whose operands are not string constants is listed as DYNAMIC.

Run its tests: pytest exercises/formats/test_safe_pickle.py   (or: kata check formats.safe_pickle)
"""
from __future__ import annotations

import _compat_pickle
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
        """Called for every global the pickle names; return the object or refuse. (about 8 lines)"""
        # TODO: module, name = py3_global(module, name); full = f"{module}.{name}"
        #       e.g. ("__builtin__", "eval") -> "builtins.eval"
        # TODO: full not in self._allowed -> raise UnsafePickleError(f"refused global {full!r}: ...")
        # TODO: load exactly what you checked: importlib.import_module(module), then getattr
        #       for each part of name.split(".")   e.g. "datetime" + "datetime" -> datetime.datetime
        raise NotImplementedError("find_class")


def safe_loads(data: bytes, allowed: Iterable[str] | None = None) -> object:
    """Unpickle `data`, importing only BASE_GLOBALS and `allowed` (DEFAULT_ALLOWED if None).

    (about 8 lines)
    """
    # TODO: allow = BASE_GLOBALS | (DEFAULT_ALLOWED if allowed is None else frozenset(allowed))
    # TODO: _AllowListUnpickler(io.BytesIO(data), allow).load()
    # TODO: let pickle.UnpicklingError (and so UnsafePickleError) through unchanged; wrap any
    #       other Exception: safe_loads(b"") -> pickle.UnpicklingError (EOFError inside)
    raise NotImplementedError("safe_loads")


def audit(data: bytes) -> list[str]:
    """The globals `data` would import, in order, without running anything.

    (about 35 lines)
    """
    # TODO: walk the opcodes with pickletools.genops(data) -> (opcode, arg, position)
    # TODO: GLOBAL and INST carry the name in arg: "copy_reg _reconstructor" -> "copyreg._reconstructor"
    # TODO: STACK_GLOBAL (protocol 4+) pops module and name off the stack, so simulate the stack:
    #       string opcodes (opcode.name in STRING, BINSTRING, SHORT_BINSTRING, UNICODE, BINUNICODE,
    #       SHORT_BINUNICODE, BINUNICODE8) push arg; PUT/BINPUT/LONG_BINPUT and MEMOIZE copy the
    #       top into the memo (MEMOIZE's key is len(memo)); GET/BINGET/LONG_BINGET push memo[arg]
    #       e.g. "builtins" MEMOIZE POP "os" POP BINGET 0 "eval" STACK_GLOBAL -> "builtins.eval"
    # TODO: any other opcode: pop len(opcode.stack_before) items and push len(opcode.stack_after)
    #       unknown ones; pickletools.markobject in stack_before means "pop down to the last MARK"
    #       (see how pickletools.dis does it); a POP of a MARK pops the mark
    # TODO: genops' ValueError, a stack underflow or a missing memo key -> pickle.UnpicklingError
    raise NotImplementedError("audit")
