"""Parquet's ideas by hand: dictionary + run-length encoding, and skipping row groups by statistics.

Mutant: run_length_decode rejects only negative run lengths, so a run of length 0 decodes to nothing.
"""
REPLACE = [
    (
        r"""        if length < 1:
""",
        r"""        if length < 0:
""",
    ),
]
