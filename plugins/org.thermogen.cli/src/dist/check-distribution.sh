#!/usr/bin/env bash
# Runs the packaged distribution as a user without the source tree would (called by the
# build in integration-test): the launcher checks and compiles an example, and the jar runs
# with plain java -jar.
#   check-distribution.sh DISTRIBUTION.zip EXAMPLES_DIR
set -euo pipefail
zip="$1"
examples="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
# The JDK's jar unpacks it (unzip need not be installed); it keeps no file modes.
(cd "$work" && "$JAVA_HOME/bin/jar" xf "$zip")
chmod +x "$work/thermogen/thermogen"
"$work/thermogen/thermogen" --version
"$work/thermogen/thermogen" check "$examples/ising.gen"
"$JAVA_HOME/bin/java" -jar "$work/thermogen/thermogen.jar" compile "$examples/gmm.gen" -o "$work/gen" >/dev/null
test -f "$work/gen/examples/gmm/Blobs.java"
echo "thermogen: the distribution's launcher and java -jar thermogen.jar work from $work"
