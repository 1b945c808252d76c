"""Mutant of formats.safe_pickle: audit reads only GLOBAL and INST, so every protocol 4+ import goes unlisted."""
REPLACE = [
    (
        r"""            elif kind == "STACK_GLOBAL":  # module and name are the top two stack items
                module, name = stack[-2], stack[-1]
                ok = isinstance(module, str) and isinstance(name, str)
                seen(".".join(py3_global(module, name)) if ok else DYNAMIC)
""",
        r"""""",
    ),
]
