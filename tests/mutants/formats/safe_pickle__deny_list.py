"""Mutant of formats.safe_pickle: a deny-list of os/subprocess/eval/exec instead of an allow-list; io.open, getattr and FileHandler get through."""
REPLACE = [
    (
        r"""DYNAMIC = "<dynamic>"


class UnsafePickleError(pickle.UnpicklingError):
""",
        r"""DYNAMIC = "<dynamic>"

# Known-dangerous names: modules that run commands, and the builtins that run code.
DENIED_MODULES = frozenset({"os", "posix", "nt", "subprocess", "shutil", "sys", "pty", "socket"})
DENIED_NAMES = frozenset({"builtins.eval", "builtins.exec", "builtins.compile", "builtins.__import__"})


class UnsafePickleError(pickle.UnpicklingError):
""",
    ),
    (
        r"""        module, name = py3_global(module, name)
        full = f"{module}.{name}"
        if full not in self._allowed:
            raise UnsafePickleError(f"refused global {full!r}: it is not on the allow-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
        # only below protocol 3). Dotted qualnames (protocol 4+) are walked attribute by attribute.
""",
        r"""        module, name = py3_global(module, name)
        full = f"{module}.{name}"
        if module.split(".")[0] in DENIED_MODULES or full in DENIED_NAMES:
            raise UnsafePickleError(f"refused global {full!r}: it is on the deny-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
        # only below protocol 3). Dotted qualnames (protocol 4+) are walked attribute by attribute.
""",
    ),
]
