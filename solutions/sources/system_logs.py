"""System logs under a budget: parse a ride service's mixed log, keep what matters, count the rest.

The chapter: systems generate logs to record their state and significant events ("log
everything you can"), for debugging and, more and more, for ML. The volume grows fast,
most of it is noise, and storing all of it costs money. Build the step between the
services and the log store: parse the mixed log of a ride service into records, keep every
WARN and ERROR, sample the INFO/DEBUG lines of rides consistently, fold repetitive lines
into counts, and account for every input line: nothing is lost silently.

The log mixes three shapes of line (UTF-8 text, lines split on "\\n" only, a final "\\n"
ends the last line):

    2026-09-14T08:30:00.123Z INFO  dispatch ride=123 driver=7 eta_s=240
    {"ts": "2026-09-14T08:30:01.456Z", "level": "warn", "component": "pricing", "msg": "surge", "ride": 123}
    2026-09-14T08:30:02.000Z ERROR payments charge failed ride=124
    Traceback (most recent call last):
      File "payments/charge.py", line 88, in charge
        gateway.debit(card, amount)
    GatewayTimeout: no answer in 3.0 s

- plain: `<ts> <LEVEL> <component> <message>`, fields split by runs of spaces: ts is
  YYYY-MM-DDTHH:MM:SS[.f]Z (1 to 6 fraction digits, ASCII digits, a real UTC date and
  time), LEVEL one of DEBUG INFO WARN ERROR, component a letter then letters, digits,
  "_" "." "-", message the rest (not empty; kept as is). Each space-separated token of the
  message of the form key=value (key: a letter or "_", then letters, digits, "_"; value:
  anything without a space) is a field; the first of a key wins. The template is the
  message with each such token's value replaced by "*": "ride=* driver=* eta_s=*".
- JSON: a line whose first character is "{": a JSON object with "ts" (a str that
  datetime.fromisoformat reads, with a UTC offset), "level" (a str: debug, info, warn, warning or error, any case; the
  record's level is DEBUG, INFO, WARN, WARN, ERROR), "component" (a non-empty str) and
  "msg" (a str). The other keys are its fields; its template is msg.
- traceback: the line "Traceback (most recent call last):", the lines after it that start
  with a space, and then, if the next line looks like an exception line (a dotted name
  ending in Error, Exception, Exit, Interrupt, Timeout or Warning, then ": " and text, or
  nothing), that line too. A traceback that comes right after the last line of an ERROR
  record belongs to that record (record["traceback"]: its lines joined with "\\n"; the
  record's "lines" counts them). An ERROR has at most one: anywhere else (after another
  kind of line, after a blank line, after a traceback) every line of it is malformed.

A record's ride is its field "ride": for plain lines the value's text, for JSON an int (not
a bool) as str(value) or a str as is; anything else, or no such field, is no ride.

Malformed lines are never fatal and never lost: each goes to the quarantine as
{"line": <1-based number>, "kind": kind, "text": the line}, kind one of MALFORMED_KINDS:
"blank" (empty or only whitespace), "truncated_json" (starts with "{" but json.loads fails:
a line cut short), "bad_json" (a JSON object that is not such a record: a missing or wrong
field, a naive ts, an unknown level), "orphan_traceback" (a traceback that follows
no ERROR record) and "unparsable" (anything else: a plain line cut before its message, a
timestamp that is no date, a stray indented line, garbage).

Keeping what matters, reduce_log(text, sample_rate, budget_bytes):
1. Every WARN and ERROR record is kept, with its traceback, ride or not.
2. INFO and DEBUG records with a ride are sampled by ride, never per line: a ride is kept
   when ride_fraction(ride) < rate (the given hash: the same ride, the same answer, every
   run and in every component, so a ride's lines are kept or dropped together).
3. INFO and DEBUG records without a ride are aggregated: one summary per (minute,
   component, template), minute = the record's ts truncated to the minute, written
   "2026-09-14T08:30Z": {"minute", "component", "template", "count"}, in sorted order of
   (minute, component, template).
4. Size: a line takes its UTF-8 bytes + 1 (its newline; a last line without one counts
   it too), a summary takes its summary_line(summary) as a line. bytes_kept = the kept
   records' lines + the summaries. If that is over budget_bytes, rides are dropped: the
   effective rate is the largest rate <= sample_rate (in the ride_fraction sense) whose
   output fits, that is the fraction of the first ride, in order of ride_fraction, that
   does not fit; 0.0 when even no ride at all does not fit (WARN/ERROR and summaries are
   never dropped: then within_budget is False).

reduce_log returns {"kept": the kept records' lines in input order, tracebacks included,
"summaries": [...], "quarantine": [...], "report": {...}}, the report holding:

    lines_in, bytes_in            every input line, its bytes
    records, parsed_lines         records found, and the lines they span
    malformed_lines, malformed_by_kind ({kind: n} for every kind, zeros included)
    kept_lines, sampled_out_lines, aggregated_lines, quarantined_lines
    summaries                     how many
    bytes_kept, bytes_quarantined, bytes_saved = bytes_in - bytes_kept - bytes_quarantined
    sample_rate, effective_rate, budget_bytes, within_budget (bytes_kept <= budget_bytes)

The counts add up: lines_in == parsed_lines + malformed_lines, parsed_lines == kept_lines +
sampled_out_lines + aggregated_lines, malformed_lines == quarantined_lines.

EXAMPLE_LOG below is that log with four more lines: two heartbeats, a line cut short, two
quotes (the last one from a UTC+2 clock). Ride 123 has fraction 0.65, 124 0.42, 125 0.06,
126 0.40: at rate 0.5 ride 123's INFO line is sampled out, while its WARN is kept.

    >>> out = reduce_log(EXAMPLE_LOG, sample_rate=0.5, budget_bytes=10_000)
    >>> r = out["report"]
    >>> r["lines_in"], r["records"], r["kept_lines"], r["sampled_out_lines"], r["aggregated_lines"]
    (12, 7, 8, 1, 2)
    >>> [q["kind"] for q in out["quarantine"]], r["bytes_in"], r["bytes_kept"]
    (['truncated_json'], 744, 601)
    >>> out["summaries"]
    [{'minute': '2026-09-14T08:30Z', 'component': 'dispatch', 'template': 'heartbeat queue=*', 'count': 2}]
    >>> r = reduce_log(EXAMPLE_LOG, 0.5, 600)["report"]   # one byte short: ride 125 (0.06)
    >>> r["effective_rate"] == ride_fraction("126"), r["bytes_kept"], r["within_budget"]   # fits, 126 not
    (True, 489, True)

Bad arguments raise ValueError, checked in this order: text not a str, "text must be a
str, got bytes"; sample_rate not an int or float (a bool is not) from 0 to 1, "sample_rate
must be a number from 0 to 1, got 1.5"; budget_bytes not an int >= 0 (not a bool),
"budget_bytes must be an int >= 0, got -1". parse_log(text) raises the first one too.

Run its tests: pytest exercises/sources/test_system_logs.py   (or: kata check sources.system_logs)
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from typing import Any

# --- given: levels, kinds, the sampling hash, the summary format, the example -----------------

LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")
ALWAYS_KEPT = ("WARN", "ERROR")
JSON_LEVELS = {"debug": "DEBUG", "info": "INFO", "warn": "WARN", "warning": "WARN", "error": "ERROR"}
MALFORMED_KINDS = ("blank", "truncated_json", "bad_json", "orphan_traceback", "unparsable")
TRACEBACK_HEADER = "Traceback (most recent call last):"

EXAMPLE_LOG = """\
2026-09-14T08:30:00.123Z INFO  dispatch ride=123 driver=7 eta_s=240
2026-09-14T08:30:05.000Z DEBUG dispatch heartbeat queue=12
{"ts": "2026-09-14T08:30:01.456Z", "level": "warn", "component": "pricing", "msg": "surge", "ride": 123}
2026-09-14T08:30:02.000Z ERROR payments charge failed ride=124
Traceback (most recent call last):
  File "payments/charge.py", line 88, in charge
    gateway.debit(card, amount)
GatewayTimeout: no answer in 3.0 s
{"ts": "2026-09-14T08:30:03.000Z", "level": "info", "compon
2026-09-14T08:30:35.000Z DEBUG dispatch heartbeat queue=9
2026-09-14T08:31:00.000Z INFO  pricing quote ride=125 fare_usd=18.50
{"ts": "2026-09-14T08:31:02.000+02:00", "level": "INFO", "component": "pricing", "msg": "quote", "ride": "126"}
"""


def ride_fraction(ride: str) -> float:
    """The ride's place in [0, 1): the first 8 bytes of SHA-256 of its text, over 2**64."""
    return int.from_bytes(hashlib.sha256(ride.encode("utf-8")).digest()[:8], "big") / 2**64


def summary_line(summary: dict) -> str:
    """How a summary is written to the log store (and so what it costs)."""
    return json.dumps(summary, ensure_ascii=False)


# --- to write --------------------------------------------------------------------------------

PLAIN = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?Z) +"
                   r"(DEBUG|INFO|WARN|ERROR) +([A-Za-z][A-Za-z0-9_.-]*) +(\S.*)")
FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")
EXCEPTION_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(Error|Exception|Exit|Interrupt|Timeout|Warning)(: .*)?")


def _check_text(text: Any) -> None:
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")


def _size(line: str) -> int:
    return len(line.encode("utf-8")) + 1


def _split(text: str) -> list[str]:
    # Only "\n" ends a line: str.splitlines() would also split on \r, \x0c, \x1c, \u2028...
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _plain(line: str) -> dict | None:
    match = PLAIN.fullmatch(line)
    if match is None:
        return None
    ts, level, component, message = match.groups()
    try:
        at = datetime.fromisoformat(ts)
    except ValueError:
        return None
    fields: dict = {}
    template = []
    for token in message.split(" "):
        pair = FIELD.fullmatch(token)
        if pair:
            fields.setdefault(pair[1], pair[2])
            token = f"{pair[1]}=*"
        template.append(token)
    return {"ts": at, "level": level, "component": component, "message": message, "fields": fields,
            "ride": fields.get("ride"), "template": " ".join(template), "format": "plain"}


def _json(line: str) -> tuple[dict | None, str | None]:
    """(record, None) or (None, the malformed kind)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None, "truncated_json"
    ts, level, component, msg = (value.get(k) for k in ("ts", "level", "component", "msg"))
    if not (isinstance(ts, str) and isinstance(level, str) and isinstance(component, str) and component
            and isinstance(msg, str) and level.lower() in JSON_LEVELS):
        return None, "bad_json"
    try:
        at = datetime.fromisoformat(ts)
    except ValueError:
        return None, "bad_json"
    if at.utcoffset() is None:
        return None, "bad_json"
    try:
        at = at.astimezone(timezone.utc)
    except OverflowError:
        return None, "bad_json"
    fields = {k: v for k, v in value.items() if k not in ("ts", "level", "component", "msg")}
    ride = fields.get("ride")
    ride = str(ride) if type(ride) is int else ride if isinstance(ride, str) else None
    return {"ts": at, "level": JSON_LEVELS[level.lower()], "component": component, "message": msg,
            "fields": fields, "ride": ride, "template": msg, "format": "json"}, None


def parse_log(text: str) -> dict:
    """{"records": [...], "quarantine": [...]}: every line in exactly one of them.

    A record: {"line", "lines", "ts" (UTC datetime), "level", "component", "message",
    "fields", "ride", "template", "traceback" (str or None), "format" ("plain"/"json")}.
    (about 40 lines) e.g. parse_log(EXAMPLE_LOG)["records"][3]["traceback"].splitlines()[-1]
    -> 'GatewayTimeout: no answer in 3.0 s'
    """
    _check_text(text)
    lines = _split(text)
    records: list[dict] = []
    quarantine: list[dict] = []
    open_error = None  # the ERROR record that ends on the line just before, with no traceback yet
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        if line == TRACEBACK_HEADER:
            end = i + 1
            while end < len(lines) and lines[end].startswith(" "):
                end += 1
            if end < len(lines) and EXCEPTION_LINE.fullmatch(lines[end]):
                end += 1
            block = lines[i:end]
            if open_error is not None:
                open_error["traceback"] = "\n".join(block)
                open_error["lines"] += len(block)
            else:
                quarantine += [{"line": i + 1 + k, "kind": "orphan_traceback", "text": t} for k, t in enumerate(block)]
            open_error = None
            i = end
            continue
        record, kind = None, None
        if not line.strip():
            kind = "blank"
        elif line[0] == "{":
            record, kind = _json(line)
        else:
            record = _plain(line)
            kind = None if record else "unparsable"
        if record is None:
            quarantine.append({"line": number, "kind": kind, "text": line})
            open_error = None
        else:
            record.update(line=number, lines=1, traceback=None)
            records.append(record)
            open_error = record if record["level"] == "ERROR" else None
        i += 1
    return {"records": records, "quarantine": quarantine}


def _record_lines(record: dict, lines: list[str]) -> list[str]:
    return lines[record["line"] - 1:record["line"] - 1 + record["lines"]]


def reduce_log(text: str, sample_rate: float, budget_bytes: int) -> dict:
    """{"kept", "summaries", "quarantine", "report"}: what goes to the log store, and the books.

    (about 45 lines) e.g. reduce_log(EXAMPLE_LOG, 0.5, 10_000)["report"]["lines_in"] -> 12
    """
    _check_text(text)
    if type(sample_rate) not in (int, float) or not 0 <= sample_rate <= 1:
        raise ValueError(f"sample_rate must be a number from 0 to 1, got {sample_rate!r}")
    if type(budget_bytes) is not int or budget_bytes < 0:
        raise ValueError(f"budget_bytes must be an int >= 0, got {budget_bytes!r}")
    lines = _split(text)
    parsed = parse_log(text)
    records, quarantine = parsed["records"], parsed["quarantine"]

    always, by_ride, groups = [], {}, {}
    for record in records:
        size = sum(_size(line) for line in _record_lines(record, lines))
        if record["level"] in ALWAYS_KEPT:
            always.append(record)
        elif record["ride"] is not None:
            by_ride.setdefault(record["ride"], []).append((record, size))
        else:
            minute = record["ts"].strftime("%Y-%m-%dT%H:%MZ")
            groups.setdefault((minute, record["component"], record["template"]), []).append(record)
    summaries = [{"minute": m, "component": c, "template": t, "count": len(rs)} for (m, c, t), rs in sorted(groups.items())]

    base = sum(_size(line) for r in always for line in _record_lines(r, lines))
    base += sum(_size(summary_line(s)) for s in summaries)
    # Lowering the rate only ever drops whole rides, those of the highest fractions first:
    # walk the rides in order of fraction until the next one does not fit.
    effective = float(sample_rate) if base <= budget_bytes else 0.0
    total = base
    if base <= budget_bytes:
        for fraction, ride in sorted((ride_fraction(ride), ride) for ride in by_ride):
            if fraction >= sample_rate:
                break
            size = sum(s for _, s in by_ride[ride])
            if total + size > budget_bytes:
                effective = fraction
                break
            total += size
    kept_rides = {ride for ride in by_ride if ride_fraction(ride) < effective}

    kept_records = always + [r for ride in kept_rides for r, _ in by_ride[ride]]
    kept_records.sort(key=lambda r: r["line"])
    kept = [line for r in kept_records for line in _record_lines(r, lines)]
    bytes_in = sum(_size(line) for line in lines)
    bytes_kept = sum(_size(line) for line in kept) + sum(_size(summary_line(s)) for s in summaries)
    bytes_quarantined = sum(_size(q["text"]) for q in quarantine)
    by_kind = dict.fromkeys(MALFORMED_KINDS, 0)
    for q in quarantine:
        by_kind[q["kind"]] += 1
    parsed_lines = sum(r["lines"] for r in records)
    report = {
        "lines_in": len(lines), "bytes_in": bytes_in,
        "records": len(records), "parsed_lines": parsed_lines,
        "malformed_lines": len(quarantine), "malformed_by_kind": by_kind,
        "kept_lines": len(kept),
        "sampled_out_lines": sum(r["lines"] for ride in by_ride if ride not in kept_rides for r, _ in by_ride[ride]),
        "aggregated_lines": sum(r["lines"] for rs in groups.values() for r in rs),
        "quarantined_lines": len(quarantine),
        "summaries": len(summaries),
        "bytes_kept": bytes_kept, "bytes_quarantined": bytes_quarantined,
        "bytes_saved": bytes_in - bytes_kept - bytes_quarantined,
        "sample_rate": sample_rate, "effective_rate": effective, "budget_bytes": budget_bytes,
        "within_budget": bytes_kept <= budget_bytes,
    }
    return {"kept": kept, "summaries": summaries, "quarantine": quarantine, "report": report}
