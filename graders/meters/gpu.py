"""Running a kata's kernels on a real CUDA device, from a test process that simulates.

A test process uses Numba's CUDA simulator (the coalescing meter sets it), and numba.cuda
cannot be both the simulator and the real driver in one process. So a GPU test runs the
kata's host function in a child process with NUMBA_ENABLE_CUDASIM=0, passing arrays in and
out through .npz files (no pickle), and compares the result in the test, as usual.

Where no device is found, `require_gpu()` skips the test with the reason, e.g.
"no CUDA device: numba.cuda.is_available() is False". CI has no GPU: these tests skip.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from graders import impl, paths

NO_DEVICE = "no CUDA device: {}"

_PROBE = r"""
import json, os
os.environ["NUMBA_ENABLE_CUDASIM"] = "0"
try:
    from numba import cuda
    ok = bool(cuda.is_available())
    name = cuda.get_current_device().name.decode() if ok and isinstance(cuda.get_current_device().name, bytes) \
        else (str(cuda.get_current_device().name) if ok else "")
    reason = "" if ok else "numba.cuda.is_available() is False (no NVIDIA driver or GPU visible to numba)"
except Exception as exc:  # no driver library, no numba-cuda, ...
    ok, name, reason = False, "", f"numba.cuda could not start: {type(exc).__name__}: {exc}"
print(json.dumps({"available": ok, "name": name, "reason": reason}))
"""


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NUMBA_ENABLE_CUDASIM"] = "0"
    root = str(paths.PACKAGE_DIR.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _no_driver() -> str:
    """A reason there cannot be a device, found without starting a child process; else ''."""
    import ctypes.util
    import glob

    if sys.platform.startswith("linux") and not (glob.glob("/dev/nvidia[0-9]*") or os.path.exists("/dev/dxg")):
        return "no /dev/nvidia* device (no NVIDIA GPU or driver on this machine)"
    if sys.platform == "darwin":
        return "macOS has no CUDA"
    if not (ctypes.util.find_library("cuda") or ctypes.util.find_library("nvcuda")):
        return "no CUDA driver library (libcuda / nvcuda) found"
    return ""


@functools.lru_cache(maxsize=1)
def device_status() -> tuple[bool, str]:
    """(True, device name) when numba finds a CUDA device, else (False, why not). Cached."""
    if os.environ.get("KATA_NO_GPU"):
        return False, "KATA_NO_GPU is set"
    quick = _no_driver()
    if quick:
        return False, quick
    try:
        proc = subprocess.run([sys.executable, "-c", _PROBE], env=_child_env(), capture_output=True,
                              text=True, timeout=120, check=False)
        info = json.loads(proc.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError, OSError) as exc:
        return False, f"the device probe failed: {type(exc).__name__}: {exc}"
    return (True, info["name"]) if info["available"] else (False, info["reason"])


def require_gpu() -> str:
    """Skip the calling test unless a CUDA device is there; returns the device's name."""
    ok, detail = device_status()
    if not ok:
        import pytest

        pytest.skip(NO_DEVICE.format(detail))
    return detail


def run_on_gpu(kata_id: str, function: str, *arrays: Any, **scalars: Any) -> Any:
    """Call `function(*arrays, **scalars)` of the kata under test on the real device.

    Arrays go in and out through .npz files; scalars must be JSON values. The result is
    an array, a float/int (0-d results), or a tuple of those.
    """
    import numpy as np

    require_gpu()
    proxy = sys.modules.get("graders.isolation.proxy")
    if proxy is not None and proxy.active():  # the kata's worker starts the device's child, behind its walls
        return proxy.recording.measure("gpu.run", None, (function, *arrays), scalars, kata_id=kata_id)
    root = impl.selected_root()
    with tempfile.TemporaryDirectory(prefix="kata-gpu-") as tmp:
        inp, out = Path(tmp) / "in.npz", Path(tmp) / "out.npz"
        np.savez(inp, **{f"arg{i}": np.asarray(a) for i, a in enumerate(arrays)})
        cmd = [sys.executable, "-m", "graders.meters.gpu_worker", str(root), kata_id, function,
               str(inp), str(out), json.dumps(scalars)]
        proc = subprocess.run(cmd, env=_child_env(), capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0:
            raise AssertionError(f"{kata_id}.{function} failed on the GPU:\n{proc.stderr[-3000:]}")
        with np.load(out, allow_pickle=False) as data:
            results = [data[f"r{i}"] for i in range(len(data.files))]
    values = tuple(r.item() if r.ndim == 0 else r for r in results)
    return values[0] if len(values) == 1 else values
