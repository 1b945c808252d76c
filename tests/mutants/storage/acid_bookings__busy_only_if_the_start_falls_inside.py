"""ACID on a real SQLite file.

MUTANT: the overlap check only asks whether the new start falls inside an existing booking: a booking that starts earlier and runs into (or over) an existing one is let through.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        'start_min < ? AND ? < end_min",\n                (driver_id, end, start))',
        'start_min <= ? AND ? < end_min",  # BUG: only the new start\n                (driver_id, start, start))',
    ),
]
