"""A log-based broker by hand.

MUTANT: a partition number equal to the topic's partition count passes the check (0 <= partition <= len): fetch or offsets of partition 2 of a 2-partition topic fails with an IndexError instead of ValueError("topic 'rides' has no partition 2").
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        "        if type(partition) is not int or not 0 <= partition < len(partitions):\n",
        "        if type(partition) is not int or not 0 <= partition <= len(partitions):  # BUG: one past the last\n",
    ),
]
