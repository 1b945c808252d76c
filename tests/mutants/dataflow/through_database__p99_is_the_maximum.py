"""Dataflow through a database.

MUTANT: latency_report gives the slowest event as the p99 (right for 100 events or fewer, wrong beyond: the nearest-rank p99 of 200 is the 198th).
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('latencies[math.ceil(0.99 * n) - 1]', 'latencies[-1]')]
