"""Mutant of formats.safe_pickle: compares the raw names, so protocols 0-2 (which write __builtin__.set) cannot load a set."""
REPLACE = [
    (
        r"""        module, name = py3_global(module, name)
        full = f"{module}.{name}"
""",
        r"""        full = f"{module}.{name}"  # the raw name as written: '__builtin__.set' at protocols 0-2
""",
    ),
    (
        r"""        obj = importlib.import_module(module)
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj
""",
        r"""        return super().find_class(module, name)
""",
    ),
]
