"""Visible tests for layout.aos_soa. Run: pytest exercises/layout/test_aos_soa.py"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import aos_soa as data
from graders.meters.timing import assert_faster

aos_soa = kata("layout.aos_soa")


def test_deck_struct_node_becomes_three_contiguous_columns():
    allnodes = np.zeros(5, data.NODE)
    allnodes["a"], allnodes["b"], allnodes["c"] = [1, 2, 3, 4, 5], [0.5] * 5, [b"x"] * 5
    cols = aos_soa.to_columns(allnodes)
    assert list(cols) == ["a", "b", "c"], f"to_columns(allnodes) gave columns {list(cols)}, expected ['a', 'b', 'c']"
    for name, col in cols.items():
        assert col.dtype == data.NODE.fields[name][0], f"column {name!r} has dtype {col.dtype}, expected {data.NODE.fields[name][0]}"
        assert col.strides == (col.itemsize,), (
            f"column {name!r} has strides {col.strides}: it still steps {col.strides[0]} bytes from one node to "
            f"the next (the struct's size), i.e. it is a view into the AoS; expected a contiguous copy ({col.itemsize},)"
        )
    assert cols["a"].tolist() == [1, 2, 3, 4, 5], f"to_columns(allnodes)['a'] = {cols['a'].tolist()}"


def test_columns_are_copies_not_views():
    records = data.students(10)
    cols = aos_soa.to_columns(records)
    assert not np.shares_memory(cols["marks"], records), (
        "to_columns(records)['marks'] shares memory with the records: a view is still AoS; copy it"
    )


def test_round_trip_keeps_dtype_and_values():
    records = data.students(50, seed=1)
    back = aos_soa.to_records(aos_soa.to_columns(records))
    assert back.dtype == records.dtype, f"to_records(to_columns(r)).dtype is {back.dtype}, expected {records.dtype}"
    assert np.array_equal(back, records), "to_records(to_columns(records)) differs from the records"


def test_align_true_pads_like_the_c_struct():
    cols = {"a": np.array([1], "<i4"), "b": np.array([2.0]), "c": np.array([b"z"], "S1")}
    rec = aos_soa.to_records(cols, align=True)
    assert rec.dtype == data.NODE, f"to_records(..., align=True).dtype is {rec.dtype}, expected the C layout {data.NODE}"
    assert rec.dtype.itemsize == 24, f"itemsize {rec.dtype.itemsize}, expected 24 as sizeof(struct node)"
    packed = aos_soa.to_records(cols)
    assert packed.dtype.itemsize == 13, f"to_records(...) (packed) has itemsize {packed.dtype.itemsize}, expected 4 + 8 + 1 = 13"


def test_curve_adds_points_and_caps_at_100():
    cols = {"marks": np.array([95.0, 89.5, 59.5, 100.0])}
    marks = cols["marks"]
    aos_soa.curve(cols, 5.0)
    assert cols["marks"].tolist() == [100.0, 94.5, 64.5, 100.0], f"curve(+5) gave {cols['marks'].tolist()}"
    assert cols["marks"] is marks, "curve must update the marks column in place, not replace it"


def test_deck_compute_grade_boundaries():
    cols = {"marks": np.array([90.0, 89.99, 80.0, 79.5, 70.0, 60.0, 59.99, 0.0, 100.0])}
    aos_soa.assign_grades(cols)
    got = cols["grade"].tolist()
    expected = ["A", "B", "B", "C", "C", "D", "F", "F", "A"]
    assert got == expected, f"assign_grades(marks {cols['marks'].tolist()}) gave {got}, expected {expected}"


def test_assign_grades_writes_into_an_existing_grade_column():
    cols = aos_soa.to_columns(data.students(6, seed=2))
    grade = cols["grade"]
    aos_soa.assign_grades(cols)
    assert cols["grade"] is grade, "assign_grades must fill the existing grade column in place"
    assert set(grade.tolist()) <= set("ABCDF") and "" not in grade.tolist(), f"grades {grade.tolist()}"


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: aos_soa.to_columns(np.zeros(3)), TypeError),
        (lambda: aos_soa.to_columns(np.zeros((2, 2), data.NODE)), ValueError),
        (lambda: aos_soa.to_records({}), ValueError),
        (lambda: aos_soa.to_records({"id": np.arange(3), "marks": np.zeros(4)}), ValueError),
        (lambda: aos_soa.curve({"score": np.zeros(2)}, 1.0), ValueError),
        (lambda: aos_soa.assign_grades({"grade": np.array(["A"])}), ValueError),
    ],
    ids=["no-fields", "2-d-records", "no-columns", "ragged-columns", "curve-no-marks", "grades-no-marks"],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


def test_ragged_columns_message_names_the_column():
    with pytest.raises(ValueError, match="marks"):
        aos_soa.to_records({"id": np.arange(3), "marks": np.zeros(4)})


@given(st.lists(st.tuples(st.integers(-2**31, 2**31 - 1), st.floats(allow_nan=False), st.binary(max_size=1)),
                min_size=1, max_size=30))
def test_round_trip_property(rows):
    records = np.array(rows, dtype=data.NODE)
    back = aos_soa.to_records(aos_soa.to_columns(records), align=True)
    assert np.array_equal(back, records), f"round trip changed {records!r} into {back!r}"


@pytest.mark.perf
def test_curve_on_soa_is_at_least_3x_faster_than_on_aos():
    records = data.students(200_000, seed=3)
    cols = aos_soa.to_columns(records)

    def curve_aos():  # the same update on the array of structures: 8 useful bytes in every 86
        marks = records["marks"]
        marks += 0.25
        np.minimum(marks, 100.0, out=marks)

    assert_faster(curve_aos, lambda: aos_soa.curve(cols, 0.25), at_least=3,
                  what="curve(to_columns(records)) vs the same update on 200,000 structured records")


def test_curve_takes_the_columns_dict_not_the_marks_array():
    with pytest.raises(TypeError, match="curve expects columns as a dict of name -> array, got ndarray"):
        aos_soa.curve(np.array([50.0, 60.0]), 5.0)
