"""Mutant of layout.aos_soa: a mark exactly on a cut gets the lower grade: 90.0 -> B."""
REPLACE = [
    (
        r"""    letters = GRADE_LETTERS[np.searchsorted(GRADE_CUTS, marks, side="right")]
""",
        r"""    letters = GRADE_LETTERS[np.searchsorted(GRADE_CUTS, marks, side="left")]
""",
    ),
]
