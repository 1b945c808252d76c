"""Coalescing meter: how many 32-byte segments each warp request of a kernel touches.

"Global memory loads and stores by threads of a warp are coalesced by the device into as
few as possible transactions" (CUDA Best Practices, 9.2.1): a warp's request is served in
32-byte segments, so 32 lanes reading consecutive float32 touch 4 segments, and the same
lanes reading one field of 16-byte records touch 16.

Two ways to get the figures, which agree (tests/test_coalescing.py checks it):

- **The tracer** runs a Numba CUDA kernel under Numba's built-in simulator
  (NUMBA_ENABLE_CUDASIM=1, set here before numba.cuda is imported, never by the student).
  The simulator hands non-ndarray kernel arguments to the kernel untouched, so every
  array argument of every launch inside ``trace(...)`` is swapped for a ``Traced`` wrapper
  that records each element load and store with its simulated thread. Accesses are
  grouped by (launch, site, block, warp, barrier epoch, occurrence): a *site* is one
  indexing expression in the kernel's source (file:line, column), a *warp* is 32
  consecutive threads of a block in linear order (x fastest), the *epoch* is how many
  cuda.syncthreads() the thread has passed, an *occurrence* is how many times the thread
  has executed the site before in that epoch (loops). Each group is one warp request; the
  figure for a site is the mean number of distinct 32-byte segments per request, next to
  the ideal for its access width (ceil(active lanes * bytes per access / 32)).
  Arrays get 256-byte aligned fake device addresses, as cudaMalloc gives.
  Shared memory (``cuda.shared.array``) is traced too, but it is not global traffic: its
  sites report bank conflicts instead, and a race check flags a shared element that one
  thread writes and another reads or writes with no ``cuda.syncthreads()`` in between.
- **The index-function model** (``model``) takes the same access as a vectorised function
  of the thread coordinates and computes the same figures for millions of threads,
  without the simulator.

What the tracer cannot see it says, instead of guessing: a slice or partial index (it
makes a view; later accesses through the view are not traced), a field view of a whole
structured array, a sub-array field, and *divergent warps* (lanes of one warp that
executed a site a different number of times between two barriers: which executions ran
together is unknown).
Lanes that never execute a site (a bounds guard) are inactive lanes, which is fine.

    from graders.meters import coalescing as co
    t = co.trace(kata.launch, x, y)              # every kernel launched inside is traced
    print(t.table())
    co.assert_segments(t, what="move_soa on 2,048 particles")   # every global site at its ideal

`simulate(fn, *args)` runs a kata's host function without tracing. Both install a faster
barrier scheduler into the simulator (its own busy-polls under the GIL). On a real GPU,
graders/meters/gpu.py runs a kata function on the device in a child process.

Importing numba.cuda costs about 0.7 s, so only the layout katas import this package.

The modules, in the order a trace flows through them: `segments` (the segment model and the
constants), `model` (the index-function model), `scheduler` (the simulator's faster barriers,
`simulate`), `capture` (the traced arrays and the recorder), `trace` (requests, sites, races:
the results), `pictures` (a site drawn as text and SVG), `asserts` (what the tests assert).
"""

import os
import sys

# Before numba.cuda is imported anywhere: the simulator, unless the user explicitly chose
# the real device with NUMBA_ENABLE_CUDASIM=0 (then tracing tests skip, kernels run on it).
os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")
if "numba.core.config" in sys.modules:  # numba was imported first: make it re-read the variable
    sys.modules["numba.core.config"].reload_config()

from graders.meters.coalescing.segments import (  # noqa: E402  (after the simulator is chosen)
    ALIGN, BANKS, SEGMENT, SIMULATOR_NEEDED, WARP, Figure, ideal_segments, require_simulator, simulator_enabled)
from graders.meters.coalescing.model import Threads, model  # noqa: E402
from graders.meters.coalescing.scheduler import install_fast_scheduler, simulate  # noqa: E402
from graders.meters.coalescing.capture import Traced  # noqa: E402
from graders.meters.coalescing.trace import Race, Request, Site, Trace, trace, trace_kernel  # noqa: E402
from graders.meters.coalescing.pictures import LEGEND, WRITTEN, pictures_folder, save_picture  # noqa: E402
from graders.meters.coalescing.asserts import assert_no_races, assert_segments  # noqa: E402

__all__ = ["ALIGN", "BANKS", "SEGMENT", "SIMULATOR_NEEDED", "WARP", "Figure", "ideal_segments", "require_simulator",
           "simulator_enabled", "Threads", "model", "install_fast_scheduler", "simulate", "Traced", "Race", "Request",
           "Site", "Trace", "trace", "trace_kernel", "LEGEND", "WRITTEN", "pictures_folder", "save_picture",
           "assert_no_races", "assert_segments"]
