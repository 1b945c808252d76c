"""What the layout tests assert: every global site at its ideal, no races."""
from __future__ import annotations

from typing import Sequence

from graders.meters.coalescing.pictures import save_picture
from graders.meters.coalescing.trace import Trace

# ---------------------------------------------------------------------------------------
# Assertions for tests
# ---------------------------------------------------------------------------------------

def assert_segments(
    t: Trace,
    *,
    what: str,
    at_most: float | str | dict = "ideal",
    kinds: Sequence[str] = ("load", "store", "atomic"),
    arrays: Sequence[str] | None = None,
    pictures: bool = True,
) -> None:
    """Fail unless every matching global site is traceable and within its segment budget.

    `at_most` is "ideal" (each site's own ideal), a number, or {array name: number or "ideal"}.
    The failure message names each failing site (file:line), shows its picture and the
    path of an SVG of it, then lists every site.
    """
    __tracebackhide__ = True  # pytest: show the test's line, not this function's
    sites = [s for s in t.select(memory="global") if s.kind in kinds and (arrays is None or s.array in arrays)]
    if not sites:
        raise AssertionError(f"{what}: no global {'/'.join(kinds)} of {list(arrays or []) or 'any array'} "
                             f"was traced. Sites seen:\n{t.table()}")
    failures = []
    for s in sites:
        goal = at_most.get(s.array, "ideal") if isinstance(at_most, dict) else at_most
        limit = s.ideal if goal == "ideal" else float(goal)
        if s.untraceable:
            failures.append(f"  {s.describe()}")
        elif s.mean is not None and s.mean > limit + 1e-9:
            text = f"  {s.describe()}; the budget is {limit:g}\n{s.picture()}"
            if pictures:
                try:
                    text += f"\n    picture: {save_picture(s)}"
                except OSError as exc:  # a read-only checkout must not hide the real failure
                    text += f"\n    (could not write the SVG picture: {exc})"
            failures.append(text)
    if failures:
        raise AssertionError(f"too many memory segments: {what}:\n" + "\n".join(failures)
                             + f"\nall sites:\n{t.table()}")


def assert_no_races(t: Trace, *, what: str) -> None:
    """Fail if one thread wrote a shared element that another touched before a barrier."""
    __tracebackhide__ = True
    if t.races:
        more = f" (and {len(t.races) - 1} more shared arrays)" if len(t.races) > 1 else ""
        raise AssertionError(
            f"shared-memory race: {what}: {t.races[0]}{more}. Put cuda.syncthreads() after the "
            "writes and before another thread reads (or overwrites) them."
        )
