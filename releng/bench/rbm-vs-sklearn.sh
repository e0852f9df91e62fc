#!/usr/bin/env bash
# RBM training speed and quality on the 1797 digits (scaled by 1/16, binarized at 0.5):
# Thermogen's pcd(k 1, chains 10) and cd(k 1) against scikit-learn's BernoulliRBM (which is
# persistent CD-1 with one chain per mini-batch row), both with 100 hidden units, batch 10,
# lr 0.1, 20 epochs. Prints wall seconds per epoch and the exact pseudo-likelihood of
# both models' parameters, computed by the same Java code.
#
#   releng/bench/rbm-vs-sklearn.sh [rounds]      # default 2 rounds, sides alternating
#
# scikit-learn for /usr/bin/python3 comes from releng/system-packages.sh sklearn; the digits are
# at $DIGITS (default examples/data/digits.csv, as shipped). scikit-learn runs with its native
# OpenBLAS kernel (printed) at 1 thread and at all cores; Thermogen too, each against the
# reference's best.
# SKIP_BUILD=1 uses the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup sklearn
rounds="${1:-2}"
digits="${DIGITS:-$root/examples/data/digits.csv}"
case "$digits" in *.gz) gunzip -c "$digits" > "$tmp/digits.csv" ;; *) cp "$digits" "$tmp/digits.csv" ;; esac
settings=(20 10 0.1 100)   # epochs, batch, lr, hidden units
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  # The reference with its native OpenBLAS kernel: this machine's OPENBLAS_CORETYPE and
  # OPENBLAS_L2_SIZE would pin an older, slower one.
  reference_kernels
  for threads in 1 "$(nproc)"; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads \
      MKL_NUM_THREADS=$threads /usr/bin/python3 releng/bench/rbm_vs_sklearn.py "$tmp/digits.csv" \
      "$tmp/sklearn$threads" "${settings[@]}" 5 | sed "s/^sklearn/sklearn ($threads threads)/"
  done
  best="$(/usr/bin/python3 releng/bench/best_threads.py "$tmp/sklearn" seconds_per_epoch 1 "$(nproc)")"
  echo "scikit-learn's best: $best threads; Thermogen's ratios are against it"
  for threads in 1 "$(nproc)"; do
    bench_java RbmVersusSklearn "$tmp/digits.csv" "$tmp/sklearn$best" "${settings[@]}" "$threads" 5
  done
done
