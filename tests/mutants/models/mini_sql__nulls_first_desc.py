"""MUTANT: PostgreSQL's NULL order: NULLs last for ASC but first for DESC (DuckDB puts them last both ways)."""
REPLACE = [
    (
        "(env[key] is not None, env[key] if env[key] is not None else 0), reverse=True)",
        "(env[key] is None, env[key] if env[key] is not None else 0), reverse=True)",
    ),
]
