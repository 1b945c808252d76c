"""MUTANT: the hash join keeps NULL keys, so a NULL on the left pairs with a NULL on the right (NULL = NULL taken as true)."""
REPLACE = [
    (
        "        if key is not None:\n            buckets.setdefault(key, []).append(row)\n",
        "        buckets.setdefault(key, []).append(row)\n",
    ),
    (
        "        if key is None:\n            continue\n        for match in buckets",
        "        for match in buckets",
    ),
]
