"""Particles: AoS to SoA on the GPU.

MUTANT: bounces at <= 0 and >= width: a particle exactly on a wall flips its velocity although it has not crossed it.
"""
REPLACE = [
    ("""        if px < 0:
            px = -px
            u = -u
        elif px > width:""", """        if px <= 0:
            px = -px
            u = -u
        elif px >= width:"""),
]
