"""Consent and third-party data.

MUTANT: only records strictly before the event count: an event at the very second the user opted in (or out) reads the decision before it.
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('        if recorded_at > at:\n', '        if recorded_at >= at:  # BUG: < instead of <=\n')]
