"""Mutant of layout.particles: reflects the position at x = width but keeps the velocity."""
REPLACE = [
    (
        r"""        elif px > width:
            px = 2 * width - px
            u = -u
        if py < 0:
            py = -py
""",
        r"""        elif px > width:
            px = 2 * width - px
        if py < 0:
            py = -py
""",
    ),
]
