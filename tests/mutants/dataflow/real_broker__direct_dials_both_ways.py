"""A real broker: consumer groups.

MUTANT: without a broker every service dials every other one to send its name (each direction its own connection): n(n-1) connections where one per pair carries both.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '            for j in range(i + 1, n):\n',
        '            for j in (k for k in range(n) if k != i):  # BUG: every service dials every other\n',
    ),
    (
        '                        server_side.sendall(f"{names[j]}\\n".encode())\n                        received[names[i]].append(_read_line(dialer))\n',
        '',
    ),
]
