"""Consent and third-party data.

MUTANT: two segment rows with the same key and different attributes are not refused: the last one silently wins.
See exercises/sources/consent_join.py for the statement.
"""
REPLACE = [('        if key in by_key and by_key[key] != attributes:\n            raise SegmentError(f"segment rows {first_row[key]} and {i} have the same key and different attributes")\n        by_key.setdefault(key, attributes)\n', '        by_key[key] = attributes  # BUG: conflicts go unnoticed\n')]
