"""Consent and third-party data.

MUTANT: an event whose user the partner does not know is dropped (an inner join): the row count is not preserved.
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('        attributes = by_key.get(user_key) if consented else None\n', '        if user_key not in by_key:\n            continue  # BUG: inner join\n        attributes = by_key.get(user_key) if consented else None\n')]
