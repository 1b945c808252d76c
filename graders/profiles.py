"""Hypothesis profiles: 'dev' for students, 'grading' derandomized so a regrade is identical."""
from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    deadline=None,  # a laptop under load must not turn a slow example into a failure
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "grading",
    parent=settings.get_profile("dev"),
    derandomize=True,
    database=None,
    max_examples=150,
    print_blob=False,
)
# Self-tests run every kata many times; fewer examples, still derandomized.
settings.register_profile("selftest", parent=settings.get_profile("grading"), max_examples=60)
