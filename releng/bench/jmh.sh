#!/usr/bin/env bash
# The JMH benchmarks of the runtime's kernels (exact enumeration, single-site Gibbs), each
# against a plain reference in the same run; then the Ising lattice heat bath against a
# hand-written one. Ratios only: no external reference, nothing to install.
#
#   releng/bench/jmh.sh [rounds]       # rounds: JMH measurement iterations (default 3)
#
# SKIP_BUILD=1 uses the benchmarks jar as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. releng/jdk.sh
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -P '!eclipse' -pl releng/bench -am package -DskipTests
fi
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar releng/bench/target/benchmarks.jar "${1:-3}"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp releng/bench/target/benchmarks.jar \
  org.thermogen.bench.LatticeBench 1
