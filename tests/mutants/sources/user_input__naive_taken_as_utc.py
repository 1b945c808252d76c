"""User input is malformed.

MUTANT: sent_at without an offset is read as UTC instead of rejected: a phone's local time silently shifts by hours.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '        if parsed.utcoffset() is None:\n            raise Invalid(name, "naive_timestamp", f"{name}: {text[:40]!r} has no UTC offset")\n',
        '        if parsed.utcoffset() is None:\n            parsed = parsed.replace(tzinfo=timezone.utc)  # BUG: a local time guessed as UTC\n',
    ),
]
