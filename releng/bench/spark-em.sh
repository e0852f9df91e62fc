#!/usr/bin/env bash
# EM on Apache Spark: org.thermogen.spark's SparkEm against Spark MLlib's GaussianMixture (the
# RDD API, which takes a start) on the same rows, from the same start, for 10 iterations, on
# local[1] and local[all cores], for each data size; and EM on one JVM without Spark. Prints
# rows per second per iteration, the ratio against MLlib's best master (above 1: Thermogen
# faster) and both fits' mean log-likelihood, scored by the same code.
#
#   releng/bench/spark-em.sh [rounds] [sizes]   # default 1 round of 100000,1000000,10000000 rows of 4 columns
#
# `releng/bench/run spark` runs it and puts its rows in the benchmark table.
#
# Builds the Spark module with its `bench` profile (which adds MLlib, kept out of CI) and runs
# the benchmark on its test classpath, with the --add-opens options Spark needs on Java 17+.
. "$(dirname "$0")/common.sh"
bench_setup
module=plugins/org.thermogen.spark
./mvnw -B -q -P '!eclipse' -P bench -pl "$module" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp.txt"
opts="$(awk '/<thermogen.spark.jvm.options>/,/<\/thermogen.spark.jvm.options>/' "$module/pom.xml" \
  | sed 's:<[/]*thermogen.spark.jvm.options>::g' | tr -s ' \n' ' ')"
for round in $(seq 1 "${1:-1}"); do
  echo "== round $round"
  # shellcheck disable=SC2086 # options are words
  "$JAVA_HOME/bin/java" -Xmx8g $opts --add-modules jdk.incubator.vector \
    -cp "$module/target/test-classes:$module/target/classes:$(cat "$tmp/cp.txt")" \
    org.thermogen.spark.bench.SparkEmBench "${2:-100000,1000000,10000000}"
done
