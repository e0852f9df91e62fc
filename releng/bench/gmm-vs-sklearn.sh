#!/usr/bin/env bash
# EM speed for Gaussian mixtures: Thermogen's ExpectationMaximization against scikit-learn's
# GaussianMixture on 100 000 x 10 rows, K = 8 full covariances, both from the same start and
# both on 2 threads. Prints seconds per EM iteration, the ratio (scikit-learn's time over
# Thermogen's: above 1 means Thermogen is faster) and both lower bounds after the same
# number of iterations, which must agree.
#
#   releng/bench/gmm-vs-sklearn.sh [rounds]      # default 2 rounds, sides alternating
#
# scikit-learn for /usr/bin/python3 comes from releng/system-packages.sh sklearn. SKIP_BUILD=1 uses the benchmarks jar as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
releng/system-packages.sh sklearn
rounds="${1:-2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl plugins/org.thermogen.runtime,releng/bench -am package -DskipTests
fi
settings=(100000 10 8 10 5)   # rows, dimensions, components, iterations, repeats
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    /usr/bin/python3 releng/bench/gmm_vs_sklearn.py "$tmp/gmm" "${settings[@]}"
  java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.GmmVersusSklearn "$tmp/gmm" 2 10 5
done
