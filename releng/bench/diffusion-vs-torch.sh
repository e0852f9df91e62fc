#!/usr/bin/env bash
# Diffusion training and sampling speed: Thermogen's DenoiserTraining and Ddpm sampler against
# the same network, batch, optimizer, clipping and EMA in PyTorch on the CPU:
# mlp(18 -> 64 silu -> 64 silu -> 2) epsilon-predictor over x and a 16-component time
# embedding, cosine(1000) schedule, batch 256, Adam(lr 1e-3), clip 1, EMA 0.999, two moons.
# Prints training steps per second and the seconds to draw 10 000 points with 1000 DDPM
# steps on both sides, and Thermogen's ratios to PyTorch float64 (Thermogen computes in
# double) and float32.
#
#   releng/bench/diffusion-vs-torch.sh [rounds]      # default 1 round
#
# PyTorch for /usr/bin/python3 comes from releng/system-packages.sh torch (installed as root).
# Both sides get 2 threads.
# SKIP_BUILD=1 uses the benchmarks jar as it is. Settings: steps hidden samples threads repeats.
. "$(dirname "$0")/common.sh"
bench_setup torch
rounds="${1:-1}"
settings=(${SETTINGS:-500 64 10000 2 3})
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  # The reference with its native OpenBLAS kernel: this machine's OPENBLAS_CORETYPE and
  # OPENBLAS_L2_SIZE would pin an older, slower one. The kernel in use is printed.
  reference_kernels
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    /usr/bin/python3 releng/bench/diffusion_vs_torch.py "$tmp/torch" "${settings[@]}"
  # Thermogen at one thread and at all cores (the settings' thread count is the reference's).
  for threads in 1 "$(nproc)"; do
    bench_java DiffusionVersusTorch "$tmp/torch" "${settings[0]}" "${settings[1]}" "${settings[2]}" \
      "$threads" "${settings[4]}"
  done
done
