"""Mutant of layout.particles: reflects the position at x = width but keeps the velocity."""
REPLACE = [
    (
        r"""            px = 2 * width - px
            u = -u
        if py < 0:
""",
        r"""            px = 2 * width - px
        if py < 0:
""",
    ),
]
