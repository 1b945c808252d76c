"""MUTANT: the join loops over every pair of rows (right answer, quadratic time)."""
REPLACE = [
    (
        """    buckets: dict = {}
    for row in right:
        key = row[ri]
        if key is not None:
            buckets.setdefault(key, []).append(row)
    out = []
    for row in left:
        key = row[li]
        if key is None:
            continue
        for match in buckets.get(key, ()):
            out.append(row + match)
    return out
""",
        """    out = []
    for row in left:
        for match in right:
            if row[li] is not None and row[li] == match[ri]:
                out.append(row + match)
    return out
""",
    ),
]
