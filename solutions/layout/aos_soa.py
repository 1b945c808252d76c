"""AoS and SoA on the CPU: a structured array, its columns, and a one-field update.

Reference solution. See exercises/layout/aos_soa.py for the statement.
"""
from __future__ import annotations

import numpy as np

GRADE_CUTS = (60.0, 70.0, 80.0, 90.0)  # lower bounds of D, C, B, A
GRADE_LETTERS = np.array(["F", "D", "C", "B", "A"])
CAP = 100.0


def to_columns(records: np.ndarray) -> dict[str, np.ndarray]:
    """Structured array (AoS) -> {field: contiguous 1-D array} (SoA), in dtype order."""
    if not isinstance(records, np.ndarray) or records.dtype.names is None:
        kind = getattr(records, "dtype", type(records).__name__)
        raise TypeError(f"to_columns needs a structured array (a dtype with fields), got {kind}")
    if records.ndim != 1:
        raise ValueError(f"to_columns needs a 1-D array of records, got shape {records.shape}")
    # records[name] is a strided view into the records (strides = the record size): copy()
    # makes each column contiguous and its own (ascontiguousarray would return the view
    # itself when a dtype has a single field).
    return {name: records[name].copy() for name in records.dtype.names}


def to_records(columns: dict[str, np.ndarray], align: bool = False) -> np.ndarray:
    """{field: 1-D array} -> structured array with the fields in the dict's order."""
    if not isinstance(columns, dict):
        raise TypeError(f"to_records expects columns as a dict of name -> 1-D array, got {type(columns).__name__}")
    if not columns:
        raise ValueError("to_records needs at least one column, got none")
    arrays = {name: np.asarray(col) for name, col in columns.items()}
    first = next(iter(arrays))
    n = len(arrays[first]) if arrays[first].ndim == 1 else -1
    for name, col in arrays.items():
        if col.ndim != 1:
            raise ValueError(f"column {name!r} must be 1-D, got shape {col.shape}")
        if len(col) != n:
            raise ValueError(f"column {name!r} has {len(col)} rows, but {first!r} has {n}")
    dtype = np.dtype([(name, col.dtype) for name, col in arrays.items()], align=align)
    out = np.empty(n, dtype)
    for name, col in arrays.items():
        out[name] = col  # one strided write per field
    return out


def _marks(columns: dict[str, np.ndarray], fn: str) -> np.ndarray:
    if not isinstance(columns, dict):
        raise TypeError(f"{fn} expects columns as a dict of name -> array, got {type(columns).__name__}")
    if "marks" not in columns:
        raise ValueError("no column 'marks'")
    marks = columns["marks"]
    if not isinstance(marks, np.ndarray):  # the update is in place: a list cannot take it
        raise TypeError(f"{fn} expects the 'marks' column as a numpy array, got {type(marks).__name__}")
    return marks


def curve(columns: dict[str, np.ndarray], points: float) -> None:
    """marks = min(marks + points, 100), in place on the contiguous marks column."""
    marks = _marks(columns, "curve")
    if isinstance(points, bool) or not isinstance(points, (int, float, np.integer, np.floating)):
        raise TypeError(f"curve expects points as a number, got {type(points).__name__}")
    marks += points
    np.minimum(marks, CAP, out=marks)


def assign_grades(columns: dict[str, np.ndarray]) -> None:
    """grade = computeGrade(marks) for every student: A >= 90, B >= 80, C >= 70, D >= 60, F."""
    marks = _marks(columns, "assign_grades")
    # searchsorted(side="right") counts the cuts at or below each mark: 90.0 -> 4 -> "A".
    letters = GRADE_LETTERS[np.searchsorted(GRADE_CUTS, marks, side="right")]
    grade = columns.get("grade")
    if isinstance(grade, np.ndarray) and grade.shape == marks.shape:
        grade[...] = letters
    else:
        columns["grade"] = letters.astype("<U1")
