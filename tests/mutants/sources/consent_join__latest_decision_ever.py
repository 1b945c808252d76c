"""Consent and third-party data.

MUTANT: the consent of the user's latest record counts, whatever its time: an opt-in after the event lets the partner's data into an event that happened before the user said yes (and an opt-out later hides earlier consented events).
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('        if recorded_at > at:\n            break\n', '        pass  # BUG: every record counts, even those after the event\n')]
