"""The scikit-learn side of releng/bench/rbm-vs-sklearn.sh.

Fits sklearn.neural_network.BernoulliRBM on the 1797 digits, scaled by 1/16 and binarized
at 0.5 (a pixel is 1 when its scaled value is above 0.5, as Thermogen's `binarize 0.5`),
times the fit, and saves the parameters as .npy for the Java side, which computes the
exact pseudo-likelihood of both models.

    /usr/bin/python3 rbm_vs_sklearn.py DIGITS.csv OUT_DIR [epochs batch lr components repeats]

BernoulliRBM trains by persistent contrastive divergence with one Gibbs step and as many
persistent chains as rows per mini-batch (its `h_samples_`), plain SGD without momentum or
weight decay, weights initialised normal(0, 0.01) and biases zero. With verbose=0 a fit
does no monitoring, so its time is training alone.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.neural_network import BernoulliRBM


# Untimed training before the timed runs, on both sides (RbmVersusSklearn.WARM_UP_SECONDS).
WARM_UP_SECONDS = 3


def main():
    csv, out = sys.argv[1], sys.argv[2]
    epochs, batch, lr, components, repeats = 20, 10, 0.1, 100, 3
    if len(sys.argv) > 3:
        epochs, batch = int(sys.argv[3]), int(sys.argv[4])
        lr, components, repeats = float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
    data = np.loadtxt(csv, delimiter=",")
    x = (data[:, :64] / 16.0 > 0.5).astype(np.float64)
    times = []
    rbm = None
    # Untimed fits until WARM_UP_SECONDS have passed, as on Thermogen's side (RbmVersusSklearn.java).
    begin = time.perf_counter()
    while time.perf_counter() - begin < WARM_UP_SECONDS:
        BernoulliRBM(n_components=components, learning_rate=lr, batch_size=batch, n_iter=epochs,
                     random_state=99, verbose=0).fit(x)
    for r in range(repeats):
        rbm = BernoulliRBM(n_components=components, learning_rate=lr, batch_size=batch, n_iter=epochs,
                           random_state=r, verbose=0)
        start = time.perf_counter()
        rbm.fit(x)
        times.append((time.perf_counter() - start) / epochs)
    os.makedirs(out, exist_ok=True)
    # The last fit's parameters: W = components_.T is visible x hidden.
    np.save(os.path.join(out, "W.npy"), np.ascontiguousarray(rbm.components_.T))
    np.save(os.path.join(out, "b.npy"), rbm.intercept_visible_)
    np.save(os.path.join(out, "c.npy"), rbm.intercept_hidden_)
    # sklearn's own figure: nv * ln q(v_i | v_-i) for one random unit i per row (stochastic).
    score = float(np.mean(rbm.score_samples(x)))
    with open(os.path.join(out, "sklearn.json"), "w") as f:
        json.dump({"seconds_per_epoch": times, "score_samples_mean": score, "rows": int(x.shape[0]),
                   "epochs": epochs, "batch": batch, "lr": lr, "components": components,
                   "ones_fraction": float(x.mean())}, f)
    print("sklearn BernoulliRBM: %d rows, %d epochs, batch %d, lr %g, %d hidden; s/epoch %s;"
          " score_samples mean %.3f" % (x.shape[0], epochs, batch, lr, components,
                                         " ".join("%.4f" % t for t in times), score))


if __name__ == "__main__":
    main()
