"""Visible tests for formats.safe_pickle. Run: pytest exercises/formats/test_safe_pickle.py

The malicious payloads (graders/datagen/safe_pickle.py) each create an empty file when
loaded with plain pickle.loads; every refusal test first proves that on a control path.
"""
import collections
import decimal
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import safe_pickle as sp

safe_pickle = kata("formats.safe_pickle")

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)
VISIBLE = [p for p in sp.PAYLOADS if p.name in {
    "io.open", "builtins.eval", "os.system", "Path.touch", "copyreg._reconstructor",
    "nested-eval", "INST-opcode", "STACK_GLOBAL-after-POP"}]
VISIBLE = [p if len(p.protocols) == 1 else sp.Payload(p.name, p.build, p.first_refused, (0, 2, 5), p.posix_only)
           for p in VISIBLE]


def prove_payload_is_live(payload, protocol, tmp_path):
    """Positive control: plain pickle.loads really creates the file."""
    control = tmp_path / "control"
    sp.close_all(pickle.loads(payload.build(str(control), protocol)))
    assert control.exists(), f"test bug: the {payload.name} payload did not create a file with pickle.loads"


@pytest.mark.parametrize("payload, protocol", sp.cases(VISIBLE))
def test_payload_is_refused_and_never_runs(payload, protocol, tmp_path):
    prove_payload_is_live(payload, protocol, tmp_path)
    target = tmp_path / "target"
    data = payload.build(str(target), protocol)
    expected = f"refused global '{payload.first_refused}'"
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape(expected)):
        sp.close_all(safe_pickle.safe_loads(data))
    assert not target.exists(), f"safe_loads ran the {payload.name} payload (protocol {protocol}): {target} was created"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_builtin_and_default_allowed_types_round_trip(protocol):
    value = sp.benign_value()
    data = pickle.dumps(value, protocol=protocol)
    got = safe_pickle.safe_loads(data)
    assert got == pickle.loads(data), f"safe_loads(pickle.dumps(value, protocol={protocol})) returned {got!r}"
    types = {k: type(v) for k, v in got.items()}
    expected = {k: type(v) for k, v in value.items()}
    assert types == expected, f"protocol {protocol}: types came back as {types}, expected {expected}"


def test_statement_example():
    got = safe_pickle.safe_loads(pickle.dumps({"a": [1, 2.5, None], "b": {3}}))
    assert got == {"a": [1, 2.5, None], "b": {3}}, f"safe_loads(...) returned {got!r}"


def test_a_refusal_is_an_unpickling_error():
    assert issubclass(safe_pickle.UnsafePickleError, pickle.UnpicklingError), (
        "UnsafePickleError must subclass pickle.UnpicklingError"
    )
    with pytest.raises(pickle.UnpicklingError, match="refused global"):
        safe_pickle.safe_loads(pickle.dumps(eval))


def test_empty_allow_list_refuses_ordered_dict_but_loads_builtins():
    data = pickle.dumps(collections.OrderedDict(a=1), protocol=2)
    with pytest.raises(safe_pickle.UnsafePickleError, match=re.escape("refused global 'collections.OrderedDict'")):
        safe_pickle.safe_loads(data, allowed=set())
    got = safe_pickle.safe_loads(pickle.dumps([{1, 2}, b"x", 3j], protocol=2), allowed=set())
    assert got == [{1, 2}, b"x", 3j], f"safe_loads(..., allowed=set()) returned {got!r}"


def test_custom_allow_list_replaces_the_default():
    counter = collections.Counter("hello")
    got = safe_pickle.safe_loads(pickle.dumps(counter), allowed={"collections.Counter"})
    assert got == counter and type(got) is collections.Counter, f"safe_loads(Counter, allowed={{'collections.Counter'}}) returned {got!r}"
    with pytest.raises(safe_pickle.UnsafePickleError, match="decimal.Decimal"):
        safe_pickle.safe_loads(pickle.dumps(decimal.Decimal("1.5")), allowed={"collections.Counter"})


@pytest.mark.parametrize(
    "data",
    [b"", b"\x80\x04", pickle.dumps([1, 2, 3])[:-1], pickle.dumps({"a": "b" * 50}, protocol=0)[:20], b"\xff\xfe"],
    ids=["empty", "only-proto", "missing-stop", "cut-protocol-0", "garbage"],
)
def test_malformed_data_raises_unpickling_error(data):
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.safe_loads(data)
    with pytest.raises(pickle.UnpicklingError):
        safe_pickle.audit(data)


def test_audit_statement_examples():
    got = safe_pickle.audit(pickle.dumps(collections.OrderedDict(a=1), protocol=0))
    assert got == ["collections.OrderedDict"], f"audit(OrderedDict, protocol 0) returned {got}"
    got = safe_pickle.audit(pickle.dumps({1, 2}, protocol=2)), safe_pickle.audit(pickle.dumps({1, 2}, protocol=4))
    assert got == (["builtins.set"], []), f"audit({{1, 2}}) at protocols 2 and 4 returned {got}"


@pytest.mark.parametrize("payload, protocol", sp.cases(VISIBLE))
def test_audit_lists_the_payload_globals_without_running_it(payload, protocol, tmp_path):
    target = tmp_path / "target"
    data = payload.build(str(target), protocol)
    got = safe_pickle.audit(data)
    expected = sp.imported_globals(data)
    assert got == expected, f"audit({payload.name} payload, protocol {protocol}) returned {got}, expected {expected}"
    assert not target.exists(), f"audit ran the {payload.name} payload: {target} was created"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_audit_of_benign_value_matches_the_unpickler(protocol):
    data = pickle.dumps(sp.benign_value(), protocol=protocol)
    got, expected = safe_pickle.audit(data), sp.imported_globals(data)
    assert got == expected, f"audit(benign value, protocol {protocol}) returned {got}, expected {expected}"


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10), st.binary(max_size=10),
    st.decimals(allow_nan=False, allow_infinity=False), st.datetimes(), st.dates(), st.timedeltas(),
)
_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.frozensets(st.integers(), max_size=4),
        st.lists(st.tuples(st.text(max_size=3), inner), max_size=3).map(collections.OrderedDict),
    ),
    max_leaves=8,
)


@st.composite
def values(draw):
    """Nested plain data; a composite so failure reports do not print the strategy's huge repr."""
    return draw(_values)


@given(values(), st.sampled_from(list(PROTOCOLS)))
def test_random_plain_data_round_trips_and_audit_matches(value, protocol):
    data = pickle.dumps(value, protocol=protocol)
    got = safe_pickle.safe_loads(data)
    assert got == pickle.loads(data), f"safe_loads(pickle.dumps({value!r}, {protocol})) returned {got!r}"
    audited, expected = safe_pickle.audit(data), sp.imported_globals(data)
    assert audited == expected, f"audit(pickle.dumps({value!r}, {protocol})) returned {audited}, expected {expected}"


def test_allowed_must_not_be_a_single_str():
    data = pickle.dumps(collections.OrderedDict(a=1))
    with pytest.raises(TypeError, match="safe_loads expects allowed as a collection of 'module.qualname' strs, got str"):
        safe_pickle.safe_loads(data, "collections.OrderedDict")
