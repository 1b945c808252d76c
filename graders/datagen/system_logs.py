"""Log lines for sources.system_logs: the three shapes of line a ride service writes, broken
lines of every kind, and a fixed large log. Builders only: the tests count what they built.
"""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

T0 = datetime(2026, 9, 14, 8, 30, tzinfo=timezone.utc)


def stamp(at: datetime) -> str:
    """2026-09-14T08:30:00.123Z: the plain format's timestamp, in milliseconds."""
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def plain(at: datetime, level: str, component: str, message: str) -> str:
    return f"{stamp(at)} {level:<5} {component} {message}"


def json_line(at: datetime, level: str, component: str, msg: str, **fields) -> str:
    return json.dumps({"ts": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"), "level": level,
                       "component": component, "msg": msg, **fields}, ensure_ascii=False)


def traceback(exception: str = "GatewayTimeout: no answer in 3.0 s", frames: int = 2) -> list[str]:
    lines = ["Traceback (most recent call last):"]
    for i in range(frames):
        lines += [f'  File "payments/step_{i}.py", line {10 + i}, in step_{i}', f"    step_{i + 1}(card, amount)"]
    return lines + [exception]


# Broken lines, by the kind of malformed line each one is (see the statement).
GARBAGE = {
    "blank": ["", "   ", "\t"],
    "truncated_json": ['{"ts": "2026-09-14T08:30:03.000Z", "level": "info", "compon', "{", '{"ts": "2026-09-14T08:3'],
    "bad_json": ['{"ts": "2026-09-14T08:30:03.000Z", "level": "info", "component": "pricing"}',
                 '{"ts": "2026-09-14T08:30:03", "level": "info", "component": "pricing", "msg": "naive"}',
                 '{"ts": "2026-09-14T08:30:03Z", "level": "notice", "component": "pricing", "msg": "x"}',
                 '{"ts": 1789399803, "level": "info", "component": "pricing", "msg": "epoch"}',
                 '{"ts": "2026-09-14T08:30:03Z", "level": "info", "component": "", "msg": "x"}',
                 '{"ts": "2026-09-14T08:30:03Z", "level": "info", "component": "pricing", "msg": 404}'],
    "unparsable": ["[1, 2, 3]", "2026-09-14T08:30:0", "2026-09-14T08:30:03.000Z INFO", "2026-09-14T08:30:03.000Z INFO dispatch",
                   "2026-13-14T08:30:03.000Z INFO dispatch bad month", "2026-09-14T08:30:03.000Z TRACE dispatch x",
                   "2026-09-14T08:30:03.000+02:00 INFO dispatch x", "\x00\x00\x17garbage\x7f",
                   "    at the end of nothing", "GatewayTimeout: no answer in 3.0 s", "ride=5 driver=2",
                   "２０２６-09-14T08:30:03.000Z INFO dispatch full-width year", "\ufeff2026-09-14T08:30:03.000Z INFO dispatch bom"],
}

COMPONENTS = ("dispatch", "pricing", "payments", "matching")


def big_log(rides: int = 2000, seed: int = 20260914) -> tuple[str, list[str]]:
    """A fixed log of `rides` rides (1 to 4 INFO/DEBUG lines each, from two formats), heartbeats
    and a few WARNs; returns (text, the ride ids in the order they first appear)."""
    rng = random.Random(seed)
    lines, ids, seen = [], [], set()
    at = T0
    for n in range(rides):
        ride = str(100000 + rng.randrange(10**6)) if n % 3 else f"r-{n}"
        if ride in seen:
            continue
        seen.add(ride)
        ids.append(ride)
        for _ in range(rng.randint(1, 4)):
            at += timedelta(milliseconds=rng.randint(1, 900))
            level = rng.choice(("INFO", "INFO", "DEBUG"))
            if rng.random() < 0.5:
                lines.append(plain(at, level, rng.choice(COMPONENTS), f"step ride={ride} eta_s={rng.randint(1, 900)}"))
            else:
                lines.append(json_line(at, level.lower(), rng.choice(COMPONENTS), "step", ride=ride,
                                       eta_s=rng.randint(1, 900)))
        if n % 10 == 0:
            lines.append(plain(at, "DEBUG", "dispatch", f"heartbeat queue={rng.randint(0, 50)}"))
        if n % 97 == 0:
            lines.append(plain(at, "WARN", "pricing", f"surge ride={ride}"))
    return "\n".join(lines) + "\n", ids
