"""Mutant of formats.safe_pickle: checks only the module, so builtins.set on the list lets builtins.eval and getattr through."""
REPLACE = [
    (
        r"""        module, name = py3_global(module, name)
        full = f"{module}.{name}"
        if full not in self._allowed:
            raise UnsafePickleError(f"refused global {full!r}: it is not on the allow-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
""",
        r"""        module, name = py3_global(module, name)
        full = f"{module}.{name}"
        if module not in {allowed.rpartition(".")[0] for allowed in self._allowed}:
            raise UnsafePickleError(f"refused global {full!r}: it is not on the allow-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
""",
    ),
]
