"""Mutant of breakout.feature_freshness: computes every feature on request while the latency budget allows (staleness 0 is always safe), so a 90-day aggregate is read on every request."""
REPLACE = [
    (
        r"""    best, best_cost = None, math.inf
    names = list(features)
    for on_request in itertools.product((False, True), repeat=len(names)):
        if any(not r and off[n] is None for n, r in zip(names, on_request)):
            continue
""",
        r"""    best, best_cost = None, math.inf
    names = list(features)
    for on_request in sorted(itertools.product((False, True), repeat=len(names)), key=sum, reverse=True):
        if any(not r and off[n] is None for n, r in zip(names, on_request)):
            continue
""",
    ),
    (
        r"""            continue
        cost = sum(on[n][1] if r else off[n][1] for n, r in zip(names, on_request))
        if cost < best_cost:
            best_cost = cost
            best = {n: dict(on[n][0] if r else off[n][0]) for n, r in zip(names, on_request)}
""",
        r"""            continue
        cost = sum(on[n][1] if r else off[n][1] for n, r in zip(names, on_request))
        if best is None:  # the subsets come most-on-request first: the freshest plan that fits
            best_cost = cost
            best = {n: dict(on[n][0] if r else off[n][0]) for n, r in zip(names, on_request)}
""",
    ),
]
