"""Consent and third-party data.

MUTANT: the event's email is hashed as it came (no trim, no lower-case): ' Ana@Example.com' and the partner's 'ana@example.com' never meet, and neither do its consent records.
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('    emails = [normalize_email(event["email"]) for event in events]\n', '    emails = [event["email"] for event in events]  # BUG: as it came\n    [normalize_email(e) for e in emails]\n'), ('        histories.setdefault(normalize_email(record["email"]), []).append(', '        normalize_email(record["email"])\n        histories.setdefault(record["email"], []).append(')]
