"""Visible tests for formats.avro_evolution. Run: pytest exercises/formats/test_avro_evolution.py"""
import pytest
from hypothesis import given

from graders import kata
from graders.datagen import avro_evolution as gen

avro = kata("formats.avro_evolution")


def record(name, *fields, **extra):
    """record("Item", ("id", "int"), ("qty", "int", {"default": 0})) -> an Avro record schema."""
    out = {"type": "record", "name": name, "fields": []}
    for field in fields:
        entry = {"name": field[0], "type": field[1]}
        if len(field) > 2:
            entry.update(field[2])
        out["fields"].append(entry)
    out.update(extra)
    return out


ITEM = record("Item", ("id", "int"), ("price", "float"))
ITEM_V2 = record(
    "Item",
    ("id", "long"),
    ("cost", "double", {"aliases": ["price"]}),
    ("currency", "string", {"default": "USD"}),
)
COLOR = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}


def resolved(rec, writer, reader):
    """resolve(), and the same call written out for assertion messages."""
    return avro.resolve(rec, writer, reader), f"resolve({rec!r}, writer, reader)"


def test_the_five_bytes_resolve_to_the_new_schema():
    raw = gen.encode(ITEM, {"id": 7, "price": 12.5})
    assert raw == bytes.fromhex("0e 00 00 48 41"), f"fastavro wrote {raw.hex(' ')}, the chapter's example is 0e 00 00 48 41"
    _, decoded = gen.fastavro_read(ITEM, None, {"id": 7, "price": 12.5})
    got, call = resolved(decoded, ITEM, ITEM_V2)
    expected = {"id": 7, "cost": 12.5, "currency": "USD"}
    assert got == expected, f"{call} returned {got}, expected {expected}"


def test_statement_example_can_read_both_ways():
    assert avro.can_read(ITEM, ITEM_V2) is True, "can_read(Item v1, Item v2) should be True: promotions, an alias, a default"
    assert avro.can_read(ITEM_V2, ITEM) is False, "can_read(Item v2, Item v1) should be False: long -> int is a demotion"


def test_writer_only_fields_are_dropped():
    reader = record("Item", ("id", "int"))
    got, call = resolved({"id": 1, "price": 2.5}, ITEM, reader)
    assert got == {"id": 1}, f"{call} returned {got}, expected {{'id': 1}}"
    assert avro.can_read(ITEM, reader) is True


def test_reader_only_field_takes_its_default():
    reader = record("Item", ("id", "int"), ("price", "float"), ("qty", "int", {"default": 1}),
                    ("tags", {"type": "array", "items": "string"}, {"default": []}))
    got, call = resolved({"id": 1, "price": 2.5}, ITEM, reader)
    expected = {"id": 1, "price": 2.5, "qty": 1, "tags": []}
    assert got == expected, f"{call} returned {got}, expected {expected}"


def test_bytes_default_is_a_string_of_code_points():
    reader = record("Item", ("id", "int"), ("tag", "bytes", {"default": "\u00ff\u0001"}))
    got, call = resolved({"id": 1, "price": 2.5}, ITEM, reader)
    assert got == {"id": 1, "tag": b"\xff\x01"}, f"{call} returned {got}, expected tag b'\\xff\\x01' (spec: code points 0-255)"


def test_reader_only_field_without_default_is_an_error_naming_it():
    reader = record("Item", ("id", "int"), ("qty", "int"))
    assert avro.can_read(ITEM, reader) is False, "can_read should be False: 'qty' has no default"
    with pytest.raises(avro.SchemaResolutionError, match="qty"):
        avro.resolve({"id": 1, "price": 2.5}, ITEM, reader)


PROMOTIONS = [
    ("int", "long", 7, 7), ("int", "float", 7, 7.0), ("int", "double", 7, 7.0),
    ("long", "float", 2**40, float(2**40)), ("long", "double", -3, -3.0),
    ("float", "double", 0.5, 0.5), ("string", "bytes", "h\u00e9", "h\u00e9".encode()),
    ("bytes", "string", "h\u00e9".encode(), "h\u00e9"),
]


@pytest.mark.parametrize("w, r, value, expected", PROMOTIONS, ids=[f"{w}->{r}" for w, r, _, _ in PROMOTIONS])
def test_promotions(w, r, value, expected):
    writer, reader = record("R", ("x", w)), record("R", ("x", r))
    assert avro.can_read(writer, reader) is True, f"can_read(x: {w}, x: {r}) should be True"
    got, call = resolved({"x": value}, writer, reader)
    assert got == {"x": expected} and type(got["x"]) is type(expected), (
        f"{call} with x: {w} -> {r} returned {got!r}, expected {{'x': {expected!r}}}"
    )


@pytest.mark.parametrize("w, r, value", [
    ("long", "int", 7), ("double", "float", 0.5), ("float", "int", 1.0), ("int", "string", 1),
    ("boolean", "int", True), ("string", "int", "7"),
], ids=lambda v: str(v))
def test_demotions_and_unrelated_types_fail(w, r, value):
    writer, reader = record("R", ("x", w)), record("R", ("x", r))
    assert avro.can_read(writer, reader) is False, f"can_read(x: {w}, x: {r}) should be False"
    with pytest.raises(avro.SchemaResolutionError, match="x"):
        avro.resolve({"x": value}, writer, reader)


def test_field_alias_and_record_alias():
    reader = record("Product", ("id", "int"), ("amount", "float", {"aliases": ["price"]}), aliases=["Item"])
    assert avro.can_read(ITEM, reader) is True, "a renamed record and field with aliases should be readable"
    got, call = resolved({"id": 1, "price": 2.5}, ITEM, reader)
    assert got == {"id": 1, "amount": 2.5}, f"{call} returned {got}, expected {{'id': 1, 'amount': 2.5}}"


def test_renamed_record_without_alias_does_not_match():
    reader = record("Product", ("id", "int"), ("price", "float"))
    assert avro.can_read(ITEM, reader) is False, "records named Item and Product (no alias) do not match"
    with pytest.raises(avro.SchemaResolutionError):
        avro.resolve({"id": 1, "price": 2.5}, ITEM, reader)


def test_enum_symbols():
    writer = record("Car", ("color", COLOR))
    fewer = record("Car", ("color", {**COLOR, "symbols": ["RED", "GREEN"]}))
    with_default = record("Car", ("color", {**COLOR, "symbols": ["RED", "GREEN"], "default": "RED"}))
    assert avro.resolve({"color": "GREEN"}, writer, fewer) == {"color": "GREEN"}, "a symbol the reader has is kept"
    got, call = resolved({"color": "BLUE"}, writer, with_default)
    assert got == {"color": "RED"}, f"{call} returned {got}, expected the reader enum's default 'RED'"
    assert avro.can_read(writer, with_default) is True, "an enum default makes any writer symbol readable"
    assert avro.can_read(writer, fewer) is False, "BLUE has nowhere to go without a default"
    with pytest.raises(avro.SchemaResolutionError, match="color"):
        avro.resolve({"color": "BLUE"}, writer, fewer)


def test_unions_with_null():
    plain = record("R", ("x", "int"))
    nullable = record("R", ("x", ["null", "long"]))
    assert avro.can_read(plain, nullable) is True, "int read as ['null', 'long'] should be readable"
    assert avro.resolve({"x": 5}, plain, nullable) == {"x": 5}
    assert avro.can_read(nullable, plain) is False, "['null', 'long'] read as int: None has nowhere to go (and long -> int)"
    back = record("R", ("x", "double"))
    assert avro.can_read(nullable, back) is False, "['null', 'long'] read as double: None has nowhere to go"
    got, call = resolved({"x": 5}, nullable, back)
    assert got == {"x": 5.0}, f"{call} returned {got}, expected {{'x': 5.0}}: this record holds no None"
    with pytest.raises(avro.SchemaResolutionError, match="x"):
        avro.resolve({"x": None}, nullable, back)


def test_nested_record_error_names_the_path():
    address = record("Address", ("city", "string"))
    writer = record("User", ("name", "string"), ("owner", address))
    reader = record("User", ("name", "string"), ("owner", record("Address", ("city", "string"), ("zip", "string"))))
    assert avro.can_read(writer, reader) is False
    with pytest.raises(avro.SchemaResolutionError, match="zip"):
        avro.resolve({"name": "a", "owner": {"city": "b"}}, writer, reader)


def test_arrays_and_maps_promote_their_items():
    writer = record("R", ("xs", {"type": "array", "items": "int"}), ("m", {"type": "map", "values": "float"}))
    reader = record("R", ("xs", {"type": "array", "items": "double"}), ("m", {"type": "map", "values": "double"}))
    got, call = resolved({"xs": [1, 2], "m": {"a": 0.5}}, writer, reader)
    assert got == {"xs": [1.0, 2.0], "m": {"a": 0.5}}, f"{call} returned {got}"
    assert avro.can_read(reader, writer) is False, "array<double> read as array<int> is a demotion"


def test_top_level_must_be_a_record():
    with pytest.raises(ValueError):
        avro.can_read("int", "long")


@given(gen.evolution(max_depth=1, max_edits=2))
def test_resolve_agrees_with_fastavro(case):
    writer, rec, reader, edits = case
    _, decoded = gen.fastavro_read(writer, None, rec)  # floats rounded to float32 as stored
    status, expected = gen.fastavro_read(writer, reader, rec)
    call = f"resolve({decoded!r}, {writer}, {reader}) after edits {edits}"
    if status == "error":
        with pytest.raises(avro.SchemaResolutionError):
            avro.resolve(decoded, writer, reader)
            pytest.fail(f"{call} returned instead of raising; fastavro raised {expected!r}")
    else:
        got = avro.resolve(decoded, writer, reader)
        assert gen.same(got, expected), f"{call} returned {got!r}, fastavro read {expected!r}"


@given(gen.evolution(max_depth=1, max_edits=2))
def test_can_read_agrees_with_fastavro(case):
    writer, _, reader, edits = case
    readable = all(gen.fastavro_read(writer, reader, w)[0] == "ok" for w in gen.witnesses(writer))
    got = avro.can_read(writer, reader)
    assert got is readable, (
        f"can_read({writer}, {reader}) returned {got}, but fastavro "
        f"{'reads' if readable else 'fails on'} records covering every enum symbol and union branch "
        f"(edits: {edits})"
    )


def test_record_must_be_a_dict_not_json_text():
    schema = {"type": "record", "name": "Item", "fields": [{"name": "id", "type": "int"}]}
    with pytest.raises(TypeError, match="resolve expects record as a dict, got str"):
        avro.resolve('{"id": 7}', schema, schema)
