#!/usr/bin/env bash
# Starts the trial Thermogen IDE (releng/org.thermogen.product) under Xvfb with an example
# project open and saves a picture of the editor showing a model with its highlighting and
# a problem marker.
#   releng/screenshot.sh [MODEL.gen] [OUT.png]
# Defaults: examples/ising.gen with one typo put in (the field h written hh, so the marker
# shows), and docs/images/eclipse-editor.png. Builds the product first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$(realpath -m "${2:-docs/images/eclipse-editor.png}")"
THERMOGEN_MIN_JDK=21 . releng/jdk.sh

product="releng/org.thermogen.product/target/products/org.thermogen.ide/linux/gtk/x86_64"
if ! ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar >/dev/null 2>&1; then
  echo "thermogen: building the trial IDE (./mvnw -B package -DskipTests -pl releng/org.thermogen.product -am)" >&2
  ./mvnw -B -q package -DskipTests -pl releng/org.thermogen.product -am
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then
  model="$work/$(basename "$1")"
  cp "$1" "$model"
else
  model="$work/ising.gen"
  sed 's/- h \. s$/- hh . s/' examples/ising.gen >"$model"
  grep -q -- '- hh \. s' "$model" || { echo "thermogen: examples/ising.gen changed: cannot put the typo in" >&2; exit 1; }
fi

# A display of our own; it stops when this script ends.
releng/xvfb.sh "$work/display.properties"
export DISPLAY="$(sed -n 's/^display=//p' "$work/display.properties")"

mkdir -p "$(dirname "$out")"
rm -f "$out"
echo "thermogen: starting the IDE on $DISPLAY (workspace $work/workspace)" >&2
timeout 300 "$JAVA_HOME/bin/java" -Xmx1g \
  -Dthermogen.screenshot="$out" -Dthermogen.screenshot.model="$model" \
  -jar "$product"/plugins/org.eclipse.equinox.launcher_*.jar \
  -data "$work/workspace" -configuration "$work/configuration" -consoleLog -nosplash \
  || true
if [ ! -s "$out" ]; then
  echo "thermogen: no screenshot was saved; see the log above and $work/workspace/.metadata/.log" >&2
  cat "$work/workspace/.metadata/.log" 2>/dev/null | tail -40 >&2 || true
  exit 1
fi
echo "$out"
