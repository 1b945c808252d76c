"""Build what students and Gradescope get from this checkout.

- `student_copy(OUT)`: exercises/, datasets/ and the harness, without hidden tests,
  solutions, mutants or the project's self-tests; its README's commands work there.
- `gradescope_bundle(OUT.zip)`: the autograder: setup.sh and run_autograder around the
  harness with the hidden tests, still without solutions or mutants.
"""
from __future__ import annotations

import io
import shutil
import stat
import subprocess
import tarfile
import zipfile
from pathlib import Path
from typing import Callable

# Never leaves the instructor's checkout.
PRIVATE = ("solutions", "tests", ".git", ".ci")
# Benchmarks that measure the grader or compare the reference with its mutants; the others
# run a student's own code (--impl exercises) and go to students.
INSTRUCTOR_BENCHMARKS = ("grading_throughput.py", "data_catalog.py")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", ".kata", ".venv*",
                                 "*.egg-info", "build", "dist")

STUDENT_README = """\
# dmls-katas: your exercises

Katas for "Data Engineering Fundamentals", chapter 3 of *Designing Machine Learning
Systems*. Each kata is a file in `exercises/`: the statement is at the top, the TODOs in
the body. Fill them in; the tests say what is done, failing or not started.

## Quick start

Python 3.11 or newer. In this folder:

```bash
python3 -m venv .venv && . .venv/bin/activate && pip install -e . && pytest exercises/
```

That installs everything and shows the board: every kata *not started*. Then see every
kata with its title, difficulty and status:

```bash
kata list
```

## Commands

| command | what it does |
|---|---|
| `pytest exercises/` | every kata's tests against your code, then the board |
| `pytest exercises/formats/test_huffman.py` | one kata's tests |
| `kata check formats.huffman` | the same, short output |
| `kata hint formats.huffman` | the next hint; `--reset` starts again |
| `kata list` | every kata with its status |
| `pytest exercises/ -m "not perf"` | skip the timed tests while you iterate |
| `python benchmarks/vector_search.py` | a kata's benchmark on your code: how fast, how much memory, how it grows |

Your instructor grades the same files with more tests: keep the names and signatures of
each stub, and make bad input raise the errors its statement names.

{kata_table}
"""


def _kata_table(readme: str) -> str:
    start = readme.find("## The katas")
    end = readme.find("\n## ", start + 1)
    return readme[start:end].strip() if start >= 0 else ""


def _copy_tree(root: Path, out: Path, include_hidden_tests: bool) -> None:
    for item in root.iterdir():
        if item.name in PRIVATE or item.name.startswith(".venv") or item.name.endswith(".egg-info"):
            continue
        if item.name in (".gitignore", "conftest.py", "pyproject.toml", "README.md") or item.name in (
                "exercises", "datasets", "graders", "benchmarks"):
            if item.is_dir():
                shutil.copytree(item, out / item.name, ignore=IGNORED, symlinks=False)
            else:
                shutil.copy2(item, out / item.name)
    for name in INSTRUCTOR_BENCHMARKS:
        (out / "benchmarks" / name).unlink(missing_ok=True)
    if not include_hidden_tests:
        shutil.rmtree(out / "graders" / "hidden", ignore_errors=True)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def committed_tree(root: Path, into: Path) -> tuple[str, list[str]] | None:
    """Write the checkout's HEAD into `into`: (the commit, paths that differ from it in the
    working tree), or None if `root` is not a git checkout."""
    if shutil.which("git") is None or _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        return None
    head = _git(root, "rev-parse", "--short", "HEAD").stdout.decode().strip()
    archive = _git(root, "archive", "--format=tar", "HEAD")
    if archive.returncode != 0:
        raise RuntimeError(f"git archive HEAD failed in {root}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        try:
            tar.extractall(into, filter="data")
        except TypeError:  # Python before 3.11.4 has no filters; the archive is git's own
            tar.extractall(into)
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", "exercises", "datasets", "graders",
                  "benchmarks", "README.md", "pyproject.toml").stdout.decode()
    return head, [line[3:] for line in status.splitlines() if line.strip()]


def student_copy(root: Path, out: Path, warn: Callable[[str], None] = lambda message: None) -> Path:
    """The student copy, built from the committed stubs (HEAD), never from edits in the working
    tree: an instructor who tried a kata in exercises/ must not hand out the answer."""
    import tempfile

    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    with tempfile.TemporaryDirectory(prefix="kata-release-") as tmp:
        committed = committed_tree(root, Path(tmp))
        if committed is None:
            source = root
            warn(f"{root} is not a git checkout: releasing its exercises/ as they are now; check that every "
                 "kata there is still the untouched stub")
        else:
            source = Path(tmp)
            head, changed = committed
            if changed:
                shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
                warn(f"released from the commit {head}: the working tree's changes to {shown} are not in the copy")
        out.mkdir(parents=True, exist_ok=True)
        _copy_tree(source, out, include_hidden_tests=False)
        readme = (source / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(STUDENT_README.format(kata_table=_kata_table(readme)), encoding="utf-8")
    return out


SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when the autograder image is built. dmls-katas needs
# Python 3.11 or newer; Gradescope's Ubuntu 22.04 image has 3.10 as python3, and 3.11 as the
# python3.11 package. KATA_SETUP_DRY_RUN=1 only says which interpreter it would use.
set -euo pipefail
AUTOGRADER="${AUTOGRADER_ROOT:-/autograder}"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

PYTHON="$(find_python || true)"
if [ -z "$PYTHON" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq python3.11 python3.11-venv >/dev/null 2>&1 ||
        apt-get install -y -qq python3 python3-venv python3-pip >/dev/null 2>&1 || true
    PYTHON="$(find_python || true)"
fi
if [ -z "$PYTHON" ]; then
    echo "setup.sh: dmls-katas needs Python 3.11 or newer, and this image has" \
         "$(python3 --version 2>&1 || echo 'no python3') with no python3.11 package to install." \
         "Pick Gradescope's Ubuntu 22.04 or 24.04 base image." >&2
    exit 1
fi
echo "setup.sh: using $PYTHON ($("$PYTHON" --version 2>&1))"
if [ -n "${KATA_SETUP_DRY_RUN:-}" ]; then
    exit 0
fi
"$PYTHON" -m venv "$AUTOGRADER/venv"
"$AUTOGRADER/venv/bin/pip" install --quiet "$AUTOGRADER/source"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this per submission: grade /autograder/submission into results.json.
set -uo pipefail
AUTOGRADER="${AUTOGRADER_ROOT:-/autograder}"
KATA="${KATA_COMMAND:-$AUTOGRADER/venv/bin/kata}"
mkdir -p "$AUTOGRADER/results"
cd "$AUTOGRADER/source"
"$KATA" grade "$AUTOGRADER/submission" --format gradescope --out "$AUTOGRADER/results" \\
    --hidden-visibility "${HIDDEN_VISIBILITY:-after_published}"
"""


def gradescope_bundle(root: Path, target: Path) -> Path:
    """A zip Gradescope unpacks into /autograder/source: the harness, the hidden tests, the scripts."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kata-gradescope-") as tmp:
        source = Path(tmp)
        _copy_tree(root, source, include_hidden_tests=True)
        (source / "setup.sh").write_text(SETUP_SH, encoding="utf-8")
        (source / "run_autograder").write_text(RUN_AUTOGRADER, encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(source).as_posix())
                    if path.name in ("setup.sh", "run_autograder"):
                        info.external_attr = (stat.S_IFREG | 0o755) << 16
                    bundle.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return target
