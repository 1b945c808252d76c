"""Hidden tests for formats.avro_evolution: deeper random evolutions against fastavro, and
the edge cases behind each rule (aliases everywhere, demotions inside containers and
unions, defaults that must not be None, enum defaults, untouched inputs)."""
import copy

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import avro_evolution as gen

avro = kata("formats.avro_evolution")


def record(name, *fields, **extra):
    out = {"type": "record", "name": name, "fields": []}
    for field in fields:
        entry = {"name": field[0], "type": field[1]}
        if len(field) > 2:
            entry.update(field[2])
        out["fields"].append(entry)
    out.update(extra)
    return out


def agree_with_fastavro(writer, rec, reader):
    """resolve() must return what fastavro reads, or raise where fastavro raises."""
    _, decoded = gen.fastavro_read(writer, None, rec)
    status, expected = gen.fastavro_read(writer, reader, rec)
    call = f"resolve({decoded!r}, {writer}, {reader})"
    if status == "error":
        with pytest.raises(avro.SchemaResolutionError):
            avro.resolve(decoded, writer, reader)
            pytest.fail(f"{call} returned instead of raising; fastavro raised {expected!r}")
    else:
        got = avro.resolve(decoded, writer, reader)
        assert gen.same(got, expected), f"{call} returned {got!r}, fastavro read {expected!r}"
    return status


def can_read_oracle(writer, reader):
    return all(gen.fastavro_read(writer, reader, w)[0] == "ok" for w in gen.witnesses(writer))


# Shrinking a failing evolution re-runs fastavro hundreds of times; a grader needs the
# verdict and one example, not the smallest one (the visible tests do shrink).
no_shrink = settings(phases=[Phase.explicit, Phase.reuse, Phase.generate])


# ------------------------------------------------------------------ random evolutions


@no_shrink
@given(gen.evolution(max_depth=2, max_edits=4))
def test_deep_evolutions_resolve_like_fastavro(case):
    writer, rec, reader, edits = case
    agree_with_fastavro(writer, rec, reader)


@no_shrink
@given(gen.evolution(max_depth=2, max_edits=4))
def test_deep_evolutions_can_read_like_fastavro(case):
    writer, _, reader, edits = case
    expected = can_read_oracle(writer, reader)
    got = avro.can_read(writer, reader)
    assert got is expected, f"can_read({writer}, {reader}) returned {got}, expected {expected} (edits {edits})"


@no_shrink
@given(gen.evolution(max_depth=1, min_edits=1, max_edits=3, kinds=("retype",)))
def test_type_changes_like_fastavro(case):
    """Promotions, demotions, enum symbol edits, union wrapping and unwrapping only."""
    writer, rec, reader, edits = case
    agree_with_fastavro(writer, rec, reader)
    expected = can_read_oracle(writer, reader)
    got = avro.can_read(writer, reader)
    assert got is expected, f"can_read({writer}, {reader}) returned {got}, expected {expected}"


@no_shrink
@given(gen.evolution(max_depth=2, max_edits=0))
def test_same_schema_is_identity_and_readable(case):
    writer, rec, _, _ = case
    _, decoded = gen.fastavro_read(writer, None, rec)
    assert avro.can_read(writer, writer) is True, f"can_read(s, s) must be True for {writer}"
    got = avro.resolve(copy.deepcopy(decoded), writer, writer)
    assert gen.same(got, decoded), f"resolve(r, s, s) returned {got!r}, expected the record unchanged {decoded!r}"


@no_shrink
@given(gen.evolution(max_depth=1, max_edits=3))
def test_can_read_true_means_every_witness_resolves(case):
    writer, _, reader, _ = case
    if avro.can_read(writer, reader):
        for w in gen.witnesses(writer):
            _, decoded = gen.fastavro_read(writer, None, w)
            status, expected = gen.fastavro_read(writer, reader, w)
            got = avro.resolve(decoded, writer, reader)
            assert gen.same(got, expected), f"resolve({decoded!r}, ...) returned {got!r}, fastavro read {expected!r}"


# ------------------------------------------------------------------ aliases

ITEM = record("Item", ("id", "int"), ("price", "float"))


def test_field_alias_inside_a_nested_record():
    writer = record("Order", ("item", ITEM))
    reader = record("Order", ("item", record("Item", ("id", "int"), ("cost", "double", {"aliases": ["price"]}))))
    assert avro.can_read(writer, reader) is True, "a nested field renamed with an alias should be readable"
    got = avro.resolve({"item": {"id": 1, "price": 0.25}}, writer, reader)
    assert got == {"item": {"id": 1, "cost": 0.25}}, f"resolve(nested alias) returned {got}"


def test_field_with_several_aliases_uses_the_one_the_writer_has():
    reader = record("Item", ("id", "int"), ("amount", "float", {"aliases": ["cost", "price"]}))
    got = avro.resolve({"id": 3, "price": 1.5}, ITEM, reader)
    assert got == {"id": 3, "amount": 1.5}, f"resolve(aliases ['cost', 'price']) returned {got}"


def test_name_wins_over_alias():
    writer = record("R", ("a", "int"), ("b", "int"))
    reader = record("R", ("b", "int", {"aliases": ["a"]}))
    got = avro.resolve({"a": 1, "b": 2}, writer, reader)
    assert got == {"b": 2}, f"reader field 'b' (alias 'a') should read the writer's 'b', got {got}"


def test_writer_aliases_do_not_count():
    writer = record("Item", ("id", "int"), ("price", "float", {"aliases": ["cost"]}))
    reader = record("Item", ("id", "int"), ("cost", "float"))
    assert avro.can_read(writer, reader) is False, "only the READER's aliases map old names"
    with pytest.raises(avro.SchemaResolutionError, match="cost"):
        avro.resolve({"id": 1, "price": 1.5}, writer, reader)


def test_renamed_enum_with_and_without_alias():
    color = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}
    writer = record("Car", ("c", color))
    hue_alias = record("Car", ("c", {"type": "enum", "name": "Hue", "symbols": ["RED", "GREEN"], "aliases": ["Color"]}))
    hue = record("Car", ("c", {"type": "enum", "name": "Hue", "symbols": ["RED", "GREEN"]}))
    assert avro.can_read(writer, hue_alias) is True, "enum Hue with alias Color should read Color"
    assert avro.resolve({"c": "GREEN"}, writer, hue_alias) == {"c": "GREEN"}
    assert avro.can_read(writer, hue) is False, "enum Hue without alias does not match Color"
    with pytest.raises(avro.SchemaResolutionError, match="c"):
        avro.resolve({"c": "GREEN"}, writer, hue)


def test_renamed_nested_record_needs_an_alias():
    writer = record("Order", ("item", ITEM))
    renamed = record("Order", ("item", record("Product", ("id", "int"), ("price", "float"))))
    aliased = record("Order", ("item", record("Product", ("id", "int"), ("price", "float"), aliases=["Item"])))
    assert avro.can_read(writer, renamed) is False, "nested record Item read as Product (no alias) must fail"
    assert avro.can_read(writer, aliased) is True, "nested record Item read as Product (alias Item) must work"
    with pytest.raises(avro.SchemaResolutionError, match="item"):
        avro.resolve({"item": {"id": 1, "price": 1.0}}, writer, renamed)


# ------------------------------------------------------------------ promotions

DEMOTIONS = [("long", "int"), ("double", "float"), ("double", "long"), ("float", "long"),
             ("long", "string"), ("null", "int"), ("boolean", "long")]


@pytest.mark.parametrize("w, r", DEMOTIONS, ids=[f"{w}->{r}" for w, r in DEMOTIONS])
def test_demotions_are_refused_everywhere(w, r):
    places = {
        "field": (w, r),
        "array": ({"type": "array", "items": w}, {"type": "array", "items": r}),
        "map": ({"type": "map", "values": w}, {"type": "map", "values": r}),
    }
    if w != "null":  # null read as ["null", r] is fine
        places["union"] = (["null", w], ["null", r])
    for where, (wt, rt) in places.items():
        writer, reader = record("R", ("x", wt)), record("R", ("x", rt))
        assert avro.can_read(writer, reader) is False, f"can_read(x: {wt}, x: {rt}) must be False ({where})"


def test_demotion_in_an_empty_array_still_fails():
    writer = record("R", ("xs", {"type": "array", "items": "long"}))
    reader = record("R", ("xs", {"type": "array", "items": "int"}))
    assert agree_with_fastavro(writer, {"xs": []}, reader) == "error"


def test_long_to_int_fails_even_for_small_values():
    writer, reader = record("R", ("n", "long")), record("R", ("n", "int"))
    with pytest.raises(avro.SchemaResolutionError, match="n"):
        avro.resolve({"n": 1}, writer, reader)


def test_dict_form_primitives():
    writer = record("R", ("n", {"type": "int"}), ("s", {"type": "string"}))
    reader = record("R", ("n", {"type": "double"}), ("s", "bytes"))
    assert avro.can_read(writer, reader) is True
    got = avro.resolve({"n": 2, "s": "\u00e9"}, writer, reader)
    assert got == {"n": 2.0, "s": "\u00e9".encode()} and type(got["n"]) is float, f"returned {got!r}"


def test_bytes_that_are_not_utf8_cannot_become_a_string():
    writer, reader = record("R", ("b", "bytes")), record("R", ("b", "string"))
    assert avro.can_read(writer, reader) is True, "bytes -> string is a legal promotion"
    with pytest.raises(avro.SchemaResolutionError, match="b"):
        avro.resolve({"b": b"\xff\xfe"}, writer, reader)


# ------------------------------------------------------------------ defaults

@pytest.mark.parametrize("field_type", ["int", ["null", "int"], "string", {"type": "array", "items": "int"},
                                        {"type": "enum", "name": "E", "symbols": ["A"]}],
                         ids=["int", "nullable", "string", "array", "enum"])
def test_missing_field_without_default_is_never_none(field_type):
    reader = record("Item", ("id", "int"), ("extra", field_type))
    assert avro.can_read(ITEM, reader) is False, f"'extra' ({field_type}) has no default: can_read must be False"
    with pytest.raises(avro.SchemaResolutionError, match="extra"):
        avro.resolve({"id": 1, "price": 1.0}, ITEM, reader)


def test_missing_nested_field_names_its_path():
    writer = record("User", ("owner", record("Address", ("city", "string"))))
    reader = record("User", ("owner", record("Address", ("city", "string"), ("zip", "string"))))
    with pytest.raises(avro.SchemaResolutionError, match=r"owner\.zip"):
        avro.resolve({"owner": {"city": "x"}}, writer, reader)


def test_defaults_of_every_kind():
    reader = record(
        "Item", ("id", "long"),
        ("note", ["null", "string"], {"default": None}),
        ("score", "double", {"default": 1}),
        ("tags", {"type": "map", "values": "long"}, {"default": {"a": 1}}),
        ("color", {"type": "enum", "name": "C", "symbols": ["X", "Y"]}, {"default": "Y"}),
        ("raw", "bytes", {"default": "\u0000A"}),
    )
    got = avro.resolve({"id": 4, "price": 1.0}, ITEM, reader)
    expected = {"id": 4, "note": None, "score": 1.0, "tags": {"a": 1}, "color": "Y", "raw": b"\x00A"}
    assert got == expected and type(got["score"]) is float, f"resolve(defaults) returned {got!r}, expected {expected!r}"


def test_inputs_are_not_changed_and_defaults_are_copies():
    reader = record("Item", ("id", "int"), ("xs", {"type": "array", "items": "int"}, {"default": [1, 2]}))
    writer_before, reader_before = copy.deepcopy(ITEM), copy.deepcopy(reader)
    rec = {"id": 1, "price": 2.0}
    first = avro.resolve(rec, ITEM, reader)
    first["xs"].append(99)
    second = avro.resolve(rec, ITEM, reader)
    assert second["xs"] == [1, 2], "changing one result's default list changed the next result: return a copy"
    assert rec == {"id": 1, "price": 2.0} and ITEM == writer_before and reader == reader_before, (
        "resolve must not change its arguments"
    )


# ------------------------------------------------------------------ enums

COLOR = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}


@pytest.mark.parametrize("symbol", ["RED", "GREEN", "BLUE"])
def test_enum_missing_symbol_with_and_without_default(symbol):
    writer = record("Car", ("color", COLOR))
    fewer = record("Car", ("color", {**COLOR, "symbols": ["GREEN", "WHITE"]}))
    defaulted = record("Car", ("color", {**COLOR, "symbols": ["GREEN", "WHITE"], "default": "WHITE"}))
    expected = symbol if symbol == "GREEN" else "WHITE"
    got = avro.resolve({"color": symbol}, writer, defaulted)
    assert got == {"color": expected}, f"resolve({symbol}) with reader default WHITE returned {got}"
    if symbol == "GREEN":
        assert avro.resolve({"color": symbol}, writer, fewer) == {"color": "GREEN"}
    else:
        with pytest.raises(avro.SchemaResolutionError, match="color"):
            avro.resolve({"color": symbol}, writer, fewer)


def test_enum_reader_lacking_exactly_one_writer_symbol():
    writer = record("Car", ("color", {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}))
    fewer = record("Car", ("color", {"type": "enum", "name": "Color", "symbols": ["GREEN"]}))
    assert avro.can_read(writer, fewer) is False, "RED has nowhere to go without a default"
    assert avro.resolve({"color": "GREEN"}, writer, fewer) == {"color": "GREEN"}
    with pytest.raises(avro.SchemaResolutionError, match="color"):
        avro.resolve({"color": "RED"}, writer, fewer)


def test_enum_in_a_nullable_field():
    writer = record("Car", ("color", ["null", COLOR]))
    reader = record("Car", ("color", ["null", {**COLOR, "symbols": ["RED"], "default": "RED"}]))
    assert avro.can_read(writer, reader) is True
    assert avro.resolve({"color": None}, writer, reader) == {"color": None}
    assert avro.resolve({"color": "BLUE"}, writer, reader) == {"color": "RED"}


# ------------------------------------------------------------------ unions

def test_union_reads_with_the_first_matching_branch():
    writer = record("R", ("x", "int"), ("y", "null"))
    reader = record("R", ("x", ["null", "double"]), ("y", ["null", "int"]))
    got = avro.resolve({"x": 3, "y": None}, writer, reader)
    assert gen.same(got, {"x": 3.0, "y": None}), f"returned {got!r}, expected x promoted to 3.0 and y None"


def test_writer_union_to_incompatible_reader_union():
    writer = record("R", ("x", ["null", "int"]))
    reader = record("R", ("x", ["null", "boolean"]))
    assert avro.can_read(writer, reader) is False
    assert avro.resolve({"x": None}, writer, reader) == {"x": None}, "None still reads as null"
    with pytest.raises(avro.SchemaResolutionError, match="x"):
        avro.resolve({"x": 4}, writer, reader)


def test_nullable_nested_record_unwrapped():
    inner = record("Address", ("city", "string"))
    writer = record("User", ("home", ["null", inner]))
    reader = record("User", ("home", inner))
    assert avro.can_read(writer, reader) is False
    assert avro.resolve({"home": {"city": "x"}}, writer, reader) == {"home": {"city": "x"}}
    with pytest.raises(avro.SchemaResolutionError, match="home"):
        avro.resolve({"home": None}, writer, reader)


@pytest.mark.parametrize("bad", ["int", ["null", "int"], {"type": "array", "items": "int"}])
def test_top_level_must_be_a_record(bad):
    with pytest.raises(ValueError):
        avro.can_read(bad, ITEM)
    with pytest.raises(ValueError):
        avro.resolve({"id": 1}, ITEM, bad)


@given(st.sampled_from(["int", "long", "float", "double", "string", "bytes", "boolean"]),
       st.sampled_from(["int", "long", "float", "double", "string", "bytes", "boolean"]))
def test_every_primitive_pair_matches_fastavro(w, r):
    writer, reader = record("R", ("x", w)), record("R", ("x", r))
    samples = {"int": 5, "long": 2**40, "float": 0.5, "double": 0.1, "string": "ok", "bytes": b"ok", "boolean": True}
    rec = {"x": samples[w]}
    status = agree_with_fastavro(writer, rec, reader)
    assert avro.can_read(writer, reader) is (status == "ok"), f"can_read(x: {w}, x: {r}) disagrees with fastavro ({status})"


@pytest.mark.parametrize("bad, got", [(None, "NoneType"), (3, "int"), (b"{}", "bytes")])
def test_a_schema_of_the_wrong_type_is_a_type_error(bad, got):
    with pytest.raises(TypeError, match=f"^can_read expects writer_schema as a dict, got {got}"):
        avro.can_read(bad, ITEM)
    with pytest.raises(TypeError, match=f"^resolve expects reader_schema as a dict, got {got}"):
        avro.resolve({"id": 1}, ITEM, bad)


@pytest.mark.parametrize("bad, got", [('{"id": 1}', "str"), ([("id", 1)], "list"), (None, "NoneType")])
def test_a_record_that_is_not_a_dict_is_a_type_error(bad, got):
    with pytest.raises(TypeError, match=f"^resolve expects record as a dict, got {got}"):
        avro.resolve(bad, ITEM, ITEM)


def test_an_empty_schema_or_a_record_without_fields_is_a_value_error():
    with pytest.raises(ValueError, match="the writer's schema has no 'type'"):
        avro.can_read({}, ITEM)
    with pytest.raises(ValueError, match="the reader's record schema 'Item' has no 'fields' list"):
        avro.resolve({"id": 1}, ITEM, {"type": "record", "name": "Item"})
