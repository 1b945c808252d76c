"""Mutant of layout.particles: step runs the given AoS kernel: right numbers, 16 segments a request."""
REPLACE = [
    (
        r"""    x, y, vx, vy = split(p)
    if len(x):
        launch_soa(x, y, vx, vy, dt, width, height)
    return join(x, y, vx, vy)
""",
        r"""    _check(p)
    out = p.copy()
    if len(out):
        launch_aos(out, dt, width, height)
    return out
""",
    ),
]
