"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: run_length_encode loses the last run (it is only emitted when a new one starts).
"""
REPLACE = [
    (
        r"""    runs: list[tuple[int, int]] = []
    for value in indices:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs

""",
        r"""    runs: list[tuple[int, int]] = []
    current, length = None, 0
    for value in indices:
        if length and value == current:
            length += 1
        else:
            if length:
                runs.append((current, length))  # a run is emitted when the next one starts...
            current, length = value, 1
    return runs  # ...so the last run is never emitted

""",
    ),
]
