"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): reads the whole file into memory and calls np.median: one pass, exact,
and a peak of twice the file size.
"""
REPLACE = [
    (
        r"""    n = size // 8
    # A quarter of the budget for the values of the final range; histograms (the counts, one
""",
        r"""    n = size // 8
    values = np.fromfile(path, dtype="<f8")  # BUG (memory): the whole file at once, then a copy
    if np.isnan(values).any():
        raise ValueError(f"{path} contains NaN: NaN has no place in an ordering")
    return float(np.median(values)), 1
    # A quarter of the budget for the values of the final range; histograms (the counts, one
""",
    ),
]
