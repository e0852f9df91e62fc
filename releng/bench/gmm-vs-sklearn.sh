#!/usr/bin/env bash
# EM speed for Gaussian mixtures: Thermogen's ExpectationMaximization against scikit-learn's
# GaussianMixture on 100 000 x 10 rows, K = 8 full covariances, both from the same start and
# scikit-learn with its native OpenBLAS kernel (printed), each side at 1 thread and at all
# cores, Thermogen against scikit-learn's best. Prints seconds per EM iteration, the ratio (scikit-learn's time over
# Thermogen's: above 1 means Thermogen is faster) and both lower bounds after the same
# number of iterations, which must agree.
#
#   releng/bench/gmm-vs-sklearn.sh [rounds]      # default 2 rounds, sides alternating
#
# scikit-learn for /usr/bin/python3 comes from releng/system-packages.sh sklearn. SKIP_BUILD=1 uses the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup sklearn
rounds="${1:-2}"
settings=(100000 10 8 10 5)   # rows, dimensions, components, iterations, repeats
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  reference_kernels
  for threads in 1 "$(nproc)"; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads \
      MKL_NUM_THREADS=$threads /usr/bin/python3 releng/bench/gmm_vs_sklearn.py "$tmp/gmm$threads" "${settings[@]}" \
      | sed "s/^/($threads threads) /"
  done
  best="$(/usr/bin/python3 releng/bench/best_threads.py "$tmp/gmm" seconds_per_iteration 1 "$(nproc)")"
  echo "scikit-learn's best: $best threads; Thermogen's ratios are against it"
  for threads in 1 "$(nproc)"; do
    bench_java GmmVersusSklearn "$tmp/gmm$best" \
      "$threads" 10 5
  done
done
