"""Dataflow through services.

MUTANT: the last known value is served as if it were fresh (fresh True, age_s 0.0): the caller cannot tell a price from an outage.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        'inputs[kind] = {"value": value, "fresh": False, "age_s": now - fetched_at}',
        'inputs[kind] = {"value": value, "fresh": True, "age_s": 0.0}  # BUG: stale passed off as fresh',
    ),
]
