"""Mutant of layout.particles: step runs the given AoS kernel: right numbers, 16 segments a request."""
REPLACE = [
    (
        r'''def step(p: np.ndarray, dt: float, width: float, height: float) -> np.ndarray:
    """One time step of every particle on the GPU, through SoA; returns a new [N, 4] array."""
    x, y, vx, vy = split(p)
    if len(x):
        launch_soa(x, y, vx, vy, dt, width, height)
    return join(x, y, vx, vy)
''',
        r'''def step(p: np.ndarray, dt: float, width: float, height: float) -> np.ndarray:
    """One time step of every particle on the GPU, through SoA; returns a new [N, 4] array."""
    _check(p)
    out = p.copy()
    if len(out):
        launch_aos(out, dt, width, height)
    return out
''',
    ),
]
