"""Mutant of layout.particles: split returns column views: strided, still AoS in memory."""
REPLACE = [
    (
        r"""    return tuple(p[:, k].copy() for k in range(4))  # type: ignore[return-value]
""",
        r"""    return tuple(p[:, k] for k in range(4))  # type: ignore[return-value]
""",
    ),
]
