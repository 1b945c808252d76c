"""Avro schema evolution: can data written with one schema be read with another, and how.

Reference solution. See exercises/formats/avro_evolution.py for the statement.

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
from __future__ import annotations

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
# Writer type -> reader types it may be promoted to (Avro spec, "Schema Resolution").
PROMOTIONS = {
    "int": ("long", "float", "double"),
    "long": ("float", "double"),
    "float": ("double",),
    "string": ("bytes",),
    "bytes": ("string",),
}


class SchemaResolutionError(ValueError):
    """Data written with the writer's schema cannot be read with the reader's."""


def default_value(schema, value):
    """A field's JSON default as the Python value the reader sees (Avro spec, "default").

    Given complete in the stub: a bytes default is a string of code points 0-255
    ("\\u00ff" -> b"\\xff"); a union's default belongs to its first branch.
    fastavro returns bytes defaults as the raw string; we follow the spec.
    """
    kind = _kind(schema)
    if kind == "union":
        return None if value is None else default_value(schema[0] if schema[0] != "null" else schema[1], value)
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


def _kind(schema) -> str:
    """'int', 'record', 'union', ... for any schema form ("int", {"type": "int"}, [...])."""
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, dict):
        schema = schema.get("type")
        if isinstance(schema, (dict, list)):  # {"type": {"type": "array", ...}}
            return _kind(schema)
    if schema in PRIMITIVES or schema in ("record", "enum", "array", "map"):
        return schema
    raise ValueError(f"unsupported schema {schema!r} (this kata's scope: primitives, records, enums, "
                     "arrays, maps, unions with null)")


def _unwrap(schema):
    """{"type": "int"} -> "int"; {"type": {...}} -> {...}; anything else unchanged."""
    while isinstance(schema, dict) and isinstance(schema.get("type"), (dict, list)):
        schema = schema["type"]
    if isinstance(schema, dict) and schema.get("type") in PRIMITIVES:
        return schema["type"]
    return schema


def _names_match(writer: dict, reader: dict) -> bool:
    return writer["name"] == reader["name"] or writer["name"] in reader.get("aliases", ())


def _matches(writer, reader) -> bool:
    """The spec's shallow match: same kind (or a promotion), same name for named types."""
    wk, rk = _kind(writer), _kind(reader)
    if wk in PRIMITIVES:
        return wk == rk or rk in PROMOTIONS.get(wk, ())
    if wk != rk:
        return False
    if wk in ("record", "enum"):
        return _names_match(writer, reader)
    if wk == "array":
        return _matches(_unwrap(writer)["items"], _unwrap(reader)["items"])
    if wk == "map":
        return _matches(_unwrap(writer)["values"], _unwrap(reader)["values"])
    return True  # union vs union: resolved branch by branch


def _reader_branch(writer, reader_union: list, path: str):
    """The first branch of the reader's union that matches the writer's (non-union) type."""
    for branch in reader_union:
        if _matches(writer, branch):
            return branch
    raise SchemaResolutionError(f"{path}: writer type {_kind(writer)!r} matches no branch of the reader's union")


def _field_map(writer: dict) -> dict:
    return {f["name"]: f for f in writer["fields"]}


def _writer_field(reader_field: dict, writer_fields: dict):
    """The writer's field a reader field reads: same name first, then one of its aliases."""
    if reader_field["name"] in writer_fields:
        return writer_fields[reader_field["name"]]
    for alias in reader_field.get("aliases", ()):
        if alias in writer_fields:
            return writer_fields[alias]
    return None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _mismatch(path: str, writer, reader) -> SchemaResolutionError:
    where = f"field {path!r}" if path else "top-level record"
    return SchemaResolutionError(f"{where}: writer type {_describe(writer)} cannot be read as {_describe(reader)}")


def _describe(schema) -> str:
    kind = _kind(schema)
    if kind in ("record", "enum"):
        return f"{kind} {_unwrap(schema)['name']!r}"
    return repr(kind)


def _check(writer, reader, path: str) -> None:
    """Raise SchemaResolutionError unless every datum of `writer` can be read as `reader`."""
    writer, reader = _unwrap(writer), _unwrap(reader)
    if isinstance(writer, list):  # any branch may have been written: all must be readable
        for branch in writer:
            _check(branch, reader, path)
        return
    if isinstance(reader, list):
        _check(writer, _reader_branch(writer, reader, path or "top-level record"), path)
        return
    if not _matches(writer, reader):
        raise _mismatch(path, writer, reader)
    kind = _kind(writer)
    if kind == "record":
        writer_fields = _field_map(writer)
        for rf in reader["fields"]:
            wf = _writer_field(rf, writer_fields)
            if wf is not None:
                _check(wf["type"], rf["type"], _join(path, rf["name"]))
            elif "default" not in rf:
                raise _no_default(path, rf)
    elif kind == "enum":
        missing = [s for s in writer["symbols"] if s not in reader["symbols"]]
        if missing and "default" not in reader:
            raise _no_symbol(path, missing[0], reader)
    elif kind == "array":
        _check(writer["items"], reader["items"], path + "[]")
    elif kind == "map":
        _check(writer["values"], reader["values"], path + "{}")


def _no_default(path: str, reader_field: dict) -> SchemaResolutionError:
    name = _join(path, reader_field["name"])
    return SchemaResolutionError(f"field {name!r}: not in the writer's schema and the reader gives no default")


def _no_symbol(path: str, symbol: str, reader: dict) -> SchemaResolutionError:
    return SchemaResolutionError(
        f"field {path!r}: enum symbol {symbol!r} is not in the reader's {reader['name']!r} "
        f"symbols {reader['symbols']} and the reader's enum has no default"
    )


def _resolve(value, writer, reader, path: str):
    writer, reader = _unwrap(writer), _unwrap(reader)
    if isinstance(writer, list):
        # Which branch wrote this value? In scope unions are ["null", T]: None means null.
        non_null = [b for b in writer if _unwrap(b) != "null"]
        writer = "null" if value is None and "null" in writer else _unwrap(non_null[0])
    if isinstance(reader, list):
        reader = _unwrap(_reader_branch(writer, reader, path or "top-level record"))
    if not _matches(writer, reader):
        raise _mismatch(path, writer, reader)
    kind, target = _kind(writer), _kind(reader)
    if kind == "record":
        writer_fields = _field_map(writer)
        out = {}
        for rf in reader["fields"]:
            wf = _writer_field(rf, writer_fields)
            if wf is not None:
                if wf["name"] not in value:
                    raise ValueError(f"record has no value for the writer's field {_join(path, wf['name'])!r}")
                out[rf["name"]] = _resolve(value[wf["name"]], wf["type"], rf["type"], _join(path, rf["name"]))
            elif "default" in rf:
                out[rf["name"]] = default_value(rf["type"], rf["default"])
            else:
                raise _no_default(path, rf)
        return out  # writer-only fields are skipped
    if kind == "enum":
        if value in reader["symbols"]:
            return value
        if "default" in reader:
            return reader["default"]
        raise _no_symbol(path, value, reader)
    if kind == "array":
        return [_resolve(v, writer["items"], reader["items"], path + "[]") for v in value]
    if kind == "map":
        return {k: _resolve(v, writer["values"], reader["values"], path + "{}") for k, v in value.items()}
    # Primitives: same type, or one of the promotions.
    if target in ("float", "double") and kind in ("int", "long"):
        return float(value)
    if kind == "string" and target == "bytes":
        return value.encode("utf-8")
    if kind == "bytes" and target == "string":
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise SchemaResolutionError(f"field {path!r}: bytes {bytes(value)!r} are not UTF-8 text") from None
    return value


def _top_level(schema, role: str, fn: str) -> dict:
    # A str or list is a schema (a primitive or a union), just not a record: ValueError below.
    if not isinstance(schema, (dict, str, list)):
        raise TypeError(f"{fn} expects {role}_schema as a dict, got {type(schema).__name__}")
    if isinstance(schema, dict) and "type" not in schema:
        raise ValueError(f"the {role}'s schema has no 'type': {schema!r}")
    schema = _unwrap(schema)
    if _kind(schema) != "record":
        raise ValueError(f"the {role}'s schema must be a record, got {schema!r}")
    if not isinstance(schema.get("fields"), list):
        raise ValueError(f"the {role}'s record schema {schema.get('name')!r} has no 'fields' list")
    return schema


def can_read(writer_schema: dict, reader_schema: dict) -> bool:
    """True if every record written with `writer_schema` can be read with `reader_schema`."""
    writer = _top_level(writer_schema, "writer", "can_read")
    reader = _top_level(reader_schema, "reader", "can_read")
    try:
        _check(writer, reader, "")
    except SchemaResolutionError:
        return False
    return True


def resolve(record: dict, writer_schema: dict, reader_schema: dict) -> dict:
    """`record`, decoded with `writer_schema`, as a reader with `reader_schema` sees it."""
    if not isinstance(record, dict):
        raise TypeError(f"resolve expects record as a dict, got {type(record).__name__}")
    writer = _top_level(writer_schema, "writer", "resolve")
    reader = _top_level(reader_schema, "reader", "resolve")
    return _resolve(record, writer, reader, "")
