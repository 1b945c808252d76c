"""Mutant of layout.aos_soa: a Python loop over the column: correct but slower than the AoS update."""
REPLACE = [
    (
        r"""    marks += points
    np.minimum(marks, CAP, out=marks)
""",
        r"""    for i in range(len(marks)):
        marks[i] = min(marks[i] + points, CAP)
""",
    ),
]
