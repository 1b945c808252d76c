"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): compress may merge the first tuple too, so the exact minimum is lost
and low quantiles drift.
"""
REPLACE = [
    (
        r"""        # The first tuple (the exact minimum) is never merged away.
        keep_v, keep_g, keep_d = [v[-1]], [g[-1]], [d[-1]]
        for i in range(len(v) - 2, 0, -1):
            if g[i] + keep_g[-1] + keep_d[-1] <= limit:
                keep_g[-1] += g[i]
""",
        r"""        # The first tuple (the exact minimum) is never merged away.
        keep_v, keep_g, keep_d = [v[-1]], [g[-1]], [d[-1]]
        for i in range(len(v) - 2, -1, -1):  # BUG: the minimum may be merged away
            if g[i] + keep_g[-1] + keep_d[-1] <= limit:
                keep_g[-1] += g[i]
""",
    ),
    (
        r"""                keep_g.append(g[i])
                keep_d.append(d[i])
        keep_v.append(v[0])
        keep_g.append(g[0])
        keep_d.append(d[0])
        keep_v.reverse()
        keep_g.reverse()
""",
        r"""                keep_g.append(g[i])
                keep_d.append(d[i])
        keep_v.reverse()
        keep_g.reverse()
""",
    ),
]
