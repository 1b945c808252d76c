"""Raw ride event logs for storage.etl_elt, and a plain-Python oracle.

`log_lines(kinds, seed)` writes one raw line per kind: a valid event ("ok", "dup" for a
resend of an earlier event) or one kind of damage (truncated JSON, plain text, an array,
an empty line, a missing or null field, a wrong type, a malformed or impossible timestamp).
`EXPECTED` says which reject reason each damaged kind must get. `oracle(files)` computes
the clean rows, counts and rejects of a run straight from the statement's table, with
none of the kata's code.
"""
from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

FIELDS = ("event_id", "ride_id", "city", "ts", "price", "price_unit", "duration", "duration_unit")
CITIES = ["San Francisco", "Oakland", "São Paulo", 'Quote "City"', "Back\\slash", "東京"]
START = datetime(2021, 9, 2, 22, 0, 0)

# kind -> the reason the statement gives it (None: clean, unless it repeats an event id)
EXPECTED = {
    "ok": None, "dup": "duplicate",
    "truncated": "bad_json", "garbage": "bad_json", "array": "bad_json", "empty": "bad_json",
    "missing": "missing_field", "null": "missing_field",
    "ride_id_str": "wrong_type", "ride_id_float": "wrong_type", "ride_id_bool": "wrong_type",
    "price_str": "wrong_type", "duration_bool": "wrong_type", "city_num": "wrong_type",
    "unit_num": "wrong_type", "ts_short_fields": "wrong_type", "ts_offset": "wrong_type",
    "ts_impossible": "wrong_type", "ts_number": "wrong_type",
}
KINDS = sorted(EXPECTED)


def record(i: int, rnd: random.Random, prefix: str = "e") -> dict:
    """A valid event: units mixed, pickups over two days around midnight."""
    cents = rnd.random() < 0.5
    ms = rnd.random() < 0.5
    dollars = round(rnd.uniform(3, 95), 2)
    seconds = rnd.randint(60, 5400)
    ts = START + timedelta(seconds=rnd.randint(0, 2 * 86400))
    return {"event_id": f"{prefix}-{i}", "ride_id": rnd.randint(1, 10**12), "city": rnd.choice(CITIES),
            "ts": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "price": round(dollars * 100) if cents else dollars, "price_unit": "cents" if cents else "dollars",
            "duration": seconds * 1000 + rnd.randint(0, 999) if ms else seconds, "duration_unit": "ms" if ms else "s"}


def damaged(kind: str, rec: dict, rnd: random.Random) -> str:
    r = dict(rec)
    if kind == "truncated":
        text = json.dumps(r)
        return text[: rnd.randint(1, len(text) - 1)]
    if kind == "garbage":
        return rnd.choice(["GARBAGE", "ride 17 ok", "null", "42", '"a string"', "{event_id: 1}"])
    if kind == "array":
        return json.dumps(list(r.values()))
    if kind == "empty":
        return rnd.choice(["", "   "])
    if kind == "missing":
        del r[rnd.choice(FIELDS)]
    elif kind == "null":
        r[rnd.choice(FIELDS)] = None
    elif kind == "ride_id_str":
        r["ride_id"] = str(r["ride_id"])
    elif kind == "ride_id_float":
        r["ride_id"] = float(r["ride_id"])
    elif kind == "ride_id_bool":
        r["ride_id"] = rnd.choice([True, False])
    elif kind == "price_str":
        r["price"] = str(r["price"])
    elif kind == "duration_bool":
        r["duration"] = True
    elif kind == "city_num":
        r["city"] = rnd.choice([7, ["Oakland"], {"name": "Oakland"}])
    elif kind == "unit_num":
        r[rnd.choice(["price_unit", "duration_unit"])] = rnd.choice([100, 1.0, ["s"]])
    elif kind == "ts_short_fields":  # datetime.strptime alone would take these
        t = datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ")
        r["ts"] = f"{t.year}-{t.month}-{t.day}T{t.hour}:{t.minute:02d}:{t.second:02d}Z"
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", r["ts"]):
            r["ts"] = r["ts"].replace("T", " ")
    elif kind == "ts_offset":
        r["ts"] = rnd.choice([r["ts"][:-1] + "+00:00", r["ts"][:-1], r["ts"].replace("T", " "), r["ts"] + " "])
    elif kind == "ts_impossible":
        r["ts"] = rnd.choice(["2021-02-29T10:00:00Z", "2021-09-31T10:00:00Z", "2021-09-03T24:00:00Z",
                              "2021-09-03T10:60:00Z", "2021-13-01T00:00:00Z"])
    elif kind == "ts_number":
        r["ts"] = 1630656900
    return json.dumps(r, ensure_ascii=rnd.random() < 0.5)


def log_lines(kinds: list[str], seed: int = 0, prefix: str = "e") -> list[str]:
    """One raw line per kind; "dup" resends an earlier valid event (or is a first "ok")."""
    rnd = random.Random(seed)
    lines, sent = [], []
    for i, kind in enumerate(kinds):
        rec = record(i, rnd, prefix)
        if kind == "dup" and sent:
            lines.append(json.dumps(rnd.choice(sent)))
        elif kind in ("ok", "dup"):
            sent.append(rec)
            lines.append(json.dumps(rec, ensure_ascii=rnd.random() < 0.5))
        else:
            lines.append(damaged(kind, rec, rnd))
    return lines


def random_kinds(n: int, seed: int, bad_share: float = 0.35) -> list[str]:
    rnd = random.Random(seed)
    bad = [k for k in KINDS if k not in ("ok", "dup")]
    return [rnd.choice(bad) if rnd.random() < bad_share else ("dup" if rnd.random() < 0.15 else "ok")
            for _ in range(n)]


def write_log(path: Path, lines: list[str]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))
    return str(path)


# --- the oracle: the statement's table, read literally -------------------------------------

_TS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_PRICE = {"cents": 100.0, "dollars": 1.0}
_DURATION = {"ms": 1000.0, "s": 1.0}


def _json_type(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    return type(v).__name__


def _reason(line: str):
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return "bad_json", None
    if type(obj) is not dict:
        return "bad_json", None
    for f in FIELDS:
        if obj.get(f) is None:
            return "missing_field", None
    want = {"event_id": {"str"}, "ride_id": {"int"}, "city": {"str"}, "ts": {"str"},
            "price": {"int", "float"}, "price_unit": {"str"}, "duration": {"int", "float"}, "duration_unit": {"str"}}
    for f, types in want.items():
        if _json_type(obj[f]) not in types:
            return "wrong_type", None
    if not _TS.fullmatch(obj["ts"]):
        return "wrong_type", None
    try:
        ts = datetime(int(obj["ts"][0:4]), int(obj["ts"][5:7]), int(obj["ts"][8:10]),
                      int(obj["ts"][11:13]), int(obj["ts"][14:16]), int(obj["ts"][17:19]))
    except ValueError:
        return "wrong_type", None
    return None, {**obj, "ts": ts}


def oracle(files: dict[str, list[str]]):
    """(clean rows sorted by event_id, counts, rejects [(file, line, reason)] in input order)
    of one run over {input name: lines}. Raises LookupError(name, line, unit, value) for the
    first unknown unit."""
    counts = {"clean": 0, "bad_json": 0, "missing_field": 0, "wrong_type": 0, "duplicate": 0}
    clean, rejects, ids = [], [], set()
    for name in sorted(files):
        for number, line in enumerate(files[name], start=1):
            reason, obj = _reason(line)
            if obj is not None:
                for unit, table in (("price_unit", _PRICE), ("duration_unit", _DURATION)):
                    if obj[unit] not in table:
                        raise LookupError(name, number, unit, obj[unit])
                if obj["event_id"] in ids:
                    reason = "duplicate"
            if reason:
                counts[reason] += 1
                rejects.append((name, number, reason))
                continue
            ids.add(obj["event_id"])
            counts["clean"] += 1
            clean.append({"event_id": obj["event_id"], "ride_id": obj["ride_id"], "city": obj["city"],
                          "ts": obj["ts"], "price_usd": float(obj["price"]) / _PRICE[obj["price_unit"]],
                          "duration_s": float(obj["duration"]) / _DURATION[obj["duration_unit"]],
                          "date": obj["ts"].date()})
    return sorted(clean, key=lambda r: r["event_id"]), counts, rejects


# --- reading the two pipelines' outputs back, with DuckDB alone ----------------------------

def etl_rows(out: str) -> list[dict]:
    """ETL's Parquet files under out (hive partitions), rows sorted by event_id."""
    import duckdb

    files = sorted(str(p) for p in Path(out).glob("date=*/*.parquet"))
    if not files:
        return []
    con = duckdb.connect()
    try:
        rel = con.execute("SELECT event_id, ride_id, city, ts, price_usd, duration_s, date "
                          "FROM read_parquet(?, hive_partitioning = true) ORDER BY event_id", [files])
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, row)) for row in rel.fetchall()]
    finally:
        con.close()


def elt_rows(db: str, table: str = "clean") -> list[dict]:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        order = "event_id" if table == "clean" else "file, line"
        rel = con.execute(f"SELECT * FROM {table} ORDER BY {order}")
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, row)) for row in rel.fetchall()]
    finally:
        con.close()


def etl_rejects(out: str) -> list[tuple]:
    got = []
    for path in sorted(Path(out).glob("_rejects/*.jsonl")):
        for line in path.read_text().splitlines():
            r = json.loads(line)
            got.append((path.stem, r["line"], r["reason"]))
    return got


def tree(out: str) -> dict[str, bytes]:
    """Every file under out with its bytes: the whole output, to compare before and after."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(Path(out).rglob("*")) if p.is_file()}
