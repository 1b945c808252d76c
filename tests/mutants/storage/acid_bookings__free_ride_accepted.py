"""ACID on a real SQLite file.

MUTANT: book accepts amount_cents = 0 (checks amount_cents < 0): a free ride is booked with a charge of 0 instead of being refused.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        "        if not _is_int(amount_cents) or amount_cents <= 0:\n",
        "        if not _is_int(amount_cents) or amount_cents < 0:  # BUG: 0 is not positive\n",
    ),
]
