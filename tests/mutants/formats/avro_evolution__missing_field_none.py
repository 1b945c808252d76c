"""Avro schema evolution: can data written with one schema be read with another, and how.

MUTANT: a reader-only field without a default reads as None instead of failing.

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
REPLACE = [
    (
        r"""                _check(wf["type"], rf["type"], _join(path, rf["name"]))
            elif "default" not in rf:
                raise _no_default(path, rf)
    elif kind == "enum":
""",
        r"""                _check(wf["type"], rf["type"], _join(path, rf["name"]))
            # BUG: a field with no default is taken to default to None
    elif kind == "enum":
""",
    ),
    (
        r"""            else:
                raise _no_default(path, rf)
        return out  # writer-only fields are skipped
""",
        r"""            else:
                out[rf["name"]] = None  # BUG: like a missing column in pandas; Avro says error
        return out  # writer-only fields are skipped
""",
    ),
]
