"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: byte_offset reverses the index but not the shape for F order.
"""
REPLACE = [
    (
        r"""    axes = range(len(shape)) if order == "C" else reversed(range(len(shape)))
""",
        r"""    # F order as "C order with the index reversed", forgetting to reverse the shape too:
    # right for square arrays only.
    ordered = tuple(index) if order == "C" else tuple(reversed(index))
""",
    ),
    (
        r"""    for axis in axes:
        flat = flat * shape[axis] + index[axis]
""",
        r"""    for axis, i in enumerate(ordered):
        flat = flat * shape[axis] + i
""",
    ),
]
