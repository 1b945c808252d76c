"""Mutant of formats.safe_pickle: compares the raw names, so protocols 0-2 (which write __builtin__.set) cannot load a set."""
REPLACE = [
    (
        r"""        # The check is on the exact 'module.qualname': an allow-list, never a deny-list,
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


""",
        r"""        # The check is on the exact 'module.qualname': an allow-list, never a deny-list,
        # because there are endless ways to do harm (eval, getattr, open, FileHandler...).
        full = f"{module}.{name}"  # the raw name as written: '__builtin__.set' at protocols 0-2
        if full not in self._allowed:
            raise UnsafePickleError(f"refused global {full!r}: it is not on the allow-list")
        # Load exactly the name we checked (the base find_class would map Python 2 names
        # only below protocol 3). Dotted qualnames (protocol 4+) are walked attribute by attribute.
        return super().find_class(module, name)


""",
    ),
]
