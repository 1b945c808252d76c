"""Mutant of layout.aos_soa: a mark exactly on a cut gets the lower grade: 90.0 -> B."""
REPLACE = [
    (
        r"""    marks = _marks(columns)
    # searchsorted(side="right") counts the cuts at or below each mark: 90.0 -> 4 -> "A".
    letters = GRADE_LETTERS[np.searchsorted(GRADE_CUTS, marks, side="right")]
    grade = columns.get("grade")
    if isinstance(grade, np.ndarray) and grade.shape == marks.shape:
""",
        r"""    marks = _marks(columns)
    # searchsorted(side="right") counts the cuts at or below each mark: 90.0 -> 4 -> "A".
    letters = GRADE_LETTERS[np.searchsorted(GRADE_CUTS, marks, side="left")]
    grade = columns.get("grade")
    if isinstance(grade, np.ndarray) and grade.shape == marks.shape:
""",
    ),
]
