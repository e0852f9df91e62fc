#!/usr/bin/env bash
# Dense float32 matrix products C = A B (n x n) on Thermogen's kernels (vector and scalar)
# against NumPy's OpenBLAS with its native kernel (printed), each at 1 thread and at all
# cores: GFLOP/s and the fraction of NumPy's best.
#
#   releng/bench/gemm-vs-numpy.sh [rounds]      # SIZES="64 256 1024" by default
#
# NumPy for /usr/bin/python3 comes from releng/system-packages.sh sklearn. SKIP_BUILD=1 uses
# the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup sklearn
rounds="${1:-1}"
sizes=(${SIZES:-64 256 1024})
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 releng/bench/gemm_vs_numpy.py "$tmp/numpy" "${sizes[@]}"
  for backend in vector scalar; do
    BENCH_JAVA_OPTIONS="-Dthermogen.backend=$backend" bench_java GemmVersusNumpy "$tmp/numpy" "${sizes[@]}"
  done
done
