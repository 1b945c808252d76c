"""Avro schema evolution: read last year's data with this year's schema.

Table 3-1 lists Avro as "binary primary, not human-readable" (Hadoop). Binary buys size:
the record Item {id: int, price: float} holding {7, 12.5} is 5 bytes, 0e 00 00 48 41 (a
zigzag varint, then a little-endian float32), against 21 as compact JSON. But those bytes hold no
field names and no types, so a reader must decode them with the writer's schema. When a
schema evolves, Avro *resolves* the writer's schema against the reader's (Avro spec,
"Schema Resolution"). Write the two halves of that:

- can_read(writer, reader): can EVERY record written with `writer` be read with `reader`?
- resolve(record, writer, reader): a record (as decoded with the writer's schema) as the
  reader sees it.

The rules:
- Records and enums match when their names are equal or the writer's name is one of the
  reader's "aliases".
- Fields match by name, or when the writer's field name is one of the reader field's
  "aliases" (name first). Writer-only fields are dropped. A reader-only field takes its
  "default" (use `default_value`, given below); with no default it is an error.
- A primitive reads as the same type or a promotion: int -> long, float, double;
  long -> float, double; float -> double; string <-> bytes. Promoted numbers become
  Python floats (7 -> 7.0); string -> bytes encodes UTF-8, bytes -> string decodes it.
- An enum symbol the reader has is kept; one it lacks becomes the reader's enum "default",
  or with no default it is an error.
- Unions are ["null", T]. A writer union wrote None as null, anything else as T. A reader
  union reads with its first branch that matches the writer's type (null matches only
  null). A writer's null read as a reader type without null is an error.
- Arrays and maps resolve their items and values.

can_read looks at schemas only: a writer ["null", "int"] read as "long" is False (some
record may hold None), an enum symbol the reader lacks without a default is False, bytes
-> string is True (one record's bytes may still not be UTF-8: resolve raises for it).

Scope: record schemas whose fields are primitives (null, boolean, int, long, float,
double, bytes, string), enums, unions ["null", T], arrays and maps of primitives, and
nested records, all written inline (no named references, no namespaces, no fixed). A
primitive may be written "int" or {"type": "int"}.

    >>> writer = {"type": "record", "name": "Item", "fields": [
    ...     {"name": "id", "type": "int"}, {"name": "price", "type": "float"}]}
    >>> reader = {"type": "record", "name": "Item", "fields": [
    ...     {"name": "id", "type": "long"},
    ...     {"name": "cost", "type": "double", "aliases": ["price"]},
    ...     {"name": "currency", "type": "string", "default": "USD"}]}
    >>> can_read(writer, reader), can_read(reader, writer)   # long -> int is a demotion
    (True, False)
    >>> resolve({"id": 7, "price": 12.5}, writer, reader)
    {'id': 7, 'cost': 12.5, 'currency': 'USD'}

resolve raises SchemaResolutionError (below; a ValueError) with a message naming the field
(nested fields as a dotted path, e.g. "owner.zip") for: a reader field with no default
that the writer lacks; types that do not match (including record or enum names); an enum
symbol the reader lacks with no default; None where the reader has no null; bytes that are
not UTF-8 read as string. A top-level schema that is not a record raises ValueError, and
so does an empty one ({}: "the writer's schema has no 'type'") or a record without a
"fields" list ("the reader's record schema 'Item' has no 'fields' list"). A record with
no fields is fine. Arguments of the wrong type raise TypeError naming the function and the
parameter: a schema that is not a dict, str or list ("can_read expects writer_schema as a
dict, got NoneType"), a record that is not a dict ("resolve expects record as a dict, got
str"; JSON text must be parsed first). An empty record {} is a record missing its fields.
The tests compare both functions with fastavro on randomly evolved schemas.

Run its tests: pytest exercises/formats/test_avro_evolution.py   (or: kata check formats.avro_evolution)
"""
from __future__ import annotations

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")


class SchemaResolutionError(ValueError):
    """Data written with the writer's schema cannot be read with the reader's."""


def default_value(schema, value):
    """A field's JSON default as the Python value the reader sees (given complete).

    Avro writes defaults as JSON: a bytes default is a string of code points 0-255
    ("\\u00ff" -> b"\\xff"), a float may be written 1, a union's default belongs to its
    first branch (so ["null", T] defaults to None).
    """
    kind = schema if isinstance(schema, str) else ("union" if isinstance(schema, list) else schema["type"])
    if isinstance(kind, (dict, list)):  # {"type": {"type": "array", ...}}
        return default_value(kind, value)
    if kind == "union":
        return None if value is None else default_value([b for b in schema if b != "null"][0], value)
    if kind == "bytes":
        return value.encode("latin-1") if isinstance(value, str) else bytes(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "array":
        return [default_value(schema["items"], v) for v in value]
    if kind == "map":
        return {k: default_value(schema["values"], v) for k, v in value.items()}
    if kind == "record":
        return {
            f["name"]: default_value(f["type"], value[f["name"]] if f["name"] in value else f["default"])
            for f in schema["fields"]
        }
    return value


def can_read(writer_schema: dict, reader_schema: dict) -> bool:
    """True if every record written with `writer_schema` can be read with `reader_schema`.

    (about 35 lines with its helpers; share the "does this type match" test with resolve)
    """
    # TODO: both top-level schemas must be records, else ValueError. can_read({"type": "int"}, ...) -> ValueError
    # TODO: a kind-of-schema helper: "int" / {"type": "int"} -> "int", [...] -> "union", {"type": "record", ...} -> "record"
    # TODO: a shallow match: same primitive or a promotion ("int" vs "double" -> True),
    #       records/enums by name or reader alias, arrays/maps by their item/value types
    # TODO: writer union: every branch must be readable; reader union: its first matching branch
    # TODO: records: each reader field finds its writer field (name, then aliases) and
    #       recurses, or has a "default". {id} read as {id, qty (no default)} -> False
    # TODO: enums: every writer symbol in the reader's symbols, or the reader has a default
    raise NotImplementedError("can_read")


def resolve(record: dict, writer_schema: dict, reader_schema: dict) -> dict:
    """`record` (decoded with `writer_schema`) as a reader with `reader_schema` sees it.

    (about 45 lines with its helpers)
    """
    # TODO: recurse with (value, writer type, reader type, path) so errors can name "owner.zip"
    # TODO: writer union: None -> the "null" branch, else T; reader union: first branch that matches
    # TODO: records: build {reader field: resolved value}; writer-only fields are dropped;
    #       a missing one takes default_value(field["type"], field["default"]) or raises
    #       resolve({"id": 7}, {id: int}, {id: long, n: int default 0}) -> {"id": 7, "n": 0}
    # TODO: enums: keep the symbol, else the reader enum's "default", else raise
    # TODO: promotions: int/long -> float(value); string -> value.encode(); bytes -> value.decode()
    # TODO: a type that does not match -> SchemaResolutionError naming the field
    raise NotImplementedError("resolve")
