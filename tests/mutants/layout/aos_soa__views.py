"""Mutant of layout.aos_soa: columns are strided views into the records: still AoS in memory."""
REPLACE = [
    (
        r"""    # makes each column contiguous and its own (ascontiguousarray would return the view
    # itself when a dtype has a single field).
    return {name: records[name].copy() for name in records.dtype.names}


""",
        r"""    # makes each column contiguous and its own (ascontiguousarray would return the view
    # itself when a dtype has a single field).
    return {name: records[name] for name in records.dtype.names}


""",
    ),
]
