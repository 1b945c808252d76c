"""The pytest plugin behind every kata test run.

- `--impl exercises|solutions|PATH` picks the implementation that `graders.kata()` loads.
- A test that dies on the stub's NotImplementedError is reported as "not started" in one
  line, not a traceback; it still counts as a failure for the exit status.
- After the run, a board per set and kata: done / failing (k of n) / not started.
- `--kata-report PATH` writes the same results as JSON for `kata list` and the graders.

Kept import-light: a kata pays only for the libraries its own tests import.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graders import impl, paths

NOT_STARTED = "not started"
BROKEN = "broken"  # the implementation file is missing or does not import


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "dmls-katas")
    group.addoption(
        "--impl",
        default="exercises",
        metavar="exercises|solutions|PATH",
        help="the implementation under test: the stubs (default), the reference solutions, "
        "or a folder shaped like exercises/",
    )
    group.addoption("--kata-report", metavar="PATH", help="write per-kata results as JSON")
    group.addoption("--no-board", action="store_true", help="do not print the kata board")
    group.addoption(
        "--isolate", action="store_true",
        help="run each kata's code in a sandboxed worker process and the checks here (as `kata grade` does)",
    )
    group.addoption(
        "--kata-log", metavar="PATH",
        help="append one JSON line as each test starts and ends (lets a grader see where a run died)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        impl.select(config.getoption("--impl"), Path(config.rootpath))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    if config.getoption("--isolate"):
        from graders.isolation import proxy

        impl._selection.isolated = True
        proxy.configure(True, _option(config, "timeout"))
        _scratch_for_workers(config, proxy)
        config.pluginmanager.register(WorkerLifecycle(), "kata-workers")
    if _option(config, "--hypothesis-profile"):
        import graders.profiles  # noqa: F401  (registers the profiles hypothesis is asked for)
    config.pluginmanager.register(Board(config), "kata-board")


def _scratch_for_workers(config: pytest.Config, proxy) -> None:
    """The tests' temporary files go to one folder that the workers see at the same path."""
    import tempfile

    if proxy.SETTINGS.scratch is None:
        proxy.SETTINGS.scratch = tempfile.mkdtemp(prefix="kata-scratch-")
        config.add_cleanup(lambda: shutil.rmtree(proxy.SETTINGS.scratch, ignore_errors=True))
    if not config.option.basetemp:
        config.option.basetemp = str(Path(proxy.SETTINGS.scratch) / "pytest")
    tempfile.tempdir = proxy.SETTINGS.scratch  # tempfile.mkdtemp() in a test lands there too
    # The worker may run as another (throwaway) uid: what the tests create here must be
    # theirs to read and write. Only this run's scratch folder is affected.
    os.chmod(proxy.SETTINGS.scratch, 0o711)
    os.umask(0)


def _open_temporary_folders(config: pytest.Config, scratch: str) -> None:
    import tempfile

    factory = config._tmp_path_factory  # pytest makes every temporary folder 0700

    def mktemp(basename: str, numbered: bool = True, _mktemp=factory.mktemp) -> Path:
        path = _mktemp(basename, numbered)
        for folder in (path, *path.parents):
            if not folder.is_relative_to(scratch) or folder == Path(scratch):
                break
            os.chmod(folder, 0o777)
        return path

    factory.mktemp = mktemp

    def mkdtemp(*args, _mkdtemp=tempfile.mkdtemp, **kwargs) -> str:
        path = _mkdtemp(*args, **kwargs)
        os.chmod(path, 0o777)
        return path

    tempfile.mkdtemp = mkdtemp  # TemporaryDirectory() too


def _option(config: pytest.Config, name: str):
    try:
        return config.getoption(name)
    except ValueError:
        return None


def pytest_pycollect_makemodule(module_path: Path, parent) -> None:
    """Load the 'dev' hypothesis profile before the first test module that uses hypothesis."""
    if "hypothesis" in module_path.read_text(encoding="utf-8", errors="replace"):
        from hypothesis import settings

        import graders.profiles  # noqa: F401

        if settings.get_current_profile_name() == "default":
            settings.load_profile("dev")


class WorkerLifecycle:
    """One worker per kata: started by its first test, stopped when the next kata's tests begin."""

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        from graders.isolation import proxy

        _open_temporary_folders(session.config, proxy.SETTINGS.scratch)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        from graders.isolation import proxy

        proxy.focus(paths.kata_of_test_file(Path(item.path)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        from graders.isolation import proxy

        result = yield
        proxy.flush()  # a call sent without waiting that raised fails this test, not the next
        return result

    def pytest_sessionfinish(self) -> None:
        from graders.isolation import proxy

        proxy.stop_all()


def _raised_by_implementation(excinfo: pytest.ExceptionInfo) -> bool:
    if getattr(excinfo.value, "kata_in_impl", False):  # raised in a worker, inside the kata's file
        return True
    root = impl.selected_root()
    return any(Path(str(entry.path)).is_relative_to(root) for entry in excinfo.traceback)


def _one_line_failure(item: pytest.Item, call: pytest.CallInfo) -> tuple[str, str] | None:
    """(reason, flag) for a stub not started or a kata file that does not import, else None."""
    if call.excinfo is None:
        return None
    kata_id = paths.kata_of_test_file(Path(item.path))
    if kata_id is None:
        return None
    if call.excinfo.errisinstance(NotImplementedError) and _raised_by_implementation(call.excinfo):
        return f"{kata_id} is not started yet: {impl.kata_file(kata_id)} raises NotImplementedError", "not_started"
    if call.excinfo.errisinstance(impl.KataLoadError):
        return str(call.excinfo.value), "broken"
    return None


@pytest.hookimpl(tryfirst=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_in_one_line(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport | None:
    """Report a stub or a broken file in one line, without formatting its traceback.

    Formatting a traceback parses the source of every frame: for a board of stubs that
    was most of the run's time, spent on text nobody reads.
    """
    failure = _one_line_failure(item, call)
    if failure is None:
        return None
    reason, flag = failure
    report = pytest.TestReport(
        item.nodeid, item.location, dict.fromkeys(item.keywords, 1), "failed", reason, call.when,
        [(f"Captured {key} {when}", content) for when, key, content in item._report_sections],
        call.duration, call.start, call.stop, user_properties=item.user_properties,
    )
    setattr(report, flag, True)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception):
        # For the grader's verdict: what failed the test, not what it said. A class rebuilt from
        # a worker's report ("worker:...") names the first real class it is built on.
        kind = next(c for c in call.excinfo.type.__mro__ if not str(c.__module__).startswith("worker:"))
        report.user_properties.append(("error", f"{kind.__module__}.{kind.__qualname__}"))
    timing = sys.modules.get("graders.meters.timing")
    if timing is not None and call.when == "call" and timing.RECORDED:
        # The speed-ups this test measured, for `kata race` (the last one decides a pass).
        report.user_properties.append(("ratio", round(timing.RECORDED[-1].median, 3)))
        timing.RECORDED.clear()
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if getattr(report, "not_started", False):
        return NOT_STARTED, "N", ("NOT STARTED", {"yellow": True})
    if getattr(report, "broken", False):
        return BROKEN, "B", ("DOES NOT IMPORT", {"red": True})
    return None


@dataclass
class KataResult:
    kata_id: str
    tests: dict[str, dict] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for t in self.tests.values() if t["outcome"] == outcome)

    @property
    def status(self) -> str:
        passed, failed = self.count("passed"), self.count("failed")
        not_started = self.count(NOT_STARTED)
        if self.count(BROKEN):
            return BROKEN
        if failed == 0 and not_started == 0:
            return "done" if passed else "skipped"
        if passed == 0 and failed == 0:
            return NOT_STARTED
        return "failing"

    def first_failure(self) -> str:
        for name, test in self.tests.items():
            if test["outcome"] in ("failed", BROKEN):
                return f"{reason(test['message'])}  (in {name.rsplit('::', 1)[-1]})"  # the why first: it is cut last
        return ""

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "not_started": self.count(NOT_STARTED),
            "broken": self.count(BROKEN),
            "skipped": self.count("skipped"),
            "tests": self.tests,
        }


class Board:
    """Collects each kata's test outcomes and prints them as the student board."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.results: dict[str, KataResult] = {}
        log = config.getoption("--kata-log")
        self.log = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115 (closed at session end)

    def _log(self, **event) -> None:
        if self.log is not None:
            self.log.write(json.dumps(event) + "\n")
            self.log.flush()  # the next line of test code may kill the interpreter

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._log(event="collected", nodeids=[item.nodeid for item in session.items])

    def pytest_runtest_logstart(self, nodeid: str, location) -> None:
        self._log(event="start", nodeid=nodeid)

    def pytest_runtest_logfinish(self, nodeid: str, location) -> None:
        for result in self.results.values():
            if nodeid in result.tests:
                self._log(event="end", nodeid=nodeid, kata=result.kata_id, **result.tests[nodeid])
                return

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        kata_id = paths.kata_of_test_file(Path(report.fspath))
        if kata_id is None:
            return
        if report.when != "call" and not (report.failed or report.skipped):
            return
        result = self.results.setdefault(kata_id, KataResult(kata_id))
        if getattr(report, "not_started", False):
            outcome = NOT_STARTED
        elif getattr(report, "broken", False):
            outcome = BROKEN
        else:
            outcome = report.outcome
        test = result.tests.get(report.nodeid)
        if test is not None and test["outcome"] in ("failed", NOT_STARTED, BROKEN):
            return  # a teardown must not overwrite the failure of the call
        result.tests[report.nodeid] = {
            **{k: v for k, v in report.user_properties if k in ("ratio", "error")},
            "outcome": outcome,
            "hidden": "/hidden/" in Path(report.fspath).as_posix(),
            "message": None if report.passed else _short(report),
            "duration": round(report.duration, 4),
        }

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.results and not self.config.getoption("--no-board"):
            _print_board(terminalreporter, self.results, self.config.getoption("--impl"))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.log is not None:
            self.log.close()
        target = self.config.getoption("--kata-report")
        if target:
            payload = {
                "impl": self.config.getoption("--impl"),
                "katas": {k: r.as_json() for k, r in sorted(self.results.items())},
            }
            Path(target).write_text(json.dumps(payload, indent=1), encoding="utf-8")


def reason(message: str | None) -> str:
    """The line a board shows for a failure: the assertion's own message (the call, what came
    back, what was expected), not pytest's diff below it ("Use -v to get more diff")."""
    lines = [line.strip() for line in (message or "").splitlines() if line.strip()]
    if not lines:
        return "failed"
    return lines[0].removeprefix("AssertionError: ")


def _short(report: pytest.TestReport) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    text = str(report.longrepr) if report.longrepr else ""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = crash.message
    return text[:2000]


_STYLE = {"done": {"green": True}, "failing": {"red": True}, BROKEN: {"red": True}, NOT_STARTED: {"yellow": True},
          "skipped": {"cyan": True}}


def _print_board(tr, results: dict[str, KataResult], impl_label: str) -> None:
    from graders import catalog

    try:
        titles = {k.id: k.title for k in catalog.load()}
        order = {k.id: i for i, k in enumerate(catalog.load())}
    except (OSError, ValueError):
        titles, order = {}, {}
    tr.write_sep("=", f"kata board ({impl_label})")
    ids = sorted(results, key=lambda k: (order.get(k, 10**6), k))
    width = max(len(k) for k in ids)
    current_set = None
    for kata_id in ids:
        result = results[kata_id]
        set_ = kata_id.split(".")[0]
        if set_ != current_set:
            tr.write_line(set_, bold=True)
            current_set = set_
        total = len(result.tests)
        status = result.status
        tr.write(f"  {status:<12}", **_STYLE.get(status, {}))
        tail = (f"open {_display(impl.kata_file(kata_id))}" if status == NOT_STARTED
                else f"{result.count('passed')}/{total} passed")
        # the title gets what 80 columns (or the terminal) leave; below 10 it is left out
        room = min(34, tr._tw.fullwidth - 1 - 14 - width - 4 - len(tail))
        title = f"  {titles.get(kata_id, ''):<{room}.{room}}" if room >= 10 else ""
        line = f"{kata_id:<{width}}{title}  {tail}"
        if status == "failing":
            why = result.first_failure()
        if status == BROKEN:
            first = next(t["message"] for t in result.tests.values() if t["outcome"] == BROKEN)
            line = f"{kata_id:<{width}}  {first.split(': ', 1)[-1]}"
        tr.write_line(line)
        if status == "failing":  # on a line of its own, so that 80 columns show it
            room = max(40, tr._tw.fullwidth - 15)
            tr.write_line(" " * 14 + (why if len(why) <= room else why[:room - 1] + "…"))
    counts = {}
    for r in results.values():
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    tr.write_line(f"{summary}.  Stuck? `kata hint <id>` shows the next hint; `kata check <id>` runs one kata.")
    coalescing = sys.modules.get("graders.meters.coalescing")
    if coalescing is not None and coalescing.WRITTEN:
        tr.write_line("Pictures of the memory requests that failed (open them in a browser):")
        for path in dict.fromkeys(coalescing.WRITTEN):
            tr.write_line(f"  {_display(path)}")


def _display(path: Path) -> Path:
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path
