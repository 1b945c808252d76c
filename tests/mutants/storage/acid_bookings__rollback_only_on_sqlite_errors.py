"""ACID on a real SQLite file.

MUTANT: book rolls back only on sqlite3.Error: after PaymentDeclined or GatewayError the transaction stays open, with the debit in it, and the next booking fails.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '            conn.execute("COMMIT")\n        except BaseException:\n            conn.execute("ROLLBACK")\n            raise\n        return booking_id',
        '            conn.execute("COMMIT")\n        except sqlite3.Error:  # BUG: the payment\'s own errors leave the transaction open\n            conn.execute("ROLLBACK")\n            raise\n        return booking_id',
    ),
]
