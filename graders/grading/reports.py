"""Grades as a terminal table, JSON, Gradescope results.json, JUnit XML and a CSV gradebook."""
from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET

from graders.grading.grade import KataGrade, SubmissionGrade

FORMATS = ("table", "json", "gradescope", "junit", "csv")


def _first_problem(k: KataGrade) -> str:
    return k.explanation


def as_dict(g: SubmissionGrade) -> dict:
    return {
        "submission": g.name,
        "path": str(g.path),
        "score": g.score,
        "max_score": g.max_score,
        "seconds": round(g.seconds, 1),
        "sandbox": g.sandbox,
        "katas": {
            kata_id: {
                "points": k.points, "max_points": k.max_points, "passed": k.passed,
                "tests": len(k.tests), "verdict": k.verdict, "reason": k.reason, "explanation": k.explanation,
                "failures": [{"test": t.nodeid, "hidden": t.hidden, "message": t.message}
                             for t in k.tests if not t.passed],
            }
            for kata_id, k in g.katas.items()
        },
    }


def to_json(grades: list[SubmissionGrade]) -> str:
    return json.dumps([as_dict(g) for g in grades], indent=1)


def speedups(g: SubmissionGrade) -> dict[str, float]:
    """Per perf kata, the geometric mean of the speed-ups its tests measured over their baselines.

    Correctness first, as in `kata race`: a kata with any failed test scores 0, below every
    correct one, however fast it was.
    """
    result = {}
    for kata_id, k in g.katas.items():
        ratios = [t.ratio for t in k.tests if t.ratio]
        if "perf" not in k.kata.markers or not ratios:
            continue
        correct = k.tests and not k.reason and k.passed == len(k.tests)
        result[kata_id] = round(math.exp(sum(map(math.log, ratios)) / len(ratios)), 2) if correct else 0.0
    return result


def to_gradescope(g: SubmissionGrade, hidden_visibility: str = "after_published") -> str:
    """Gradescope's results.json: one test entry per kata and kind (visible / hidden tests)."""
    tests = []
    for kata_id, k in g.katas.items():
        for hidden in (False, True):
            part = [t for t in k.tests if t.hidden == hidden]
            if not part:
                continue
            # The kata's points are split between its visible and hidden tests by test count.
            max_score = round(k.max_points * len(part) / len(k.tests), 2)
            passed = sum(t.passed for t in part)
            if k.points in (0.0, k.max_points):  # all or nothing, or simply all / none passed
                score = max_score if k.points else 0.0
            else:
                score = max_score * passed / len(part)
            lines = [f"{passed}/{len(part)} tests passed"] + ([k.reason] if k.reason else []) + [
                f"FAILED {t.nodeid.split('::')[-1]}: {(t.message or '').strip()[:500]}" for t in part if not t.passed]
            tests.append({
                "name": f"{kata_id}: {k.kata.title} ({'hidden' if hidden else 'visible'} tests)",
                "score": round(score, 2),
                "max_score": max_score,
                "status": "passed" if passed == len(part) else "failed",
                "output": "\n".join(lines),
                "visibility": hidden_visibility if hidden else "visible",
                "tags": list(k.kata.topics),
            })
    return json.dumps({
        "score": g.score,
        "execution_time": round(g.seconds),
        "output": f"{g.score:g} / {g.max_score:g} points",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "leaderboard": [{"name": "Points", "value": g.score, "order": "desc"}] + [
            {"name": f"{kata_id} speed-up", "value": value, "order": "desc"}
            for kata_id, value in speedups(g).items()],
    }, indent=1)


def to_junit(grades: list[SubmissionGrade]) -> str:
    suites = ET.Element("testsuites")
    for g in grades:
        for kata_id, k in g.katas.items():
            suite = ET.SubElement(suites, "testsuite", name=f"{g.name}.{kata_id}", tests=str(len(k.tests)),
                                  failures=str(len(k.tests) - k.passed))
            for t in k.tests:
                case = ET.SubElement(suite, "testcase", classname=f"{g.name}.{kata_id}", name=t.nodeid)
                if not t.passed:
                    failure = ET.SubElement(case, "failure", message=(t.message or "failed").splitlines()[0][:300])
                    failure.text = t.message or ""
    return ET.tostring(suites, encoding="unicode")


def to_csv(grades: list[SubmissionGrade]) -> str:
    """The gradebook: one row per submission, one column per kata, then the total."""
    kata_ids = list(grades[0].katas) if grades else []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["submission", *kata_ids, "total", "max"])
    for g in grades:
        writer.writerow([g.name, *(f"{g.katas[k].points:g}" for k in kata_ids), f"{g.score:g}", f"{g.max_score:g}"])
    return out.getvalue()


def print_table(grades: list[SubmissionGrade]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if len(grades) == 1:
        g = grades[0]
        table = Table(title=f"{g.name}: {g.score:g} / {g.max_score:g} points")
        for column in ("kata", "points", "tests passed", "first problem"):
            table.add_column(column, no_wrap=column != "first problem")
        for kata_id, k in g.katas.items():
            colour = "green" if k.points == k.max_points else ("red" if k.points == 0 else "yellow")
            table.add_row(kata_id, f"[{colour}]{k.points:g}/{k.max_points:g}[/]", f"{k.passed}/{len(k.tests)}",
                          _first_problem(k)[:120])
    else:
        table = Table(title="grades")
        table.add_column("submission", no_wrap=True)
        kata_ids = list(grades[0].katas)
        for kata_id in kata_ids:
            table.add_column(kata_id.split(".", 1)[1], justify="right")
        table.add_column("total", justify="right")
        for g in grades:
            table.add_row(g.name, *(f"{g.katas[k].points:g}" for k in kata_ids), f"[bold]{g.score:g}[/]/{g.max_score:g}")
    console.print(table)
    sandboxes = sorted({g.sandbox for g in grades if g.sandbox})
    for sandbox in sandboxes:
        console.print(f"candidate code ran in: {sandbox}")
