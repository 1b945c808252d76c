"""Dataflow through a database.

MUTANT: latency_report's median is the upper of the two middle latencies for an even count, not their mean.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('"median_s": statistics.median(latencies)', '"median_s": latencies[n // 2]')]
