"""AoS and SoA on the CPU: a structured array, its columns, and a one-field update.

The deck's slide "AoS versus SoA": `struct node {int a; double b; char c;} allnodes[N]`
keeps each node's fields together (an array of structures, row-major: "a thread that
reads one attribute of a node also reads its other attributes"), while
`struct {int alla[N]; double allb[N]; char allc[N];}` keeps each field together (a
structure of arrays, column-major: "its neighbouring thread reads the same attribute of
the next node"). NumPy has both: a structured array is AoS, a dict of 1-D arrays is SoA.
The deck's example touches one field of every record: `marks = student[i].marks;
student[i].grade = computeGrade(marks)`. On AoS that walks memory in 86-byte strides and
uses 8 bytes of each; on SoA it streams one contiguous column.

1. `to_columns(records)`: one column per field, in the dtype's order. Each column must
   be a contiguous array of its own: `records["marks"]` alone is a *view* that still
   strides through the records (its `.strides` is the record size), i.e. still AoS.
2. `to_records(columns, align=False)`: back to a structured array, fields in the dict's
   order; `align=True` pads like a C compiler (the deck's `struct node` is 24 bytes).
3. `curve(columns, points)`: add `points` to every mark, capped at 100, in place. On
   200,000 students it must be **at least 3x faster than the same update on the
   structured array** (`records["marks"] += points` and the cap), measured in the same run.
4. `assign_grades(columns)`: the deck's `computeGrade`: "A" for marks >= 90, "B" >= 80,
   "C" >= 70, "D" >= 60, else "F", written into the `grade` column (dtype "<U1"; in place
   when there is one, else a new column).

    >>> node = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "S1")], align=True)  # the deck's struct
    >>> node.itemsize, node.fields["b"][1]      # b padded to offset 8, the struct to 24 bytes
    (24, 8)
    >>> cols = to_columns(np.zeros(4, node))
    >>> list(cols), cols["b"].strides            # alla, allb, allc: each field contiguous
    (['a', 'b', 'c'], (8,))
    >>> to_records(cols, align=True).dtype == node
    True
    >>> cols = {"marks": np.array([95.0, 89.5, 59.5])}
    >>> curve(cols, 5.0); cols["marks"].tolist()
    [100.0, 94.5, 64.5]
    >>> assign_grades(cols); cols["grade"].tolist()
    ['A', 'A', 'D']

Bad input: to_columns raises TypeError for an array without fields ("to_columns needs a
structured array ...") and ValueError for one that is not 1-D; to_records raises
ValueError for no columns, a column that is not 1-D, or columns of different lengths
(naming the column); curve and assign_grades raise ValueError("no column 'marks'")
without a marks column. Arguments of the wrong type raise TypeError naming the function:
columns must be a dict ("to_records expects columns as a dict of name -> 1-D array, got
list"; "curve expects columns as a dict of name -> array, got ndarray"), the marks column
a numpy array, since curve updates it in place ("assign_grades expects the 'marks' column
as a numpy array, got list"), and points a number ("curve expects points as a number, got
str"). Empty is fine: zero records give empty columns and back, and an empty marks column
is curved and graded to empty arrays.

Run its tests: pytest exercises/layout/test_aos_soa.py   (or: kata check layout.aos_soa)
"""
from __future__ import annotations

import numpy as np

GRADE_CUTS = (60.0, 70.0, 80.0, 90.0)  # lower bounds of D, C, B, A
GRADE_LETTERS = np.array(["F", "D", "C", "B", "A"])
CAP = 100.0


def to_columns(records: np.ndarray) -> dict[str, np.ndarray]:
    """Structured array (AoS) -> {field: contiguous 1-D array} (SoA), in dtype order.

    (about 6 lines)
    """
    # TODO: no fields (records.dtype.names is None) -> TypeError; not 1-D -> ValueError
    # TODO: one contiguous copy per field, in records.dtype.names order:
    #       records["marks"].strides == (86,) for STUDENT records: a view, still AoS;
    #       np.ascontiguousarray(records["marks"]).strides == (8,)
    raise NotImplementedError("to_columns")


def to_records(columns: dict[str, np.ndarray], align: bool = False) -> np.ndarray:
    """{field: 1-D array} -> structured array with the fields in the dict's order.

    (about 12 lines)
    """
    # TODO: validate: at least one column, each 1-D, all the same length (name the bad column)
    # TODO: dtype = np.dtype([(name, col.dtype), ...], align=align)
    #       e.g. [("a", "<i4"), ("b", "<f8")] with align=True -> itemsize 16, b at offset 8
    # TODO: out = np.empty(n, dtype); out[name] = col for each column
    raise NotImplementedError("to_records")


def curve(columns: dict[str, np.ndarray], points: float) -> None:
    """marks = min(marks + points, 100), in place on the contiguous marks column.

    (about 4 lines)
    """
    # TODO: no "marks" column -> ValueError("no column 'marks'")
    # TODO: update the column in place with whole-array operations, no Python loop:
    #       [95.0, 89.5] + 5 -> [100.0, 94.5]   (np.minimum(..., out=...) avoids a copy)
    raise NotImplementedError("curve")


def assign_grades(columns: dict[str, np.ndarray]) -> None:
    """grade = computeGrade(marks) for every student: A >= 90, B >= 80, C >= 70, D >= 60, F.

    (about 8 lines)
    """
    # TODO: letters for all marks at once: np.searchsorted(GRADE_CUTS, marks, side="right")
    #       gives 0..4 (90.0 -> 4, 89.99 -> 3); GRADE_LETTERS[...] turns that into "F".."A"
    # TODO: write into columns["grade"] in place when it exists, else add a "<U1" column
    raise NotImplementedError("assign_grades")
