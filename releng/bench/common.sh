# What every comparison script of releng/bench does first, sourced by them (not run):
#   . "$(dirname "$0")/common.sh"; bench_setup torch sklearn
# bench_setup: the repository root as working folder, the JDK (releng/jdk.sh), the
#   reference's Debian packages (releng/system-packages.sh NEED...), a temporary folder
#   "$tmp" removed on exit, and the benchmarks jar (skipped with SKIP_BUILD=1, as
#   releng/bench/run passes after building once).
# reference_kernels: the BLAS kernel the references run with, as threadpoolctl reports it,
#   with this machine's OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed (they pin an older,
#   slower kernel): the scripts run every reference under `env -u` of both.
# bench_java CLASS ARGS...: a benchmark class of the jar on the Vector API kernels; JVM options
#   in BENCH_JAVA_OPTIONS (-Dthermogen.backend=scalar, say).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bench_setup() {
  . releng/jdk.sh
  if [ $# -gt 0 ]; then releng/system-packages.sh "$@"; fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  if [ -z "${SKIP_BUILD:-}" ]; then
    ./mvnw -B -q -o -P '!eclipse' -pl releng/bench -am package -DskipTests
  fi
}

reference_kernels() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 -c \
    'import numpy, threadpoolctl
try:
    import torch
except ImportError:
    pass
print("reference kernels:", [(i["internal_api"], i.get("architecture")) for i in threadpoolctl.threadpool_info()])'
}

bench_java() {
  # shellcheck disable=SC2086 # options are words
  "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTIONS:-} --add-modules jdk.incubator.vector -cp releng/bench/target/benchmarks.jar \
    "org.thermogen.bench.$1" "${@:2}"
}
