"""The NumPy side of releng/bench/ising-vs-numpy.sh: the heat bath on a periodic L x L Ising
lattice (J = 1, inverse temperature BETA) by the checkerboard update everyone vectorizes by
hand: each colour at once, neighbour sums by np.roll, P(up) from a table of the nine sums,
one uniform per site. Spin updates per second (best of five timed runs of SWEEPS sweeps), and
the same for 64 chains stacked in one array (the comparison for the multi-spin kernel),
and the mean energy per spin after a burn-in, beside Onsager's exact value for the infinite
lattice. NumPy's element-wise operations run on one thread; threadpoolctl limits are set
anyway (1 and all cores) so both sides are measured the same way.

    /usr/bin/python3 ising_vs_numpy.py OUT_DIR [L 128] [BETA 0.3] [SWEEPS 200]
"""
import json
import math
import os
import sys
import time

import numpy as np
from scipy.special import ellipk
from threadpoolctl import threadpool_limits, threadpool_info


def onsager_energy(beta):
    """Energy per spin of the infinite square lattice, J = 1 (Onsager 1944)."""
    k = 2 * math.sinh(2 * beta) / math.cosh(2 * beta) ** 2
    return -(1 / math.tanh(2 * beta)) * (1 + (2 / math.pi) * (2 * math.tanh(2 * beta) ** 2 - 1) * ellipk(k * k))


def energy_per_spin(s):
    return -float(np.sum(s * (np.roll(s, 1, 0) + np.roll(s, 1, 1)))) / s.size


def main():
    out = sys.argv[1]
    side = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    beta = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
    sweeps = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    rng = np.random.default_rng(1)
    s = np.where(rng.random((side, side)) < 0.5, 1, -1).astype(np.int8)
    i, j = np.indices((side, side))
    colours = [(i + j) % 2 == 0, (i + j) % 2 == 1]
    table = 1 / (1 + np.exp(-2 * beta * np.arange(-4, 5)))

    def sweep():
        for c in colours:
            m = np.roll(s, 1, 0) + np.roll(s, -1, 0) + np.roll(s, 1, 1) + np.roll(s, -1, 1)
            up = rng.random(s.shape) < table[m + 4]
            s[c] = np.where(up, 1, -1)[c]

    cores = os.cpu_count()
    result = {"kernels": [(k["internal_api"], k.get("architecture")) for k in threadpool_info()],
              "numpy": np.__version__, "side": side, "beta": beta, "exact_energy": onsager_energy(beta), "rate": {}}
    for t in sorted({1, cores}):
        with threadpool_limits(limits=t):
            for _ in range(20):
                sweep()
            best = 0
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(sweeps):
                    sweep()
                best = max(best, sweeps * side * side / (time.perf_counter() - start))
        result["rate"][str(t)] = best
        print("numpy checkerboard heat bath %dx%d, %d threads: %.3e spin updates/s" % (side, side, t, best))
    energies = []
    for k in range(2000):
        sweep()
        if k >= 200 and k % 10 == 0:
            energies.append(energy_per_spin(s))
    result["energy"] = float(np.mean(energies))
    result["energy_se"] = float(np.std(energies) / math.sqrt(len(energies)))
    print("numpy energy per spin %.4f +- %.4f; Onsager %.4f" % (result["energy"], result["energy_se"],
                                                                 result["exact_energy"]))
    # The same update on 64 chains at once, stacked along a first axis: what the multi-spin
    # kernel is compared with (NumPy's fairest use of many chains is one array for all).
    chains = 64
    many = np.where(rng.random((chains, side, side)) < 0.5, 1, -1).astype(np.int8)
    colours_many = [np.broadcast_to(c, many.shape) for c in colours]

    def sweep_many():
        for c in colours_many:
            m = np.roll(many, 1, 1) + np.roll(many, -1, 1) + np.roll(many, 1, 2) + np.roll(many, -1, 2)
            up = rng.random(many.shape) < table[m + 4]
            many[c] = np.where(up, 1, -1)[c]

    result["chains"] = chains
    result["rate_chains"] = {}
    for t in sorted({1, cores}):
        with threadpool_limits(limits=t):
            sweep_many()
            best = 0
            for _ in range(3):
                start = time.perf_counter()
                for _ in range(max(2, sweeps // chains)):
                    sweep_many()
                best = max(best, max(2, sweeps // chains) * chains * side * side / (time.perf_counter() - start))
        result["rate_chains"][str(t)] = best
        print("numpy checkerboard heat bath %dx%d, %d chains stacked, %d threads: %.3e spin updates/s"
              % (side, side, chains, t, best))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "numpy.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
