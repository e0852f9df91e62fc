#!/usr/bin/env bash
# The JMH benchmarks of the runtime's kernels (exact enumeration, single-site Gibbs), each
# against a plain reference in the same run; then the Ising lattice heat bath against a
# hand-written one. Ratios only: no external reference, nothing to install.
#
#   releng/bench/jmh.sh [rounds]       # rounds: JMH measurement iterations (default 3)
#
# SKIP_BUILD=1 uses the benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar releng/bench/target/benchmarks.jar "${1:-3}"
bench_java LatticeBench 1
