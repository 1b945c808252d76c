"""ACID on a real SQLite file.

MUTANT: book accepts start == end (checks start <= end): an empty [30, 30) booking is stored instead of being refused.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        "        if not (_is_int(start) and _is_int(end) and start < end):\n",
        "        if not (_is_int(start) and _is_int(end) and start <= end):  # BUG: an empty slot passes\n",
    ),
]
