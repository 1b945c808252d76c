"""BASE: replicas that converge.

MUTANT: VVReplica.merge validates each key's siblings as it merges them: a message with a bad key after good ones is refused halfway, the good keys already merged.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '        check_vv_message(message)\n        for key, incoming in message.items():\n',
        '        for key, incoming in message.items():\n            check_vv_message({key: incoming})  # BUG: checked key by key, after earlier keys merged\n',
    ),
]
