"""Avro schema evolution: can data written with one schema be read with another, and how.

MUTANT: an enum symbol the reader lacks reads as None instead of the default or an error.

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
REPLACE = [
    (
        r"""        if "default" in reader:
            return reader["default"]
        raise _no_symbol(path, value, reader)
""",
        r"""        return reader.get("default")  # BUG: None when the reader's enum has no default
""",
    ),
]
