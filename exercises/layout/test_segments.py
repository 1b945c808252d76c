"""Visible tests for layout.segments. Run: pytest exercises/layout/test_segments.py

The expected counts come from the coalescing meter: small kernels run in Numba's CUDA
simulator (one warp each) and the meter counts the segments each warp really touched.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.meters import coalescing as co  # sets up the CUDA simulator before numba.cuda loads

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


def measured_strided(stride, offset, itemsize):
    a = np.zeros(offset + stride * 31 + 1, DTYPES[itemsize])
    t = co.trace_kernel(read_elements, 1, 32, a, np.zeros(32, DTYPES[itemsize]), stride, offset)
    return t.one(array="a", kind="load").mean


def measured_field(record_size, field_offset, field_size):
    dtype = np.dtype({"names": ["f"], "formats": [DTYPES[field_size]], "offsets": [field_offset],
                      "itemsize": record_size})
    t = co.trace_kernel(read_field, 1, 32, np.zeros(32, dtype), np.zeros(32, DTYPES[field_size]))
    return t.one(array="records", kind="load").mean


STRIDED = [(1, 0, 4), (1, 1, 4), (2, 0, 4), (4, 0, 4), (8, 0, 4), (33, 0, 4), (1, 0, 8), (3, 2, 8),
           (1, 0, 1), (1, 5, 2), (0, 7, 4)]
FIELDS = [(16, 4, 4), (4, 0, 4), (24, 8, 8), (13, 4, 8), (8, 6, 2)]


@pytest.fixture(scope="module")
def meter():
    """Every pattern traced once for the module (32 simulated threads each)."""
    return {
        "strided": {p: measured_strided(*p) for p in STRIDED},
        "field": {p: measured_field(*p) for p in FIELDS},
    }


# The reference figures (CUDA Best Practices, compute capability 6.0+).
@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: segments.strided(1), 4),
        (lambda: segments.strided(1, itemsize=8), 8),
        (lambda: segments.strided(1, offset=1), 5),
        (lambda: segments.strided(2), 8),
        (lambda: segments.strided(4), 16),
        (lambda: segments.strided(8), 32),
        (lambda: segments.strided(100), 32),
        (lambda: segments.field_read(16, 0, 4), 16),
        (lambda: segments.field_read(4, 0, 4), 4),
    ],
    ids=["float32", "float64", "misaligned-by-one", "stride-2", "stride-4", "stride-8", "stride-100",
         "aos-[N,4]-field", "soa-column"],
)
def test_reference_figures(call, expected):
    got = call()
    assert got == expected, f"got {got} segments per request, expected {expected} (CUDA Best Practices figure)"


def test_segments_small_cases():
    cases = [(([0, 4, 8, 12], 4), 1), (([28], 8), 2), (([], 4), 0), (([0, 0, 0], 4), 1),
             (([31], 1), 1), (([31], 2), 2), (([0, 32, 64], 4), 3)]
    for (addresses, width), expected in cases:
        got = segments.segments(addresses, width)
        assert got == expected, f"segments({addresses}, width={width}) returned {got}, expected {expected}"


@pytest.mark.parametrize("pattern", STRIDED, ids=[f"stride{s}-off{o}-{i}B" for s, o, i in STRIDED])
def test_strided_matches_the_meter(pattern, meter):
    got, expected = segments.strided(*pattern), meter["strided"][pattern]
    stride, offset, itemsize = pattern
    assert got == expected, (f"strided({stride}, offset={offset}, itemsize={itemsize}) returned {got}; "
                             f"the meter counted {expected:g} segments for that warp")


@pytest.mark.parametrize("pattern", FIELDS, ids=[f"rec{r}-at{o}-{s}B" for r, o, s in FIELDS])
def test_field_read_matches_the_meter(pattern, meter):
    got, expected = segments.field_read(*pattern), meter["field"][pattern]
    assert got == expected, f"field_read{pattern} returned {got}; the meter counted {expected:g}"


def test_walks_of_a_square_array():
    assert segments.walk((64, 64), 4, "row") == 4.0, f"walk((64, 64), 4, 'row') = {segments.walk((64, 64), 4, 'row')}"
    got = segments.walk((64, 64), 4, "column")
    assert got == 32.0, f"walk((64, 64), 4, 'column') = {got}, expected 32.0: every lane in its own segment"


def test_row_walk_with_an_unaligned_row_pitch():
    got = segments.walk((2, 36), 4, "row")
    assert got == 4.5, f"walk((2, 36), 4, 'row') = {got}: row 1 starts at byte 144, half a segment in, so 5 segments; mean 4.5"


@given(st.lists(st.integers(0, 4096), max_size=32), st.integers(1, 16))
def test_segments_match_the_model(addresses, width):
    got = segments.segments(addresses, width)
    if not addresses:
        assert got == 0, f"segments([], {width}) returned {got}"
        return
    expected = co.model(lambda t: np.array(addresses)[t.x], griddim=1, blockdim=len(addresses),
                        itemsize=1, width=width).mean
    assert got == expected, f"segments({addresses}, width={width}) returned {got}, the model says {expected:g}"


@given(st.integers(0, 40), st.integers(0, 64), st.sampled_from([1, 2, 4, 8, 16]))
def test_strided_matches_the_model(stride, offset, itemsize):
    got = segments.strided(stride, offset, itemsize)
    expected = co.model(lambda t: offset + stride * t.x, griddim=1, blockdim=32, itemsize=itemsize).mean
    assert got == expected, f"strided({stride}, {offset}, {itemsize}) returned {got}, the model says {expected:g}"


@pytest.mark.parametrize(
    "call",
    [
        lambda: segments.segments([0], 0),
        lambda: segments.segments(list(range(33))),
        lambda: segments.segments([-4]),
        lambda: segments.strided(-1),
        lambda: segments.strided(1, itemsize=0),
        lambda: segments.field_read(8, 6, 4),
        lambda: segments.walk((64, 16), 4, "row"),
        lambda: segments.walk((16, 64), 4, "column"),
        lambda: segments.walk((64, 64), 4, "diagonal"),
    ],
    ids=["zero-width", "33-lanes", "negative-address", "negative-element", "zero-itemsize", "field-too-big",
         "short-rows", "short-columns", "bad-along"],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_a_float_stride_is_a_type_error():
    with pytest.raises(TypeError, match="strided expects stride as an int, got float"):
        segments.strided(1.5)
