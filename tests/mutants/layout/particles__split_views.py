"""Mutant of layout.particles: split returns column views: strided, still AoS in memory."""
REPLACE = [
    (
        r"""    # p[:, k] is a view with a 16-byte stride: numba would refuse to copy it to the device.
    # copy() always copies (ascontiguousarray returns a 1-particle view as it is).
    return tuple(p[:, k].copy() for k in range(4))  # type: ignore[return-value]


""",
        r"""    # p[:, k] is a view with a 16-byte stride: numba would refuse to copy it to the device.
    # copy() always copies (ascontiguousarray returns a 1-particle view as it is).
    return tuple(p[:, k] for k in range(4))  # type: ignore[return-value]


""",
    ),
]
