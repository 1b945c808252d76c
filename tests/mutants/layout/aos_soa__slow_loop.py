"""Mutant of layout.aos_soa: a Python loop over the column: correct but slower than the AoS update."""
REPLACE = [
    (
        r'''    """marks = min(marks + points, 100), in place on the contiguous marks column."""
    marks = _marks(columns)
    marks += points
    np.minimum(marks, CAP, out=marks)


''',
        r'''    """marks = min(marks + points, 100), in place on the contiguous marks column."""
    marks = _marks(columns)
    for i in range(len(marks)):
        marks[i] = min(marks[i] + points, CAP)


''',
    ),
]
