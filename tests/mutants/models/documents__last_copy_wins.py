"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: from_documents collapses carriers and planes without comparing the copies: a later document that disagrees silently overwrites the earlier one.
"""
REPLACE = [
    (
        r"""        if airlines.setdefault(carrier["code"], carrier) != carrier:
            raise ValueError(f"documents disagree on carrier {carrier['code']!r}")
        if document["plane"] is not None:
            if planes.setdefault(document["tailnum"], document["plane"]) != document["plane"]:
                raise ValueError(f"documents disagree on plane {document['tailnum']!r}")
""",
        r"""        airlines[carrier["code"]] = carrier
        if document["plane"] is not None:
            planes[document["tailnum"]] = document["plane"]
""",
    ),
]
