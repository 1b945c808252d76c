"""Cheating and broken submissions, each built from a kata's stub: every one scores 0, with the right reason.

The cases are data in tests/adversarial/ (see its README): read with ast.literal_eval, never
imported. All of them, plus one honest neighbour, are graded in a single `kata grade` call;
then each case must have 0 points, the verdict and explanation it expects, an untouched
folder, and no process may be left behind. A regrade of the reference solutions must give
the same full score five times out of five.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Two `kata grade` calls of a few dozen submissions each: minutes, not the default 120 s.
pytestmark = pytest.mark.timeout(900)

CASES_DIR = ROOT / "tests" / "adversarial"
FIELDS = {"KATA", "KATA_FILE", "APPEND", "REPLACE_WHOLE", "FILES", "SYMLINKS", "ALSO", "EXPECT", "EXPECT_ALSO", "SERVE",
          "BESIDE_NEIGHBOUR", "MUST_NOT_EXIST", "HOLE"}
THROWAWAY_UIDS = range(60000, 65000)  # graders.isolation.walls: UID_BASE + slot
NEIGHBOUR = "zz_honest_neighbour"  # a reference submission graded beside the cheaters (one of them steals)
GRADE_ARGS = ("--jobs", "2", "--test-timeout", "3", "--memory", "2", "--format", "json")


def load_case(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and "\n" not in doc.strip(), f"{path.name}: the docstring must be one line saying what the cheat is"
    case = {"name": path.stem, "doc": doc}
    for node in tree.body[1:]:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name), \
            f"{path.name}:{node.lineno}: only NAME = literal assignments"
        name = node.targets[0].id
        assert name in FIELDS, f"{path.name}: unknown field {name}"
        case[name] = ast.literal_eval(node.value)
    assert "KATA" in case and "EXPECT" in case, f"{path.name}: KATA and EXPECT are required"
    return case


CASES = [load_case(p) for p in sorted(CASES_DIR.glob("*.py"))]
KATAS = sorted({c["KATA"] for c in CASES} | {k for c in CASES for k in c.get("ALSO", [])})


def kata_path(kata_id: str) -> str:
    set_, name = kata_id.split(".")
    return f"{set_}/{name}.py"


# A helper the cases that crash a worker share (write __FIRST_TIME__ in APPEND): the crash
# happens on the first call of the run only, so a case costs one worker, not one per test.
FIRST_TIME = '''
def _first_time(tag):
    """True once per graded run: a marker in the scratch folder (the only place a worker may write) outlives
    the worker, so the cheat costs one worker rather than one per test. Anywhere else: True every time."""
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parents[2] / "scratch" / f"ADVERSARIAL-{tag}", "x"):
            return True
    except FileExistsError:
        return False
    except OSError:
        return True
'''


def fill(text: str, ports: dict[str, int], case: dict) -> str:
    text = text.replace("__REPO__", str(ROOT)).replace("__FIRST_TIME__", FIRST_TIME)
    if "SERVE" in case:
        text = text.replace("__PORT__", str(ports[case["SERVE"]]))
    return text


def materialize(case: dict, folder: Path, ports: dict[str, int]) -> Path:
    """The case's submission: the stub plus APPEND (or REPLACE_WHOLE), ALSO's stubs, FILES, SYMLINKS."""
    links = {fill(k, ports, case): fill(v, ports, case) for k, v in case.get("SYMLINKS", {}).items()}

    def linked(rel: str) -> bool:
        return any(rel == link or rel.startswith(link.rstrip("/") + "/") for link in links)

    folder.mkdir(parents=True)
    files = {}
    kata = case["KATA"]
    where = case.get("KATA_FILE", kata_path(kata))
    if "REPLACE_WHOLE" in case:
        files[where] = fill(case["REPLACE_WHOLE"], ports, case)
    else:
        files[where] = (ROOT / "exercises" / kata_path(kata)).read_text() + fill(case.get("APPEND", ""), ports, case)
    for other in case.get("ALSO", []):
        files[kata_path(other)] = (ROOT / "exercises" / kata_path(other)).read_text()
    files.update({rel: fill(text, ports, case) for rel, text in case.get("FILES", {}).items()})
    for rel, text in files.items():
        if not linked(rel):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
    for rel, target in links.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / rel)
    return folder


def reference_submission(folder: Path, katas: list[str]) -> Path:
    for kata in katas:
        (folder / kata_path(kata)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "solutions" / kata_path(kata), folder / kata_path(kata))
    return folder


def digest(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder`, never following links: file bytes, link targets, modes."""
    out = {".": ("dir", folder.lstat().st_mode)}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            rel = str(path.relative_to(folder))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path), st.st_mode)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", st.st_mode)
            else:
                out[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mode)
    return out


class Server:
    """Listens on 127.0.0.1 and hands `payload` to whoever connects: no one inside the walls may."""

    def __init__(self, payload: bytes):
        self.payload = payload
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, peer = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(peer)
            with conn:
                try:
                    conn.sendall(self.payload)
                except OSError:
                    pass

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        self.sock.close()


def kata_grade(folders: list[Path], katas: list[str], tmpdir: Path, timeout: float = 850) -> list[dict]:
    # The grader's own temporary folders go to `tmpdir`, so that a process left behind names it.
    proc = subprocess.run([sys.executable, "-m", "graders.cli", "grade", *map(str, folders), "--katas", *katas,
                           *GRADE_ARGS], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
                          env=dict(os.environ, TMPDIR=str(tmpdir)))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _processes() -> dict[int, tuple[int, int, str, str]]:
    """pid -> (ppid, real uid, comm, command line), without the processes of the self-tests' own
    kata runs (marked KATA_SELFTEST_RUN by tests/conftest.py), which run beside these tests."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            if any(v.startswith(b"KATA_SELFTEST_RUN=") for v in (entry / "environ").read_bytes().split(b"\0")):
                continue
        except (OSError, ValueError):
            continue
        found[int(entry.name)] = (int(status["PPid"]), int(status["Uid"].split()[0]), status["Name"].strip(), cmdline)
    return found


def left_behind(markers: list[str]) -> list[str]:
    """Processes of ours still alive: a throwaway uid outside any sandbox or under this process, a bwrap
    under this process, or anything whose command line names our folders. (Other people's gradings on the
    machine run their workers under their own bwrap, and are left alone.)"""
    procs = _processes()
    me = os.getpid()

    def chain(pid: int) -> list[int]:
        seen = []
        while pid in procs and pid not in seen and pid > 1:
            seen.append(pid)
            pid = procs[pid][0]
        return seen[1:]

    bad = []
    for pid, (ppid, uid, comm, cmdline) in procs.items():
        if pid == me:
            continue
        above = chain(pid)
        ours = me in above
        sandboxed = any(procs[a][2] == "bwrap" for a in above)
        if (uid in THROWAWAY_UIDS and (ours or not sandboxed)) or (comm == "bwrap" and ours) or \
                any(m in cmdline for m in markers):
            bad.append(f"pid {pid} (ppid {ppid}, uid {uid}, {comm}): {cmdline[:200]}")
    return bad


def settle(markers: list[str], seconds: float = 5.0) -> list[str]:
    """left_behind(), given a killed sandbox a moment to go."""
    deadline = time.monotonic() + seconds
    while True:
        found = left_behind(markers)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.25)


@dataclass
class Graded:
    grades: dict[str, dict]
    before: dict[str, dict]
    after: dict[str, dict]
    folders: dict[str, Path]
    servers: dict[str, Server]
    existed: dict[str, list[str]] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)
    seconds: float = 0.0


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    base = tmp_path_factory.mktemp("adversarial")
    tmpdir = tmp_path_factory.mktemp("grader-tmp")
    servers = {kata: Server((ROOT / "solutions" / kata_path(kata)).read_bytes())
               for kata in {c["SERVE"] for c in CASES if "SERVE" in c}}
    ports = {kata: s.port for kata, s in servers.items()}
    try:
        # The neighbour goes first and the cases that look for it next: with --jobs 2 they are graded together.
        order = sorted(CASES, key=lambda c: not c.get("BESIDE_NEIGHBOUR"))
        folders = {NEIGHBOUR: reference_submission(base / NEIGHBOUR, KATAS)}
        folders.update({c["name"]: materialize(c, base / c["name"], ports) for c in order})
        before = {name: digest(f) for name, f in folders.items()}
        start = time.monotonic()
        grades = {g["submission"]: g for g in kata_grade(list(folders.values()), KATAS, tmpdir)}
        seconds = time.monotonic() - start
        after = {name: digest(f) for name, f in folders.items()}
        leftovers = settle([str(base), str(tmpdir)])
    finally:
        for server in servers.values():
            server.close()
    existed = {}
    for c in CASES:
        paths = [Path(fill(p, ports, c)) for p in c.get("MUST_NOT_EXIST", [])]
        existed[c["name"]] = [str(p) for p in paths if p.exists() or p.is_symlink()]
        for p in paths:  # never leave a forged file behind, in the repo least of all
            if p.is_file() or p.is_symlink():
                p.unlink()
    return Graded(grades, before, after, folders, servers, existed, leftovers, seconds)


def _check(kata: dict, expect: dict, what: str) -> list[str]:
    problems = []
    if kata["points"] != 0:
        problems.append(f"{what} earned {kata['points']} of {kata['max_points']} points ({kata['passed']} of "
                        f"{kata['tests']} tests passed)")
    if "verdict" in expect and kata["verdict"] != expect["verdict"]:
        problems.append(f"{what}: verdict {kata['verdict']!r}, expected {expect['verdict']!r}")
    if "explanation" in expect and not re.search(expect["explanation"], kata["explanation"] or ""):
        problems.append(f"{what}: explanation {kata['explanation']!r} does not match {expect['explanation']!r}")
    return problems


def _params(cases: list[dict]) -> list:
    """A case with a HOLE earns points through a weakness of the kata's tests, not of the grader's
    walls: a strict xfail, so that closing the hole turns it into a failure to update."""
    return [pytest.param(c, id=c["name"], marks=[pytest.mark.xfail(strict=True, reason=c["HOLE"])] if "HOLE" in c else [])
            for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_the_cheat_scores_zero_with_the_right_reason(graded, case):
    grade = graded.grades[case["name"]]
    problems = _check(grade["katas"][case["KATA"]], case["EXPECT"], case["KATA"])
    for other in case.get("ALSO", []):
        problems += _check(grade["katas"][other], case.get("EXPECT_ALSO", {}).get(other, {}), other)
    if grade["score"] != 0:
        problems.append(f"the submission scored {grade['score']}")
    if graded.before[case["name"]] != graded.after[case["name"]]:
        problems.append("the submission folder changed while it was graded")
    if graded.existed[case["name"]]:
        problems.append(f"the cheat created {graded.existed[case['name']]}")
    if "SERVE" in case and graded.servers[case["SERVE"]].connections:
        problems.append(f"the cheat reached the test's socket: {graded.servers[case['SERVE']].connections}")
    bug = f"\nknown hole in the kata's tests: {case['HOLE']}" if "HOLE" in case else ""
    assert not problems, f"{case['name']}: {case['doc']}\n" + "\n".join(problems) + bug + \
        f"\n{json.dumps(grade['katas'][case['KATA']], indent=1)[:3000]}"


def test_the_honest_neighbour_scores_full_points_behind_real_walls(graded):
    grade = graded.grades[NEIGHBOUR]
    assert grade["score"] == grade["max_score"] > 0, json.dumps(grade["katas"], indent=1)[:3000]
    assert graded.before[NEIGHBOUR] == graded.after[NEIGHBOUR]
    walls = {g["sandbox"] for g in graded.grades.values()}
    assert len(walls) == 1 and walls.pop().startswith(("bubblewrap", "nsjail")), \
        f"the cases test the walls, but the grader ran without them: {walls}"


def test_no_process_is_left_behind(graded):
    assert not graded.leftovers, "\n".join(graded.leftovers)


def test_every_case_is_built_from_a_stub_and_says_what_it_does():
    assert len(CASES) >= 22
    for case in CASES:
        assert (ROOT / "exercises" / kata_path(case["KATA"])).is_file(), case["name"]
        assert set(case["EXPECT"]) <= {"verdict", "explanation"}, case["name"]
        assert set(case.get("EXPECT_ALSO", {})) <= set(case.get("ALSO", [])), case["name"]
        assert "APPEND" in case or "REPLACE_WHOLE" in case or "SYMLINKS" in case, case["name"]
        source = case.get("REPLACE_WHOLE", case.get("APPEND", ""))
        compile(fill(source, {k: 1 for k in [case.get("SERVE")]}, case), case["name"], "exec")  # a cheat, not a typo


def test_a_regrade_of_the_reference_gives_the_same_full_score_five_times(tmp_path_factory):
    base = tmp_path_factory.mktemp("reference")
    tmpdir = tmp_path_factory.mktemp("reference-tmp")
    folders = [reference_submission(base / f"reference{i}", KATAS) for i in range(5)]
    grades = kata_grade(folders, KATAS, tmpdir)
    assert len(grades) == 5
    for g in grades:
        wrong = {k: (v["points"], v["max_points"], v["explanation"]) for k, v in g["katas"].items()
                 if v["points"] != v["max_points"]}
        assert g["score"] == g["max_score"] > 0 and not wrong, f"{g['submission']}: {wrong}"
    assert len({json.dumps({k: v["points"] for k, v in g["katas"].items()}) for g in grades}) == 1
    assert not settle([str(base), str(tmpdir)])
