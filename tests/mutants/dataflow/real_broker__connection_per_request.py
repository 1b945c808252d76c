"""A real broker: consumer groups.

MUTANT: each service publishes through a fresh client instead of its own connection: a connection per request, 2n connections for n services.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '            client.xadd(stream, {"from": name})\n',
        '            connect(url).xadd(stream, {"from": name})  # BUG: a new connection per request\n',
    ),
]
