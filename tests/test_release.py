"""`kata release` gives students no answers, and its README's commands work in the copy;
`kata gradescope` builds an autograder that grades a submission into results.json."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.timeout(900)


def kata(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "graders.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "student"
    proc = kata("release", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_release_has_exercises_and_harness_but_no_answers(release):
    assert (release / "exercises" / "formats" / "huffman.py").is_file()
    assert (release / "graders" / "plugin.py").is_file()
    for private in ("solutions", "tests", "graders/hidden", ".git"):
        assert not (release / private).exists(), f"the student copy contains {private}"
    answers = {p.read_bytes() for p in (ROOT / "solutions").rglob("*.py")}
    leaked = [str(p) for p in release.rglob("*.py") if p.read_bytes() in answers]
    assert not leaked, f"solution files leaked into the student copy: {leaked}"


def test_release_carries_the_benchmarks_a_student_runs_on_their_own_code(release):
    assert (release / "benchmarks" / "vector_search.py").is_file()
    for instructor_only in ("grading_throughput.py", "data_catalog.py"):  # the grader; reference vs mutants
        assert not (release / "benchmarks" / instructor_only).exists(), f"the student copy has {instructor_only}"
    proc = subprocess.run([sys.executable, str(release / "benchmarks" / "streaming_quantiles.py"), "--n", "2000"],
                          cwd=release, capture_output=True, text=True, timeout=300, check=False)
    # No solutions/ in the copy: the benchmark runs the student's stub and says it is not written yet.
    assert "not written yet in exercises" in proc.stdout + proc.stderr, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_release_ships_the_committed_stubs_not_a_kata_finished_in_the_working_tree(tmp_path):
    # a checkout of its own, committed (CI's copy of this one need not be a git checkout)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("exercises", "graders", "datasets", "benchmarks", "README.md", "pyproject.toml", "conftest.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, checkout / name)
    git = ["git", "-C", str(checkout), "-c", "user.name=instructor", "-c", "user.email=instructor@example.org"]
    for step in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "the katas"]):
        subprocess.run([*git, *step], check=True, timeout=120, capture_output=True)
    stub = (checkout / "exercises/formats/huffman.py").read_bytes()
    shutil.copy(ROOT / "solutions/formats/huffman.py", checkout / "exercises/formats/huffman.py")  # tried it out
    out = tmp_path / "student"
    # -P: this checkout's harness (under test), run in the clone (whose exercises/ it releases)
    proc = subprocess.run([sys.executable, "-P", "-m", "graders.cli", "release", str(out)], cwd=checkout,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (out / "exercises/formats/huffman.py").read_bytes() == stub, "the working tree's answer was released"
    assert "exercises/formats/huffman.py" in proc.stderr and "not in the copy" in proc.stderr, proc.stderr


def test_release_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    proc = kata("release", str(tmp_path))
    assert proc.returncode == 2 and "not empty" in proc.stderr and (tmp_path / "keep.txt").read_text() == "mine"


def test_release_readme_commands_work_in_a_fresh_environment(release, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Reuse this environment's installed dependencies instead of downloading them again;
    # the install of the copy itself (its pyproject and `kata` script) is what is tested.
    site = next((venv / "lib").glob("python*/site-packages"))
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = venv / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                              "-e", str(release)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    env = dict(os.environ, PATH=f"{venv / 'bin'}:{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
    readme = (release / "README.md").read_text()
    assert "pip install -e . && pytest exercises/" in readme and "kata list" in readme
    # `python -m pytest`: pytest itself comes from the reused environment, not this venv's bin/
    board = subprocess.run([str(python), "-m", "pytest", "exercises/formats/test_huffman.py"], cwd=release, env=env,
                           capture_output=True, text=True, timeout=600)
    assert board.returncode == 1 and "not started" in board.stdout, board.stdout[-2000:]
    listing = subprocess.run([str(venv / "bin" / "kata"), "list"], cwd=release, env=env, capture_output=True, text=True, timeout=600)
    assert listing.returncode == 0 and "huffman" in listing.stdout and "formats" in listing.stdout, (
        listing.stdout[-2000:] + listing.stderr[-2000:])


def test_gradescope_bundle_grades_a_flat_upload(tmp_path):
    bundle = tmp_path / "autograder.zip"
    assert kata("gradescope", str(bundle)).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        z.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "graders/hidden/formats/test_huffman.py"} <= names
    assert not any(n.startswith(("solutions/", "tests/")) for n in names), "the bundle must not carry answers"
    run_autograder = root / "source" / "run_autograder"
    run_autograder.chmod(0o755)
    (root / "submission").mkdir()
    shutil.copy(ROOT / "solutions/formats/huffman.py", root / "submission" / "huffman.py")  # uploaded flat
    wrapper = tmp_path / "kata"
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable} -m graders.cli "$@"\n')
    wrapper.chmod(0o755)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), KATA_COMMAND=str(wrapper))
    proc = subprocess.run([str(run_autograder)], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text())
    huffman = [t for t in results["tests"] if t["name"].startswith("formats.huffman")]
    assert huffman and all(t["score"] == t["max_score"] for t in huffman), huffman
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


def _fake_python(path: Path, version: str) -> None:
    major, minor = (int(x) for x in version.split(".")[:2])
    path.write_text("#!/bin/sh\n"
                    f'if [ "$1" = "--version" ]; then echo "Python {version}"; exit 0; fi\n'
                    f"exit {0 if (major, minor) >= (3, 11) else 1}\n")  # the version check setup.sh runs
    path.chmod(0o755)


def _fake_machine(tmp_path, pythons: dict[str, str], apt_installs: dict[str, str] | None):
    """A PATH with only these interpreters (name -> the version it reports), and an apt-get
    that installs `apt_installs` the same way, or fails when None."""
    bin_, archive = tmp_path / "bin", tmp_path / "archive"
    bin_.mkdir()
    archive.mkdir()
    for tool in ("bash", "env", "echo", "true", "cp"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    for name, version in pythons.items():
        _fake_python(bin_ / name, version)
    for name, version in (apt_installs or {}).items():
        _fake_python(archive / name, version)
    install = f"cp {archive}/* {bin_}/" if apt_installs else "exit 100"
    (bin_ / "apt-get").write_text(f'#!/bin/sh\nif [ "$1" = update ]; then exit 0; fi\n{install}\n')
    (bin_ / "apt-get").chmod(0o755)
    return dict(os.environ, PATH=str(bin_), KATA_SETUP_DRY_RUN="1")


def _setup_sh(tmp_path) -> Path:
    from graders.release import SETUP_SH

    path = tmp_path / "setup.sh"
    path.write_text(SETUP_SH)
    return path


def test_gradescope_setup_installs_python_3_11_where_python3_is_3_10(tmp_path):
    env = _fake_machine(tmp_path, {"python3": "3.10.12"}, {"python3.11": "3.11.0"})
    proc = subprocess.run([shutil.which("bash"), str(_setup_sh(tmp_path))], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and "using python3.11 (Python 3.11.0)" in proc.stdout, proc.stdout + proc.stderr


def test_gradescope_setup_says_what_it_needs_where_no_python_3_11_can_be_had(tmp_path):
    env = _fake_machine(tmp_path, {"python3": "3.10.12"}, None)
    proc = subprocess.run([shutil.which("bash"), str(_setup_sh(tmp_path))], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "needs Python 3.11 or newer" in proc.stderr and "Python 3.10.12" in proc.stderr, proc.stderr


def test_gradescope_setup_uses_a_new_enough_python3_as_it_is(tmp_path):
    env = _fake_machine(tmp_path, {"python3": "3.12.3"}, None)
    proc = subprocess.run([shutil.which("bash"), str(_setup_sh(tmp_path))], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and "using python3 (Python 3.12.3)" in proc.stdout, proc.stdout + proc.stderr
