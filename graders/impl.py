"""Which implementation is under test, and loading one kata module from it.

`kata("formats.huffman")` returns a proxy at once and imports the file on first use, so
a stub with a syntax error or a missing file fails each test with one clear reason
instead of breaking collection of the whole suite.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType

from graders import paths

NAMED_IMPLS = ("exercises", "solutions")


class KataLoadError(ImportError):
    """The implementation's file for a kata is missing or does not import."""


class _Selection:
    root: Path | None = None
    label: str = "exercises"
    isolated: bool = False  # candidate code runs in a worker per kata (graders.isolation)


_selection = _Selection()
_modules: dict[str, ModuleType | BaseException] = {}


def default_choice(repo_root: Path) -> str:
    """What a benchmark runs unless told: the reference where it exists, else the student's own
    (a student copy has no solutions/)."""
    return "solutions" if (repo_root / "solutions").is_dir() else "exercises"


def resolve(impl: str, repo_root: Path) -> Path:
    """'exercises', 'solutions' or a folder shaped like exercises/ -> an existing folder."""
    folder = repo_root / impl if impl in NAMED_IMPLS else Path(impl).expanduser()
    folder = folder.resolve()
    if not folder.is_dir():
        raise ValueError(f"--impl {impl}: no such folder ({folder})")
    return folder


def select(impl: str, repo_root: Path) -> Path:
    """Choose the implementation for every kata() proxy in this process."""
    folder = resolve(impl, repo_root)
    if _selection.root != folder:
        _modules.clear()
    _selection.root, _selection.label = folder, impl
    return folder


def selected_root() -> Path:
    if _selection.root is None:  # imported outside pytest: honour KATA_IMPL, else exercises/
        select(os.environ.get("KATA_IMPL", "exercises"), paths.find_root())
    assert _selection.root is not None
    return _selection.root


def kata_file(kata_id: str) -> Path:
    set_, name = paths.split_id(kata_id)
    return selected_root() / set_ / f"{name}.py"


def load(kata_id: str) -> ModuleType:
    """Import the kata's module from the selected implementation (once per process)."""
    cached = _modules.get(kata_id)
    if isinstance(cached, ModuleType):
        return cached
    if isinstance(cached, KataLoadError):  # never re-run a module that failed (or looped) once
        raise KataLoadError(str(cached)) from cached.__cause__  # fresh: re-raising one object grows its traceback
    try:
        module = _import(kata_id)
    except KataLoadError as exc:
        _modules[kata_id] = exc
        raise
    _modules[kata_id] = module
    return module


def _import(kata_id: str) -> ModuleType:
    path = kata_file(kata_id)
    if not path.is_file():
        raise KataLoadError(f"{kata_id}: {path} does not exist in the implementation under test")
    set_, name = paths.split_id(kata_id)
    # Registered under a stable name so pickle, dataclasses and numba can find the module.
    module_name = f"kata_{set_}_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        del sys.modules[module_name]
        raise
    except BaseException as exc:  # SystemExit, or a test timeout fired inside an endless import
        del sys.modules[module_name]
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        # SyntaxError's message already names its line.
        where = f" (line {last.lineno})" if last and last.filename == str(path) and not isinstance(exc, SyntaxError) else ""
        raise KataLoadError(
            f"{kata_id}: {path} does not import: {type(exc).__name__}: {exc}{where}"
        ) from exc
    return module


class KataModule:
    """Stands for a kata's module; attribute access imports it on first use."""

    def __init__(self, kata_id: str):
        paths.split_id(kata_id)  # fail fast on a malformed id in a test file
        object.__setattr__(self, "kata_id", kata_id)

    def __getattr__(self, attr: str):
        if attr.startswith("_") or attr == "pytestmark":
            # pytest and hypothesis probe module globals while collecting; the kata's API is
            # public names only, so a probe must never import (and run) candidate code.
            raise AttributeError(attr)
        if _selection.isolated:
            from graders.isolation import proxy

            return proxy.module_attribute(self.kata_id, attr)
        module = load(self.kata_id)
        try:
            return getattr(module, attr)
        except AttributeError:
            raise AttributeError(
                f"{self.kata_id}: {kata_file(self.kata_id)} defines no {attr!r}"
                " (keep the names and signatures of the stub)"
            ) from None

    def __setattr__(self, attr: str, value) -> None:
        raise AttributeError("a kata module is read-only from tests")

    def __repr__(self) -> str:
        return f"<kata {self.kata_id} from {_selection.label}>"


def kata(kata_id: str) -> KataModule:
    """The module of kata `kata_id` ('set.kata') from the implementation under test."""
    return KataModule(kata_id)
