"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): compress may merge the first tuple too, so the exact minimum is lost
and low quantiles drift.
"""
REPLACE = [
    (
        r"""        for i in range(len(v) - 2, 0, -1):
""",
        r"""        for i in range(len(v) - 2, -1, -1):  # BUG: the minimum may be merged away
""",
    ),
    (
        r"""        keep_v.append(v[0])
        keep_g.append(g[0])
        keep_d.append(d[0])
""",
        r"""""",
    ),
]
