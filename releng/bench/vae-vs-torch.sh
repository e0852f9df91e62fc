#!/usr/bin/env bash
# Two-level VAE training speed and quality on the 8x8 digits (pixels / 16, 1500 rows for
# training, 297 held out): Thermogen's vae runtime (float32 networks) against the same architecture
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
# (default examples/data/digits.csv). Both sides run at 1 thread and at all cores. SKIP_BUILD=1 uses the
# benchmarks jar as it is.
. "$(dirname "$0")/common.sh"
bench_setup torch
rounds="${1:-1}"
digits="${DIGITS:-$root/examples/data/digits.csv}"
case "$digits" in *.gz) gunzip -c "$digits" > "$tmp/digits.csv" ;; *) cp "$digits" "$tmp/digits.csv" ;; esac
settings=(20 100 1e-3 128)   # epochs, batch, lr, hidden width
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  # The reference with its native OpenBLAS kernel: this machine's OPENBLAS_CORETYPE and
  # OPENBLAS_L2_SIZE would pin an older, slower one. The kernel in use is printed.
  reference_kernels
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    /usr/bin/python3 releng/bench/vae_vs_torch.py "$tmp/digits.csv" "$tmp/torch" "${settings[@]}" 3
  # Thermogen at one thread and at all cores, as the reference; each line's ratios are
  # against each of the reference's configurations, the best of which is the fair one.
  for threads in 1 "$(nproc)"; do
    bench_java VaeVersusTorch "$tmp/digits.csv" "$tmp/torch" "${settings[@]}" "$threads" 3
  done
done
