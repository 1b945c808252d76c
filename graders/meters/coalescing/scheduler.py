"""A faster barrier scheduler for Numba's CUDA simulator, and `simulate` (a kata's host
function run without tracing)."""
from __future__ import annotations

import threading
from typing import Any, Callable

import numpy as np

from graders.meters.coalescing.segments import require_simulator

# ---------------------------------------------------------------------------------------
# A faster scheduler for the simulator
# ---------------------------------------------------------------------------------------
# The simulator's BlockManager busy-polls its threads for barriers while holding the GIL, so
# a 256-thread block with cuda.syncthreads() crawls (seconds per block on a loaded 2-core
# machine). This replacement runs the same threads with the same barrier semantics (a
# barrier opens when every thread still running has reached it), but the last thread to
# arrive opens it, and the managing thread sleeps until the block is done or a thread failed.
# It also counts each thread's barriers (the epochs the race check needs).

_scheduler_installed = False
THREAD_STACK = 1 << 20  # bytes of stack per simulated CUDA thread


class _BlockState:
    """Barrier bookkeeping of one simulated block, under one lock."""

    def __init__(self, n_threads: int):
        lock = threading.Lock()
        self.barrier = threading.Condition(lock)  # threads wait here for the last arrival
        self.manager = threading.Condition(lock)  # the managing thread waits here
        self.live = n_threads
        self.waiting = 0
        self.generation = 0
        self.failed = None

    def release(self) -> None:  # with the lock held
        self.waiting = 0
        self.generation += 1
        self.barrier.notify_all()


def install_fast_scheduler() -> None:
    """Patch numba's CUDA simulator with the condition-variable scheduler (idempotent)."""
    global _scheduler_installed
    if _scheduler_installed:
        return
    require_simulator()
    from numba import cuda  # noqa: F401
    from numba.cuda.simulator import kernel as simkernel

    orig_thread_run = simkernel.BlockThread.run

    def thread_run(thread):
        try:
            orig_thread_run(thread)  # catches the kernel's exception into thread.exception
        finally:
            state = thread._manager._kata_state
            with state.barrier:
                state.live -= 1
                if thread.exception and state.failed is None:
                    state.failed = thread
                if state.waiting and state.waiting == state.live:
                    state.release()  # the others were only waiting for this one to finish
                state.manager.notify()

    def syncthreads(thread):
        state = thread._manager._kata_state
        with state.barrier:
            if thread.abort:
                raise RuntimeError("abort flag set on syncthreads call")
            generation = state.generation
            state.waiting += 1
            if state.waiting == state.live:
                state.release()  # the last thread to arrive lets everyone go
            else:
                while state.generation == generation and not thread.abort:
                    state.barrier.wait()
            if thread.abort:
                raise RuntimeError("abort flag set on syncthreads clear")
        thread._kata_epoch = getattr(thread, "_kata_epoch", 0) + 1

    def manager_run(manager, grid_point, *args):
        threads = []
        for block_point in np.ndindex(*manager._block_dim):
            def target():
                manager._f(*args)
            threads.append(simkernel.BlockThread(target, manager, grid_point, block_point, manager._debug))
        state = manager._kata_state = _BlockState(len(threads))
        # 1 MiB stacks instead of the default 8: a 256-thread block would otherwise reserve
        # 2 GiB of address space, more than a sandbox's memory limit may leave.
        previous = threading.stack_size(THREAD_STACK)
        try:
            for t in threads:
                t.start()
        finally:
            threading.stack_size(previous)
        with state.barrier:
            while state.live and state.failed is None:
                state.manager.wait(timeout=1.0)
            failed = state.failed
            if failed is not None:  # as the simulator does: abort every other thread
                for t in threads:
                    t.abort = True
                state.release()
        if failed is not None:
            raise failed.exception[0].with_traceback(failed.exception[1])
        for t in threads:
            t.join()

    simkernel.BlockThread.run = thread_run
    simkernel.BlockThread.syncthreads = syncthreads
    simkernel.BlockManager.run = manager_run
    _scheduler_installed = True


def _isolated(fn: Any) -> bool:
    from graders.isolation import measured_in_worker

    return measured_in_worker(fn)


def simulate(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `fn` (a kata's launch or host function) with the fast simulator; its result."""
    if _isolated(fn):
        from graders.isolation import recording

        return recording.measure("coalescing.simulate", fn, args, kwargs)
    install_fast_scheduler()
    return fn(*args, **kwargs)
