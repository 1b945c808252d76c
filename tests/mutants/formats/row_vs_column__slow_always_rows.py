"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: sum_in_memory_order always walks rows (slow on F-order arrays).
"""
REPLACE = [
    (
        r"""    if abs(a.strides[1]) <= abs(a.strides[0]):
        for i in range(a.shape[0]):
            total += float(np.add.reduce(a[i, :]))
    else:
        for j in range(a.shape[1]):
            total += float(np.add.reduce(a[:, j]))
""",
        r"""    # "NumPy is row-major": always walk rows, even when the array is in F order.
    for i in range(a.shape[0]):
        total += float(np.add.reduce(a[i, :]))
""",
    ),
]
