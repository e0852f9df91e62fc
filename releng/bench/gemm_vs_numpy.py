"""The NumPy side of releng/bench/gemm-vs-numpy.sh: float32 matrix products C = A B of
n x n matrices with NumPy's OpenBLAS, on 1 thread and on all cores (threadpoolctl), best of
several repeats, written as GFLOP/s to OUT_DIR/numpy.json.

    /usr/bin/python3 gemm_vs_numpy.py OUT_DIR n...
"""
import json
import os
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits, threadpool_info


def gflops(n, threads):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)
    with threadpool_limits(limits=threads):
        np.matmul(a, b, out=c)
        reps = max(3, int(2e9 / (2 * n ** 3)))
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(reps):
                np.matmul(a, b, out=c)
            best = min(best, (time.perf_counter() - start) / reps)
    return 2 * n ** 3 / best / 1e9


def main():
    out = sys.argv[1]
    sizes = [int(v) for v in sys.argv[2:]] or [64, 256, 1024]
    cores = os.cpu_count()
    result = {"kernels": [(i["internal_api"], i.get("architecture")) for i in threadpool_info()],
              "numpy": np.__version__, "gflops": {}}
    for n in sizes:
        result["gflops"][str(n)] = {str(t): gflops(n, t) for t in sorted({1, cores})}
        print("numpy float32 %d x %d: %s GFLOP/s (by threads)" % (n, n, result["gflops"][str(n)]))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "numpy.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
