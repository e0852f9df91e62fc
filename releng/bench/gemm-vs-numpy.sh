#!/usr/bin/env bash
# Dense float32 matrix products C = A B (n x n) on Thermogen's kernels (vector and scalar)
# against NumPy's OpenBLAS with its native kernel (printed), each at 1 thread and at all
# cores: GFLOP/s and the fraction of NumPy's best.
#
#   releng/bench/gemm-vs-numpy.sh [rounds]      # SIZES="64 256 1024" by default
#
# NumPy for /usr/bin/python3 comes from releng/system-packages.sh sklearn. SKIP_BUILD=1 uses
# the benchmarks jar as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. releng/jdk.sh
releng/system-packages.sh sklearn
rounds="${1:-1}"
sizes=(${SIZES:-64 256 1024})
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -P '!eclipse' -pl releng/bench -am package -DskipTests
fi
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 releng/bench/gemm_vs_numpy.py "$tmp/numpy" "${sizes[@]}"
  for backend in vector scalar; do
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Dthermogen.backend=$backend \
      -cp releng/bench/target/benchmarks.jar org.thermogen.bench.GemmVersusNumpy "$tmp/numpy" "${sizes[@]}"
  done
done
