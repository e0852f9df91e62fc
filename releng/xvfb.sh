#!/usr/bin/env bash
# Gives the workbench tests a display, so `./mvnw -B verify` needs no set-up: an Xvfb of
# their own (installed from Debian's packages when missing and we may), which stops when
# the Maven JVM that started this script exits. Writes `display=:N` to the file $1.
# Usage (from the build, see releng/eclipse-parent/pom.xml): releng/xvfb.sh target/display.properties
set -euo pipefail
out="$1"
mkdir -p "$(dirname "$out")"
maven_jvm="$PPID"

if ! command -v Xvfb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "thermogen: installing Xvfb for the workbench tests (apt-get install xvfb)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends xvfb >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends xvfb >/dev/null; }
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
else
  echo "thermogen: the workbench tests need a display: install Xvfb (apt-get install xvfb) or set DISPLAY" >&2
  exit 1
fi
