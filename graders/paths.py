"""Where things are in a checkout: the mirrored paths of a kata."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def find_root(start: Path | None = None) -> Path:
    """The checkout the user is in (a folder with graders/catalog.toml), else this package's."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "graders" / "catalog.toml").is_file():
            return folder
    return PACKAGE_DIR.parent


def split_id(kata_id: str) -> tuple[str, str]:
    set_, dot, name = kata_id.partition(".")
    if not dot or not set_ or not name or "." in name or "/" in kata_id:
        raise ValueError(f"a kata id looks like 'set.kata' (e.g. 'formats.huffman'), not {kata_id!r}")
    return set_, name


def stub(root: Path, kata_id: str) -> Path:
    set_, name = split_id(kata_id)
    return root / "exercises" / set_ / f"{name}.py"


def solution(root: Path, kata_id: str) -> Path:
    set_, name = split_id(kata_id)
    return root / "solutions" / set_ / f"{name}.py"


def visible_tests(root: Path, kata_id: str) -> Path:
    set_, name = split_id(kata_id)
    return root / "exercises" / set_ / f"test_{name}.py"


def hidden_tests(root: Path, kata_id: str) -> Path:
    set_, name = split_id(kata_id)
    return root / "graders" / "hidden" / set_ / f"test_{name}.py"


def mutants(root: Path, kata_id: str) -> list[Path]:
    """The kata's mutants: edits of its solution (graders.mutants applies them)."""
    set_, name = split_id(kata_id)
    return sorted((root / "tests" / "mutants" / set_).glob(f"{name}__*.py"))


def kata_of_test_file(path: Path) -> str | None:
    """`exercises/<set>/test_<kata>.py` and `graders/hidden/<set>/test_<kata>.py` -> 'set.kata'."""
    if not path.name.startswith("test_") or path.suffix != ".py":
        return None
    parts = path.parts
    if len(parts) >= 3 and parts[-3] == "exercises":
        pass
    elif len(parts) >= 4 and parts[-4:-2] == ("graders", "hidden"):
        pass
    else:
        return None
    return f"{parts[-2]}.{path.stem[len('test_'):]}"
