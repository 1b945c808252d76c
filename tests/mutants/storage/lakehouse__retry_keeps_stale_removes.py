"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

MUTANT: The commit's actions are built once from the version first read and reused on every retry: an overwrite retried on top of a concurrent append leaves the append's file active.

Reference solution. See exercises/storage/lakehouse.py for the statement.
"""
REPLACE = [
    (
        r"""        while True:
            version = self.read_version + 1
            body = "".join(json.dumps(a) + "\n" for a in self._commit_actions())
""",
        r"""        body = "".join(json.dumps(a) + "\n" for a in self._commit_actions())  # BUG: stale on a retry
        while True:
            version = self.read_version + 1
""",
    ),
]
