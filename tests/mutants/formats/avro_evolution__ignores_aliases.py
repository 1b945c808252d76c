"""Avro schema evolution: can data written with one schema be read with another, and how.

MUTANT: aliases are ignored: fields and named types match by name only.

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
REPLACE = [
    (
        r"""    return writer["name"] == reader["name"] or writer["name"] in reader.get("aliases", ())
""",
        r"""    return writer["name"] == reader["name"]  # BUG: reader aliases ignored
""",
    ),
    (
        r"""    if reader_field["name"] in writer_fields:
        return writer_fields[reader_field["name"]]
    for alias in reader_field.get("aliases", ()):
        if alias in writer_fields:
            return writer_fields[alias]
    return None
""",
        r"""    return writer_fields.get(reader_field["name"])  # BUG: reader field aliases ignored
""",
    ),
]
