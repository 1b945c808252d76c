"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

MUTANT (must fail the hidden tests): sorts every window from scratch: O(k log k) per value.
"""
REPLACE = [
    (
        r"""    rebuild(values[:k])
    out = [float(-low[0]) if odd else (-low[0] + high[0]) / 2]
    for i in range(k, len(values)):
        leaving, entering = values[i - k], values[i]
        # balance = change in (live values in low) - (live values in high): -2, 0 or 2.
        # Equal values are interchangeable, so a leaving value equal to the low top is
        # charged to low; prune() then removes whichever copy surfaces first.
        dead[leaving] += 1
        balance = -1 if leaving <= -low[0] else 1
        if entering <= -low[0]:
            heapq.heappush(low, -entering)
            balance += 1
        else:
            heapq.heappush(high, entering)
            balance -= 1
        if balance > 0:
            heapq.heappush(high, -heapq.heappop(low))
        elif balance < 0:
            heapq.heappush(low, -heapq.heappop(high))
        prune()
        # Dead values that never reach a top would pile up (a rising stream leaves its old,
        # small values at the bottom of low): rebuild from the window once they outnumber it.
        if len(low) + len(high) > 2 * k:
            rebuild(values[i - k + 1 : i + 1])
        out.append(float(-low[0]) if odd else (-low[0] + high[0]) / 2)
""",
        r"""    out = []
    for i in range(k - 1, len(values)):  # BUG (speed): a full sort of every window
        window = sorted(values[i - k + 1 : i + 1])
        out.append(float(window[k // 2]) if odd else (window[k // 2 - 1] + window[k // 2]) / 2)
""",
    ),
]
