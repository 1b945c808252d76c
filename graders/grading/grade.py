"""Grade one submission: its katas' visible and hidden tests in a sandboxed child pytest.

The child logs each test as it starts and ends. If it dies (os._exit, a segfault, the
memory or CPU limit, an endless loop past the wall clock), the test it was running is
charged with that reason, the rest of that kata scores zero with the same reason, and the
other katas are run again in a fresh child, so one broken kata never costs the others.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalog, paths
from graders.grading.sandbox import Limits, run

from graders.isolation.proxy import ENV as WORKER_SETTINGS  # where the workers' limits travel


@dataclass
class TestGrade:
    nodeid: str
    kata: str
    hidden: bool
    passed: bool
    message: str | None = None
    ratio: float | None = None  # the speed-up a perf test measured against its baseline
    error: str | None = None  # the class of what failed it, module.qualname

    @property
    def verdict(self) -> str | None:
        return None if self.passed else _classify(self.error, self.message, ours=False)


# A kata's verdict, most telling first: the worst any failing test shows decides. It is read
# from the class of what failed the test (the grader's own classes, or pytest-timeout's),
# never from words of the candidate's, which could say anything.
VERDICTS = ("tampering detected", "refused value", "timed out", "out of memory", "crashed", "does not import")
ERROR_VERDICTS = {
    "graders.isolation.errors.Tampering": "tampering detected",
    "graders.isolation.errors.RefusedValue": "refused value",
    "graders.isolation.errors.WorkerTimeout": "timed out",
    "graders.isolation.errors.WorkerDied": "crashed",
    "graders.isolation.errors.CandidateRaised": "crashed",
    "builtins.MemoryError": "out of memory",
    "numpy._core._exceptions._ArrayMemoryError": "out of memory",
}
# Words of the grader's own: the kata-level reasons it writes, and its import failures.
REASON_SIGNS = (
    ("timed out", ("timed out after",)),
    ("out of memory", (" of memory in ", "MemoryError")),
    ("crashed", ("exited the interpreter", "crashed (", "was killed", "aborted (", "wrote more than",
                 "used more than", "stopped answering")),
)


def _classify(error: str | None, message: str | None, ours: bool) -> str | None:
    """The verdict one failure shows; `ours` when the message is the grader's own text."""
    if error in ERROR_VERDICTS:
        return ERROR_VERDICTS[error]
    text = message or ""
    # pytest-timeout's Failed (pytest labels its outcome classes "builtins"; the candidate's own
    # classes are all "worker:..." here, so none of them can pass for it)
    if error in ("builtins.Failed", "_pytest.outcomes.Failed") and text.startswith(("Timeout", "timed out after")):
        return "timed out"
    if error == "builtins.OSError" and text.startswith("wrote more than"):
        return "crashed"  # the output limit: a write failed with EFBIG (Python ignores SIGXFSZ)
    if error == "graders.impl.KataLoadError" or ours:
        head = text.split(" does not import: ", 1)[-1][:120] if error == "graders.impl.KataLoadError" else text
        for verdict, signs in REASON_SIGNS:
            if any(sign in head for sign in signs):
                return verdict
        return "does not import" if error == "graders.impl.KataLoadError" or "does not import" in text else None
    return None


@dataclass
class KataGrade:
    kata: catalog.Kata
    tests: list[TestGrade] = field(default_factory=list)
    reason: str | None = None  # why the kata could not be graded normally
    points: float = 0.0

    def _worst(self) -> tuple[str | None, "TestGrade | None"]:
        shown = [(_classify(None, self.reason, ours=True), None)] if self.reason else []
        shown += [(t.verdict, t) for t in self.tests if not t.passed]
        for verdict in VERDICTS:
            for seen, test in shown:
                if seen == verdict:
                    return verdict, test
        return None, None

    @property
    def verdict(self) -> str:
        """passed, failed, not started, or why the candidate's code could not be judged."""
        failing = [t for t in self.tests if not t.passed]
        if self.tests and not failing and not self.reason:
            return "passed"
        worst, _ = self._worst()
        if worst:
            return worst
        if failing and all("is not started yet" in (t.message or "") for t in failing):
            return "not started"
        return "failed" if self.tests else "no tests"

    @property
    def explanation(self) -> str:
        """The reason, or the failing test that shows the verdict, and what it said."""
        worst, test = self._worst()
        if self.reason and test is None:
            return self.reason
        failed = [t for t in self.tests if not t.passed]
        if test is None and failed:
            test = failed[0]
        if test is None:
            return ""
        message = (test.message or "failed").strip().splitlines()
        return f"{test.nodeid.split('::')[-1]}: {message[0] if message else 'failed'}"

    @property
    def max_points(self) -> float:
        return float(self.kata.points)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)


@dataclass
class SubmissionGrade:
    name: str
    path: Path
    katas: dict[str, KataGrade]
    seconds: float = 0.0
    sandbox: str = ""  # which walls held the candidate's code (graders.isolation.walls)

    @property
    def score(self) -> float:
        return round(sum(k.points for k in self.katas.values()), 2)

    @property
    def max_score(self) -> float:
        return sum(k.max_points for k in self.katas.values())


MAX_KATA_FILE = 4 * 2**20  # bytes: a kata file is a page or two of Python, not a way to fill the disk


def copy_submission(source: Path, target: Path, kata_ids: list[str]) -> dict[str, str]:
    """Copy only the kata files, never through a link (a linked file or folder is not the
    student's own code): the original is never touched. Returns why a kata's file was
    left out, by kata id.

    A file uploaded flat (huffman.py instead of formats/huffman.py, as Gradescope uploads
    often are) counts when its name belongs to exactly one kata.
    """
    names = [paths.split_id(k)[1] for k in kata_ids]
    refused = {}
    for kata_id in kata_ids:
        set_, name = paths.split_id(kata_id)
        src = source / set_ / f"{name}.py"
        if not (src.is_file() or src.is_symlink() or (source / set_).is_symlink()) and names.count(name) == 1:
            src = source / f"{name}.py"
        if not (src.is_file() or src.is_symlink()):
            continue
        parts = src.relative_to(source).parts
        if any(source.joinpath(*parts[:i]).is_symlink() for i in range(1, len(parts) + 1)):
            refused[kata_id] = f"{src} is a link (or inside a linked folder): only the student's own files are graded"
            continue
        if src.stat().st_size > MAX_KATA_FILE:
            refused[kata_id] = f"{src} is larger than {MAX_KATA_FILE // 2**20} MiB"
            continue
        (target / set_).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target / set_ / f"{name}.py")
    return refused


# Skips the harness itself takes where this machine lacks something: such a test is not
# counted either way. Any other skip counts as not passed, so code cannot skip its way out.
ENVIRONMENT_SKIPS = ("no CUDA device", "memray is not installed")


def _skipped_for_the_machine(event: dict | None) -> bool:
    return bool(event) and event["outcome"] == "skipped" and any(
        reason in (event["message"] or "") for reason in ENVIRONMENT_SKIPS)


def _test_files(root: Path, kata_id: str, visible_only: bool) -> list[str]:
    files = [paths.visible_tests(root, kata_id)]
    if not visible_only:
        files.append(paths.hidden_tests(root, kata_id))
    return [str(f) for f in files if f.is_file()]


def _explain(message: str | None, kata_id: str, limits: Limits) -> str | None:
    if not message:
        return message
    timeout = re.search(r"Failed: Timeout \(>[0-9.]+s\) from pytest-timeout\.", message)
    if timeout and "does not import" in message:
        return message.replace(timeout.group(0), f"timed out after {limits.test_seconds:g} s while importing")
    if timeout:
        return f"timed out after {limits.test_seconds:g} s in {kata_id}"
    if "File too large" in message:
        return f"wrote more than {limits.output_bytes / 2**20:g} MiB of output in {kata_id}"
    if "MemoryError" in message or "Unable to allocate" in message:
        return f"exceeded {limits.describe_memory()} of memory in {kata_id} ({message.splitlines()[0][:200]})"
    return message


class TestWatchdog:
    """Kills the child when one test outlives its limit plus a grace period.

    pytest-timeout inside the child stops most slow tests itself; this catches the rest,
    e.g. an endless loop under hypothesis, which catches the timeout and shrinks on.
    """

    GRACE_SECONDS = 10.0

    def __init__(self, log: Path, limits: Limits):
        self.log, self.limits = log, limits
        self.offset, self.running, self.since = 0, None, 0.0

    def __call__(self) -> str | None:
        import time

        if self.log.is_file():
            with self.log.open("rb") as f:
                f.seek(self.offset)
                chunk = f.read()
            complete = chunk[: chunk.rfind(b"\n") + 1]
            self.offset += len(complete)
            for line in complete.splitlines():
                event = json.loads(line)
                if event["event"] in ("start", "end"):
                    self.running = event["nodeid"] if event["event"] == "start" else None
                    self.since = time.monotonic()
        if self.running and time.monotonic() - self.since > self.limits.test_seconds + self.GRACE_SECONDS:
            return f"timed out after {self.limits.test_seconds:g} s"
        return None


def _read_log(log: Path) -> tuple[list[str], dict[str, dict], str | None]:
    """(collected node ids, finished tests by node id, node id started but never finished)."""
    collected: list[str] = []
    ended: dict[str, dict] = {}
    running = None
    if log.is_file():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line cut short by the crash
            if event["event"] == "collected":
                collected = event["nodeids"]
            elif event["event"] == "start":
                running = event["nodeid"]
            elif event["event"] == "end":
                ended[event["nodeid"]] = event
                running = None
    return collected, ended, running


def grade_submission(
    submission: Path,
    *,
    root: Path,
    kata_ids: list[str] | None = None,
    visible_only: bool = False,
    all_or_nothing: bool = False,
    limits: Limits = Limits(),
    pytest_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    isolate: bool = True,
) -> SubmissionGrade:
    """Grade one submission. With `isolate` (the default) the candidate's code runs in a
    worker per kata behind walls and the tests run in the child pytest, which then runs
    only the project's code; without it, candidate code and checks share the child."""
    submission = submission.resolve()
    if not submission.is_dir():
        raise ValueError(f"{submission} is not a folder shaped like exercises/")
    kata_ids = kata_ids or [k.id for k in catalog.load()]
    grades = {k: KataGrade(catalog.get(k)) for k in kata_ids}
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as tmp:
        work = Path(tmp)
        impl = work / "impl"
        impl.mkdir()
        refused = copy_submission(submission, impl, kata_ids)
        for kata_id, why in refused.items():
            grades[kata_id].reason = why
        scratch = work / "scratch"  # the tests' temporary files: the only folder a worker may write
        scratch.mkdir()
        pending = [k for k in kata_ids if _test_files(root, k, visible_only)]
        for k in set(kata_ids) - set(pending):
            grades[k].reason = "no tests found for this kata"
        attempt = 0
        while pending:
            attempt += 1
            log, report, output = (work / f"{name}-{attempt}" for name in ("log.jsonl", "report.json", "output.txt"))
            files = [f for k in pending for f in _test_files(root, k, visible_only)]
            cmd = [
                sys.executable, "-m", "pytest", *files, "--impl", str(impl), "-q", "--no-board", "--tb=native",
                "-p", "no:cacheprovider", "--hypothesis-profile", "grading",
                "--timeout", f"{limits.test_seconds:g}", "--kata-log", str(log), "--kata-report", str(report),
                *(["--isolate", "--basetemp", str(scratch / f"pytest-{attempt}")] if isolate else []),
                *pytest_args,
            ]
            child_env = dict(os.environ, PYTHONHASHSEED="0", **(env or {}))
            if isolate:
                child_env[WORKER_SETTINGS] = json.dumps({
                    "scratch": str(scratch), "memory_bytes": limits.memory_bytes, "cpu_seconds": limits.cpu_seconds,
                    "output_bytes": limits.output_bytes, "processes": limits.processes})
            # Cached bytecode spares each child rewriting every test module's asserts again.
            child_env.pop("PYTHONDONTWRITEBYTECODE", None)
            outcome = run(cmd, cwd=root, limits=limits, output=output, env=child_env, watchdog=TestWatchdog(log, limits))
            seconds += outcome.seconds
            collected, ended, running = _read_log(log)
            if not collected:
                for k in pending:
                    grades[k].reason = f"the test run did not start: {outcome.output_tail.strip()[-300:]}"
                break
            by_kata: dict[str, list[str]] = {}
            for nodeid in collected:
                kata_id = paths.kata_of_test_file(Path(nodeid.split("::")[0]))
                by_kata.setdefault(kata_id, []).append(nodeid)
            finished_normally = report.is_file()
            culprit = None
            if not finished_normally:
                why = outcome.reason(limits) or f"exited the interpreter (status {outcome.returncode})"
                if running is not None:
                    culprit = paths.kata_of_test_file(Path(running.split("::")[0]))
                    grades[culprit].reason = f"{why} in {culprit} ({running.split('::', 1)[-1]})"
            still_pending = []
            for kata_id in pending:
                nodeids = by_kata.get(kata_id, [])
                complete = all(n in ended for n in nodeids)
                if finished_normally or complete or kata_id == culprit:
                    grade = grades[kata_id]
                    for n in nodeids:
                        e = ended.get(n)
                        if _skipped_for_the_machine(e):
                            continue
                        message = _explain(e["message"], kata_id, limits) if e else grade.reason
                        if message:  # name the student's file, not the copy graded
                            message = message.replace(str(impl), str(submission))
                        grade.tests.append(TestGrade(
                            n, kata_id, "/hidden/" in n, bool(e and e["outcome"] == "passed"), message,
                            e.get("ratio") if e else None, e.get("error") if e else None))
                else:
                    still_pending.append(kata_id)
            if not finished_normally and culprit is None and still_pending == pending:
                # died between tests: nothing to blame on one kata, so stop rather than loop
                for k in pending:
                    grades[k].reason = outcome.reason(limits) or f"exited the interpreter (status {outcome.returncode})"
                    grades[k].tests = [TestGrade(n, k, "/hidden/" in n, False, grades[k].reason) for n in by_kata.get(k, [])]
                break
            pending = still_pending
    for grade in grades.values():
        total = len(grade.tests)
        share = grade.passed / total if total else 0.0
        if all_or_nothing:
            share = 1.0 if total and grade.passed == total else 0.0
        grade.points = round(share * grade.max_points, 2)
    return SubmissionGrade(submission.name, submission, grades, seconds, sandbox_description() if isolate else
                           "none: candidate code ran in the grading process (--in-process)")


def sandbox_description() -> str:
    from graders.isolation import walls

    return walls.probe().description
