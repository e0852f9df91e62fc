#!/usr/bin/env bash
# Wall time of the main job, cold (the command line rebuilt first) and warm (built).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="$(mktemp -d)"
rm -f plugins/org.thermogen.cli/target/thermogen.stamp
start=$(date +%s.%N)
./thermogen run examples/ising.gen --out "$out/cold" >/dev/null
cold=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
./thermogen run examples/ising.gen --out "$out/warm" >/dev/null
warm=$(echo "$(date +%s.%N) - $start" | bc)
printf 'thermogen run examples/ising.gen: cold %.1f s (including the build), warm %.1f s\n' "$cold" "$warm"
rm -rf "$out"
