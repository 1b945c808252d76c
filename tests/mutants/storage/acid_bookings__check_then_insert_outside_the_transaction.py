"""ACID on a real SQLite file.

MUTANT: book checks for an overlapping booking before it takes the write lock: two processes both see the slot free, then both insert.
See exercises/storage/acid_bookings.py for the statement.
"""
REPLACE = [
    (
        '        conn.execute("BEGIN IMMEDIATE")\n        try:\n            if conn.execute("SELECT 1 FROM drivers WHERE driver_id = ?", (driver_id,)).fetchone() is None:\n                raise UnknownDriverError(f"no driver {driver_id}")\n            if conn.execute("SELECT 1 FROM riders WHERE rider_id = ?", (rider_id,)).fetchone() is None:\n                raise UnknownRiderError(f"no rider {rider_id}")\n            busy = conn.execute(\n                "SELECT 1 FROM bookings WHERE driver_id = ? AND status = \'active\' AND start_min < ? AND ? < end_min",\n                (driver_id, end, start)).fetchone()\n            if busy is not None:\n                raise DriverBusyError(f"driver {driver_id} is busy between {start} and {end}")\n',
        '        if conn.execute("SELECT 1 FROM drivers WHERE driver_id = ?", (driver_id,)).fetchone() is None:\n            raise UnknownDriverError(f"no driver {driver_id}")\n        if conn.execute("SELECT 1 FROM riders WHERE rider_id = ?", (rider_id,)).fetchone() is None:\n            raise UnknownRiderError(f"no rider {rider_id}")\n        busy = conn.execute(  # BUG: read outside the transaction, before the write lock\n            "SELECT 1 FROM bookings WHERE driver_id = ? AND status = \'active\' AND start_min < ? AND ? < end_min",\n            (driver_id, end, start)).fetchone()\n        if busy is not None:\n            raise DriverBusyError(f"driver {driver_id} is busy between {start} and {end}")\n        conn.execute("BEGIN IMMEDIATE")\n        try:\n',
    ),
]
