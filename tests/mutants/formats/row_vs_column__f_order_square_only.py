"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: byte_offset reverses the index but not the shape for F order.
"""
REPLACE = [
    (
        r"""    # Row-major: the last index moves fastest; column-major: the first does. Horner's rule
    # over the axes from slowest to fastest gives the flat element number.
    axes = range(len(shape)) if order == "C" else reversed(range(len(shape)))
    flat = 0
    for axis in axes:
        flat = flat * shape[axis] + index[axis]
    return flat * itemsize

""",
        r"""    # Row-major: the last index moves fastest; column-major: the first does. Horner's rule
    # over the axes from slowest to fastest gives the flat element number.
    # F order as "C order with the index reversed", forgetting to reverse the shape too:
    # right for square arrays only.
    ordered = tuple(index) if order == "C" else tuple(reversed(index))
    flat = 0
    for axis, i in enumerate(ordered):
        flat = flat * shape[axis] + i
    return flat * itemsize

""",
    ),
]
