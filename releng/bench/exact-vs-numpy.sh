#!/usr/bin/env bash
# Exact computations against NumPy written by hand, on the same numbers: ln Z of a
# Boltzmann machine of 20 spins with dense couplings (Thermogen's Gray-code enumeration
# against NumPy's blocks of states), and Gaussian maximum likelihood on 100 000 x 10 rows
# (the max_likelihood trainer against NumPy's mean, covariance and Cholesky). Each side at
# 1 thread and at all cores, NumPy with its native OpenBLAS kernel (printed); seconds, the
# ratio against NumPy's best, and both sides' values.
#
#   releng/bench/exact-vs-numpy.sh [rounds]
#
# NumPy for /usr/bin/python3 comes from releng/system-packages.sh sklearn. SKIP_BUILD=1 uses
# the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup sklearn
rounds="${1:-1}"
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  reference_kernels
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 releng/bench/exact_vs_numpy.py "$tmp/numpy"
  bench_java ExactVersusNumpy "$tmp/numpy"
done
