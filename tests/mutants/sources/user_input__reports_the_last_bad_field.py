"""User input is malformed.

MUTANT: checks every field and reports the last failure, not the first: the reason depends on which field the loop saw last.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '    for name in FIELDS[kind]:\n        value = raw.get(name)\n        if value is None:\n            if name in OPTIONAL:\n                record[name] = None\n                continue\n            raise Invalid(name, "missing", f"{name}: required")\n        if name == "fare_usd":\n            record["fare_cents"] = _fare_cents(value)\n        elif name == "sent_at":\n            record[name] = _instant(name, value, now)\n        elif name in INT_RANGES:\n            record[name] = _integer(name, value)\n        else:\n            record[name] = _text(name, value)\n',
        '    failures = []\n    for name in FIELDS[kind]:\n        value = raw.get(name)\n        try:\n            if value is None:\n                if name in OPTIONAL:\n                    record[name] = None\n                    continue\n                raise Invalid(name, "missing", f"{name}: required")\n            if name == "fare_usd":\n                record["fare_cents"] = _fare_cents(value)\n            elif name == "sent_at":\n                record[name] = _instant(name, value, now)\n            elif name in INT_RANGES:\n                record[name] = _integer(name, value)\n            else:\n                record[name] = _text(name, value)\n        except Invalid as bad:\n            failures.append(bad)\n    if failures:\n        raise failures[-1]  # BUG: the last bad field, not the first\n',
    ),
]
