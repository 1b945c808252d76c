"""ACID on a real SQLite file.

MUTANT: book opens its transaction with a plain (deferred) BEGIN: it reads before it holds the write lock, and in WAL mode the second of two racing bookers then fails with 'database is locked' instead of waiting its turn.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '        # IMMEDIATE: the write lock first, so no other booker can slip in between our check\n        # for overlaps and our insert.\n        conn.execute("BEGIN IMMEDIATE")',
        '        conn.execute("BEGIN")  # BUG: deferred: the write lock only at the first write',
    ),
]
