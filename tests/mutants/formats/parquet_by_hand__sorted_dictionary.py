"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: dictionary_encode sorts the dictionary instead of first-seen order.
"""
REPLACE = [
    (
        r"""    position: dict = {}
    indices = []
""",
        r"""""",
    ),
    (
        r"""        # setdefault gives a new value the next free index: first seen, first numbered.
        indices.append(position.setdefault(value, len(position)))
    return list(position), indices
""",
        r"""    # A sorted dictionary looks tidier, but Parquet numbers values in first-seen order.
    dictionary = sorted(set(values))
    position = {value: k for k, value in enumerate(dictionary)}
    return dictionary, [position[value] for value in values]
""",
    ),
]
