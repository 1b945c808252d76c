"""Avro schema evolution: can data written with one schema be read with another, and how.

MUTANT: a reader-only field without a default reads as None instead of failing.

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
REPLACE = [
    (
        r"""            if wf is not None:
                _check(wf["type"], rf["type"], _join(path, rf["name"]))
            elif "default" not in rf:
                raise _no_default(path, rf)
    elif kind == "enum":
        missing = [s for s in writer["symbols"] if s not in reader["symbols"]]
""",
        r"""            if wf is not None:
                _check(wf["type"], rf["type"], _join(path, rf["name"]))
            # BUG: a field with no default is taken to default to None
    elif kind == "enum":
        missing = [s for s in writer["symbols"] if s not in reader["symbols"]]
""",
    ),
    (
        r"""                out[rf["name"]] = default_value(rf["type"], rf["default"])
            else:
                raise _no_default(path, rf)
        return out  # writer-only fields are skipped
    if kind == "enum":
""",
        r"""                out[rf["name"]] = default_value(rf["type"], rf["default"])
            else:
                out[rf["name"]] = None  # BUG: like a missing column in pandas; Avro says error
        return out  # writer-only fields are skipped
    if kind == "enum":
""",
    ),
]
