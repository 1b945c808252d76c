"""ACID on a real SQLite file.

MUTANT: cancel does not look at the status: cancelling a cancelled booking refunds it again.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '            if row[0] == "cancelled":\n                raise AlreadyCancelledError(f"booking {booking_id} is already cancelled")\n',
        '',
    ),
    (
        '                "SELECT rider_id, amount_cents FROM charges WHERE booking_id = ? AND refunded = 0",',
        '                "SELECT rider_id, amount_cents FROM charges WHERE booking_id = ?",  # BUG: refunded or not',
    ),
]
