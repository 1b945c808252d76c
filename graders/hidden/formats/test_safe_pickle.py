"""Hidden tests for formats.safe_pickle: every payload at every protocol, custom allow-lists,
crafted opcode streams for audit, malformed data."""
import collections
import datetime
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import safe_pickle as sp

safe_pickle = kata("formats.safe_pickle")

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)
STATED_DEFAULT = {"collections.OrderedDict", "datetime.date", "datetime.datetime", "datetime.time",
                  "datetime.timedelta", "datetime.timezone", "decimal.Decimal"}
# A generous list that still leaves every payload's globals out.
GENEROUS = STATED_DEFAULT | {"collections.Counter", "collections.deque", "fractions.Fraction", "uuid.UUID",
                             "pathlib.PurePosixPath", "logging.LogRecord", "builtins.range", "builtins.slice"}


def u(s: str) -> bytes:
    """SHORT_BINUNICODE."""
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


@pytest.mark.parametrize("allowed", [None, "generous"], ids=["default", "generous-allow-list"])
@pytest.mark.parametrize("payload, protocol", sp.cases())
def test_every_payload_is_refused_at_every_protocol(payload, protocol, allowed, tmp_path):
    control = tmp_path / "control"
    sp.close_all(pickle.loads(payload.build(str(control), protocol)))
    assert control.exists(), f"test bug: {payload.name} did not create a file with pickle.loads"
    generous = None if allowed is None else GENEROUS
    target = tmp_path / "target"
    data = payload.build(str(target), protocol)
    expected = f"refused global '{payload.first_refused}'"
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape(expected)):
        sp.close_all(safe_pickle.safe_loads(data, allowed=generous))
    assert not target.exists(), f"safe_loads ran {payload.name} (protocol {protocol}): {target} was created"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_payload_after_good_data_in_one_pickle(protocol, tmp_path):
    target = tmp_path / "target"
    good = [collections.OrderedDict(a=1), datetime.date(2020, 1, 1), {1, 2}]
    bad = sp._Reduce(eval, f"open({str(target)!r}, 'w').close()")
    data = pickle.dumps({"good": good, "bad": bad}, protocol=protocol)
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape("refused global 'builtins.eval'")):
        safe_pickle.safe_loads(data)
    assert not target.exists()


@pytest.mark.parametrize(
    "module, name",
    [("builtins", "eval"), ("builtins", "getattr"), ("builtins", "__import__"), ("builtins", "open"),
     ("collections", "namedtuple"), ("datetime", "sys"), ("decimal", "getcontext"), ("os", "system"),
     ("subprocess", "Popen"), ("shutil", "rmtree"), ("importlib", "import_module"), ("pickle", "loads"),
     ("collections", "OrderedDict.fromkeys"), ("builtins", "set.__init__"), ("datetime", "datetime.now")],
)
@pytest.mark.parametrize("opcode", ["GLOBAL", "STACK_GLOBAL"])
def test_any_global_off_the_list_is_refused_by_exact_name(module, name, opcode):
    # Only referencing the global (no call) is enough to be refused.
    if opcode == "GLOBAL":
        data = b"c" + module.encode() + b"\n" + name.encode() + b"\n."
    else:
        data = b"\x80\x04" + u(module) + u(name) + b"\x93."
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape(f"refused global '{module}.{name}'")):
        safe_pickle.safe_loads(data)
    assert safe_pickle.audit(data) == [f"{module}.{name}"], f"audit({data!r}) returned {safe_pickle.audit(data)}"


@pytest.mark.parametrize("protocol", [0, 1, 2])
def test_python2_names_are_mapped_before_the_check(protocol):
    data = pickle.dumps([{1}, frozenset({2}), b"ab", b"", bytearray(b"c"), 1j], protocol=protocol)
    assert b"__builtin__" in data, "test bug: protocols 0-2 write __builtin__"
    got = safe_pickle.safe_loads(data, allowed=())
    assert got == [{1}, frozenset({2}), b"ab", b"", bytearray(b"c"), 1j], f"protocol {protocol}: got {got!r}"
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape("refused global 'builtins.getattr'")):
        safe_pickle.safe_loads(pickle.dumps(sp._Reduce(getattr, 1, "real"), protocol=protocol))


def test_allow_list_entries_must_match_exactly():
    assert set(safe_pickle.DEFAULT_ALLOWED) == STATED_DEFAULT, f"DEFAULT_ALLOWED is {sorted(safe_pickle.DEFAULT_ALLOWED)}"
    data = pickle.dumps(collections.OrderedDict(a=1), protocol=4)
    for allowed in [{"collections"}, {"collections.*"}, {"OrderedDict"}, {"collections.OrderedDic"}, {"Collections.OrderedDict"}]:
        with pytest.raises(safe_pickle.UnsafePickleError, match="collections.OrderedDict"):
            safe_pickle.safe_loads(data, allowed=allowed)
    for allowed in [["collections.OrderedDict"], ("collections.OrderedDict",), frozenset({"collections.OrderedDict"})]:
        got = safe_pickle.safe_loads(data, allowed=allowed)
        assert type(got) is collections.OrderedDict, f"safe_loads(..., allowed={allowed!r}) returned {got!r}"


def test_allowed_global_can_be_loaded_as_an_object():
    data = pickle.dumps([collections.OrderedDict, datetime.timedelta], protocol=3)
    got = safe_pickle.safe_loads(data)
    assert got == [collections.OrderedDict, datetime.timedelta], f"safe_loads(classes) returned {got!r}"


@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x04" + u("collections") + u("OrderedDict") + b"K\x01K\x02K\x03\x87R.",  # OrderedDict(1, 2, 3)
        b"\x80\x04" + u("decimal") + u("Decimal") + u("not a number!") + b"\x85R.",  # InvalidOperation
        b"\x80\x04" + u("datetime") + u("date") + b"K\x00\x85R.",  # date(0): ValueError
        b"\x80\x04P1\n.",  # persistent id with no persistent_load
        b"\x80\x04h\x07.",  # memo key that was never stored
        b"\x80\x04(K\x01e.",  # APPENDS without a list
        b"\x80\x04" + u("builtins") + u("set") + b"\x93K\x01\x85R.",  # set(1): TypeError
    ],
    ids=["wrong-args", "bad-decimal", "date-0", "persid", "memo-miss", "appends-no-list", "set-of-int"],
)
def test_errors_while_loading_become_unpickling_errors(data):
    with pytest.raises(Exception):  # test's own check: plain pickle fails on it too
        pickle.loads(data)
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.safe_loads(data)


@given(st.data())
def test_every_truncation_is_an_unpickling_error(data):
    protocol = data.draw(st.sampled_from(list(PROTOCOLS)), label="protocol")
    whole = pickle.dumps(sp.benign_value(), protocol=protocol)
    cut = data.draw(st.integers(0, len(whole) - 1), label="cut")
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.safe_loads(whole[:cut])
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.audit(whole[:cut])


@pytest.mark.parametrize(
    "data",
    [b"\x93.", b"\x80\x04" + u("x") + b"\x93.", b"\x80\x04h\x03.", b"\x80\x04e.", b"\x80\x04\xff.", b"\x80\x040.",
     b"\x80\x02\x82\xfd.", b"\x80\x02\x83\x34\x12."],
    ids=["stack-global-empty", "stack-global-one", "memo-miss", "appends-no-mark", "unknown-opcode", "pop-empty",
         "unregistered-ext1", "unregistered-ext2"],
)
def test_audit_of_malformed_streams(data):
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.audit(data)


def test_audit_stack_global_operands_that_are_not_constants_are_dynamic():
    # str('os') built by a call, memoized, then used as STACK_GLOBAL's module.
    data = (b"\x80\x04" + u("builtins") + u("str") + b"\x93" + u("os") + b"\x85R\x94"
            + b"0h\x00" + u("system") + b"\x93.")
    got = safe_pickle.audit(data)
    assert got == ["builtins.str", safe_pickle.DYNAMIC], f"audit returned {got}, expected ['builtins.str', DYNAMIC]"


@pytest.mark.parametrize(
    "data, expected",
    [
        # DUP copies the string, POP_MARK discards a marked decoy group.
        (b"\x80\x04" + u("builtins") + b"(" + u("os") + u("system") + b"1" + u("eval") + b"\x93.", ["builtins.eval"]),
        (b"\x80\x04" + u("datetime") + b"2\x93.", ["datetime.datetime"]),
        (b"\x80\x04" + u("decoy") + u("datetime") + b"2\x93.", ["datetime.datetime"]),  # DUP copies the top
        # POP drops the top item (a MARK when the top is one), even above an open MARK.
        (b"\x80\x04(" + u("builtins") + u("x") + b"0" + u("eval") + b"\x93.", ["builtins.eval"]),
        (b"\x80\x04" + u("builtins") + u("eval") + b"(0\x93.", ["builtins.eval"]),
        # PUT / GET with text memo keys at protocol 0 style, then STACK_GLOBAL.
        (b"Vbuiltins\np5\n0Vexec\np6\n0g5\ng6\n\x93.", ["builtins.exec"]),
        # BINPUT memoizes the top of the stack, not what lies below it.
        (b"\x80\x04" + u("decoy") + u("builtins") + b"q\x01" + u("getattr") + b"q\x02" + b"00h\x01h\x02\x93.",
         ["builtins.getattr"]),
        # INST after GLOBAL, each global listed once.
        (b"cbuiltins\nlen\n0cbuiltins\nlen\n0(iio\nopen\n.", ["builtins.len", "io.open"]),
        # A Python 2 name through STACK_GLOBAL is mapped too.
        (b"\x80\x04" + u("__builtin__") + u("eval") + b"\x93.", ["builtins.eval"]),
    ],
    ids=["pop-mark", "dup", "dup-over-a-deeper-stack", "pop-above-a-mark", "pop-a-mark", "text-memo", "binput-over-a-deeper-stack", "inst-and-duplicates", "py2-stack-global"],
)
def test_audit_crafted_streams(data, expected):
    assert sp.imported_globals(data) == expected, "test bug: the oracle disagrees with the expectation"
    got = safe_pickle.audit(data)
    assert got == expected, f"audit({data!r}) returned {got}, expected {expected}"


@pytest.mark.parametrize("payload, protocol", sp.cases())
def test_audit_of_every_payload(payload, protocol, tmp_path):
    target = tmp_path / "target"
    data = payload.build(str(target), protocol)
    got, expected = safe_pickle.audit(data), sp.imported_globals(data)
    assert got == expected, f"audit({payload.name}, protocol {protocol}) returned {got}, expected {expected}"
    assert not target.exists(), f"audit ran {payload.name}"


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.complex_numbers(allow_nan=False),
    st.text(max_size=12), st.binary(max_size=12), st.binary(max_size=8).map(bytearray), st.decimals(allow_nan=False),
    st.datetimes(timezones=st.none() | st.just(datetime.timezone.utc)), st.dates(), st.times(), st.timedeltas(),
)
_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=5),
        st.sets(st.one_of(st.integers(), st.text(max_size=4)), max_size=5),
        st.frozensets(st.binary(max_size=4), max_size=4),
        st.lists(st.tuples(st.text(max_size=3), inner), max_size=4).map(collections.OrderedDict),
    ),
    max_leaves=12,
)


@st.composite
def values(draw):
    """Nested plain data; a composite so failure reports do not print the strategy's huge repr."""
    return draw(_values)


def typed(x):
    """repr with every type spelled out and set elements sorted: a set's iteration order
    follows the string hashes of the process that built it, and the grader's worker salts
    them differently from this process."""
    if isinstance(x, (set, frozenset)):
        return f"{type(x).__name__}({sorted(typed(e) for e in x)})"
    if isinstance(x, dict):
        return f"{type(x).__name__}({[(typed(k), typed(v)) for k, v in x.items()]})"
    if isinstance(x, (list, tuple)):
        return f"{type(x).__name__}({[typed(e) for e in x]})"
    return f"{type(x).__name__}({x!r})"


@given(values(), st.sampled_from(list(PROTOCOLS)))
def test_random_allowed_data_round_trips_with_types(value, protocol):
    data = pickle.dumps(value, protocol=protocol)
    got = safe_pickle.safe_loads(data)
    expected = pickle.loads(data)
    assert got == expected and typed(got) == typed(expected), (
        f"safe_loads(pickle.dumps({value!r}, {protocol})) returned {got!r}, expected {expected!r}"
    )
    audited, oracle = safe_pickle.audit(data), sp.imported_globals(data)
    assert audited == oracle, f"audit(...) returned {audited}, expected {oracle}"


@given(values(), st.sampled_from(list(PROTOCOLS)))
def test_everything_refused_with_nothing_allowed_unless_plain(value, protocol):
    data = pickle.dumps(value, protocol=protocol)
    needed = [g for g in sp.imported_globals(data) if g not in safe_pickle.BASE_GLOBALS]
    if needed:
        with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape(f"refused global '{needed[0]}'")):
            safe_pickle.safe_loads(data, allowed=set())
    else:
        assert safe_pickle.safe_loads(data, allowed=set()) == pickle.loads(data)


@pytest.mark.parametrize("fn", ["safe_loads", "audit"])
def test_empty_data_is_an_empty_pickle(fn):
    with pytest.raises(pickle.UnpicklingError, match="^empty pickle: no bytes to load"):
        getattr(safe_pickle, fn)(b"")


@pytest.mark.parametrize("fn", ["safe_loads", "audit"])
@pytest.mark.parametrize("data, got", [(pickle.dumps(1).decode("latin-1"), "str"), (None, "NoneType"), ([128, 4], "list")])
def test_data_must_be_bytes(fn, data, got):
    with pytest.raises(TypeError, match=f"^{fn} expects bytes, got {got}"):
        getattr(safe_pickle, fn)(data)


@pytest.mark.parametrize("allowed, got", [("collections.OrderedDict", "str"), (3, "int"),
                                          ([1], "an item of type int")])
def test_allowed_must_be_a_collection_of_strs(allowed, got):
    data = pickle.dumps(collections.OrderedDict(a=1))
    with pytest.raises(TypeError, match=f"^safe_loads expects allowed as a collection of 'module.qualname' strs, got {got}"):
        safe_pickle.safe_loads(data, allowed)


def test_a_bytearray_is_bytes_enough():
    data = bytearray(pickle.dumps(collections.OrderedDict(a=1), protocol=0))
    assert safe_pickle.safe_loads(data) == collections.OrderedDict(a=1)
    assert safe_pickle.audit(data) == ["collections.OrderedDict"]
