"""Hidden tests for layout.segments: walks, packed structs, and the model on random patterns."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.meters import coalescing as co

from numba import cuda  # noqa: E402  (after the meter: the simulator)

segments = kata("layout.segments")

DTYPES = {1: np.uint8, 2: np.int16, 4: np.float32, 8: np.float64}


@cuda.jit
def read_elements(a, out, stride, offset):
    lane = cuda.threadIdx.x
    out[lane] = a[offset + stride * lane]


@cuda.jit
def read_field(records, out):
    lane = cuda.threadIdx.x
    out[lane] = records[lane].f


@cuda.jit
def walk_kernel(a, out, along_row):
    lane = cuda.threadIdx.x
    w = cuda.blockIdx.y
    if along_row:
        out[w, lane] = a[w, lane]
    else:
        out[w, lane] = a[lane, w]


def traced_walk(shape, itemsize, along):
    a = np.zeros(shape, DTYPES[itemsize])
    warps = shape[0] if along == "row" else shape[1]
    out = np.zeros((warps, 32), DTYPES[itemsize])
    t = co.trace_kernel(walk_kernel, (1, warps), (32, 1), a, out, along == "row")
    return t.one(array="a", kind="load").mean


WALKS = [((40, 45), 4, "row"), ((33, 40), 4, "column"), ((12, 33), 8, "row"), ((32, 5), 2, "column")]
STRIDED = [(5, 3, 4), (1, 7, 8), (2, 1, 2), (16, 0, 1), (1, 3, 16)]
FIELDS = [(13, 4, 8), (13, 12, 1), (24, 16, 1), (12, 0, 4), (6, 2, 4), (40, 36, 4)]


@pytest.fixture(scope="module")
def meter():
    def strided(stride, offset, itemsize):
        dtype = DTYPES.get(itemsize) or np.dtype("c16")
        a = np.zeros(offset + stride * 31 + 1, dtype)
        t = co.trace_kernel(read_elements, 1, 32, a, np.zeros(32, dtype), stride, offset)
        return t.one(array="a", kind="load").mean

    def field(record_size, field_offset, field_size):
        dtype = np.dtype({"names": ["f"], "formats": [DTYPES[field_size]], "offsets": [field_offset],
                          "itemsize": record_size})
        t = co.trace_kernel(read_field, 1, 32, np.zeros(32, dtype), np.zeros(32, DTYPES[field_size]))
        return t.one(array="records", kind="load").mean

    return {
        "walk": {w: traced_walk(*w) for w in WALKS},
        "strided": {p: strided(*p) for p in STRIDED},
        "field": {p: field(*p) for p in FIELDS},
    }


@pytest.mark.parametrize("case", WALKS, ids=[f"{s[0]}x{s[1]}-{i}B-{a}" for s, i, a in WALKS])
def test_walk_matches_the_meter(case, meter):
    got, expected = segments.walk(*case), meter["walk"][case]
    assert got == pytest.approx(expected), f"walk{case} returned {got}; the meter measured {expected:g} per warp"


@pytest.mark.parametrize("pattern", STRIDED)
def test_more_strides_match_the_meter(pattern, meter):
    got, expected = segments.strided(*pattern), meter["strided"][pattern]
    assert got == expected, f"strided{pattern} returned {got}; the meter counted {expected:g}"


@pytest.mark.parametrize("pattern", FIELDS)
def test_packed_and_padded_fields_match_the_meter(pattern, meter):
    got, expected = segments.field_read(*pattern), meter["field"][pattern]
    assert got == expected, f"field_read{pattern} returned {got}; the meter counted {expected:g}"


def test_deck_struct_node_packed_vs_aligned():
    # struct node {int a; double b; char c;}: packed 13 bytes (b at 4), aligned 24 (b at 8).
    assert segments.field_read(13, 4, 8) == 13, f"packed node.b: {segments.field_read(13, 4, 8)}, expected 13"
    assert segments.field_read(24, 8, 8) == 24, f"aligned node.b: {segments.field_read(24, 8, 8)}, expected 24"


@given(st.integers(1, 64), st.data())
def test_field_read_matches_the_model(record_size, data):
    field_size = data.draw(st.integers(1, min(16, record_size)))
    field_offset = data.draw(st.integers(0, record_size - field_size))
    got = segments.field_read(record_size, field_offset, field_size)
    expected = co.model(lambda t: t.x, griddim=1, blockdim=32, itemsize=record_size,
                        field_offset=field_offset, width=field_size).mean
    assert got == expected, f"field_read({record_size}, {field_offset}, {field_size}) returned {got}, model {expected:g}"


@given(st.integers(1, 40), st.integers(32, 80), st.sampled_from([1, 2, 4, 8]), st.sampled_from(["row", "column"]))
def test_walk_matches_the_model(a, b, itemsize, along):
    shape = (a, b) if along == "row" else (b, a)
    got = segments.walk(shape, itemsize, along)
    warps = shape[0] if along == "row" else shape[1]
    index = (lambda t: (t.y, t.x)) if along == "row" else (lambda t: (t.x, t.y))
    expected = co.model(index, griddim=(1, warps), blockdim=(32, 1), itemsize=itemsize, shape=shape).mean
    assert got == pytest.approx(expected), f"walk({shape}, {itemsize}, {along!r}) returned {got}, model {expected:g}"


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=32), st.integers(1, 64))
def test_segments_far_apart_and_wide(addresses, width):
    got = segments.segments(addresses, width)
    expected = co.model(lambda t: np.array(addresses)[t.x], griddim=1, blockdim=len(addresses),
                        itemsize=1, width=width).mean
    assert got == expected, f"segments({addresses}, {width}) returned {got}, model {expected:g}"


@pytest.mark.parametrize(
    "call",
    [
        lambda: segments.walk((0, 40), 4, "row"),
        lambda: segments.walk((40,), 4, "row"),
        lambda: segments.walk((40, 40), 0, "row"),
        lambda: segments.field_read(8, -1, 4),
        lambda: segments.field_read(0, 0, 1),
        lambda: segments.field_read(8, 0, 0),
        lambda: segments.strided(-1, offset=30),
        lambda: segments.strided(-2, offset=31),
        lambda: segments.segments([64, 96], 0),
        lambda: segments.segments([], 0),
        lambda: segments.segments([8], -4),
    ],
    ids=["no-rows", "1-d-shape", "zero-itemsize", "negative-field-offset", "empty-record", "empty-field",
         "reverse-one-short", "reverse-negative", "zero-width", "zero-width-no-addresses", "negative-width"],
)
def test_more_bad_input(call):
    with pytest.raises(ValueError):
        call()


def test_reverse_stride_that_stays_in_bounds_is_fine():
    got = segments.strided(-1, offset=31)
    assert got == 4, f"strided(-1, offset=31): lanes read elements 31..0, still 4 segments; got {got}"


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("segments", (0,), "segments expects addresses as a list of ints, got int"),
        ("segments", ("0 4 8",), "segments expects addresses as a list of ints, got str"),
        ("segments", ([0, 4.0],), "segments expects addresses as a list of ints, got an item of type float"),
        ("segments", ([0, 4], 4.0), "segments expects width as an int, got float"),
        ("strided", (1.5,), "strided expects stride as an int, got float"),
        ("strided", (1, None), "strided expects offset as an int, got NoneType"),
        ("strided", (1, 0, "4"), "strided expects itemsize as an int, got str"),
        ("field_read", (16.0, 4, 4), "field_read expects record_size as an int, got float"),
        ("field_read", (16, 4, 4.0), "field_read expects field_size as an int, got float"),
        ("walk", ((64.0, 64), 4, "row"), "walk expects shape as a list of ints, got an item of type float"),
        ("walk", (64, 4, "row"), "walk expects shape as a list of ints, got int"),
        ("walk", ((64, 64), 4.0, "row"), "walk expects itemsize as an int, got float"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(segments, name)(*args)


def test_the_default_width_is_a_4_byte_float32():
    got = [segments.segments([28]), segments.segments([29]), segments.segments([0, 62])]
    assert got == [1, 2, 3], (f"segments([28]), segments([29]), segments([0, 62]) with the default width returned {got}, "
                              "expected [1, 2, 3]: the default access is 4 bytes (28..31 fits, 29..32 and 62..65 straddle)")


def test_strided_defaults_are_offset_0_and_4_byte_elements():
    got = [segments.strided(2), segments.strided(1, itemsize=2), segments.strided(3, offset=0)]
    assert got == [8, 2, 12], (f"strided(2), strided(1, itemsize=2), strided(3, offset=0) returned {got}, expected "
                               "[8, 2, 12]: by default a warp starts at element 0 of a float32 array")
