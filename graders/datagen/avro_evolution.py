"""Random schema evolutions for formats.avro_evolution, and fastavro as the oracle.

`evolution()` draws a writer schema, a record valid for it, and a reader schema made from
the writer's by random edits a team might make (drop, add with or without a default,
promote or demote a type, rename with or without an alias, add or remove enum symbols,
wrap in or unwrap from a union with null, reorder). `fastavro_read` writes the record
with fastavro and reads it back with the reader's schema.

fastavro agrees with the Avro spec on everything drawn here except bytes defaults (it
returns the JSON string unconverted), so no bytes field is ever added with a default.
"""
from __future__ import annotations

import copy
import functools
import io

from hypothesis import strategies as st

SCALARS = ("boolean", "int", "long", "float", "double", "bytes", "string")
WRITER_FIELDS = ("id", "price", "name", "tags", "owner", "score", "flag", "note")
NEW_FIELDS = ("qty", "zip", "kind", "ts", "label", "rank")
NUMBERS = ("int", "long", "float", "double")
SYMBOLS = ("RED", "GREEN", "BLUE", "BLACK", "WHITE")
EDITS = (
    "drop", "add_default", "add_no_default", "retype", "retype", "retype", "rename_alias",
    "rename", "wrap_null", "reorder", "rename_record",
)

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


# ---------------------------------------------------------------- values
# Strategies are built once: building them per example costs more than the test itself.

_BOOL = st.booleans()
_INT32 = st.integers(*INT32)
_INT64 = st.integers(*INT64)
_FLOAT32 = st.floats(width=32, allow_nan=False)
_DOUBLE = st.floats(allow_nan=False)
_BYTES = st.one_of(st.binary(max_size=6), st.text(max_size=4).map(lambda s: s.encode("utf-8")))
_TEXT = st.text(max_size=6)
_KEY = st.text(max_size=3)
_DEFAULT_FLOAT = st.floats(-1e6, 1e6, width=32)


@functools.lru_cache(maxsize=None)
def _below(n: int) -> st.SearchStrategy:
    return st.integers(0, n - 1)


def choose(draw, seq):
    """One element of `seq` (a cheap st.sampled_from)."""
    seq = list(seq)
    return seq[draw(_below(len(seq)))]


def subset(draw, seq, min_size: int, max_size: int) -> list:
    """Distinct elements of `seq`, in a random order."""
    pool = list(seq)
    out = []
    for _ in range(min_size + draw(_below(max_size - min_size + 1))):
        if not pool:
            break
        out.append(pool.pop(draw(_below(len(pool)))))
    return out


def value(draw, schema):
    """A Python value valid for `schema` (float fields get float32-exact values)."""
    if isinstance(schema, list):
        return value(draw, choose(draw, schema))
    kind = schema["type"] if isinstance(schema, dict) else schema
    simple = {"null": None, "boolean": _BOOL, "int": _INT32, "long": _INT64, "float": _FLOAT32,
              "double": _DOUBLE, "bytes": _BYTES, "string": _TEXT}
    if kind in simple:
        return None if kind == "null" else draw(simple[kind])
    if kind == "enum":
        return choose(draw, schema["symbols"])
    if kind == "array":
        return [value(draw, schema["items"]) for _ in range(draw(_below(4)))]
    if kind == "map":
        return {draw(_KEY): value(draw, schema["values"]) for _ in range(draw(_below(4)))}
    if kind == "record":
        return {f["name"]: value(draw, f["type"]) for f in schema["fields"]}
    raise ValueError(f"no values for {schema!r}")


def json_default(draw, schema):
    """A JSON default for `schema` (finite floats; unions default to null, the first branch)."""
    if isinstance(schema, list):
        return None
    kind = schema["type"] if isinstance(schema, dict) else schema
    if kind in ("float", "double"):
        return draw(_DEFAULT_FLOAT)
    if kind == "array":
        return [3] if schema["items"] in ("int", "long") and draw(_BOOL) else []
    if kind == "map":
        return {}
    return value(draw, schema)


# ---------------------------------------------------------------- schemas


class _Names:
    """Unique names for named types inside one schema (Avro requires them)."""

    def __init__(self):
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"


def _type(draw, names: _Names, depth: int, allow_bytes=True):
    scalars = SCALARS if allow_bytes else tuple(s for s in SCALARS if s != "bytes")
    options = ["scalar"] * 4 + ["enum", "union", "array", "map"] + (["record"] if depth > 0 else [])
    choice = choose(draw, options)
    if choice == "scalar":
        return choose(draw, scalars)
    if choice == "enum":
        symbols = subset(draw, SYMBOLS, 1, 4)
        return {"type": "enum", "name": names("Color"), "symbols": symbols}
    if choice == "union":
        inner = choose(draw, ["scalar", "scalar", "enum"] + (["record"] if depth > 0 else []))
        if inner == "scalar":
            return ["null", choose(draw, scalars)]
        if inner == "enum":
            symbols = subset(draw, SYMBOLS, 1, 3)
            return ["null", {"type": "enum", "name": names("Color"), "symbols": symbols}]
        return ["null", _record(draw, names, depth - 1, names("Rec"))]
    if choice == "array":
        return {"type": "array", "items": choose(draw, scalars)}
    if choice == "map":
        return {"type": "map", "values": choose(draw, scalars)}
    return _record(draw, names, depth - 1, names("Rec"))


def _record(draw, names: _Names, depth: int, name: str) -> dict:
    field_names = subset(draw, WRITER_FIELDS, 1, 4)
    return {"type": "record", "name": name, "fields": [
        {"name": n, "type": _type(draw, names, depth)} for n in field_names
    ]}


def _records_in(schema, out: list) -> list:
    """Every record schema inside `schema` (itself, field types, union branches)."""
    if isinstance(schema, list):
        for b in schema:
            _records_in(b, out)
    elif isinstance(schema, dict) and schema["type"] == "record":
        out.append(schema)
        for f in schema["fields"]:
            _records_in(f["type"], out)
    return out


# ---------------------------------------------------------------- edits


def _retype(draw, t, names: _Names):
    """A new type for a field: a promotion, a demotion, an unrelated type, or an enum/union edit."""
    if isinstance(t, list):
        how = choose(draw, ["unwrap", "inner"])
        if how == "unwrap":
            return t[1]
        inner = _retype(draw, t[1], names)
        return ["null", "string" if inner == "null" else inner]
    if isinstance(t, str):
        if t in NUMBERS and draw(_below(3)) > 0:  # mostly a promotion or a demotion
            return choose(draw, NUMBERS)
        return choose(draw, SCALARS + ("null",))
    kind = t["type"]
    if kind in ("array", "map"):
        key = "items" if kind == "array" else "values"
        if draw(_below(5)) == 0:  # array <-> map
            other = "map" if kind == "array" else "array"
            return {"type": other, ("values" if other == "map" else "items"): t[key]}
        return {**t, key: choose(draw, SCALARS)}
    if kind == "enum":
        t = copy.deepcopy(t)
        how = choose(draw, ["add", "remove", "remove", "default", "rename_alias", "rename"])
        spare = [s for s in SYMBOLS if s not in t["symbols"]]
        if how == "add" and spare:
            t["symbols"].append(choose(draw, spare))
        elif how == "remove" and len(t["symbols"]) > 1:
            t["symbols"].remove(choose(draw, t["symbols"]))
        elif how == "rename_alias":
            t["aliases"] = [t["name"]]
            t["name"] = names("Hue")
        elif how == "rename":
            t["name"] = names("Hue")
        if how == "default" or draw(_below(3)) == 0:
            t["default"] = choose(draw, t["symbols"])
        elif t.get("default") not in t["symbols"]:
            t.pop("default", None)
        return t
    if kind == "record":  # fields are edited separately; here: the record's name
        t = copy.deepcopy(t)
        if draw(_BOOL):
            t["aliases"] = [t["name"]]
        t["name"] = names("Renamed")
        return t
    raise AssertionError(t)


def _edit(draw, reader: dict, writer_names: set, names: _Names, kinds=EDITS) -> str:
    record = choose(draw, _records_in(reader, []))
    fields = record["fields"]
    edit = choose(draw, kinds)
    taken = {f["name"] for f in fields} | writer_names
    spare = [n for n in NEW_FIELDS if n not in taken]
    if edit in ("drop", "retype", "rename_alias", "rename", "wrap_null") and not fields:
        edit = "add_default"
    if edit in ("add_default", "add_no_default", "rename_alias", "rename") and not spare:
        edit = "reorder"
    if edit == "drop":
        fields.remove(choose(draw, fields))
    elif edit in ("add_default", "add_no_default"):
        t = _type(draw, names, 0, allow_bytes=False)
        field = {"name": choose(draw, spare), "type": t}
        if edit == "add_default":
            field["default"] = json_default(draw, t)
        fields.insert(draw(_below(len(fields) + 1)), field)
    elif edit == "retype":
        field = choose(draw, fields)
        field["type"] = _retype(draw, field["type"], names)
        _redefault(draw, field)
    elif edit in ("rename_alias", "rename"):
        field = choose(draw, fields)
        if edit == "rename_alias":
            field["aliases"] = field.get("aliases", []) + [field["name"]]
        field["name"] = choose(draw, spare)
    elif edit == "wrap_null":
        field = choose(draw, fields)
        if not isinstance(field["type"], list) and field["type"] != "null":
            field["type"] = ["null", field["type"]]
            _redefault(draw, field)
    elif edit == "reorder":
        record["fields"] = subset(draw, fields, len(fields), len(fields))
    elif edit == "rename_record":
        renamed = _retype(draw, {**record, "fields": []}, names)
        record["name"] = renamed["name"]
        if "aliases" in renamed:
            record["aliases"] = renamed["aliases"]
    return edit


def _redefault(draw, field: dict) -> None:
    """After a type change, a default that fits the new type (none for bytes: see above)."""
    if "default" in field:
        if "bytes" in repr(field["type"]):
            del field["default"]
        else:
            field["default"] = json_default(draw, field["type"])


@st.composite
def evolution(draw, max_depth: int = 1, max_edits: int = 3, min_edits: int = 0, kinds=EDITS):
    """(writer_schema, record, reader_schema, edits): a record written with the writer's
    schema and a reader's schema made from it by min_edits..max_edits random edits drawn
    from `kinds` (see EDITS)."""
    names = _Names()
    writer = _record(draw, names, max_depth, "Item")
    record = value(draw, writer)
    reader = copy.deepcopy(writer)
    writer_names = {f["name"] for r in _records_in(writer, []) for f in r["fields"]}
    n_edits = min_edits + draw(_below(max_edits - min_edits + 1))
    edits = [_edit(draw, reader, writer_names, names, kinds) for _ in range(n_edits)]
    return writer, record, reader, edits


# ---------------------------------------------------------------- fastavro


def fastavro_read(writer: dict, reader: dict | None, record: dict):
    """("ok", value) or ("error", exception): fastavro's view of reading `record`."""
    import fastavro

    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, copy.deepcopy(writer), record)
    buf.seek(0)
    try:
        return "ok", fastavro.schemaless_reader(
            buf, copy.deepcopy(writer), copy.deepcopy(reader) if reader is not None else None
        )
    except (fastavro.read.SchemaResolutionError, UnicodeDecodeError) as exc:
        return "error", exc


def encode(writer: dict, record: dict) -> bytes:
    """fastavro's schemaless binary encoding of `record`."""
    import fastavro

    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, copy.deepcopy(writer), record)
    return buf.getvalue()


def witnesses(schema) -> list:
    """Records that together visit every branch of `schema`: each enum symbol at every enum,
    the null branch of every union (with the unions around it not null), non-empty arrays
    and maps. Failures are local to a value, so a reader can read every record of the
    writer's schema exactly when fastavro reads all of these."""
    enums, n_unions = _enums_in(schema, []), repr(schema).count("'null'")
    n_symbols = max([len(s["symbols"]) for s in enums] or [1])
    return [_witness(schema, j, -1, 0) for j in range(n_symbols)] + [
        _witness(schema, 0, d, 0) for d in range(n_unions)
    ]


def _enums_in(schema, out: list) -> list:
    if isinstance(schema, list):
        for b in schema:
            _enums_in(b, out)
    elif isinstance(schema, dict):
        if schema["type"] == "enum":
            out.append(schema)
        elif schema["type"] == "record":
            for f in schema["fields"]:
                _enums_in(f["type"], out)
    return out


def _witness(schema, j: int, null_depth: int, depth: int):
    """Enums take symbol j; unions nested `null_depth` unions deep are null, outer ones not."""
    if isinstance(schema, list):
        non_null = [b for b in schema if b != "null"]
        if depth == null_depth or not non_null:
            return None
        return _witness(non_null[0], j, null_depth, depth + 1)
    kind = schema["type"] if isinstance(schema, dict) else schema
    simple = {"null": None, "boolean": True, "int": 3, "long": 3, "float": 1.5, "double": 1.5,
              "bytes": b"ok", "string": "ok"}
    if kind in simple:
        return simple[kind]
    if kind == "enum":
        return schema["symbols"][j % len(schema["symbols"])]
    if kind == "array":
        return [_witness(schema["items"], j, null_depth, depth)]
    if kind == "map":
        return {"k": _witness(schema["values"], j, null_depth, depth)}
    return {f["name"]: _witness(f["type"], j, null_depth, depth) for f in schema["fields"]}


def same(a, b) -> bool:
    """Equal and of the same types all the way down (1 != 1.0, True != 1 here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b
