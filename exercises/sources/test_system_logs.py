"""Visible tests for sources.system_logs. Run: pytest exercises/sources/test_system_logs.py"""
import hashlib
from datetime import datetime, timedelta, timezone

import pytest

from graders import kata
from graders.datagen import system_logs as gen
from graders.datagen.system_logs import T0, json_line, plain

sl = kata("sources.system_logs")

UTC = timezone.utc
BIG = 10**9  # a budget nothing reaches


def fraction(ride):
    return int.from_bytes(hashlib.sha256(ride.encode()).digest()[:8], "big") / 2**64


def test_statement_example():
    out = sl.reduce_log(sl.EXAMPLE_LOG, 0.5, 10_000)
    r = out["report"]
    got = (r["lines_in"], r["records"], r["kept_lines"], r["sampled_out_lines"], r["aggregated_lines"])
    assert got == (12, 7, 8, 1, 2), f"reduce_log(EXAMPLE_LOG, 0.5, 10_000): lines_in, records, kept, sampled out, aggregated = {got}, expected (12, 7, 8, 1, 2)"
    got = ([q["kind"] for q in out["quarantine"]], r["bytes_in"], r["bytes_kept"])
    assert got == (["truncated_json"], 744, 601), f"quarantine kinds, bytes_in, bytes_kept = {got}, expected (['truncated_json'], 744, 601)"
    expected = [{"minute": "2026-09-14T08:30Z", "component": "dispatch", "template": "heartbeat queue=*", "count": 2}]
    assert out["summaries"] == expected, f"the summaries are {out['summaries']}, expected {expected}"
    r = sl.reduce_log(sl.EXAMPLE_LOG, 0.5, 601)["report"]
    got = (r["effective_rate"], r["bytes_kept"], r["within_budget"])
    assert got == (0.5, 601, True), f"at budget 601 (exactly what rate 0.5 keeps): effective_rate, bytes_kept, within_budget = {got}, expected (0.5, 601, True)"
    r = sl.reduce_log(sl.EXAMPLE_LOG, 0.5, 600)["report"]
    got = (r["effective_rate"], r["bytes_kept"], r["within_budget"])
    assert got == (fraction("126"), 489, True), f"at budget 600: effective_rate, bytes_kept, within_budget = {got}, expected ({fraction('126')}, 489, True)"


def test_a_plain_line():
    line = plain(T0 + timedelta(milliseconds=123), "INFO", "dispatch", "assigned ride=123 driver=7 eta_s=240 (fast)")
    got = sl.parse_log(line + "\n")["records"]
    expected = [{"line": 1, "lines": 1, "ts": datetime(2026, 9, 14, 8, 30, 0, 123000, tzinfo=UTC), "level": "INFO",
                 "component": "dispatch", "message": "assigned ride=123 driver=7 eta_s=240 (fast)",
                 "fields": {"ride": "123", "driver": "7", "eta_s": "240"}, "ride": "123",
                 "template": "assigned ride=* driver=* eta_s=* (fast)", "traceback": None, "format": "plain"}]
    assert got == expected, f"parse_log({line!r}) gave records {got}, expected {expected}"


def test_a_json_line_in_another_time_zone():
    line = '{"ts": "2026-09-14T10:30:00.500+02:00", "level": "Warning", "component": "pricing", "msg": "surge", "ride": 9, "x": 1.5}'
    got = sl.parse_log(line)["records"]
    expected = [{"line": 1, "lines": 1, "ts": datetime(2026, 9, 14, 8, 30, 0, 500000, tzinfo=UTC), "level": "WARN",
                 "component": "pricing", "message": "surge", "fields": {"ride": 9, "x": 1.5}, "ride": "9",
                 "template": "surge", "traceback": None, "format": "json"}]
    assert got == expected, f"parse_log({line!r}) gave records {got}, expected {expected}"


def test_a_traceback_belongs_to_the_error_before_it():
    tb = gen.traceback("KeyError: 'card'")
    lines = [plain(T0, "ERROR", "payments", "charge failed ride=124"), *tb, plain(T0, "INFO", "payments", "retry ride=124")]
    parsed = sl.parse_log("\n".join(lines) + "\n")
    records, quarantine = parsed["records"], parsed["quarantine"]
    assert quarantine == [], f"a traceback after an ERROR line was quarantined: {quarantine}"
    got = [(r["line"], r["lines"], r["traceback"]) for r in records]
    expected = [(1, 1 + len(tb), "\n".join(tb)), (2 + len(tb), 1, None)]
    assert got == expected, f"(line, lines, traceback) of the records: {got}, expected {expected}"


def test_a_traceback_after_no_error_is_quarantined():
    tb = gen.traceback()
    lines = [plain(T0, "INFO", "payments", "charge ok"), *tb]
    quarantine = sl.parse_log("\n".join(lines))["quarantine"]
    got = [(q["line"], q["kind"]) for q in quarantine]
    expected = [(2 + i, "orphan_traceback") for i in range(len(tb))]
    assert got == expected, f"a traceback after an INFO line: quarantine {got}, expected {expected}"


@pytest.mark.parametrize("kind", sorted(gen.GARBAGE))
def test_each_kind_of_malformed_line(kind):
    good = plain(T0, "WARN", "dispatch", "no driver ride=1")
    lines = [good, *gen.GARBAGE[kind], good]
    parsed = sl.parse_log("\n".join(lines) + "\n")
    got = [(q["line"], q["kind"], q["text"]) for q in parsed["quarantine"]]
    expected = [(2 + i, kind, text) for i, text in enumerate(gen.GARBAGE[kind])]
    assert got == expected, f"the {kind} lines {gen.GARBAGE[kind]} gave quarantine {got}, expected {expected}"
    assert len(parsed["records"]) == 2, f"the two good lines around them gave {len(parsed['records'])} records"


def test_a_ride_is_kept_or_dropped_as_a_whole():
    rides = [str(n) for n in range(40)]
    lines = []
    for i, ride in enumerate(rides):
        lines.append(plain(T0 + timedelta(seconds=i), "INFO", "dispatch", f"assigned ride={ride}"))
        lines.append(json_line(T0 + timedelta(seconds=i), "debug", "pricing", "quote", ride=int(ride)))
    text = "\n".join(lines) + "\n"
    out = sl.reduce_log(text, 0.3, BIG)
    kept = set(out["kept"])
    expected = {ride for ride in rides if fraction(ride) < 0.3}
    got = {ride for ride in rides if lines[2 * int(ride)] in kept}
    assert got == expected, f"rides kept at rate 0.3: {sorted(got, key=int)}, expected those with ride_fraction < 0.3: {sorted(expected, key=int)}"
    for ride in rides:
        both = (lines[2 * int(ride)] in kept, lines[2 * int(ride) + 1] in kept)
        assert both[0] == both[1], f"ride {ride}: its plain line kept {both[0]}, its JSON line kept {both[1]}: sample by ride"
    again = sl.reduce_log(text, 0.3, BIG)
    assert again == out, "reduce_log gave two different answers for the same log"


def test_errors_and_warnings_are_always_kept():
    ride = next(str(n) for n in range(100) if fraction(str(n)) > 0.5)
    lines = [plain(T0, "ERROR", "payments", f"failed ride={ride}"), plain(T0, "WARN", "pricing", f"surge ride={ride}"),
             plain(T0, "INFO", "pricing", f"quote ride={ride}")]
    out = sl.reduce_log("\n".join(lines), 0.5, BIG)
    assert out["kept"] == lines[:2], f"ride {ride} (fraction {fraction(ride):.2f}) at rate 0.5: kept {out['kept']}, expected its ERROR and WARN only"


def test_repetitive_lines_become_counts_per_minute():
    lines = [plain(T0 + timedelta(seconds=s), "DEBUG", "dispatch", f"heartbeat queue={s}") for s in (0, 30, 59.999, 60)]
    out = sl.reduce_log("\n".join(lines) + "\n", 1.0, BIG)
    expected = [{"minute": "2026-09-14T08:30Z", "component": "dispatch", "template": "heartbeat queue=*", "count": 3},
                {"minute": "2026-09-14T08:31Z", "component": "dispatch", "template": "heartbeat queue=*", "count": 1}]
    assert out["summaries"] == expected, f"heartbeats at :00, :30, :59.999 and 08:31:00: summaries {out['summaries']}, expected {expected}"
    assert out["kept"] == [] and out["report"]["aggregated_lines"] == 4, f"kept {out['kept']}, report {out['report']}"


def test_bytes_are_utf8_bytes():
    line = plain(T0, "ERROR", "matching", "no driver in São Paulo 🚗")
    r = sl.reduce_log(line + "\n", 1.0, BIG)["report"]
    expected = len(line.encode("utf-8")) + 1
    assert r["bytes_in"] == expected and r["bytes_kept"] == expected, (
        f"one line of {len(line)} characters, {expected - 1} bytes in UTF-8: bytes_in {r['bytes_in']}, bytes_kept {r['bytes_kept']}, expected {expected} each")


def test_only_newline_ends_a_line():
    line = plain(T0, "WARN", "dispatch", "odd\u2028text\x0cstill one line\r")
    r = sl.reduce_log(line + "\n", 1.0, BIG)["report"]
    assert (r["lines_in"], r["records"]) == (1, 1), f"a line holding \\u2028, \\x0c and \\r: lines_in {r['lines_in']}, records {r['records']}, expected 1 and 1"


def test_every_line_is_accounted_for():
    lines = [plain(T0, "ERROR", "payments", "failed ride=3"), *gen.traceback(), "", "{oops",
             plain(T0, "INFO", "dispatch", "assigned ride=4"), plain(T0, "DEBUG", "dispatch", "tick"), "garbage"]
    r = sl.reduce_log("\n".join(lines), 0.0, BIG)["report"]
    assert r["lines_in"] == len(lines) == r["parsed_lines"] + r["malformed_lines"], f"the report: {r}"
    assert r["parsed_lines"] == r["kept_lines"] + r["sampled_out_lines"] + r["aggregated_lines"], f"the report: {r}"
    got = (r["kept_lines"], r["sampled_out_lines"], r["aggregated_lines"], r["malformed_by_kind"])
    expected = (1 + len(gen.traceback()), 1, 1, {"blank": 1, "truncated_json": 1, "bad_json": 0, "orphan_traceback": 0, "unparsable": 1})
    assert got == expected, f"kept, sampled out, aggregated, malformed by kind: {got}, expected {expected}"


def test_the_budget():
    errors = [plain(T0, "ERROR", "payments", f"failed ride={n}") for n in range(3)]
    size = sum(len(line) + 1 for line in errors)
    r = sl.reduce_log("\n".join(errors), 1.0, size)["report"]
    assert r["within_budget"] and r["bytes_kept"] == size, f"three ERRORs of {size} bytes at budget {size}: {r}"
    r = sl.reduce_log("\n".join(errors), 1.0, size - 1)["report"]
    assert (r["within_budget"], r["bytes_kept"], r["effective_rate"]) == (False, size, 0.0), (
        f"ERRORs are never dropped: at budget {size - 1} the report is {r}, expected within_budget False, bytes_kept {size}, effective_rate 0.0")


@pytest.mark.parametrize("args, message", [
    ((b"log", 0.5, 100), r"^text must be a str, got bytes"),
    (("", 1.5, 100), r"^sample_rate must be a number from 0 to 1, got 1.5"),
    (("", -0.1, 100), r"^sample_rate must be a number from 0 to 1, got -0.1"),
    (("", True, 100), r"^sample_rate must be a number from 0 to 1, got True"),
    (("", 0.5, -1), r"^budget_bytes must be an int >= 0, got -1"),
    (("", 0.5, 10.0), r"^budget_bytes must be an int >= 0, got 10.0"),
])
def test_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        sl.reduce_log(*args)
