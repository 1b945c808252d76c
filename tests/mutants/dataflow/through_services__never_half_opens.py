"""Dataflow through services.

MUTANT: the breaker never half-opens: once open it stays open, and a service that recovered is never asked again.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        '        if self._trial or self.clock.now() - self._opened_at >= self.cooldown_s:\n            return "half-open"',
        '        if self._trial:  # BUG: the cool-down never ends\n            return "half-open"',
    ),
]
