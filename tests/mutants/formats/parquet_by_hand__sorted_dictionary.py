"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: dictionary_encode sorts the dictionary instead of first-seen order.
"""
REPLACE = [
    (
        r'''def dictionary_encode(values: list) -> tuple[list, list[int]]:
    """(dictionary of distinct values in first-seen order, index of each value)."""
    position: dict = {}
    indices = []
    for i, value in enumerate(values):
        if value is None:
            raise ValueError(f"None at position {i}: nulls are not dictionary entries")
        # setdefault gives a new value the next free index: first seen, first numbered.
        indices.append(position.setdefault(value, len(position)))
    return list(position), indices


''',
        r'''def dictionary_encode(values: list) -> tuple[list, list[int]]:
    """(dictionary of distinct values in first-seen order, index of each value)."""
    for i, value in enumerate(values):
        if value is None:
            raise ValueError(f"None at position {i}: nulls are not dictionary entries")
    # A sorted dictionary looks tidier, but Parquet numbers values in first-seen order.
    dictionary = sorted(set(values))
    position = {value: k for k, value in enumerate(dictionary)}
    return dictionary, [position[value] for value in values]


''',
    ),
]
