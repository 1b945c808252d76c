"""ACID on a real SQLite file.

MUTANT: book leaves its transaction open and commits it at the start of the next booking (fewer fsyncs): serve_bookings prints "committed" before the COMMIT, and a kill loses a promised booking.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '        conn = self.conn\n        # IMMEDIATE',
        '        conn = self.conn\n        if conn.in_transaction:\n            conn.execute("COMMIT")  # BUG: the previous booking is committed only now\n        # IMMEDIATE',
    ),
    (
        '            charge(conn, booking_id, rider_id, amount_cents)\n            conn.execute("COMMIT")\n',
        '            charge(conn, booking_id, rider_id, amount_cents)\n',
    ),
    (
        '    def close(self) -> None:\n        self.conn.close()',
        '    def close(self) -> None:\n        if self.conn.in_transaction:\n            self.conn.execute("COMMIT")\n        self.conn.close()',
    ),
    (
        '        conn = self.conn\n        conn.execute("BEGIN IMMEDIATE")\n        try:\n            row',
        '        conn = self.conn\n        if conn.in_transaction:\n            conn.execute("COMMIT")\n        conn.execute("BEGIN IMMEDIATE")\n        try:\n            row',
    ),
]
