"""The scikit-learn side of releng/bench/gmm-vs-sklearn.sh.

Draws 100 000 rows in 10 dimensions from 8 Gaussian clusters with random covariances (numpy
seed 0), picks a start (uniform weights, 8 rows as means, the data's covariance for every
component), saves data and start as .npy for the Java side, and times scikit-learn's EM
iterations from that start with full covariances.

    /usr/bin/python3 gmm_vs_sklearn.py OUT_DIR [rows dims components iterations repeats]

The timed loop is the body of GaussianMixture.fit (scikit-learn 1.2.1, sklearn/mixture/
_base.py): _e_step, _m_step, _compute_lower_bound, after _check_parameters and
_initialize_parameters (what fit does first) have set the starting parameters; k-means and the parameter checks are left out, which favours
scikit-learn. Threads are what OPENBLAS_NUM_THREADS etc. allow (the shell script sets 2).
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture


def main():
    out = sys.argv[1]
    rows, dims, k, iterations, repeats = 100_000, 10, 8, 10, 5
    if len(sys.argv) > 2:
        rows, dims, k = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        iterations, repeats = int(sys.argv[5]), int(sys.argv[6])
    rng = np.random.default_rng(0)
    centres = rng.uniform(-5, 5, size=(k, dims))
    maps = [np.tril(rng.uniform(-0.5, 0.5, size=(dims, dims)), -1) + np.diag(rng.uniform(0.5, 1.5, size=dims))
            for _ in range(k)]
    labels = rng.integers(0, k, size=rows)
    z = rng.standard_normal(size=(rows, dims))
    x = np.empty((rows, dims))
    for c in range(k):
        sel = labels == c
        x[sel] = centres[c] + z[sel] @ maps[c].T
    weights = np.full(k, 1.0 / k)
    means = x[rng.choice(rows, size=k, replace=False)].copy()
    cov = np.cov(x, rowvar=False, bias=True)
    covariances = np.array([cov] * k)
    os.makedirs(out, exist_ok=True)
    for name, a in [("x", x), ("weights", weights), ("means", means), ("covariances", covariances)]:
        np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(a))

    times = []
    lower_bound = None
    for _ in range(repeats):
        gm = GaussianMixture(n_components=k, covariance_type="full", reg_covar=1e-6,
                             weights_init=weights, means_init=means,
                             precisions_init=np.array([np.linalg.inv(c) for c in covariances]),
                             init_params="random_from_data", random_state=0)
        # What fit does before its loop (fit with max_iter 0 fails when precisions_init is given).
        gm._check_parameters(x)
        gm._initialize_parameters(x, np.random.RandomState(0))
        start = time.perf_counter()
        for _ in range(iterations):
            log_prob_norm, log_resp = gm._e_step(x)
            gm._m_step(x, log_resp)
            lower_bound = gm._compute_lower_bound(log_resp, log_prob_norm)
        times.append((time.perf_counter() - start) / iterations)
    with open(os.path.join(out, "sklearn.json"), "w") as f:
        json.dump({"seconds_per_iteration": times, "lower_bound": float(lower_bound), "rows": rows, "dims": dims,
                   "components": k, "iterations": iterations}, f)
    print("sklearn GaussianMixture(full): %d x %d, K %d, %d iterations; s/iteration %s; lower_bound %.10f"
          % (rows, dims, k, iterations, " ".join("%.4f" % t for t in times), lower_bound))


if __name__ == "__main__":
    main()
