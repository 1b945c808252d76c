"""Mutant of breakout.feature_freshness: computes every feature on request while the latency budget allows (staleness 0 is always safe), so a 90-day aggregate is read on every request."""
REPLACE = [
    (
        r"""    for on_request in itertools.product((False, True), repeat=len(names)):
""",
        r"""    for on_request in sorted(itertools.product((False, True), repeat=len(names)), key=sum, reverse=True):
""",
    ),
    (
        r"""        if cost < best_cost:
""",
        r"""        if best is None:  # the subsets come most-on-request first: the freshest plan that fits
""",
    ),
]
