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
# at $DIGITS (default examples/data/digits.csv, as shipped). Both sides get 2 threads.
# SKIP_BUILD=1 uses the benchmarks jar as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
releng/system-packages.sh sklearn
rounds="${1:-2}"
digits="${DIGITS:-$root/examples/data/digits.csv}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
case "$digits" in *.gz) gunzip -c "$digits" > "$tmp/digits.csv" ;; *) cp "$digits" "$tmp/digits.csv" ;; esac
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl plugins/org.thermogen.runtime,releng/bench package -DskipTests
fi
settings=(20 10 0.1 100)   # epochs, batch, lr, hidden units
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    /usr/bin/python3 releng/bench/rbm_vs_sklearn.py "$tmp/digits.csv" "$tmp/sklearn" "${settings[@]}" 5
  java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.RbmVersusSklearn \
    "$tmp/digits.csv" "$tmp/sklearn" "${settings[@]}" 2 5
done
