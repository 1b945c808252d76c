"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: encoded_sizes picks "dictionary" when dictionary + indices only equals plain (<= instead of <).
"""
REPLACE = [
    (
        r"""    pays_off = dictionary_page + index_bytes < plain
""",
        r"""    pays_off = dictionary_page + index_bytes <= plain
""",
    ),
]
