"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: the walk over documents averages the seats of each carrier's distinct planes, not of the planes flown (a plane flown twice counts once).
"""
REPLACE = [
    (
        r"""    total: dict[str, list] = {}
    for document in documents:
        seats = total.setdefault(document["carrier"]["code"], [0, 0])
        if document["plane"] is not None:
""",
        r"""    total: dict[str, list] = {}
    counted = set()
    for document in documents:
        seats = total.setdefault(document["carrier"]["code"], [0, 0])
        if document["plane"] is not None and (document["carrier"]["code"], document["tailnum"]) not in counted:
            counted.add((document["carrier"]["code"], document["tailnum"]))
""",
    ),
]
