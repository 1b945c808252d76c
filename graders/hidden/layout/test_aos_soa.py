"""Hidden tests for layout.aos_soa: other records, field order, ownership, grades, speed."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import aos_soa as data
from graders.meters.timing import assert_faster

aos_soa = kata("layout.aos_soa")


def grade_oracle(mark):
    if mark >= 90:
        return "A"
    if mark >= 80:
        return "B"
    if mark >= 70:
        return "C"
    if mark >= 60:
        return "D"
    return "F"


def test_every_column_is_contiguous_and_owned():
    records = data.students(1000, seed=11)
    cols = aos_soa.to_columns(records)
    assert list(cols) == list(records.dtype.names), f"columns {list(cols)}, expected {records.dtype.names}"
    for name, col in cols.items():
        assert col.flags.c_contiguous, f"column {name!r} is not contiguous (strides {col.strides})"
        assert not np.shares_memory(col, records), f"column {name!r} is a view into the records"
        assert np.array_equal(col, records[name]), f"column {name!r} has other values than records[{name!r}]"


def test_single_field_dtype_still_gets_its_own_column():
    records = np.zeros(8, np.dtype([("x", "<f4")]))
    records["x"] = np.arange(8)
    cols = aos_soa.to_columns(records)
    assert not np.shares_memory(cols["x"], records), (
        "to_columns of a one-field structured array returned a view (np.ascontiguousarray does that when the "
        "field is already contiguous); each column must be a copy"
    )


def test_to_records_keeps_the_dict_order():
    cols = {"z": np.array([1, 2], "<i2"), "a": np.array([0.5, 1.5]), "m": np.array(["x", "yz"])}
    rec = aos_soa.to_records(cols)
    assert rec.dtype.names == ("z", "a", "m"), f"to_records field order {rec.dtype.names}, expected ('z', 'a', 'm')"
    assert rec["m"].tolist() == ["x", "yz"] and rec["z"].tolist() == [1, 2], f"values {rec.tolist()}"
    assert rec.dtype.itemsize == 2 + 8 + 8, f"packed itemsize {rec.dtype.itemsize}, expected 18"


def test_to_records_accepts_lists_as_columns():
    rec = aos_soa.to_records({"id": [1, 2, 3], "marks": [50.0, 60.0, 70.0]})
    assert rec["marks"].tolist() == [50.0, 60.0, 70.0] and len(rec) == 3, f"to_records(lists) gave {rec!r}"


def test_empty_records_round_trip():
    records = np.zeros(0, data.STUDENT)
    back = aos_soa.to_records(aos_soa.to_columns(records))
    assert back.dtype == data.STUDENT and len(back) == 0, f"round trip of 0 records gave {back!r}"


def test_aligned_round_trip_of_the_students():
    records = data.students(40, seed=12)
    aligned = aos_soa.to_records(aos_soa.to_columns(records), align=True)
    expected = np.dtype(data.STUDENT.descr, align=True)
    assert aligned.dtype == expected, f"aligned dtype {aligned.dtype}, expected {expected}"
    for name in records.dtype.names:
        assert np.array_equal(aligned[name], records[name]), f"field {name!r} changed in the aligned round trip"


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: aos_soa.to_columns([(1, 2.0)]), TypeError),
        (lambda: aos_soa.to_columns(np.arange(4)), TypeError),
        (lambda: aos_soa.to_records({"a": np.zeros((2, 2))}), ValueError),
        (lambda: aos_soa.to_records({"a": np.zeros(2), "b": np.zeros(2), "c": np.zeros(1)}), ValueError),
    ],
    ids=["list", "plain-ints", "2-d-column", "third-column-short"],
)
def test_more_bad_input(call, exc):
    with pytest.raises(exc):
        call()


def test_messages():
    with pytest.raises(TypeError, match="structured"):
        aos_soa.to_columns(np.arange(4))
    with pytest.raises(ValueError, match="'c'"):
        aos_soa.to_records({"a": np.zeros(2), "b": np.zeros(2), "c": np.zeros(1)})
    with pytest.raises(ValueError, match="no column 'marks'"):
        aos_soa.curve({}, 1.0)


def test_curve_on_the_students_matches_numpy():
    records = data.students(5000, seed=13)
    cols = aos_soa.to_columns(records)
    aos_soa.curve(cols, 7.5)
    expected = np.minimum(records["marks"] + 7.5, 100.0)
    assert np.array_equal(cols["marks"], expected), "curve(+7.5) differs from min(marks + 7.5, 100)"
    assert np.array_equal(records["marks"], data.students(5000, seed=13)["marks"]), "curve changed the records"


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=200))
def test_grades_match_the_deck_rule(marks):
    cols = {"marks": np.array(marks)}
    aos_soa.assign_grades(cols)
    got = cols["grade"].tolist()
    expected = [grade_oracle(m) for m in marks]
    assert got == expected, f"assign_grades({marks}) gave {got}, expected {expected}"


def test_new_grade_column_is_one_character_unicode():
    cols = {"marks": np.array([95.0, 10.0])}
    aos_soa.assign_grades(cols)
    assert cols["grade"].dtype == np.dtype("<U1"), f"grade column dtype {cols['grade'].dtype}, expected <U1"


@pytest.mark.perf
def test_curve_on_soa_is_at_least_4x_faster_than_on_aos():
    records = data.students(200_000, seed=14)
    cols = aos_soa.to_columns(records)

    def curve_aos():
        marks = records["marks"]
        marks += 0.25
        np.minimum(marks, 100.0, out=marks)

    assert_faster(curve_aos, lambda: aos_soa.curve(cols, 0.25), at_least=4,
                  what="curve(to_columns(records)) vs the same update on 200,000 structured records")


def test_marks_exactly_on_each_cut_get_the_higher_grade():
    cols = {"marks": np.array([60.0, 70.0, 80.0, 90.0, 59.999999])}
    aos_soa.assign_grades(cols)
    assert cols["grade"].tolist() == ["D", "C", "B", "A", "F"], f"grades on the cuts: {cols['grade'].tolist()}"


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("to_records", ([np.zeros(2)],), "to_records expects columns as a dict of name -> 1-D array, got list"),
        ("curve", (np.array([50.0, 60.0]), 5.0), "curve expects columns as a dict of name -> array, got ndarray"),
        ("curve", ({"marks": [50.0, 60.0]}, 5.0), "curve expects the 'marks' column as a numpy array, got list"),
        ("curve", ({"marks": np.array([50.0])}, "5"), "curve expects points as a number, got str"),
        ("curve", ({"marks": np.array([50.0])}, None), "curve expects points as a number, got NoneType"),
        ("assign_grades", (None,), "assign_grades expects columns as a dict of name -> array, got NoneType"),
        ("assign_grades", ({"marks": [95.0]},), "assign_grades expects the 'marks' column as a numpy array, got list"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(aos_soa, name)(*args)


def test_an_empty_marks_column_is_curved_and_graded():
    cols = {"marks": np.zeros(0)}
    aos_soa.curve(cols, 5.0)
    aos_soa.assign_grades(cols)
    assert cols["marks"].shape == (0,) and cols["grade"].shape == (0,), f"empty marks gave {cols}"


def test_an_existing_grade_column_is_filled_in_place_with_the_deck_grades():
    cols = aos_soa.to_columns(data.students(40, seed=15))
    grade, marks = cols["grade"], cols["marks"].copy()
    aos_soa.assign_grades(cols)
    assert cols["grade"] is grade, "assign_grades must write into the existing grade column, not replace it"
    expected = [grade_oracle(m) for m in marks]
    assert grade.tolist() == expected, f"the existing grade column holds {grade.tolist()}, expected {expected}"
