"""Candidate code in a worker process behind walls; values cross through a safe codec."""
from __future__ import annotations

import sys
from typing import Any


def measured_in_worker(fn: Any) -> bool:
    """Whether a meter given `fn` must measure it in a kata's worker: the grader isolates (its
    proxy module is loaded and active) and `fn` calls the kata. Imports nothing, so a student's
    in-process run pays nothing for the question."""
    proxy = sys.modules.get("graders.isolation.proxy")
    return proxy is not None and proxy.active() and proxy.recording.touches_kata(fn)
