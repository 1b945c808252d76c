"""Consent and third-party data.

MUTANT: a user without any consent record at the event's time counts as consented (the old opt-out model, not IDFA's opt-in).
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('    decision = False  # no record yet: opt-in means no until the user says yes\n', '    decision = True  # BUG: no record yet means yes (opt-out model)\n')]
