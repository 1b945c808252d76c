"""ETL vs ELT: one messy ride log, cleaned before loading and after.

MUTANT: etl converts cents with price * 0.01 instead of price / 100: a float off in the last bit (0.07 * 100 is 7.000000000000001).

Reference solution. See exercises/storage/etl_elt.py for the statement.
"""
REPLACE = [
    (
        r""""price_usd": float(row["price"]) / (100 if row["price_unit"] == "cents" else 1),""",
        r""""price_usd": float(row["price"]) * (0.01 if row["price_unit"] == "cents" else 1),""",
    ),
]
