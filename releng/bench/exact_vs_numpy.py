"""The NumPy side of releng/bench/exact-vs-numpy.sh, as a researcher would write it by hand:

  ln Z  of a Boltzmann machine of N spins with dense couplings, by enumerating all 2^N states
        in blocks (energies by one matrix product per block, then a running log-sum-exp);
  Gaussian maximum likelihood on ROWS x D data: mean, biased covariance, Cholesky, and the
        mean log-density of the data under the fit.

Each at 1 thread and at all cores (threadpoolctl), best of five. The problem (couplings,
fields, data) is written to OUT_DIR for the Java side to read, so both compute on the same
numbers; results go to OUT_DIR/numpy.json.

    /usr/bin/python3 exact_vs_numpy.py OUT_DIR [N 20] [ROWS 100000] [D 10]
"""
import json
import math
import os
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits, threadpool_info


def log_partition(J, h):
    n = len(h)
    block = 1 << 16
    bits = np.arange(n)
    total = -np.inf
    for start in range(0, 1 << n, block):
        idx = np.arange(start, min(start + block, 1 << n))
        s = (((idx[:, None] >> bits) & 1) * 2 - 1).astype(np.float64)
        # E(s) = -sum_{i<j} J_ij s_i s_j - sum_i h_i s_i, J symmetric with zero diagonal
        e = -0.5 * np.einsum("ij,ij->i", s @ J, s) - s @ h
        m = np.max(-e)
        total = np.logaddexp(total, m + np.log(np.sum(np.exp(-e - m))))
    return float(total)


def gaussian_fit(x):
    n, d = x.shape
    mu = x.mean(axis=0)
    xc = x - mu
    cov = xc.T @ xc / n
    chol = np.linalg.cholesky(cov)
    z = np.linalg.solve(chol, xc.T)
    logdet = 2 * np.sum(np.log(np.diag(chol)))
    mean_log_density = -0.5 * (d * math.log(2 * math.pi) + logdet + np.sum(z * z) / n)
    return mu, cov, float(mean_log_density)


def best_of(f, threads, repeats=5):
    with threadpool_limits(limits=threads):
        f()
        best = float("inf")
        value = None
        for _ in range(repeats):
            start = time.perf_counter()
            value = f()
            best = min(best, time.perf_counter() - start)
    return best, value


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    d = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(1)
    J = np.triu(rng.normal(0, 1 / math.sqrt(n), (n, n)), 1)
    J = J + J.T
    h = rng.normal(0, 0.1, n)
    a = rng.normal(0, 1, (d, d))
    x = rng.multivariate_normal(rng.normal(0, 1, d), a @ a.T / d + np.eye(d), rows)
    np.save(os.path.join(out, "couplings.npy"), J)
    np.save(os.path.join(out, "fields.npy"), h)
    np.save(os.path.join(out, "gauss.npy"), x)
    cores = os.cpu_count()
    result = {"kernels": [(i["internal_api"], i.get("architecture")) for i in threadpool_info()],
              "numpy": np.__version__, "n": n, "rows": rows, "d": d, "lnz": {}, "gauss": {}}
    for t in sorted({1, cores}):
        seconds, lnz = best_of(lambda: log_partition(J, h), t, 3)
        result["lnz"][str(t)] = {"seconds": seconds, "value": lnz}
        print("numpy ln Z of %d spins, %d threads: %.4f s, ln Z %.10f" % (n, t, seconds, lnz))
        seconds, fit = best_of(lambda: gaussian_fit(x), t)
        result["gauss"][str(t)] = {"seconds": seconds, "value": fit[2]}
        print("numpy Gaussian ML, %d x %d, %d threads: %.4f s, mean log-density %.10f" % (rows, d, t, seconds, fit[2]))
    with open(os.path.join(out, "numpy.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
