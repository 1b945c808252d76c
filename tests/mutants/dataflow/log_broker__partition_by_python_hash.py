"""A log-based broker by hand.

MUTANT: produce partitions by Python's hash(key): salted per process (PYTHONHASHSEED), so a key's partition differs from one process to the next and from the stated crc32 rule.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        '        number = partition_for(key, len(partitions))\n',
        '        number = hash(key) % len(partitions)  # BUG: not stable across processes\n',
    ),
]
