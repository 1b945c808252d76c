"""Mutant of layout.aos_soa: ascontiguousarray returns the view itself when a field is already contiguous."""
REPLACE = [
    (
        r"""    return {name: records[name].copy() for name in records.dtype.names}
""",
        r"""    return {name: np.ascontiguousarray(records[name]) for name in records.dtype.names}
""",
    ),
]
