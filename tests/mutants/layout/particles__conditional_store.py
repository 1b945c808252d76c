"""Mutant of layout.particles: flips the velocity in global memory only for the lanes that bounce: scattered requests."""
REPLACE = [
    (
        r"""    if i < x.shape[0]:
        # One load per field into registers ...
        u = vx[i]
        v = vy[i]
        px = x[i] + u * dt
        py = y[i] + v * dt
        if px < 0:
            px = -px
            u = -u
        elif px > width:
            px = 2 * width - px
            u = -u
        if py < 0:
            py = -py
            v = -v
        elif py > height:
            py = 2 * height - py
            v = -v
        # ... and one unconditional store per field: every lane of the warp stores, so each
        # request covers 32 consecutive floats (4 segments), bounced or not.
        x[i] = px
        y[i] = py
        vx[i] = u
        vy[i] = v

""",
        r"""    if i < x.shape[0]:
        px = x[i] + vx[i] * dt
        py = y[i] + vy[i] * dt
        if px < 0:
            px = -px
            vx[i] = -vx[i]
        elif px > width:
            px = 2 * width - px
            vx[i] = -vx[i]
        if py < 0:
            py = -py
            vy[i] = -vy[i]
        elif py > height:
            py = 2 * height - py
            vy[i] = -vy[i]
        x[i] = px
        y[i] = py

""",
    ),
]
