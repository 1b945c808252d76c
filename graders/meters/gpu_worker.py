"""Child process of graders.meters.gpu.run_on_gpu: one kata function on the real device.

    python -m graders.meters.gpu_worker IMPL_ROOT KATA_ID FUNCTION IN.npz OUT.npz KWARGS_JSON
"""
from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    # run_on_gpu sets NUMBA_ENABLE_CUDASIM=0; the self-tests run this worker in the simulator.
    os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "0")  # before numba.cuda is imported
    root, kata_id, function, inp, out, kwargs = argv
    import numpy as np

    from graders import impl, paths

    impl.select(root, paths.find_root())
    module = impl.load(kata_id)
    with np.load(inp, allow_pickle=False) as data:
        args = [data[f"arg{i}"] for i in range(len(data.files))]
    result = getattr(module, function)(*args, **json.loads(kwargs))
    results = result if isinstance(result, tuple) else (result,)
    np.savez(out, **{f"r{i}": np.asarray(r) for i, r in enumerate(results)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
