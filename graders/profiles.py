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
# As many examples as a student runs, but the same ones for everyone, every time. More
# examples would cost every submission of a class time (they were a third of a correct
# submission's grading time at 150); the self-tests check the hidden tests catch every
# mutant at this count.
settings.register_profile(
    "grading",
    parent=settings.get_profile("dev"),
    derandomize=True,
    database=None,
    print_blob=False,
)
# The self-tests only need to know that a mutant fails, not its smallest failing example.
settings.register_profile(
    "grading-no-shrink",
    parent=settings.get_profile("grading"),
    phases=[p for p in Phase if p not in (Phase.explain, Phase.shrink)],
)
