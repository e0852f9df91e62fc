#!/usr/bin/env bash
# Gives the workbench tests a display, so `./mvnw -B verify` needs no set-up: an Xvfb of
# their own, which stops when the Maven JVM that started this script exits. Writes
# `display=:N` to the file $1. What the workbench needs of the system (GTK 3 for SWT, Xvfb)
# comes from releng/system-packages.sh, which installs it as root or says what to install.
# Usage (from the build, see releng/eclipse-parent/pom.xml): releng/xvfb.sh target/display.properties
set -euo pipefail
out="$1"
mkdir -p "$(dirname "$out")"
maven_jvm="$PPID"

here="$(cd "$(dirname "$0")" && pwd)"
# Xvfb is not needed where a display is given and we may not install: a developer's desktop.
if [ -n "${DISPLAY:-}" ] && [ "$(id -u)" != 0 ] && ! command -v Xvfb >/dev/null 2>&1; then
  "$here/system-packages.sh" gtk
else
  "$here/system-packages.sh" gtk xvfb
fi

if command -v Xvfb >/dev/null 2>&1; then
  fifo="$(mktemp -u)"
  mkfifo "$fifo"
  # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
  setsid Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$fifo" </dev/null >/dev/null 2>&1 &
  xvfb=$!
  read -r -t 30 number <"$fifo" || { rm -f "$fifo"; echo "thermogen: Xvfb did not start within 30 s" >&2; exit 1; }
  rm -f "$fifo"
  # Stop the display with the build, whatever way the build ends.
  setsid bash -c "while kill -0 $maven_jvm 2>/dev/null; do sleep 2; done; kill $xvfb 2>/dev/null" \
    </dev/null >/dev/null 2>&1 &
  echo "display=:$number" >"$out"
  echo "thermogen: Xvfb display :$number" >&2
elif [ -n "${DISPLAY:-}" ]; then
  echo "display=$DISPLAY" >"$out"
  echo "thermogen: no Xvfb; the workbench tests open windows on DISPLAY=$DISPLAY" >&2
fi
