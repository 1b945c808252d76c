"""Consent and third-party data.

MUTANT: without consent the ad id is removed, but the partner's segment and income band are kept.
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('        attributes = by_key.get(user_key) if consented else None\n', '        attributes = by_key.get(user_key)  # BUG: consent only guards the ad id\n')]
