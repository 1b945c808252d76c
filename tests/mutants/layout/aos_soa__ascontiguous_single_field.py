"""Mutant of layout.aos_soa: ascontiguousarray returns the view itself when a field is already contiguous."""
REPLACE = [
    (
        r"""    # makes each column contiguous and its own (ascontiguousarray would return the view
    # itself when a dtype has a single field).
    return {name: records[name].copy() for name in records.dtype.names}


""",
        r"""    # makes each column contiguous and its own (ascontiguousarray would return the view
    # itself when a dtype has a single field).
    return {name: np.ascontiguousarray(records[name]) for name in records.dtype.names}


""",
    ),
]
