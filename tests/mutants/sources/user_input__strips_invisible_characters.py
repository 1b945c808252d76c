"""User input is malformed.

MUTANT: zero-width and control characters are removed instead of rejected: 'ali\u200bce' becomes 'alice', a look-alike of the real alice.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '    for ch in text:\n        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed:\n            raise Invalid(name, "control_char", f"{name}: holds the invisible character U+{ord(ch):04X}")\n',
        '    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in allowed).strip()\n',
    ),
]
