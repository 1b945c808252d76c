"""MUTANT: System R's left-deep restriction: every join adds one base relation, so a bushy plan (two small joins, then their join) is never found."""
REPLACE = [
    (
        """            if left & low:
                right = s ^ left
""",
        """            right = s ^ left
            if left & low and (left & (left - 1) == 0 or right & (right - 1) == 0):
""",
    ),
]
