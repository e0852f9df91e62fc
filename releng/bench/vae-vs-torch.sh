#!/usr/bin/env bash
# Two-level VAE training speed and quality on the 8x8 digits (pixels / 16, 1500 rows for
# training, 297 held out): Thermogen's vae runtime (float64) against the same architecture
# and ELBO in PyTorch on the CPU (float32 and float64), Bernoulli likelihood, latents 16 and 8,
# hidden 128 relu in every network, Adam lr 1e-3, batch 100, 20 epochs. Prints training
# examples per second, their ratio, and the held-out ELBO and IWAE(100) of each side.
# PyTorch also runs float32 on one thread: on a loaded machine its two OpenMP threads
# can spend more time waiting for each other than computing (measured here with load
# average 11 on 2 cores: 815 examples/s on 2 threads, 10200 on 1).
#
#   releng/bench/vae-vs-torch.sh [rounds]      # default 1 round
#
# PyTorch for /usr/bin/python3 comes from releng/system-packages.sh torch; the digits are at $DIGITS
# (default examples/data/digits.csv). Both sides get 2 threads. SKIP_BUILD=1 uses the
# benchmarks jar as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
releng/system-packages.sh torch
rounds="${1:-1}"
digits="${DIGITS:-$root/examples/data/digits.csv}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
case "$digits" in *.gz) gunzip -c "$digits" > "$tmp/digits.csv" ;; *) cp "$digits" "$tmp/digits.csv" ;; esac
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl plugins/org.thermogen.runtime,releng/bench -am package -DskipTests
fi
settings=(20 100 1e-3 128)   # epochs, batch, lr, hidden width
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    /usr/bin/python3 releng/bench/vae_vs_torch.py "$tmp/digits.csv" "$tmp/torch" "${settings[@]}" 3
  java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.VaeVersusTorch \
    "$tmp/digits.csv" "$tmp/torch" "${settings[@]}" 2 3
done
