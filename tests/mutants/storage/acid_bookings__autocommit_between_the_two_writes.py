"""ACID on a real SQLite file.

MUTANT: book commits the reservation before it charges the rider (two transactions): a failed payment, or a kill between the two, leaves a booking without its charge.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '            charge(conn, booking_id, rider_id, amount_cents)\n',
        '            conn.execute("COMMIT")  # BUG: the reservation is committed on its own\n            conn.execute("BEGIN IMMEDIATE")\n            charge(conn, booking_id, rider_id, amount_cents)\n',
    ),
]
