"""Mutant of layout.aos_soa: assign_grades always puts a new grade column in the dict, leaving an existing one unfilled."""
REPLACE = [
    (
        r"""    if isinstance(grade, np.ndarray) and grade.shape == marks.shape:
        grade[...] = letters
    else:
        columns["grade"] = letters.astype("<U1")
""",
        r"""    columns["grade"] = letters.astype("<U1")
""",
    ),
]
