"""Hypothesis profiles: 'dev' for students, 'grading' derandomized so a regrade is identical."""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "dev",
    deadline=None,  # a laptop under load must not turn a slow example into a failure
    # The explain phase replays hundreds of examples after a failure: slow feedback on a stub.
    phases=[p for p in Phase if p is not Phase.explain],
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
