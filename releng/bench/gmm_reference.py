"""Reference numbers for GaussianMixtureReferenceTest (plugins/org.thermogen.runtime).

Fits scikit-learn's GaussianMixture from given initial weights, means and covariances (as
precisions_init = their inverses) for a fixed number of EM iterations, for every
covariance type, and prints the results as Java array literals to paste into the test:

    /usr/bin/python3 releng/bench/gmm_reference.py

The data come from a formula both sides evaluate with the same IEEE operations in the same
order: a 31-bit linear congruential generator, uniforms state / 2^31, Irwin-Hall normals
(the sum of four uniforms minus 2), three overlapping clusters with triangular mixing matrices whose
entries are dyadic (exact in binary). The test recomputes them in Java (referenceData()).
Written for scikit-learn 1.2.1 (Debian's python3-sklearn).
"""
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

ROWS, D, K = 240, 3, 3
CENTERS = [[0.0, 0.0, 0.0], [2.0, 0.5, -1.0], [-1.5, 1.5, 0.5]]
# Row i belongs to cluster CLUSTER_OF[i % 5]: 2/5, 1/5 and 2/5 of the rows.
CLUSTER_OF = [0, 0, 1, 2, 2]
MIXING = [
    [[1.0, 0.0, 0.0], [0.5, 0.75, 0.0], [-0.25, 0.5, 0.5]],
    [[0.5, 0.0, 0.0], [0.0, 1.25, 0.0], [0.25, 0.0, 0.75]],
    [[1.5, 0.0, 0.0], [-0.75, 0.5, 0.0], [0.0, 0.25, 1.0]],
]

# The start, deliberately off the clusters.
WEIGHTS = [0.2, 0.3, 0.5]
MEANS = [[0.5, -0.5, 0.25], [3.0, 2.0, -1.0], [-2.0, 2.0, 2.0]]
FULL = [
    [[1.0, 0.25, 0.0], [0.25, 1.0, 0.125], [0.0, 0.125, 1.0]],
    [[2.0, 0.0, 0.5], [0.0, 1.0, 0.0], [0.5, 0.0, 1.5]],
    [[1.0, -0.5, 0.0], [-0.5, 2.0, 0.25], [0.0, 0.25, 0.5]],
]
TIED = [[1.5, 0.25, 0.0], [0.25, 1.0, -0.25], [0.0, -0.25, 2.0]]
DIAG = [[1.0, 2.0, 0.5], [0.75, 1.5, 1.0], [2.0, 0.5, 1.25]]
SPHERICAL = [1.0, 0.5, 2.0]


def reference_data():
    state = 20261122
    rows = []
    for i in range(ROWS):
        c = CLUSTER_OF[i % 5]
        z = []
        for _ in range(D):
            t = 0.0
            for _ in range(4):
                state = (1103515245 * state + 12345) % 2147483648
                t += state / 2147483648.0
            z.append(t - 2.0)
        row = []
        for j in range(D):
            v = 0.0
            for m in range(j + 1):
                v += MIXING[c][j][m] * z[m]
            row.append(CENTERS[c][j] + v)
        rows.append(row)
    return np.array(rows)


def java(name, values):
    flat = np.asarray(values, dtype=float).ravel()
    return "    static final double[] %s = {%s};" % (name, ", ".join(repr(float(v)) for v in flat))


def fit(x, kind, precisions, max_iter, tol):
    gm = GaussianMixture(n_components=K, covariance_type=kind, max_iter=max_iter, tol=tol, reg_covar=1e-6,
                         weights_init=WEIGHTS, means_init=MEANS, precisions_init=precisions,
                         init_params="random_from_data", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x)
    return gm


def main():
    x = reference_data()
    print("    // releng/bench/gmm_reference.py, scikit-learn %s, numpy %s" % (sklearn.__version__, np.__version__))
    print(java("DATA_SUM", [x.sum(), (x * x).sum()]))
    cases = [
        ("FULL", "full", np.array([np.linalg.inv(np.array(s)) for s in FULL])),
        ("TIED", "tied", np.linalg.inv(np.array(TIED))),
        ("DIAG", "diag", 1.0 / np.array(DIAG)),
        ("SPHERICAL", "spherical", 1.0 / np.array(SPHERICAL)),
    ]
    for name, kind, precisions in cases:
        gm = fit(x, kind, precisions, 5, 0.0)
        print("    // %s: 5 iterations, tol 0" % kind)
        print(java(name + "_WEIGHTS", gm.weights_))
        print(java(name + "_MEANS", gm.means_))
        print(java(name + "_COVARIANCES", gm.covariances_))
        print(java(name + "_LOWER_BOUND", [gm.lower_bound_]))
    gm = fit(x, "full", cases[0][2], 100, 1e-6)
    print("    // full until converged: tol 1e-6, max_iter 100; n_iter_ %d" % gm.n_iter_)
    print("    static final int CONVERGED_ITERATIONS = %d;" % gm.n_iter_)
    print(java("CONVERGED_WEIGHTS", gm.weights_))
    print(java("CONVERGED_MEANS", gm.means_))
    print(java("CONVERGED_COVARIANCES", gm.covariances_))
    print(java("CONVERGED_FIGURES", [gm.lower_bound_, gm.score(x), gm.bic(x), gm.aic(x)]))


if __name__ == "__main__":
    main()
