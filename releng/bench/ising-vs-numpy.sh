#!/usr/bin/env bash
# The Ising heat bath on a periodic 128 x 128 lattice at beta 0.3: Thermogen's lattice kernel
# against NumPy's checkerboard update (np.roll neighbour sums, a table of probabilities),
# each at 1 thread and at all cores (one chain per core for Thermogen; NumPy's element-wise
# operations use one); spin updates per second and the mean energy per spin of both beside
# Onsager's exact value.
#
#   releng/bench/ising-vs-numpy.sh [rounds]
#
# NumPy and SciPy for /usr/bin/python3 come from releng/system-packages.sh sklearn.
# SKIP_BUILD=1 uses the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup sklearn
rounds="${1:-1}"
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  reference_kernels
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 releng/bench/ising_vs_numpy.py "$tmp/numpy"
  bench_java IsingVersusNumpy "$tmp/numpy"
done
