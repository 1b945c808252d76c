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


def parse_log(text: str) -> dict:
    """{"records": [...], "quarantine": [...]}: every line in exactly one of them.

    A record: {"line", "lines", "ts" (UTC datetime), "level", "component", "message",
    "fields", "ride", "template", "traceback" (str or None), "format" ("plain"/"json")}.
    (about 40 lines, plus a parser per format) e.g.
    parse_log(EXAMPLE_LOG)["records"][3]["traceback"].splitlines()[-1] -> 'GatewayTimeout: no answer in 3.0 s'
    """
    # TODO: text.split("\n") (never splitlines()); one pass over the lines, remembering the
    # ERROR record that ended on the line before, for a traceback to attach to.
    # TODO: plain lines: a regex with fullmatch, then datetime.fromisoformat(ts) ("...Z" is UTC);
    # "ride=123 driver=7" -> fields {"ride": "123", "driver": "7"}, template "ride=* driver=*".
    raise NotImplementedError("parse_log")


def reduce_log(text: str, sample_rate: float, budget_bytes: int) -> dict:
    """{"kept", "summaries", "quarantine", "report"}: what goes to the log store, and the books.

    (about 45 lines) e.g. reduce_log(EXAMPLE_LOG, 0.5, 10_000)["report"]["lines_in"] -> 12
    """
    # TODO: check the arguments; parse_log; split the records into always kept (WARN/ERROR),
    # by ride (INFO/DEBUG with a ride) and groups (the rest, by (minute, component, template)).
    # TODO: sizes are len(line.encode("utf-8")) + 1; walk the rides in order of
    # ride_fraction(ride) to find the effective rate, e.g. at budget 600 above: 0.397...
    raise NotImplementedError("reduce_log")
