"""Mutant of formats.safe_pickle: checks only the module, so builtins.set on the list lets builtins.eval and getattr through."""
REPLACE = [
    (
        r"""        if full not in self._allowed:
""",
        r"""        if module not in {allowed.rpartition(".")[0] for allowed in self._allowed}:
""",
    ),
]
