"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

MUTANT: the ride_id range check is half-open (ride_id < INT64_MAX), so the largest int64 is refused.
"""
REPLACE = [
    (
        r"""not INT64_MIN <= ride_id <= INT64_MAX:
            raise ValueError(f"record {i}: ride_id must be an int64, got {ride_id!r}")""",
        r"""not INT64_MIN <= ride_id < INT64_MAX:
            raise ValueError(f"record {i}: ride_id must be an int64, got {ride_id!r}")""",
    ),
]
