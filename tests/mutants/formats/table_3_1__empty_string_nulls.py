"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: read_csv keeps the empty field as "": a null driver comes back as the empty string.
"""
REPLACE = [
    (
        r"""            out.append(_record(
                int(ride_id),
                driver or None,
                float(price) if price else None,  # float('nan'), float('-inf') parse repr's output
                _parse_iso(at),
""",
        r"""            out.append(_record(
                int(ride_id),
                driver,
                float(price) if price else None,  # float('nan'), float('-inf') parse repr's output
                _parse_iso(at),
""",
    ),
]
