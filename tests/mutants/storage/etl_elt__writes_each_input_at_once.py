"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: etl writes each input's Parquet files straight into out as soon as that input is read: a run that fails on a later input leaves the earlier ones' new files behind.

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r"""        per_input.append((name, days, rejects))
""",
        r"""        per_input.append((name, days, rejects))
        for day, rows in days.items():  # BUG: loaded into out before the other inputs are read
            (Path(out) / f"date={day}").mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=CLEAN_SCHEMA), Path(out) / f"date={day}" / f"{name}.parquet")
""",
    ),
]
