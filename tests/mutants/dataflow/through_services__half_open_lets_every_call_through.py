"""Dataflow through services.

MUTANT: a half-open breaker lets every call through, not one trial: a service just back on its feet gets the whole backlog at once.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        '        if state == "half-open" and not self._trial:',
        '        if state == "half-open":  # BUG: every call is a trial',
    ),
]
